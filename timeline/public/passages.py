"""Find the passages of a source's text that statements quote, and mark them up safely.

Quotes are matched ignoring case, runs of whitespace and the style of quotation marks;
a quote with omissions ("… ") is matched piece by piece. The text is escaped piece by
piece, so nothing in a stored article can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from incidents.models import Statement

_QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)
_OMISSION_RE = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|\.\s*\.\s*\.|…)\s*")
_TRIM = " \t\r\n\"'“”‘’«»„"
MIN_FRAGMENT = 12  # shorter pieces would match by accident


@dataclass(frozen=True)
class Passage:
    start: int
    end: int
    statement_id: int


def _normalised(text: str) -> tuple[str, list[int]]:
    """Case-folded text with quotes unified and whitespace collapsed, and for every
    character of it the index of the original character it came from."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text.translate(_QUOTES)):
        if char.isspace():
            if not chars or chars[-1] == " ":
                continue
            folded = " "
        else:
            folded = char.casefold()
        chars.extend(folded)
        origin.extend([index] * len(folded))
    return "".join(chars), origin


def find_passages(text: str, statements: Iterable[Statement]) -> list[Passage]:
    """Non-overlapping passages of ``text`` quoted by the statements, in text order."""
    haystack, origin = _normalised(text)
    found: list[Passage] = []
    for statement in statements:
        for quoted in (statement.text, statement.original_text):
            pieces = [piece.strip(_TRIM) for piece in _OMISSION_RE.split(quoted or "")]
            matches = []
            for piece in pieces:
                needle, _ = _normalised(piece)
                needle = needle.strip(_TRIM)
                if len(needle) < MIN_FRAGMENT:
                    continue
                at = haystack.find(needle)
                if at >= 0:
                    end = at + len(needle) - 1
                    matches.append(Passage(origin[at], origin[end] + 1, statement.pk))
            if matches:
                found.extend(matches)
                break
    found.sort(key=lambda passage: (passage.start, -passage.end))
    kept: list[Passage] = []
    for passage in found:
        if not kept or passage.start >= kept[-1].end:
            kept.append(passage)
    return kept


def render_text(text: str, passages: list[Passage]) -> SafeString:
    """The text as escaped paragraphs, each quoted passage a ``<mark>`` linking to its
    statement; the first mark of a statement carries the id ``passage-<pk>``."""
    html: list[str] = []
    anchored: set[int] = set()
    for paragraph in re.finditer(r"[^\n]+", text):
        if not paragraph.group().strip():
            continue
        start, end = paragraph.span()
        pieces: list[str] = []
        position = start
        for passage in passages:
            if passage.end <= start or passage.start >= end:
                continue
            mark_start, mark_end = max(passage.start, start), min(passage.end, end)
            pieces.append(escape(text[position:mark_start]))
            anchor = ""
            if passage.statement_id not in anchored:
                anchored.add(passage.statement_id)
                anchor = f' id="passage-{passage.statement_id}"'
            pieces.append(
                f'<mark class="passage"{anchor}><a href="#statement-{passage.statement_id}">'
                f"{escape(text[mark_start:mark_end])}</a></mark>"
            )
            position = mark_end
        pieces.append(escape(text[position:end]))
        html.append(f"<p>{''.join(pieces).strip()}</p>")
    return mark_safe("\n".join(html))  # every piece of text is escaped above
