"""What the importer made of one article, as a plain record (JSON-ready): the one shape shared
by ``manage.py import_articles --dry-run --json``, the corpus score (``scoring``) and, later,
the admin's preview, so that all three show the same thing.

Empty values are ``None`` (null in JSON) rather than "", so a consumer can tell "not found"
from a found empty string; ``title_guessed`` is always a boolean."""

from __future__ import annotations

from typing import Any

from .limits import ImportRejected, limited
from .pipeline import parse_article
from .reading import ALLOWED_EXTENSIONS, decode_bytes, looks_like_html
from .results import Article


@limited
def read_named_file(name: str, data: bytes, *, url: str = "") -> Article:
    """A local file (.txt or .html) → article, with the address it came from given to the
    parser *before* parsing (``manage.py import_articles --url``): the host decides the
    publisher and the kind (a mofa.go.jp page is the ministry's official release) exactly as
    a "URL:" line in the file would. The given address wins over one found in the file."""
    lower = name.lower()
    if not lower.endswith(ALLOWED_EXTENSIONS):
        raise ImportRejected("Only .txt and .html files can be imported.")
    text = decode_bytes(data)
    is_html = lower.endswith((".html", ".htm")) or looks_like_html(text)
    article = parse_article(text, is_html=is_html, url=url)
    if url:
        article.url = url
    return article


def _or_none(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def preview_record(article: Article, *, path: str | None = None) -> dict[str, Any]:
    """The article as a dict: path, url, title, title_guessed, published (ISO date or None),
    publisher, credit, author, language, kind, text, and quotes (speaker, speaker_title,
    quote). Reads only what the importer produced; writes nothing."""
    return {
        "path": path,
        "url": _or_none(article.url),
        "title": _or_none(article.title),
        "title_guessed": bool(article.title_guessed),
        "published": article.published_on.isoformat() if article.published_on else None,
        # The publisher as the article names it, whether or not it is an actor yet.
        "publisher": _or_none(article.publisher_name),
        "credit": _or_none(article.credit),
        "author": _or_none(article.author),
        "language": _or_none(article.language),
        "kind": _or_none(str(article.kind) if article.kind else ""),
        "text": article.text,
        "quotes": [
            {
                "speaker": _or_none(s.speaker_name),
                "speaker_title": _or_none(s.speaker_title),
                "quote": s.text,
            }
            for s in article.statements
        ],
    }
