"""Full-text search for the public timeline, and safe highlighting of the matched words.

PostgreSQL: the query is read with ``websearch_to_tsquery`` (quoted phrases, ``-word``,
``or``) in both the English config (stemmed prose) and the simple config (names as
written), and matched against ``Event.search_vector``. SQLite: the same syntax is read
here and every plain word must appear in the case-folded ``Event.search_text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from incidents.search_index import NAME_CONFIG, PROSE_CONFIG

MAX_QUERY_LENGTH = 200

_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Punctuation around a word is not part of it.
_EDGES_RE = re.compile(r"^[\W_]+|[\W_]+$")
# The SQLite fallback imitates PostgreSQL's English stemming for the usual endings: the
# word's stem, then one of these, as a whole word ("protests" ~ protest, protested…).
_ENDINGS = ("ing", "ies", "ied", "ed", "es", "s", "e", "d", "y")
_ENDINGS_RE = "(?:ing|ings|ies|ied|ed|es|s|e|d|y|er|ers|ion|ions|ic|al)?"


@dataclass(frozen=True)
class Term:
    text: str  # case-folded
    negated: bool = False


def parse_query(q: str) -> list[list[Term]]:
    """Read web-search syntax into OR-groups of AND-ed terms.

    ``zakharova "sea of japan" -drill or protest`` →
    ``[[zakharova, "sea of japan", -drill], [protest]]``.
    """
    groups: list[list[Term]] = [[]]
    for match in _TOKEN_RE.finditer(q):
        minus, phrase, word = match.groups()
        if phrase is not None:
            text = " ".join(phrase.casefold().split())
            negated = bool(minus)
        else:
            if word.casefold() == "or":
                if groups[-1]:
                    groups.append([])
                continue
            negated = word.startswith("-") and len(word) > 1
            text = _EDGES_RE.sub("", word[1:] if negated else word).casefold()
        if text:
            groups[-1].append(Term(text, negated))
    return [group for group in groups if group]


def highlight_terms(q: str) -> list[str]:
    """The words and phrases worth marking in results (not the excluded ones)."""
    terms = {term.text for group in parse_query(q) for term in group if not term.negated}
    # Longest first, so that a phrase wins over one of its words.
    return sorted(terms, key=lambda text: (-len(text), text))


def _postgres_query(q: str):
    return SearchQuery(q, config=PROSE_CONFIG, search_type="websearch") | SearchQuery(
        q, config=NAME_CONFIG, search_type="websearch"
    )


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _stem(word: str) -> str:
    if word.isascii() and word.isalpha():
        for ending in _ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                return word[: -len(ending)]
    return word


def _fallback_pattern(term: str) -> str:
    """A regular expression for a term in the case-folded ``search_text``: whole words
    (as PostgreSQL's parser splits them), the last one with the usual English endings."""
    words = term.split()
    *first, last = words
    parts = [re.escape(word) for word in first]
    stem = _stem(last)
    parts.append(re.escape(stem) + (_ENDINGS_RE if stem.isascii() else ""))
    return r"(?<!\w)" + r"\W+".join(parts) + r"(?!\w)"


def search_events(queryset: QuerySet, q: str) -> QuerySet:
    """Only the events matching ``q``."""
    groups = parse_query(q)
    if not groups:
        # Only punctuation, quotes or operators: nothing to search for, nothing matches.
        return queryset.none()
    if uses_postgres():
        return queryset.filter(search_vector=_postgres_query(q))
    condition = Q()
    for group in groups:
        group_condition = Q()
        for term in group:
            # Django gives SQLite a REGEXP function (Python's re).
            matches = Q(search_text__regex=_fallback_pattern(term.text))
            group_condition &= ~matches if term.negated else matches
        condition |= group_condition
    return queryset.filter(condition) if condition else queryset.none()


def rank_events(queryset: QuerySet, q: str) -> QuerySet:
    """Best matches first (PostgreSQL), newest first among equals and on SQLite."""
    chronological = ("-date_lower", "-date_upper", "-pk")
    if not uses_postgres():
        return queryset.order_by(*chronological)
    rank = SearchRank(F("search_vector"), _postgres_query(q))
    return queryset.annotate(rank=rank).order_by("-rank", *chronological)


def _term_pattern(term: str) -> str:
    pattern = re.escape(term).replace(r"\ ", r"\s+")
    # Letters of scripts that separate words get a word start (and, like stemming,
    # any ending); Japanese and Chinese are written without spaces, so match anywhere.
    if (term[:1].isalnum() and term[:1].isascii()) or "\u0400" <= term[:1] <= "\u04ff":
        return rf"(?<!\w){pattern}\w*"
    return pattern


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` HTML-escaped, with each occurrence of the terms wrapped in ``<mark>``.

    The text is split on the raw matches first and every piece is escaped on its own, so
    no markup in the text can survive and no mark can fall inside an escaped entity.
    """
    text = text or ""
    if not terms:
        return escape(text)
    regex = re.compile("|".join(_term_pattern(term) for term in terms), re.IGNORECASE)
    pieces: list[str] = []
    position = 0
    for match in regex.finditer(text):
        if match.end() == match.start():
            continue
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped above
