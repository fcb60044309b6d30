"""Load the project's seed data (fixtures/seed.json), idempotently.

Objects are matched by their natural keys (actor and event slugs, normalised source URLs,
statement speaker + text). What already exists is left as it is — an editor's later changes
win over the fixture — unless ``--update`` is given. Running it twice changes nothing.

``translations.json`` beside the fixture, when present, holds the project's own Japanese and
Russian titles and summaries of the events and names of the event types and tags, and English
translations of the statements that are not in English. They fill what is still empty, the
events' marked as the project's draft translations for an editor to review (``--update``
overwrites what editors wrote); a statement translated becomes the project's translation of
the source's words, which are kept, as printed, beside it.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.dateparse import parse_date

from incidents import provenance
from incidents.dates import parse_partial_date
from incidents.gazetteer import load_gazetteer, place_events
from incidents.models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Place,
    Source,
    Statement,
    Status,
    Tag,
)
from incidents.search_index import refresh_search_index
from incidents.signals import refreshing_once
from incidents.translation import TRANSLATED
from incidents.urlnorm import normalise_url

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
TRANSLATIONS = "translations.json"  # beside the fixture
# Sent after the seed is loaded, for other apps' seed rows (the source watch's feeds).
seed_loaded = Signal()


class Command(BaseCommand):
    help = "Load the seed actors, sources, events and statements (safe to run repeatedly)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing objects with the fixture's values (loses editors' changes).",
        )

    def handle(self, *args, path: str, update: bool, **options) -> None:
        fixture = Path(path)
        try:
            data = json.loads(fixture.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {fixture}: {exc}") from exc
        self.base_dir = fixture.parent
        self.update = update
        self.translations = self.read_translations(fixture.parent / TRANSLATIONS)
        self.translated = {"events": 0, "types and tags": 0, "statements": 0}
        self.created = {"actors": 0, "sources": 0, "events": 0, "statements": 0}
        self.checked = {"verified": 0, "moved": 0, "unverified": 0}
        # One transaction; each saved event's search text is rewritten once, inside it.
        with refreshing_once():
            actors = self.load_actors(data.get("actors", []))
            sources = self.load_sources(data.get("sources", []), actors)
            self.load_events(data.get("events", []), actors, sources)
            self.translate_events(self.translations.get("events", {}))
            for model, key in ((EventType, "event_types"), (Tag, "tags")):
                self.translate_names(model, self.translations.get(key, {}))
            self.translate_statements(self.translations.get("statements", []))
            # The gazetteer (fixtures/places.json) and the places each location names.
            load_gazetteer(Place)
            refresh_search_index(place_events(Event, Place))
            seed_loaded.send(sender=self.__class__, stdout=self.stdout)
        summary = ", ".join(f"{count} {name}" for name, count in self.created.items())
        self.stdout.write(f"Seed data loaded: created {summary}.")
        if self.translations:
            done = ", ".join(f"{count} {name}" for name, count in self.translated.items())
            self.stdout.write(f"Translations ({TRANSLATIONS}) filled in: {done}.")
        if any(self.checked.values()):
            self.stdout.write(
                "Statements checked against their sources' stored text: "
                f"{self.checked['verified']} verified, "
                f"{self.checked['moved']} verified in another source of their event (moved), "
                f"{self.checked['unverified']} not verified."
            )

    # -- helpers ---------------------------------------------------------------------------

    def upsert(self, model, lookup: dict, values: dict):
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup, **values)
            obj.save()
            return obj, True
        if self.update:
            self.assign(obj, values)
        return obj, False

    @staticmethod
    def assign(obj, values: dict) -> bool:
        """Set ``values`` on ``obj`` and save it if any differs; whether it did."""
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.save()
        return bool(changed)

    # -- translations.json -----------------------------------------------------------------

    @staticmethod
    def read_translations(path: Path) -> dict:
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError(f"{path}: expected an object with events, event_types, tags.")
        return data

    def fill(self, obj, texts: dict, fields: tuple[str, ...], extra: dict | None = None) -> bool:
        """Give ``obj`` the translation's ``fields`` when they are all still empty (an
        editor's text stays), or always with ``--update``; whether it changed."""
        values = {name: texts[name] for name in fields if texts.get(name)}
        if not values or not (self.update or not any(getattr(obj, name) for name in fields)):
            return False
        return self.assign(obj, {**values, **(extra or {})})

    def translate_events(self, rows: dict[str, dict]) -> None:
        events = Event.objects.in_bulk(list(rows), field_name="slug")
        for slug, texts in rows.items():
            event = events.get(slug)
            if event is None:
                self.stderr.write(
                    f"{TRANSLATIONS}: no event {slug!r}; its translation is left out."
                )
                continue
            changed = False
            for language in TRANSLATED:
                # Filled in by this command: the project's draft, for an editor to review.
                changed |= self.fill(
                    event,
                    texts,
                    (f"title_{language}", f"summary_{language}"),
                    {f"translation_{language}_state": Event.TranslationState.PROJECT},
                )
            self.translated["events"] += changed

    def translate_names(self, model, rows: dict[str, dict]) -> None:
        found = model.objects.in_bulk(list(rows), field_name="slug")
        for slug, texts in rows.items():
            obj = found.get(slug)
            if obj is None:
                self.stderr.write(
                    f"{TRANSLATIONS}: no {model._meta.verbose_name} {slug!r}; left out."
                )
                continue
            changed = False
            for language in TRANSLATED:
                changed |= self.fill(obj, texts, (f"name_{language}",))
            self.translated["types and tags"] += changed

    def translate_statements(self, rows: list[dict]) -> None:
        """Statements still as the seed gave them (their words, no translation beside
        them) become the project's translation of those words."""
        for row in rows:
            untranslated = Statement.objects.filter(
                event__slug=row.get("event"),
                speaker__slug=row.get("speaker"),
                text__startswith=row.get("text_startswith") or "\0",
                original_text="",
            )
            for statement in untranslated:
                self.assign(statement, self.translated_values(statement, row["translation_en"]))
                self.translated["statements"] += 1

    @staticmethod
    def translated_values(statement: Statement, english: str) -> dict:
        """Shown in the project's English, beside the words as the source prints them."""
        return {
            "text": english,
            "language": "en",
            "original_text": statement.text,
            "original_language": statement.language,
            "translation_by": Statement.TranslationBy.PROJECT,
        }

    def translation_of(self, event: Event, speaker: Actor, words: str) -> str:
        """The English translation ``translations.json`` gives for these words, or ""."""
        for row in self.translations.get("statements", []):
            if (
                row.get("event") == event.slug
                and row.get("speaker") == speaker.slug
                and row.get("text_startswith")
                and words.startswith(row["text_startswith"])
            ):
                return row.get("translation_en", "")
        return ""

    def load_actors(self, rows: list[dict]) -> dict[str, Actor]:
        actors: dict[str, Actor] = {}
        # States first, so that every other actor can point at its country.
        for row in sorted(rows, key=lambda r: r.get("kind") != Actor.Kind.STATE):
            country = actors.get(row["country"]) if row.get("country") else None
            if row.get("country") and country is None:
                raise CommandError(f"Actor {row['slug']}: unknown country {row['country']!r}.")
            values = {
                "name_en": row["name_en"],
                "name_ru": row.get("name_ru", ""),
                "name_ja": row.get("name_ja", ""),
                "aliases": "\n".join(row.get("aliases", [])),
                "kind": row.get("kind", Actor.Kind.PERSON),
                "country": country,
                "description": row.get("description", ""),
            }
            actor, created = self.upsert(Actor, {"slug": row["slug"]}, values)
            self.created["actors"] += created
            actors[actor.slug] = actor
        return actors

    def load_sources(self, rows: list[dict], actors: dict[str, Actor]) -> dict[str, Source]:
        sources: dict[str, Source] = {}
        for row in rows:
            url = normalise_url(row["url"])
            text = ""
            if row.get("text_file"):
                text = (self.base_dir / row["text_file"]).read_text(encoding="utf-8").strip()
            publisher = actors.get(row["publisher"]) if row.get("publisher") else None
            if row.get("publisher") and publisher is None:
                raise CommandError(f"Source {url}: unknown publisher {row['publisher']!r}.")
            values = {
                "title": row["title"],
                "publisher": publisher,
                "credit": row.get("credit", ""),
                "author": row.get("author", ""),
                "published_on": parse_date(row["published"]) if row.get("published") else None,
                "language": row.get("language", "en"),
                "kind": row.get("kind", Source.Kind.NEWS),
                "archive_url": row.get("archive_url", ""),
                "accessed_on": parse_date(row["accessed"]) if row.get("accessed") else None,
                "text": text,
            }
            source, created = self.upsert(Source, {"url": url}, values)
            self.created["sources"] += created
            sources[row["url"]] = source
            sources[url] = source
        return sources

    def load_events(
        self, rows: list[dict], actors: dict[str, Actor], sources: dict[str, Source]
    ) -> dict[str, Event]:
        types = {event_type.slug: event_type for event_type in EventType.objects.all()}
        events: dict[str, Event] = {}
        for row in rows:
            slug = row["slug"]
            if row["event_type"] not in types:
                raise CommandError(f"Event {slug}: unknown event type {row['event_type']!r}.")
            event = Event.objects.filter(slug=slug).first()
            is_new = event is None
            if is_new or self.update:
                event = event or Event(slug=slug, status=Status.DRAFT)
                partial = parse_partial_date(row["date"])
                event.title = row["title"]
                event.summary = row["summary"]
                event.date_precision, event.date_lower, event.date_upper = partial
                event.end_date = (
                    parse_partial_date(row["end_date"]).upper if row.get("end_date") else None
                )
                event.event_type = types[row["event_type"]]
                event.location_name = row.get("location", "")
                event.latitude = row.get("latitude")
                event.longitude = row.get("longitude")
                event.review_note = row.get("review_note", "")
                event.save()
                self.created["events"] += is_new
                self.link_event(event, row, actors, sources)
                target = row.get("status", Status.PUBLISHED)
                if event.status != target:
                    # Status last: publishing rules need the event's sources to be linked.
                    event.status = target
                    if target == Status.PUBLISHED and event.published_at is None:
                        event.published_at = timezone.now()
                    event.save()
            events[slug] = event
        for row in rows:
            wanted = [events[s] for s in row.get("responds_to", []) if s in events]
            missing = set(row.get("responds_to", [])) - set(events)
            if missing:
                raise CommandError(f"Event {row['slug']}: responds to unknown {sorted(missing)}.")
            event = events[row["slug"]]
            present = set(event.responds_to.values_list("pk", flat=True))
            wanted = [other for other in wanted if other.pk not in present]
            if wanted:
                event.responds_to.add(*wanted)
        return events

    def link_event(self, event: Event, row: dict, actors, sources) -> None:
        for position, link in enumerate(row.get("sources", [])):
            source = self.source_for(sources, link["url"], event)
            EventSource.objects.get_or_create(
                event=event,
                source=source,
                defaults={"locator": link.get("locator", ""), "position": position},
            )
        for position, role in enumerate(row.get("actors", [])):
            actor = self.actor_for(actors, role["actor"], event)
            EventActor.objects.get_or_create(
                event=event,
                actor=actor,
                role=role.get("role", EventActor.Role.PARTICIPANT),
                defaults={"title": role.get("title", ""), "position": position},
            )
        # Add only what is missing: even an empty add() is recorded as a change in history.
        present = set(event.tags.values_list("slug", flat=True))
        for tag_slug in row.get("tags", []):
            tag, _ = Tag.objects.get_or_create(
                slug=tag_slug, defaults={"name": tag_slug.replace("-", " ")}
            )
            if tag_slug not in present:
                event.tags.add(tag)
        event_sources = [
            self.source_for(sources, link["url"], event) for link in row.get("sources", [])
        ]
        for position, quote in enumerate(row.get("statements", [])):
            speaker = self.actor_for(actors, quote["speaker"], event)
            values = {
                "speaker_title": quote.get("speaker_title", ""),
                "language": quote.get("language", "en"),
                "original_text": quote.get("original_text", ""),
                "original_language": quote.get("original_language", ""),
                "kind": "quote" if quote.get("is_quote", True) else "paraphrase",
                "said_on": parse_date(quote["date"]) if quote.get("date") else None,
                "source": self.source_for(sources, quote["source"], event),
                "position": position,
            }
            # The research named one of the event's sources per quotation without checking
            # it: link the source whose stored text prints the words; found nowhere, the
            # statement is marked "source not verified" (never verified on trust).
            located = provenance.locate(Statement(text=quote["text"], **values), event_sources)
            values["source"] = located.source
            values["source_check"] = (
                Statement.SourceCheck.VERIFIED
                if located.found
                else Statement.SourceCheck.UNVERIFIED
            )
            words = quote["text"]
            values["text"] = words
            translated = self.translation_of(event, speaker, words)
            if translated:
                values.update(self.translated_values(Statement(**values), translated))
            statement = (
                Statement.objects.filter(event=event, speaker=speaker)
                .filter(Q(text=words) | Q(original_text=words))
                .first()
            )
            created = statement is None
            if created:
                statement = Statement.objects.create(event=event, speaker=speaker, **values)
            if created or self.update:
                outcome = (
                    "moved" if located.moved else "verified" if located.found else "unverified"
                )
                self.checked[outcome] += 1
            if not created and self.update:
                self.upsert(Statement, {"pk": statement.pk}, values)
            self.created["statements"] += created
            self.translated["statements"] += created and bool(translated)

    @staticmethod
    def actor_for(actors: dict[str, Actor], slug: str, event: Event) -> Actor:
        try:
            return actors[slug]
        except KeyError:
            raise CommandError(f"Event {event.slug}: unknown actor {slug!r}.") from None

    @staticmethod
    def source_for(sources: dict[str, Source], url: str, event: Event) -> Source:
        source = sources.get(url) or sources.get(normalise_url(url))
        if source is None:
            raise CommandError(f"Event {event.slug}: unknown source {url!r}.")
        return source
