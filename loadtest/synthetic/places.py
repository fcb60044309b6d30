"""Places for the synthetic events: a spread over the gazetteer like the record's own.

Most incidents happen in a few places — the capitals, the Kuril Islands, the seas between
the two countries — and the rest in a long tail; some events name two places, and one in
ten names none. Only the gazetteer's existing places are used (the record's, from the
migrations and ``load_seed``): synthetic events never add a place, so removing them
(``seed_synthetic --remove``, which deletes their links) leaves the gazetteer as it was.
"""

from __future__ import annotations

import random

from incidents.models import Place
from incidents.search_index import names_of_places, places_by_id

# How often a place is drawn, relative to a place not named here (weight 1).
WEIGHTS = {
    "tokyo": 30,
    "moscow": 30,
    "etorofu-iturup": 12,
    "kunashiri-kunashir": 12,
    "southern-kurils": 10,
    "kuril-islands": 8,
    "sea-of-japan": 15,
    "sea-of-okhotsk": 8,
    "hokkaido": 8,
    "sakhalin": 6,
    "vladivostok": 6,
    "pacific-ocean": 5,
    "east-china-sea": 4,
    "soya-strait": 3,
    "tsugaru-strait": 3,
}
UNPLACED = 0.1  # share of events with no place
TWO_PLACES = 0.15  # share of events with two


class PlaceDraw:
    """Draws each synthetic event's places as it is built, so that its search document names
    them (and the places they lie in) like any event's: no second pass over the events."""

    def __init__(self, gazetteer: dict[int, Place]):
        self.gazetteer = gazetteer
        self.ids = sorted(gazetteer, key=lambda pk: gazetteer[pk].slug)
        self.weights = [WEIGHTS.get(gazetteer[pk].slug, 1) for pk in self.ids]

    @classmethod
    def load(cls) -> PlaceDraw:
        return cls(places_by_id())

    def draw(self, rng: random.Random) -> list[int]:
        """No place for one event in ten, two for some, one for the rest."""
        if not self.ids:
            return []
        roll = rng.random()
        if roll < UNPLACED:
            return []
        k = 2 if roll > 1 - TWO_PLACES else 1
        return sorted(set(rng.choices(self.ids, self.weights, k=k)))

    def names(self, place_ids: list[int]) -> list[str]:
        return names_of_places(self.gazetteer, place_ids)
