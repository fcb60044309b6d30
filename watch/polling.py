"""One poll of one source: read its entries, and for each new one fetch the article through
the importer (safe fetch, cleaning, metadata), score it, import it as a draft source when it
is relevant, and place it (a report of a recorded event, or a candidate)."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction

from incidents import importing
from incidents.models import EventType

from . import feeds, matching, scheduler
from .models import WatchedSource, WatchItem
from .relevance import ActorNames, score

logger = logging.getLogger(__name__)

# New items read per poll: the rest wait for the next one (a flood never holds a worker).
MAX_NEW_ITEMS = 30


@dataclass
class PollResult:
    source: WatchedSource
    items: list[WatchItem] = field(default_factory=list)
    error: str = ""


def poll_source(source_id: int) -> PollResult | None:
    """Poll the source if no other poll holds it (None then). A failing source records its
    error and waits longer next time; it never raises, so the other sources go on."""
    if not scheduler.claim(source_id):
        return None
    source = WatchedSource.objects.select_related("outlet").get(pk=source_id)
    result = PollResult(source)
    try:
        with importing.time_limit(_poll_seconds()):
            entries = feeds.read_source(source)
        names = ActorNames()
        for entry in _new(source, entries)[: _max_new()]:
            item = _take(source, entry, names)
            if item is not None:
                result.items.append(item)
    except (feeds.SourceUnreadable, importing.ImportRejected) as exc:
        result.error = str(exc)
    except Exception as exc:  # one broken source must not stop the others
        logger.exception("Polling %s failed", source.url)
        result.error = f"Unexpected error: {exc.__class__.__name__}: {exc}"
    finally:
        scheduler.release(source, result.error)
    return result


def _poll_seconds() -> float:
    return float(getattr(settings, "WATCH_FEED_SECONDS", importing.IMPORT_TIME_LIMIT_SECONDS))


def _max_new() -> int:
    return int(getattr(settings, "WATCH_MAX_NEW_ITEMS", MAX_NEW_ITEMS))


def _new(source: WatchedSource, entries: list[feeds.Entry]) -> list[feeds.Entry]:
    known = set(
        WatchItem.objects.filter(source=source, url__in=[e.url for e in entries]).values_list(
            "url", flat=True
        )
    )
    return [entry for entry in entries if entry.url not in known]


def _take(source: WatchedSource, entry: feeds.Entry, names: ActorNames) -> WatchItem | None:
    """Record one new entry: fetch, score, import, place. None if another poll took it."""
    try:
        with transaction.atomic():
            item = WatchItem.objects.create(
                source=source,
                url=entry.url,
                title=entry.title,
                summary=entry.summary,
                published_at=entry.published_at,
                language=source.language,
            )
    except IntegrityError:
        return None
    article = _fetch(item)
    found = score(item.title, item.text or item.summary, names)
    item.score, item.relevant = found.score, found.relevant
    item.event_type = EventType.objects.filter(slug=found.event_type).first()
    item.save()
    item.actors.set(found.actors)
    source_row = import_source(item, article) if found.relevant else _recorded_copy(item, article)
    matching.place(item, found, source_row)
    return item


def _fetch(item: WatchItem) -> importing.Article | None:
    """The article behind the item, cleaned by the importer (None if it cannot be read: the
    feed's title and summary are scored instead)."""
    try:
        with importing.time_limit():
            article = importing.match_actors(importing.read_url(item.url))
    except importing.ImportRejected as exc:
        item.fetch_error = str(exc)[:2000]
        return None
    except Exception as exc:  # one unreadable article must not stop the poll's other items
        logger.exception("Reading %s failed", item.url)
        item.fetch_error = f"Could not be read: {exc.__class__.__name__}"
        return None
    item.text = article.text
    item.language = article.language or item.language
    item.title = item.title or article.title[:500]
    if item.published_at is None and article.published_on:
        item.published_at = dt.datetime.combine(article.published_on, dt.time(), tzinfo=dt.UTC)
    return article


def _recorded_copy(item: WatchItem, article: importing.Article | None):
    """The source already recorded with this item's address or (nearly) its text, whatever
    its score: a copy of an article on record reports the same event."""
    if article is None:
        return None
    existing = importing.find_duplicate(article)
    if existing is not None:
        item.imported_source = existing
        item.save(update_fields=["imported_source"])
    return existing


def _article_of(item: WatchItem) -> importing.Article:
    """An article rebuilt from what the item kept, for importing it later."""
    return importing.Article(
        text=item.text or item.summary or item.title,
        title=item.title,
        url=item.url,
        published_on=item.reported_on,
        language=item.language or item.source.language,
    )


def import_source(item: WatchItem, article: importing.Article | None = None, user=None):
    """The item's article as a draft source (or the source already recorded for it)."""
    if item.imported_source_id:
        return item.imported_source
    article = article or _article_of(item)
    article.url = article.url or item.url
    if article.published_on is None and item.published_at is not None:
        article.published_on = item.reported_on  # the feed dates what the page does not
    publisher = item.source.outlet or article.publisher
    try:
        saved = importing.save_import(article, user=user, publisher=publisher).source
    except importing.DuplicateSource as exc:
        saved = exc.source
    except importing.ImportRejected as exc:
        item.fetch_error = (item.fetch_error or str(exc))[:2000]
        item.save(update_fields=["fetch_error"])
        return None
    item.imported_source = saved
    item.save(update_fields=["imported_source"])
    return saved


def describe(item: WatchItem) -> dict:
    """The command line's line for one new item."""
    return {
        "url": item.url,
        "title": item.title,
        "relevant": item.relevant,
        "score": item.score,
        "event_type": item.event_type.slug if item.event_type_id else None,
        "actors": [actor.name_en for actor in item.actors.all()],
        "duplicate_of": item.duplicate_of.slug if item.duplicate_of_id else None,
    }
