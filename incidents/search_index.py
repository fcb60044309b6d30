"""Each event's search document: its words in every language, as incidents.search_tokens
reads them, stored so that PostgreSQL and SQLite match a query alike.

An event is found by its title and summary, its statements (translation and original), the
names of its actors and speakers and of its places (and of the places they lie in), its
type and its tags, each in every language it has. Each text is a *piece*, read into slots
by ``search_tokens``; the event keeps them twice:

- ``search_text``: one line per piece, ``" tok tok tok "`` (a unigram before the bigram at a
  Japanese position), matched by the SQLite fallback with LIKE and REGEXP;
- ``search_vector`` (PostgreSQL): the same tokens as a ``tsvector`` written literally, each
  at its position with the weight of its piece (A: title, names, type, tags; B: summary;
  C: statements), behind a GIN index. Pieces are kept apart by a gap of positions, as lines
  are, so a phrase never runs from one piece into the next.

Both are refreshed whenever the event or anything it is found by changes, in the same
transaction (see signals.py); ``manage.py rebuild_search_index`` rewrites them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Prefetch, Value
from django.db.models.functions import Cast

from .models import Event, Place, PlaceKind
from .search_tokens import runs
from .translation import columns

# Positions between two pieces that no phrase spans; PostgreSQL keeps positions up to this.
PIECE_GAP = 4
MAX_POSITION = 16383


def names_of_places(gazetteer: dict[int, Place], place_ids: list[int]) -> list[str]:
    """Every name of the event's places and of the places they lie in ("Kuril" finds an
    event on Etorofu), short of countries: "Japan" or "Russia" would match half the record
    for being where Tokyo or Moscow is."""
    names: list[str] = []
    seen: set[int] = set()
    todo = list(place_ids)
    while todo:
        place = gazetteer.get(todo.pop())
        if place is None or place.pk in seen:
            continue
        seen.add(place.pk)
        if place.pk in place_ids or place.kind != PlaceKind.COUNTRY:
            names.extend(place.all_names)
        if place.parent_id:
            todo.append(place.parent_id)
    return names


def _texts(obj, field: str) -> list[str]:
    """``field`` of ``obj`` in every language it has (title, title_ja, title_ru)."""
    return [value for name in columns(field) if (value := getattr(obj, name))]


def event_pieces(event: Event, actors, statements, place_names, tags) -> list[tuple[str, str]]:
    """(weight, text) for every text the event is found by; shared with the synthetic
    generator, which builds events without reading them back."""
    names = {name for actor in actors for name in actor.all_names}
    names.update(place_names)
    vocabulary = _texts(event.event_type, "name")
    for tag in sorted(tags, key=lambda tag: tag.name):
        vocabulary += _texts(tag, "name")
    pieces = [("A", title) for title in _texts(event, "title")]
    pieces += [("A", name) for name in sorted(names)]
    pieces += [("A", name) for name in dict.fromkeys(vocabulary)]
    pieces += [("B", summary) for summary in _texts(event, "summary")]
    for statement in statements:
        pieces += [("C", statement.text), ("C", statement.original_text)]
    return [(weight, text) for weight, text in pieces if text]


@dataclass(frozen=True)
class SearchDocument:
    text: str  # search_text
    vector: str  # a tsvector literal

    @classmethod
    def of(cls, pieces: Iterable[tuple[str, str]]) -> SearchDocument:
        lines: list[str] = []
        positions: dict[str, list[str]] = {}
        position = 1
        for weight, text in pieces:
            line: list[str] = []
            for run in runs(text):
                for slot in run.slots():
                    spot = f"{min(position, MAX_POSITION)}{weight}"
                    for token in slot:
                        line.append(token)
                        positions.setdefault(token, []).append(spot)
                    position += 1
            if line:
                lines.append(f" {' '.join(line)} ")
                position += PIECE_GAP
        # Tokens are letters and digits only: nothing to escape inside the quotes.
        vector = " ".join(
            f"'{token}':{','.join(dict.fromkeys(spots))}" for token, spots in positions.items()
        )
        return cls("\n".join(lines), vector)

    def vector_expression(self):
        return Cast(Value(self.vector), SearchVectorField())


def places_by_id() -> dict[int, Place]:
    return {
        place.pk: place
        for place in Place.objects.only(
            "pk", "slug", "parent_id", "kind", "name_en", "name_ja", "name_ru", "aliases"
        )
    }


def document_for(event: Event, gazetteer: dict[int, Place] | None = None) -> SearchDocument:
    """The search document of an event read with the prefetches of refresh_search_index."""
    statements = list(event.statements.all())
    actors = [role.actor for role in event.actor_roles.all()]
    actors += [statement.speaker for statement in statements]
    places = [place.pk for place in event.places.all()]
    place_names = []
    if places:
        gazetteer = gazetteer if gazetteer is not None else places_by_id()
        place_names = names_of_places(gazetteer, places)
    pieces = event_pieces(event, actors, statements, place_names, event.tags.all())
    return SearchDocument.of(pieces)


def refresh_search_index(event_ids: Iterable[int] | None = None, batch_size: int = 500) -> int:
    """Recompute the search document of the given events, or of all."""
    queryset = Event.objects.all()
    if event_ids is not None:
        ids = list(set(event_ids))
        if not ids:
            return 0
        queryset = queryset.filter(pk__in=ids)
    queryset = (
        queryset.order_by("pk")
        .select_related("event_type")
        .prefetch_related(
            "actor_roles__actor",
            "statements__speaker",
            "tags",
            Prefetch("places", queryset=Place.objects.only("pk")),
        )
        .only("pk", *columns("title"), *columns("summary"), "event_type")
    )
    fields = ["search_text"]
    if connection.vendor == "postgresql":
        fields.append("search_vector")
    gazetteer = places_by_id()
    batch: list[Event] = []
    count = 0
    for event in queryset.iterator(chunk_size=batch_size):
        document = document_for(event, gazetteer)
        event.search_text = document.text
        event.search_vector = document.vector_expression()
        batch.append(event)
        if len(batch) >= batch_size:
            count += _write(batch, fields)
    return count + _write(batch, fields)


def _write(batch: list[Event], fields: list[str]) -> int:
    # bulk_update() rather than save(): no history row, no version bump, no signals.
    count = Event.objects.bulk_update(batch, fields) if batch else 0
    batch.clear()
    return count


def rebuild_search_index(batch_size: int = 500, event_ids: Iterable[int] | None = None) -> int:
    """Rewrite the search document of every event (or of those given), one transaction per
    batch of events.

    Each batch commits on its own, so a rebuild of a large record never holds every event's
    row lock at once, and an interrupted rebuild can simply be run again.
    """
    if event_ids is None:
        event_ids = Event.objects.order_by("pk").values_list("pk", flat=True)
    ids = sorted(event_ids)
    count = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            count += refresh_search_index(ids[start : start + batch_size], batch_size)
    return count


def rebuild_after_migrate(sender, using: str, plan=None, **kwargs) -> None:
    """After ``migrate`` applied migration 0021 (which empties every search document), write
    the documents again, in batches — once the database has every migration, as the
    current models need (post_migrate; see apps.py)."""
    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if ("incidents", "0021_search_tokens") not in applied or using != connection.alias:
        return
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return  # migrated to an earlier state: `manage.py rebuild_search_index` later
    stale = Event.objects.filter(search_text="").order_by("pk").values_list("pk", flat=True)
    rebuild_search_index(event_ids=list(stale))
    if connection.vendor == "postgresql":
        # Every row was rewritten: the planner needs fresh statistics to choose the GIN index.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Event._meta.db_table}")
