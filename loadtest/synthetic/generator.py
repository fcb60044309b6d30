"""A synthetic, deterministic incident record for load tests and benchmarks.

``generate(events=N, seed=S)`` writes about 2,000 actors with Russian and Japanese names
(built from syllable tables, in Latin, Cyrillic and Japanese script), ~30 tags, and N events
spread over 1990–2026 — denser in recent years, with bursts around crises — each with about
three actors, two sources and three statements, in every event type, at day, month or year
precision, ~10% of them drafts or in review.

Nothing here can pass for real data: every row is ``is_synthetic=True`` (tags, which have no
such column, are recognised by their slug), every slug starts with ``synthetic-`` and every
source URL lives on ``https://synthetic.example/``. ``remove()`` deletes exactly those rows.

Rows are written with ``bulk_create`` in batches (no signals, no history rows). Each event's
search text and vector are computed from the same parts, by the same functions, as
``incidents.search_index.refresh_search_index`` uses, and inserted with the row itself.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.text import slugify

from incidents.dates import Precision, bounds_for
from incidents.models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Language,
    Role,
    Source,
    SourceKind,
    Statement,
    StatementKind,
    Status,
    Tag,
)
from incidents.search_index import SearchDocument, event_pieces

from .data import (
    BURSTS,
    DETAILS,
    JA_FAMILY_FIRST,
    JA_FAMILY_SECOND,
    JA_GIVEN_FEMALE,
    JA_GIVEN_MALE,
    JA_MEDIA_NOUN,
    JA_MEDIA_REGION,
    JA_TITLES,
    ORGANISATIONS,
    ORIGINAL_JA,
    ORIGINAL_RU,
    PARAPHRASES,
    QUOTES,
    RARE_SHARE,
    RARE_TOPICS,
    REACTIONS,
    RU_ENDING,
    RU_GIVEN_FEMALE,
    RU_GIVEN_MALE,
    RU_MEDIA_ADJ,
    RU_MEDIA_NOUN,
    RU_MIDDLE,
    RU_START,
    RU_TITLES,
    STATES,
    TAGS,
    TOPICS,
    TYPE_PHRASES,
    WIRES,
)
from .places import PlaceDraw

SLUG_PREFIX = "synthetic-"
URL_BASE = "https://synthetic.example/"
FIRST_DAY = dt.date(1990, 1, 1)
LAST_DAY = dt.date(2026, 9, 30)

STATEMENT_COUNTS = ((0, 1, 2, 3, 4, 5, 6), (5, 15, 20, 25, 15, 10, 10))  # mean ≈ 3.1
SOURCE_COUNTS = ((1, 2, 3, 4), (35, 40, 20, 5))  # mean ≈ 1.95
STATUS_WEIGHTS = ((Status.PUBLISHED, Status.DRAFT, Status.REVIEW), (90, 6, 4))
PRECISION_WEIGHTS = ((Precision.DAY, Precision.MONTH, Precision.YEAR), (85, 10, 5))


@dataclass
class Person:
    actor: Actor
    side: str
    title: str
    first_year: int
    last_year: int


@dataclass
class Cast:
    """The actors the events are drawn from, grouped for quick weighted choice."""

    states: dict[str, Actor]
    organisations: dict[str, list[Actor]]
    media: list[Actor]
    persons: list[Person]
    third_states: list[Actor]
    third_weights: list[int]
    by_year: dict[tuple[str, int], tuple[list[Person], list[float]]] = field(default_factory=dict)

    def person(self, rng: random.Random, side: str, year: int) -> Person:
        people, cumulative = self.by_year[(side, year)]
        return people[bisect.bisect(cumulative, rng.random() * cumulative[-1])]


@dataclass
class Summary:
    actors: int = 0
    tags: int = 0
    events: int = 0
    sources: int = 0
    statements: int = 0
    links: int = 0
    places: int = 0  # event–place links

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def _russian_person(rng: random.Random) -> tuple[str, str, str, bool]:
    female = rng.random() < 0.3
    given = rng.choice(RU_GIVEN_FEMALE if female else RU_GIVEN_MALE)
    start, middle = rng.choice(RU_START), rng.choice(RU_MIDDLE)
    ending = rng.choice(RU_ENDING)[1 if female else 0]
    surname = [start[i] + middle[i] + ending[i] for i in range(3)]
    return (
        f"{given[0]} {surname[0]}",
        f"{given[1]} {surname[1]}",
        f"{given[2]}・{surname[2]}",
        female,
    )


def _japanese_person(rng: random.Random) -> tuple[str, str, str, bool]:
    female = rng.random() < 0.25
    given = rng.choice(JA_GIVEN_FEMALE if female else JA_GIVEN_MALE)
    first = rng.choice(JA_FAMILY_FIRST)
    second = rng.choice([s for s in JA_FAMILY_SECOND if s[1] != first[1]])
    family = [first[i] + second[i] for i in range(3)]
    return f"{given[0]} {family[0]}", f"{given[2]} {family[2]}", f"{family[1]} {given[1]}", female


def _slug(*parts: str) -> str:
    return SLUG_PREFIX + slugify("-".join(parts))[:150]


def build_cast(rng: random.Random, persons: int = 1900) -> Cast:
    """Create the synthetic actors (states, organisations, outlets, people) and return them."""
    rows: list[Actor] = []
    states = {}
    for key, en, ru, ja, _weight in STATES:
        states[key] = Actor(
            name_en=en,
            name_ru=ru,
            name_ja=ja,
            kind=Actor.Kind.STATE,
            slug=_slug("state", key),
            is_synthetic=True,
        )
        rows.append(states[key])
    Actor.objects.bulk_create(rows)
    side_state = {"ru": states["russia"], "ja": states["japan"]}

    organisations: dict[str, list[Actor]] = {"ru": [], "ja": []}
    media: list[Actor] = []
    rows = []
    for side, en, ru, ja in ORGANISATIONS:
        actor = Actor(
            name_en=en,
            name_ru=ru,
            name_ja=ja,
            kind=Actor.Kind.ORGANISATION,
            country=side_state[side],
            slug=_slug("org", en),
            is_synthetic=True,
        )
        organisations[side].append(actor)
        rows.append(actor)
    # Outlets: every Russian adjective with every noun, then every Japanese region with every
    # noun (Japanese names run together without a space).
    outlets = [
        *(
            ("ru", (adj, noun), f"{adj_ru} {noun_ru}")
            for (adj, adj_ru), (noun, noun_ru) in itertools.product(RU_MEDIA_ADJ, RU_MEDIA_NOUN)
        ),
        *(
            ("ja", (region, noun), f"{region_ja}{noun_ja}")
            for (region, region_ja), (noun, noun_ja) in itertools.product(
                JA_MEDIA_REGION, JA_MEDIA_NOUN
            )
        ),
    ]
    for side, words, local_name in outlets:
        media.append(
            Actor(
                name_en=" ".join(words),
                **{f"name_{side}": local_name},
                kind=Actor.Kind.MEDIA,
                country=side_state[side],
                slug=_slug("media", *words),
                is_synthetic=True,
            )
        )
    for name in WIRES:
        media.append(
            Actor(name_en=name, kind=Actor.Kind.MEDIA, slug=_slug("media", name), is_synthetic=True)
        )
    rows += media

    people: list[Person] = []
    seen: set[str] = set()
    while len(people) < persons:
        side = "ru" if len(people) % 2 == 0 else "ja"
        en, ru, ja, _female = (_russian_person if side == "ru" else _japanese_person)(rng)
        if en in seen:
            continue
        seen.add(en)
        aliases = ""
        if side == "ru" and rng.random() < 0.15:
            # An alternative transliteration, as found in older English sources.
            aliases = (
                en.replace("Sergei", "Sergey").replace("Alexei", "Aleksey").replace("y ", "i ")
            )
            aliases = aliases if aliases != en else f"{en.split()[0][0]}. {en.split()[-1]}"
        actor = Actor(
            name_en=en,
            name_ru=ru,
            name_ja=ja,
            aliases=aliases,
            kind=Actor.Kind.PERSON,
            country=side_state[side],
            slug=_slug(en, str(len(people) + 1)),
            is_synthetic=True,
        )
        first_year = rng.randint(1985, 2024)
        last_year = min(2026, first_year + rng.randint(3, 18))
        title = rng.choice(RU_TITLES if side == "ru" else JA_TITLES)
        people.append(Person(actor, side, title, first_year, last_year))
        rows.append(actor)
    Actor.objects.bulk_create(rows, batch_size=500)

    third = [states[key] for key, *_rest, weight in STATES if weight]
    cast = Cast(
        states=states,
        organisations=organisations,
        media=media,
        persons=people,
        third_states=third,
        third_weights=[w for *_rest, w in STATES if w],
    )
    # Spokespeople dominate: a few people are quoted far more often than the rest.
    for side in ("ru", "ja"):
        mine = [p for p in people if p.side == side]
        weights = {id(p): 1 / (rank + 1) ** 0.8 for rank, p in enumerate(mine)}
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            active = [p for p in mine if p.first_year <= year <= p.last_year] or mine
            cast.by_year[(side, year)] = (
                active,
                list(itertools.accumulate(weights[id(p)] for p in active)),
            )
    return cast


def build_tags() -> dict[str, Tag]:
    tags = [Tag(slug=SLUG_PREFIX + key, name=f"{name} (synthetic)") for key, name in TAGS.items()]
    Tag.objects.bulk_create(tags)
    return {tag.slug.removeprefix(SLUG_PREFIX): tag for tag in tags}


def draw_dates(rng: random.Random, count: int) -> list[dt.date]:
    """Dates over 1990–2026: denser in later years, with bursts around crises."""
    years = list(range(FIRST_DAY.year, LAST_DAY.year + 1))
    year_weights = [1.085 ** (year - FIRST_DAY.year) for year in years]
    burst_share = sum(share for _c, _s, share in BURSTS)
    dates = []
    for _ in range(count):
        roll = rng.random()
        if roll < burst_share:
            centre, spread, _share = rng.choices(BURSTS, [share for *_b, share in BURSTS])[0]
            day = centre + dt.timedelta(days=round(abs(rng.gauss(0, spread))))
        else:
            year = rng.choices(years, year_weights)[0]
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(366))
        dates.append(min(max(day, FIRST_DAY), LAST_DAY))
    return dates


class Generator:
    """Builds events in batches; everything random comes from one seeded ``random.Random``."""

    def __init__(
        self, rng: random.Random, cast: Cast, tags: dict[str, Tag], types: Sequence[EventType]
    ):
        self.rng = rng
        self.cast = cast
        self.tags = tags
        self.types = list(types)
        self.places = PlaceDraw.load()
        self.type_weights = [TYPE_PHRASES.get(t.slug, (2,))[0] for t in self.types]
        self.recent_sources: list[Source] = []
        self.recent_events: list[Event] = []
        self.serial = itertools.count(1)
        self.source_serial = itertools.count(1)

    def document(self, event: Event, plan: dict) -> SearchDocument:
        """The same document as ``incidents.search_index.document_for`` reads from the
        database."""
        statements = plan["statements"]
        actors = [actor for actor, _role, _title in plan["roles"]] + [s.speaker for s in statements]
        tags = [self.tags[key] for key in plan["tags"]]
        places = self.places.names(plan["places"])
        return SearchDocument.of(event_pieces(event, actors, statements, places, tags))

    def side_actor(self, side: str, year: int) -> tuple[Actor, str]:
        """An initiator for one side: the state, one of its bodies, or one of its people."""
        roll = self.rng.random()
        if roll < 0.25:
            return self.cast.states["russia" if side == "ru" else "japan"], ""
        if roll < 0.6:
            return self.rng.choice(self.cast.organisations[side]), ""
        person = self.cast.person(self.rng, side, year)
        return person.actor, person.title

    def event_batch(self, dates: list[dt.date], summary: Summary) -> None:
        rng = self.rng
        events: list[Event] = []
        plans = []
        for date in dates:
            n = next(self.serial)
            side = rng.choice(("ru", "ja"))
            other = "ja" if side == "ru" else "ru"
            event_type = rng.choices(self.types, self.type_weights)[0]
            if rng.random() < RARE_SHARE:
                topic, tag_keys = rng.choice(RARE_TOPICS)
            else:
                topic, tag_keys = rng.choice(TOPICS)
            initiator, initiator_title = self.side_actor(side, date.year)
            target_state = self.cast.states["japan" if other == "ja" else "russia"]
            _w, present, past = TYPE_PHRASES.get(event_type.slug, TYPE_PHRASES["other"])
            target = target_state.name_en
            title = f"{initiator.name_en} {present.format(target=target)} {topic}"
            precision = rng.choices(*PRECISION_WEIGHTS)[0]
            lower, upper = bounds_for(precision, date)
            when = {
                Precision.DAY: f"On {date.day} {date:%B %Y}",
                Precision.MONTH: f"In {date:%B %Y}",
                Precision.YEAR: f"In {date.year}",
            }[precision]
            summary_text = " ".join(
                [
                    f"{when}, {initiator.name_en} {past.format(target=target)} {topic}.",
                    rng.choice(DETAILS),
                    rng.choice(REACTIONS) if rng.random() < 0.6 else "",
                ]
            ).strip()
            status = rng.choices(*STATUS_WEIGHTS)[0]
            end_date = None
            if (
                precision == Precision.DAY
                and event_type.slug == "military_activity"
                and rng.random() < 0.4
            ):
                end_date = date + dt.timedelta(days=rng.randint(1, 10))
            created = dt.datetime.combine(upper, dt.time(9), tzinfo=dt.UTC) + dt.timedelta(days=1)
            event = Event(
                title=title[:300],
                slug=_slug(str(date.year), title[:60], str(n)),
                summary=summary_text,
                date_precision=precision,
                date_lower=lower,
                date_upper=upper,
                end_date=end_date,
                event_type=event_type,
                status=status,
                is_synthetic=True,
                created_at=created,
                published_at=created if status == Status.PUBLISHED else None,
                location_name=rng.choice(
                    ["Tokyo", "Moscow", "Sapporo", "Yuzhno-Sakhalinsk", "Vladivostok", "Nemuro", ""]
                ),
            )
            plan = self.plan_children(
                event, side, other, initiator, initiator_title, target_state, topic, tag_keys, date
            )
            plan["places"] = self.places.draw(rng)
            # The search index is written with the row: no second pass over 100k events.
            document = self.document(event, plan)
            event.search_text = document.text
            if connection.vendor == "postgresql":
                event.search_vector = document.vector_expression()
            events.append(event)
            plans.append(plan)
        Event.objects.bulk_create(events)
        self.write_children(events, plans, summary)
        summary.events += len(events)

    def plan_children(
        self, event, side, other, initiator, initiator_title, target_state, topic, tag_keys, date
    ) -> dict:
        rng = self.rng
        year = date.year
        roles: list[tuple[Actor, str, str]] = [(initiator, Role.INITIATOR, initiator_title)]
        if rng.random() < 0.5:
            roles.append((target_state, Role.TARGET, ""))
        else:
            person = self.cast.person(rng, other, year)
            roles.append((person.actor, Role.TARGET, person.title))
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            person = self.cast.person(rng, rng.choice((side, other)), year)
            roles.append((person.actor, Role.PARTICIPANT, person.title))
        if rng.random() < 0.3:
            third = rng.choices(self.cast.third_states, self.cast.third_weights)[0]
            roles.append((third, Role.MENTIONED, ""))
        # One role per actor and kind of role (EventActor's unique constraint).
        roles = list(
            {(actor.slug, role): (actor, role, title) for actor, role, title in roles}.values()
        )

        sources: list[tuple[Source, bool]] = []  # (source, is new)
        for _ in range(rng.choices(*SOURCE_COUNTS)[0]):
            if self.recent_sources and rng.random() < 0.1:
                old = rng.choice(self.recent_sources)
                if all(old is not s for s, _new in sources):
                    sources.append((old, False))
                continue
            n = next(self.source_serial)
            publisher = rng.choice(self.cast.media)
            kind = rng.choices(
                (SourceKind.NEWS, SourceKind.WIRE, SourceKind.OFFICIAL, SourceKind.GOVERNMENT),
                (60, 20, 15, 5),
            )[0]
            language = rng.choices(
                (Language.ENGLISH, Language.RUSSIAN, Language.JAPANESE), (60, 20, 20)
            )[0]
            published_on = date + dt.timedelta(days=rng.randint(0, 3))
            source = Source(
                url=f"{URL_BASE}{publisher.slug.removeprefix(SLUG_PREFIX)}/{published_on.year}/{n}",
                title=f"{event.title} – {publisher.name_en}"[:500],
                publisher=publisher,
                author=rng.choice(
                    [
                        "",
                        "Staff reporter",
                        self.cast.person(rng, rng.choice(("ru", "ja")), year).actor.name_en,
                    ]
                ),
                published_on=published_on,
                accessed_on=published_on + dt.timedelta(days=1),
                language=language,
                kind=kind,
                is_synthetic=True,
            )
            sources.append((source, True))
        if not sources:
            sources.append((rng.choice(self.recent_sources), False))

        statements = []
        for position in range(rng.choices(*STATEMENT_COUNTS)[0]):
            speaker_side = side if rng.random() < 0.65 else other
            person = self.cast.person(rng, speaker_side, year)
            is_quote = rng.random() < 0.7
            if is_quote:
                text = rng.choice(QUOTES).format(topic=topic)
            else:
                text = rng.choice(PARAPHRASES).format(speaker=person.actor.name_en, topic=topic)
            original, original_language = "", ""
            if is_quote and rng.random() < 0.35:
                original_language = Language.RUSSIAN if speaker_side == "ru" else Language.JAPANESE
                original = rng.choice(ORIGINAL_RU if speaker_side == "ru" else ORIGINAL_JA)
            source = sources[0][0] if rng.random() < 0.7 else rng.choice(sources)[0]
            statements.append(
                Statement(
                    event=event,
                    speaker=person.actor,
                    speaker_title=person.title,
                    text=text,
                    original_text=original,
                    original_language=original_language,
                    kind=StatementKind.QUOTE if is_quote else StatementKind.PARAPHRASE,
                    said_on=date if event.date_precision == Precision.DAY else None,
                    source=source,
                    position=position,
                    is_synthetic=True,
                )
            )
        # The article text: the summary, what was said, and some background.
        for source, new in sources:
            if new:
                quoted = [s.text for s in statements if s.source is source]
                source.text = "\n\n".join(
                    [event.summary, *quoted, rng.choice(DETAILS), rng.choice(REACTIONS)]
                )
        tags = list(
            dict.fromkeys(
                tag_keys[: rng.randint(0, len(tag_keys))]
                + ([rng.choice(list(TAGS))] if rng.random() < 0.3 else [])
            )
        )
        responds_to = None
        if self.recent_events and rng.random() < 0.08:
            candidate = rng.choice(self.recent_events)
            if candidate.date_lower < event.date_lower:
                responds_to = candidate
        return {
            "roles": roles,
            "sources": sources,
            "statements": statements,
            "tags": tags,
            "responds_to": responds_to,
        }

    def write_children(self, events: list[Event], plans: list[dict], summary: Summary) -> None:
        new_sources = [s for plan in plans for s, new in plan["sources"] if new]
        Source.objects.bulk_create(new_sources, batch_size=1000)
        actor_links, source_links, statements, tag_links, responses = [], [], [], [], []
        tag_through, response_through = Event.tags.through, Event.responds_to.through
        place_through, place_links = Event.places.through, []
        for event, plan in zip(events, plans, strict=True):
            for position, (actor, role, title) in enumerate(plan["roles"]):
                actor_links.append(
                    EventActor(event=event, actor=actor, role=role, title=title, position=position)
                )
            for position, (source, _new) in enumerate(plan["sources"]):
                locator = f"para. {self.rng.randint(1, 9)}" if self.rng.random() < 0.3 else ""
                source_links.append(
                    EventSource(event=event, source=source, position=position, locator=locator)
                )
            for statement in plan["statements"]:
                statement.event = event
                statement.source_id = statement.source.pk
                statements.append(statement)
            for key in plan["tags"]:
                tag_links.append(tag_through(event_id=event.pk, tag_id=self.tags[key].pk))
            place_links += [place_through(event_id=event.pk, place_id=pk) for pk in plan["places"]]
            if plan["responds_to"] is not None:
                responses.append(
                    response_through(from_event_id=event.pk, to_event_id=plan["responds_to"].pk)
                )
        EventActor.objects.bulk_create(actor_links, batch_size=2000)
        EventSource.objects.bulk_create(source_links, batch_size=2000)
        Statement.objects.bulk_create(statements, batch_size=1000)
        tag_through.objects.bulk_create(tag_links, batch_size=2000)
        response_through.objects.bulk_create(responses, batch_size=2000)
        place_through.objects.bulk_create(place_links, batch_size=2000)
        summary.places += len(place_links)
        self.recent_sources = (self.recent_sources + new_sources)[-500:]
        self.recent_events = (self.recent_events + events)[-500:]
        summary.sources += len(new_sources)
        summary.statements += len(statements)
        summary.links += len(actor_links) + len(source_links) + len(tag_links) + len(responses)


def exists() -> bool:
    return (
        Event.objects.filter(is_synthetic=True).exists()
        or Actor.objects.filter(is_synthetic=True).exists()
    )


def generate(
    events: int,
    seed: int = 1,
    batch_size: int = 1000,
    persons: int = 1900,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Write ``events`` synthetic events (and their cast); the same seed gives the same data."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    summary = Summary()
    types = list(EventType.objects.order_by("position", "slug"))
    if not types:
        raise ValueError("There are no event types: run `manage.py migrate` first.")
    with transaction.atomic():
        cast = build_cast(rng, persons=persons)
        tags = build_tags()
    summary.actors = Actor.objects.filter(is_synthetic=True).count()
    summary.tags = len(tags)
    generator = Generator(rng, cast, tags, types)
    # Shuffled dates: rows are not stored in date order, as in a record curated over years.
    dates = draw_dates(rng, events)
    for start in range(0, events, batch_size):
        chunk = dates[start : start + batch_size]
        with transaction.atomic():
            generator.event_batch(chunk, summary)
        if progress:
            progress(len(chunk))
    return summary


def analyze() -> None:
    """Refresh the planner's statistics (and the visibility map) after a bulk load."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        tables = [Event, EventActor, EventSource, Source, Statement, Actor, Tag]
        for model in [*tables, Event.tags.through, Event.places.through]:
            cursor.execute(f"VACUUM (ANALYZE) {model._meta.db_table}")


def remove() -> dict[str, int]:
    """Delete every synthetic row, and nothing else. Returns the counts per table.

    Raw deletes in dependency order: the ORM's delete() would load every row to send
    signals and write a history row for each, which takes hours at 100k events.
    """
    events = Event.objects.filter(is_synthetic=True)
    tags = Tag.objects.filter(slug__startswith=SLUG_PREFIX)
    counts: dict[str, int] = {}

    def raw_delete(label: str, queryset) -> None:
        counts[label] = counts.get(label, 0) + queryset._raw_delete(queryset.db)

    with transaction.atomic():
        raw_delete(
            "tag links", Event.tags.through.objects.filter(Q(event__in=events) | Q(tag__in=tags))
        )
        raw_delete(
            "responses",
            Event.responds_to.through.objects.filter(
                Q(from_event__in=events) | Q(to_event__in=events)
            ),
        )
        raw_delete("place links", Event.places.through.objects.filter(event__in=events))
        raw_delete("actor roles", EventActor.objects.filter(event__in=events))
        raw_delete("source links", EventSource.objects.filter(event__in=events))
        raw_delete(
            "statements", Statement.objects.filter(Q(event__in=events) | Q(is_synthetic=True))
        )
        raw_delete("events", Event.objects.filter(is_synthetic=True))
        # Sources and actors that real data has come to use are kept (and reported).
        raw_delete(
            "sources",
            Source.objects.filter(is_synthetic=True)
            .exclude(Exists(EventSource.objects.filter(source=OuterRef("pk"))))
            .exclude(Exists(Statement.objects.filter(source=OuterRef("pk")))),
        )
        used = (
            Exists(EventActor.objects.filter(actor=OuterRef("pk")))
            | Exists(Statement.objects.filter(speaker=OuterRef("pk")))
            | Exists(Source.objects.filter(publisher=OuterRef("pk")))
            | Exists(Actor.objects.filter(country=OuterRef("pk")))
        )
        # Members before their countries (Actor.country protects the state).
        raw_delete(
            "actors",
            Actor.objects.filter(is_synthetic=True).exclude(kind=Actor.Kind.STATE).exclude(used),
        )
        raw_delete("actors", Actor.objects.filter(is_synthetic=True).exclude(used))
        raw_delete(
            "tags", tags.exclude(Exists(Event.tags.through.objects.filter(tag=OuterRef("pk"))))
        )
    counts["kept sources"] = Source.objects.filter(is_synthetic=True).count()
    counts["kept actors"] = Actor.objects.filter(is_synthetic=True).count()
    return counts
