"""Full-text search for the public timeline, and safe highlighting of the matched words.

The query is read in web-search syntax (every word required, ``"quoted phrases"``,
``-excluded``, ``or``), and each word is read into tokens exactly as the events' documents
are (incidents.search_tokens): stems for English and Russian words, pairs of characters for
Japanese. The same reading becomes a ``tsquery`` on PostgreSQL (matched against
``Event.search_vector``, ranked with ``ts_rank``) and LIKE/REGEXP conditions on SQLite's
``Event.search_text``, so both databases find the same events.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from incidents.search_tokens import Alternative, Run, runs, word_alternatives

MAX_QUERY_LENGTH = 200

# "or" between words, as English and Russian readers write it.
OR_WORDS = ("or", "или")
_TOKEN_RE = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Punctuation around a word is not part of it.
_EDGES_RE = re.compile(r"^[\W_]+|[\W_]+$")
_PREFIX_RE = re.compile(r"\w\*[\W_]*$")


@dataclass(frozen=True)
class Term:
    text: str  # case-folded
    negated: bool = False
    quoted: bool = False
    prefix: bool = False  # typed with a * at the end: its last word may go on (zakh*)


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
            negated, quoted = bool(minus), True
        else:
            if word.casefold() in OR_WORDS:
                if groups[-1]:
                    groups.append([])
                continue
            negated, quoted = word.startswith("-") and len(word) > 1, False
            text = _EDGES_RE.sub("", word[1:] if negated else word).casefold()
        if text:
            prefix = not quoted and bool(_PREFIX_RE.search(word))
            groups[-1].append(Term(text, negated, quoted, prefix))
    return [group for group in groups if group]


def _content_terms(group: list[Term]) -> list[Term]:
    """The group less its stop words (of, the, на…), unless it has nothing else."""
    content = [
        term
        for term in group
        if term.quoted or term.negated or not all(run.stop_word for run in runs(term.text))
    ]
    return content or group


def highlight_terms(q: str) -> list[str]:
    """The words and phrases worth marking in results (not the excluded ones)."""
    terms = {
        term.text + ("*" if term.prefix else "")
        for group in parse_query(q)
        for term in _content_terms(group)
        if not term.negated
    }
    # Longest first, so that a phrase wins over one of its words.
    return sorted(terms, key=lambda text: (-len(text), text))


# --- what a term asks of a document --------------------------------------------------------


def _required_runs(text: str) -> list[Run]:
    """The runs of an unquoted term that must all be found. Hiragana beside kanji or
    katakana is grammar, not the subject (抗議した, 北方領土の返還): it is left out then."""
    found = list(runs(text))
    content = [run for run in found if run.kind != "hiragana"]
    return content or found


@dataclass(frozen=True)
class Match:
    """One position: any of the alternatives."""

    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True)
class Condition:
    """``op`` is "and", "or", "not" (one part) or "phrase" (Match parts at offsets)."""

    op: str
    parts: tuple = ()
    offsets: tuple[int, ...] = ()
    layout: tuple[tuple[Alternative, ...], ...] = ()  # a phrase's tokens in search_text


def _run_matches(run: Run, prefix: bool = False) -> list[tuple[int, Match]]:
    """(offset, match) of a run: a word is one position; a Japanese run its bigrams at their
    positions (its one character, when alone)."""
    if not run.spaceless:
        return [(0, Match(word_alternatives(run, prefix)))]
    chars = run.text
    if len(chars) == 1:
        return [(0, Match((Alternative(chars),)))]
    return [(i, Match((Alternative(chars[i : i + 2]),))) for i in range(len(chars) - 1)]


def _term_condition(term: Term) -> Condition | Match | None:
    found = list(runs(term.text))
    if term.quoted or (len(found) > 1 and not any(run.spaceless for run in found)):
        # A phrase, or one word written in parts (Sakhalin-1, anti-Russian): in that order.
        condition = _phrase(term.text)
    else:
        required = _required_runs(term.text)
        matches = [
            match
            for i, run in enumerate(required)
            for _offset, match in _run_matches(run, term.prefix and i == len(required) - 1)
        ]
        condition = Condition("and", tuple(matches)) if len(matches) > 1 else None
        condition = condition or (matches[0] if matches else None)
    if condition is not None and term.negated:
        return Condition("not", (condition,))
    return condition


def _phrase(text: str) -> Condition | Match | None:
    """Every position of a quoted phrase, one after another."""
    matches, offsets, layout, position = [], [], [], 0
    for run in runs(text):
        for offset, match in _run_matches(run):
            matches.append(match)
            offsets.append(position + offset)
        if run.spaceless:
            layout += [(Alternative(token),) for slot in run.slots() for token in slot]
        else:
            layout.append(word_alternatives(run))
        position += len(run.slots())
    if len(matches) > 1:
        return Condition("phrase", tuple(matches), tuple(offsets), tuple(layout))
    return matches[0] if matches else None


def query_condition(q: str) -> Condition | None:
    """What ``q`` asks, or None when it asks nothing (only punctuation or operators)."""
    groups = []
    for group in parse_query(q):
        parts = [c for c in map(_term_condition, _content_terms(group)) if c is not None]
        if parts:
            groups.append(Condition("and", tuple(parts)))
    return Condition("or", tuple(groups)) if groups else None


# --- PostgreSQL: a tsquery written literally -------------------------------------------------


def _tsquery(node: Condition | Match) -> str:
    if isinstance(node, Match):
        lexemes = [f"'{a.token}'{':*' if a.prefix else ''}" for a in node.alternatives]
        return lexemes[0] if len(lexemes) == 1 else f"({' | '.join(lexemes)})"
    if node.op == "not":
        return f"!{_tsquery(node.parts[0])}"
    if node.op == "phrase":
        text = _tsquery(node.parts[0])
        steps = zip(node.offsets[:-1], node.offsets[1:], node.parts[1:], strict=True)
        for previous, offset, part in steps:
            text = f"({text} <{offset - previous}> {_tsquery(part)})"
        return text
    joiner = " & " if node.op == "and" else " | "
    return f"({joiner.join(_tsquery(part) for part in node.parts)})"


class TokenQuery(SearchQuery):
    """A tsquery given literally: its lexemes are already the documents' tokens, so no
    text-search configuration may change them."""

    def __init__(self, condition: Condition) -> None:
        super().__init__(Value(_tsquery(condition)), search_type="raw")

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql})::tsquery", params


# --- SQLite: the same tokens in search_text --------------------------------------------------


def _slot_pattern(alternatives: tuple[Alternative, ...]) -> str:
    options = [re.escape(a.token) + (r"\S*" if a.prefix else "") for a in alternatives]
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


def _text_condition(node: Condition | Match) -> Q:
    if isinstance(node, Match):
        condition = Q()
        for a in node.alternatives:
            # search_text lines are " tok tok ": a token starts after a space, and ends
            # before one unless it may go on.
            condition |= Q(search_text__contains=f" {a.token}" + ("" if a.prefix else " "))
        return condition
    if node.op == "not":
        return ~_text_condition(node.parts[0])
    if node.op == "phrase":
        # Django gives SQLite a REGEXP function (Python's re).
        slots = " ".join(_slot_pattern(slot) for slot in node.layout)
        return Q(search_text__regex=f" {slots} ")
    condition = Q()
    for part in node.parts:
        if node.op == "and":
            condition &= _text_condition(part)
        else:
            condition |= _text_condition(part)
    return condition


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def search_events(queryset: QuerySet, q: str) -> QuerySet:
    """Only the events matching ``q``."""
    condition = query_condition(q)
    if condition is None:
        # Only punctuation, quotes or operators: nothing to search for, nothing matches.
        return queryset.none()
    if uses_postgres():
        return queryset.filter(search_vector=TokenQuery(condition))
    return queryset.filter(_text_condition(condition))


def rank_events(queryset: QuerySet, q: str) -> QuerySet:
    """Best matches first (PostgreSQL), newest first among equals and on SQLite."""
    chronological = ("-date_lower", "-date_upper", "-pk")
    condition = query_condition(q)
    if not uses_postgres() or condition is None:
        return queryset.order_by(*chronological)
    rank = SearchRank(F("search_vector"), TokenQuery(condition))
    return queryset.annotate(rank=rank).order_by("-rank", *chronological)


# --- highlighting ----------------------------------------------------------------------------


def _run_found(query: Run, shown: Run, prefix: bool = False) -> bool:
    """Whether a run of the displayed text is one the query run finds: a word by its stem
    (Захаровой for Захарова), a Japanese word holding the query's characters (北方領土 for
    北方)."""
    if query.spaceless:
        return shown.spaceless and query.text in shown.text
    if shown.spaceless or (query.kind == "number") != (shown.kind == "number"):
        return False
    return any(a.matches(shown.text) for a in word_alternatives(query, prefix))


def _spans(text: str, term: str) -> list[tuple[int, int]]:
    shown = list(runs(text))
    if " " not in term:
        wanted = _required_runs(term)
        prefix = [term.endswith("*") and i == len(wanted) - 1 for i in range(len(wanted))]
        return [
            (s.start, s.end)
            for s in shown
            if any(_run_found(w, s, p) for w, p in zip(wanted, prefix, strict=True))
        ]
    # A phrase: its runs one after another.
    wanted = list(runs(term))
    spans = []
    for i in range(len(shown) - len(wanted) + 1):
        window = shown[i : i + len(wanted)]
        if all(_run_found(w, s) for w, s in zip(wanted, window, strict=True)):
            spans.append((window[0].start, window[-1].end))
    return spans


def highlight(text: str, terms: list[str]) -> SafeString:
    """``text`` HTML-escaped, with each word the terms find wrapped in ``<mark>``.

    The text is cut at the marks first and every piece is escaped on its own, so no markup
    in the text can survive and no mark can fall inside an escaped entity.
    """
    text = text or ""
    spans = sorted(
        {span for term in terms for span in _spans(text, term)}, key=lambda s: (s[0], -s[1])
    )
    pieces: list[str] = []
    position = 0
    for start, end in spans:
        if start < position:  # inside a phrase already marked
            continue
        pieces.append(escape(text[position:start]))
        pieces.append(f"<mark>{escape(text[start:end])}</mark>")
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped above
