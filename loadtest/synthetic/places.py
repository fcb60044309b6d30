"""Places for the synthetic events: a spread over the gazetteer like the record's own.

Most incidents happen in a few places — the capitals, the Kuril Islands, the seas between
the two countries — and the rest in a long tail; some events name two places, and one in
ten names none. Only the gazetteer's existing places are used (the record's, from the
migrations and ``load_seed``): synthetic events never add a place, so removing them
(``seed_synthetic --remove``, which deletes their links) leaves the gazetteer as it was.
"""

from __future__ import annotations

import random

from incidents.models import Event, Place

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

BATCH = 5000


def place_events(rng: random.Random) -> int:
    """Link every synthetic event without places to one or two places; returns the links."""
    places = list(Place.objects.order_by("slug").values_list("pk", "slug"))
    if not places:
        return 0
    ids = [pk for pk, _slug in places]
    weights = [WEIGHTS.get(slug, 1) for _pk, slug in places]
    through = Event.places.through
    events = (
        Event.objects.filter(is_synthetic=True, places__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    links, written = [], 0
    for event_id in events.iterator(chunk_size=BATCH):
        draw = rng.random()
        if draw < UNPLACED:
            continue
        chosen = set(rng.choices(ids, weights, k=2 if draw > 1 - TWO_PLACES else 1))
        links.extend(through(event_id=event_id, place_id=place_id) for place_id in chosen)
        if len(links) >= BATCH:
            written += len(through.objects.bulk_create(links))
            links = []
    return written + len(through.objects.bulk_create(links))
