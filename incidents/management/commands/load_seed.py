"""Load the project's seed data (fixtures/seed.json), idempotently.

Objects are matched by their natural keys (actor and event slugs, normalised source URLs,
statement speaker + text). What already exists is left as it is — an editor's later changes
win over the fixture — unless ``--update`` is given. Running it twice changes nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
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
from incidents.urlnorm import normalise_url

DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
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
        self.created = {"actors": 0, "sources": 0, "events": 0, "statements": 0}
        self.checked = {"verified": 0, "moved": 0, "unverified": 0}
        # One transaction; each saved event's search text is rewritten once, inside it.
        with refreshing_once():
            actors = self.load_actors(data.get("actors", []))
            sources = self.load_sources(data.get("sources", []), actors)
            self.load_events(data.get("events", []), actors, sources)
            # The gazetteer (fixtures/places.json) and the places each location names.
            load_gazetteer(Place)
            refresh_search_index(place_events(Event, Place))
            seed_loaded.send(sender=self.__class__, stdout=self.stdout)
        summary = ", ".join(f"{count} {name}" for name, count in self.created.items())
        self.stdout.write(f"Seed data loaded: created {summary}.")
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
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, values[name])
                obj.save()
        return obj, False

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
            statement, created = Statement.objects.get_or_create(
                event=event, speaker=speaker, text=quote["text"], defaults=values
            )
            if created or self.update:
                outcome = (
                    "moved" if located.moved else "verified" if located.found else "unverified"
                )
                self.checked[outcome] += 1
            if not created and self.update:
                self.upsert(Statement, {"pk": statement.pk}, values)
            self.created["statements"] += created

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
