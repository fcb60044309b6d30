"""The seed gazetteer (fixtures/places.json) and the places named in an event's location text.

Functions here take the model classes as arguments, so that the data migration that first
placed the record's events (0018) runs them on its historical models, and ``load_seed`` on
the real ones: one loader and one matcher for both.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from .models.places import PlaceTree

SEED_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "places.json"


def load_gazetteer(place_model, path: Path = SEED_PATH) -> int:
    """Create the seed places that do not exist yet (by slug); editors' changes are kept.

    Returns how many were created. Parents come before their children in the file.
    """
    rows = json.loads(path.read_text(encoding="utf-8"))["places"]
    by_slug = {place.slug: place for place in place_model.objects.all()}
    created = 0
    for row in rows:
        if row["slug"] in by_slug:
            continue
        south, west, north, east = row.get("box") or (None, None, None, None)
        by_slug[row["slug"]] = place_model.objects.create(
            slug=row["slug"],
            kind=row["kind"],
            parent=by_slug.get(row["parent"]) if row["parent"] else None,
            name_en=row["name_en"],
            name_ja=row["name_ja"],
            name_ru=row["name_ru"],
            aliases="\n".join(row["aliases"]),
            latitude=row["latitude"],
            longitude=row["longitude"],
            south=south,
            west=west,
            north=north,
            east=east,
        )
        created += 1
    return created


def place_events(event_model, place_model, events=None) -> list[int]:
    """Give every event with a location text and no places the places its text names.

    The location text itself is kept (it often says more: "Waters around Kunashiri").
    Returns the ids of the events that got places; the caller refreshes their search text
    (a migration's historical models send no signals). Links are added through each event's
    relation, not in bulk, so that its history records the places it was given: a revision
    without them would take them away again when restored.
    """
    gazetteer = gazetteer_of(place_model.objects.all())
    queryset = events if events is not None else event_model.objects.all()
    queryset = queryset.exclude(location_name="").filter(places__isnull=True)
    placed = []
    for event in queryset.order_by("pk"):
        found = find_places(event.location_name, gazetteer)
        if found:
            event.places.add(*found)
            placed.append(event.pk)
    return placed


def find_places(text: str, gazetteer: Iterable[tuple[int, int | None, Iterable[str]]]) -> list[int]:
    """The ids of the places named in ``text`` (an event's free-text location).

    ``gazetteer`` is (id, parent id, names) for every place. The longest names are matched
    first and consume their text, so "Sea of Japan" is not also "Japan"; a place that
    contains another one found ("Hokkaido" in "Rebun Island, Hokkaido") is left out, as the
    smaller place already says it. A pure function: the data migration uses it too.
    """
    entries = list(gazetteer)
    tree = PlaceTree((pk, parent) for pk, parent, _names in entries)
    names = sorted(
        ((name, pk) for pk, _parent, place_names in entries for name in place_names if name),
        key=lambda item: -len(item[0]),
    )
    found: list[int] = []
    for name, pk in names:
        pattern = re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        text, hits = pattern.subn(" ", text)
        if hits and pk not in found:
            found.append(pk)
    ancestors = tree.with_ancestors(tree.parents[pk] for pk in found)
    return [pk for pk in found if pk not in ancestors]


def gazetteer_of(queryset) -> list[tuple[int, int | None, list[str]]]:
    """(id, parent id, names) of every place in ``queryset`` (works on migration models)."""
    rows = queryset.values_list("pk", "parent_id", "name_en", "name_ja", "name_ru", "aliases")
    return [
        (pk, parent, [en, ja, ru, *(line.strip() for line in aliases.splitlines())])
        for pk, parent, en, ja, ru, aliases in rows
    ]
