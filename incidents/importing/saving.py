"""Saving what the editor confirmed: the source, its statements, new actors and a draft
event, all in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from ..models import (
    Actor,
    Event,
    EventActor,
    EventSource,
    EventType,
    Source,
    Statement,
    Status,
    text_fingerprint,
)
from ..urlnorm import normalise_url
from .actors import ActorIndex
from .dedupe import find_duplicate
from .limits import ImportRejected
from .results import Article
from .text import _CJK, _CYRILLIC, detect_language


@dataclass
class ConfirmedStatement:
    text: str
    speaker: Actor | None = None
    new_speaker_name: str = ""
    new_speaker_kind: str = Actor.Kind.PERSON
    speaker_title: str = ""
    language: str = "en"
    # When it was said: the article's date unless the editor knows better.
    said_on: dt.date | None = None
    # When the editor translated the quotation: the article's own words and their language.
    original_text: str = ""
    original_language: str = ""

    @classmethod
    def worded(cls, text: str, found: str, article_language: str, **fields) -> ConfirmedStatement:
        """A statement as the editor left its words. Edited in the article's language (a
        quotation trimmed or corrected), it is in that language; written in another language
        (a translation), it is in that one, and the article's wording, as found, is kept as
        the original — so nothing the article states is lost or retyped."""
        text, found = text.strip(), " ".join(found.split())
        language = article_language
        if found and " ".join(text.split()) != found:
            written_in = detect_language(text, article_language)
            if written_in != detect_language(found, article_language):
                return cls(
                    text=text,
                    language=written_in,
                    original_text=found,
                    original_language=article_language,
                    **fields,
                )
        return cls(text=text, language=language, **fields)


@dataclass
class NewEvent:
    title: str
    event_type: EventType
    date: dt.date


@dataclass
class SavedImport:
    source: Source
    event: Event | None = None
    statements: list[Statement] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


class DuplicateSource(ImportRejected):
    def __init__(self, source: Source) -> None:
        self.source = source
        super().__init__(
            f"This article is already recorded as source #{source.pk} (“{source.title}”)."
        )


def _unique_slug(model, base: str, max_length: int) -> str:
    base = (slugify(base, allow_unicode=False) or "imported")[: max_length - 8].strip(
        "-"
    ) or "imported"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def get_or_create_actor(
    name: str, kind: str, user=None, index: ActorIndex | None = None
) -> tuple[Actor, bool]:
    """The actor an editor named as new: an existing one only when it has this whole name
    (a family name shared with someone on record is another person), else a new actor.
    ``index`` is shared by one import's rows (one read of the actors, not one per row) and
    learns the actors created, so a name given twice is one actor."""
    name = " ".join(name.split())[:200]
    index = index if index is not None else ActorIndex()
    existing = index.match_name(name, kind)
    if existing:
        return existing, False
    fields: dict = {"kind": kind, "created_by": user, "updated_by": user}
    if _CYRILLIC.search(name):
        fields["name_ru"] = name
    elif _CJK.search(name):
        fields["name_ja"] = name
    # Names in Cyrillic or Japanese have no ASCII slug: a short hash of the name stands in.
    base = name if slugify(name) else f"actor-{text_fingerprint(name)[:8]}"
    actor = Actor(name_en=name, slug=_unique_slug(Actor, base, 120), **fields)
    actor.save()
    index.add(actor)
    return actor, True


@transaction.atomic
def save_import(
    article: Article,
    *,
    user=None,
    publisher: Actor | None = None,
    new_publisher_name: str = "",
    new_publisher_kind: str = Actor.Kind.MEDIA,
    statements: Sequence[ConfirmedStatement] = (),
    event: Event | None = None,
    new_event: NewEvent | None = None,
) -> SavedImport:
    """Write the source, and the statements the editor confirmed, all or nothing.

    Everything is a draft: a new event is created with status draft, and a source only
    becomes public once a reviewer publishes an event it backs.
    """
    if not article.url:
        raise ImportRejected("The article's web address (URL) is needed to record it as a source.")
    try:
        article.url = normalise_url(article.url)
    except ValidationError as exc:
        raise ImportRejected(" ".join(exc.messages)) from None
    duplicate = find_duplicate(article)
    if duplicate:
        raise DuplicateSource(duplicate)
    if not article.text.strip():
        raise ImportRejected("There is no article text to save.")

    created_actors: list[Actor] = []
    index = ActorIndex() if new_publisher_name.strip() or statements else None
    if publisher is None and new_publisher_name.strip():
        if new_publisher_kind not in Source.PUBLISHER_KINDS:
            raise ImportRejected("A new publisher is a media outlet or an official body.")
        publisher, created = get_or_create_actor(
            new_publisher_name, new_publisher_kind, user, index
        )
        if created:
            created_actors.append(publisher)
    if publisher is not None and publisher.kind not in Source.PUBLISHER_KINDS:
        raise ImportRejected(
            f"“{publisher}” is not a media outlet or an official body; choose one as publisher."
        )

    source = Source(
        url=article.url,
        title=(article.title or article.url)[:500],
        publisher=publisher,
        credit=article.credit[:200],
        author=article.author[:300],
        published_on=article.published_on,
        language=article.language,
        kind=article.kind,
        text=article.text,
        created_by=user,
        updated_by=user,
    )
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        existing = Source.objects.filter(url=article.url).first()
        if existing:
            raise DuplicateSource(existing) from None
        raise
    saved = SavedImport(source=source, actors=created_actors)
    if statements:
        saved.event = event_for(event, new_event, user)
        EventSource.objects.get_or_create(
            event=saved.event,
            source=source,
            defaults={"position": saved.event.source_links.count()},
        )
        saved.statements = add_statements(
            saved.event, source, statements, user, saved.actors, index=index
        )
    return saved


def event_for(event: Event | None, new_event: NewEvent | None, user) -> Event:
    if event is not None:
        return event
    if new_event is None:
        raise ImportRejected("Statements belong to an event: choose an event or name a new one.")
    created = Event(
        title=new_event.title[:300],
        slug=_unique_slug(Event, f"{new_event.date.isoformat()}-{new_event.title}", 200),
        summary="",
        event_type=new_event.event_type,
        status=Status.DRAFT,
        review_note="Created by article import: write the summary and check the date.",
        created_by=user,
        updated_by=user,
    )
    created.set_date(new_event.date.isoformat())
    created.save()
    return created


def add_statements(
    event: Event,
    source: Source,
    statements: Sequence[ConfirmedStatement],
    user=None,
    created_actors: list[Actor] | None = None,
    *,
    index: ActorIndex | None = None,
) -> list[Statement]:
    """Statements confirmed by an editor, skipping ones already recorded for this event."""
    saved = []
    if index is None and any(item.speaker is None for item in statements):
        index = ActorIndex()
    start = event.statements.count()
    for position, item in enumerate(statements, start=start):
        speaker = item.speaker
        if speaker is None:
            if not item.new_speaker_name.strip():
                raise ImportRejected(f"Choose who said “{item.text[:60]}…”, or discard it.")
            speaker, created = get_or_create_actor(
                item.new_speaker_name, item.new_speaker_kind, user, index
            )
            if created and created_actors is not None:
                created_actors.append(speaker)
        if Statement.objects.filter(event=event, speaker=speaker, text=item.text).exists():
            continue
        saved.append(
            Statement.objects.create(
                event=event,
                speaker=speaker,
                speaker_title=item.speaker_title[:200],
                text=item.text,
                language=item.language,
                original_text=item.original_text,
                original_language=item.original_language,
                kind=Statement.Kind.QUOTE,
                said_on=item.said_on,
                source=source,
                position=position,
                created_by=user,
                updated_by=user,
            )
        )
        _add_actor(event, speaker, item.speaker_title)
    return saved


def _add_actor(event: Event, actor: Actor, title: str) -> None:
    """A speaker takes part in the event: listed among its actors (once, whatever role an
    editor gave them already), with the title the article gives."""
    if EventActor.objects.filter(event=event, actor=actor).exists():
        return
    EventActor.objects.create(
        event=event,
        actor=actor,
        role=EventActor.Role.PARTICIPANT,
        title=title[:200],
        position=EventActor.objects.filter(event=event).count(),
    )
