"""Reading a watched source: its feed (RSS or Atom, by feedparser) or its listing page (the
links to articles on the page), fetched through the importer's safe fetch."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.html
from django.core.exceptions import ValidationError

from incidents import importing

from .models import WatchedSource

# What a feed is served as (servers differ); listing pages are HTML.
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/xml",
        "text/xml",
        "text/plain",
        "text/html",
    }
)
LISTING_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# A listing page's link to an article has a headline's worth of text: four words, or eight
# characters of Japanese (which has no spaces). Menus, headers and footers are not read.
MIN_HEADLINE_WORDS = 4
MIN_HEADLINE_CJK_CHARS = 8
_CJK = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_CHROME = "ancestor::nav or ancestor::header or ancestor::footer or ancestor::aside"
_TAGS = re.compile(r"<[^>]+>")


class SourceUnreadable(Exception):
    """The source could not be fetched or read; the message says why, for its admin row."""


@dataclass
class Entry:
    url: str
    title: str
    summary: str = ""
    published_at: dt.datetime | None = None


def read_source(source: WatchedSource) -> list[Entry]:
    """The entries the source lists now, newest first as the source orders them."""
    types = FEED_TYPES if source.kind == WatchedSource.Kind.FEED else LISTING_TYPES
    try:
        page = importing.fetch_url(source.url, types=types)
    except importing.ImportRejected as exc:
        raise SourceUnreadable(str(exc)) from None
    if source.kind == WatchedSource.Kind.FEED:
        entries = parse_feed(page.data)
    else:
        entries = parse_listing(page.data, page.url)
    return _unique(entries)


def _clean_url(url: str) -> str | None:
    try:
        return importing.normalise_url(url)
    except ValidationError:
        return None


def _unique(entries: list[Entry]) -> list[Entry]:
    seen: dict[str, Entry] = {}
    for entry in entries:
        url = _clean_url(entry.url)
        if url and url not in seen:
            entry.url = url
            seen[url] = entry
    return list(seen.values())


def _date(parsed) -> dt.datetime | None:
    if not parsed:
        return None
    try:
        return dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None


def _plain(text: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", text or "")).split())


def parse_feed(data: bytes) -> list[Entry]:
    """RSS 1.0/2.0 or Atom; a document that is no feed at all is an error."""
    parsed = feedparser.parse(data)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f" ({problem})" if problem else ""
        raise SourceUnreadable(f"The address did not answer with a feed with entries{reason}.")
    entries = []
    for item in parsed.entries:
        link = item.get("link") or ""
        if not link:
            continue
        entries.append(
            Entry(
                url=link,
                title=_plain(item.get("title", ""))[:500],
                summary=_plain(item.get("summary", ""))[:2000],
                published_at=_date(item.get("published_parsed") or item.get("updated_parsed")),
            )
        )
    return entries


def _headline(text: str) -> bool:
    if _CJK.search(text):
        return len(_CJK.findall(text)) >= MIN_HEADLINE_CJK_CHARS
    return len(text.split()) >= MIN_HEADLINE_WORDS


def parse_listing(data: bytes, base_url: str) -> list[Entry]:
    """Links on the same site whose text reads like a headline, outside menus and footers."""
    text = importing.decode_bytes(data)
    try:
        tree = lxml.html.fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        raise SourceUnreadable("The listing page could not be read as HTML.") from None
    host = urlsplit(base_url).hostname
    entries = []
    for link in tree.xpath(f"//a[@href][not({_CHROME})]"):
        title = " ".join(link.text_content().split())
        url = urljoin(base_url, link.get("href", ""))
        if not _headline(title) or urlsplit(url).hostname != host:
            continue
        if url.rstrip("/") == base_url.rstrip("/"):
            continue
        entries.append(Entry(url=url, title=title[:500]))
    if not entries:
        raise SourceUnreadable("No links to articles were found on the listing page.")
    return entries
