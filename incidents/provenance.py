"""Is a statement really in the article it names? A reproducible check against stored text.

A statement's source is *verified* only when its words are found in the cleaned text stored
on that source: a quotation verbatim (ignoring case, Unicode forms, runs of whitespace, the
style of quotation marks and dashes, and "…" omissions, each piece found in order); a
paraphrase either verbatim or, strictly, with every one of its key words in one paragraph.
Nothing here guesses: no stored text, no verification.

``load_seed``, ``Statement.save()`` and the statement admin's actions all use these
functions, so the same data always gives the same answer.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .models import Source, Statement

# Typographic variants folded to one plain form (after NFKC, which already turns "…" into
# "...", full-width forms into ASCII and no-break spaces into spaces).
_FOLD = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "`": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "「": '"',
        "」": '"',
        "『": '"',
        "』": '"',
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "−": "-",
        "ё": "е",
        "Ё": "Е",
        "\u00ad": "",  # soft hyphen
        "\u200b": "",  # zero-width space
    }
)
_SPACE_RE = re.compile(r"\s+")
_CJK = r"\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# A space between two CJK characters is layout, not a word boundary.
_CJK_SPACE_RE = re.compile(rf"(?<=[{_CJK}]) (?=[{_CJK}])")
# "…", "...", "[...]" mark words left out of a quotation: each piece is found separately.
_OMISSION_RE = re.compile(r"\s*(?:\[\s*(?:\.\s*){3}\]|(?:\.\s*){3}|…)\s*")
_EDGES = " \"'.,;:!?()[]-"
MIN_QUOTED = 12  # characters: a shorter quotation would be found by accident
MIN_KEY_WORDS = 4  # a paraphrase with fewer key words cannot be checked strictly
_WORD_RE = re.compile(r"\w+")
_PARAGRAPH_RE = re.compile(r"\n\s*\n|\n")
# Words that carry no substance in a paraphrase (English, Russian).
_STOPWORDS = frozenset(
    """
    about after again also among because been before being between both could does doing
    during each from further have having here into itself just more most only other over
    said says same should some such than that their them then there these they this those
    through under until very were what when where which while will with would your этот
    эта это эти того чтобы когда также была были было будет более может после
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


def normalise(text: str) -> str:
    """The text in the one form both sides are compared in."""
    text = unicodedata.normalize("NFKC", text or "").translate(_FOLD).casefold()
    text = _SPACE_RE.sub(" ", text).strip()
    return _CJK_SPACE_RE.sub("", text)


def quotation_in(quoted: str, stored: str) -> bool:
    """Whether the quotation's words (every piece between omissions, in order) are in
    ``stored``."""
    pieces = [normalise(piece).strip(_EDGES) for piece in _OMISSION_RE.split(quoted or "")]
    pieces = [piece for piece in pieces if piece]
    if sum(len(piece) for piece in pieces) < MIN_QUOTED:
        return False
    haystack, start = normalise(stored), 0
    for piece in pieces:
        at = haystack.find(piece, start)
        if at < 0:
            return False
        start = at + len(piece)
    return True


def key_words(text: str) -> set[str]:
    """The words that carry a paraphrase's substance: numbers, and words of four letters or
    more that are not stopwords."""
    return {
        word
        for word in _WORD_RE.findall(normalise(text))
        if word.isdigit() or (len(word) >= 4 and word not in _STOPWORDS)
    }


def paraphrase_in(paraphrase: str, stored: str) -> bool:
    """Strict: verbatim, or every key word of the paraphrase in one paragraph of ``stored``."""
    if quotation_in(paraphrase, stored):
        return True
    wanted = key_words(paraphrase)
    if len(wanted) < MIN_KEY_WORDS:
        return False
    return any(
        wanted <= set(_WORD_RE.findall(normalise(paragraph)))
        for paragraph in _PARAGRAPH_RE.split(stored or "")
    )


def words_in(text: str, original_text: str, kind: str, stored: str) -> bool:
    """Whether a statement with these words is printed in ``stored`` (the English text or,
    for a translation, the original-language words)."""
    if not (stored or "").strip():
        return False
    found = quotation_in if kind == "quote" else paraphrase_in
    return any(found(words, stored) for words in (text, original_text) if words)


def verify_statement(statement: Statement, source: Source | None = None) -> bool:
    """Whether ``statement`` is found in the stored text of ``source`` (by default, the
    source it names)."""
    source = source if source is not None else statement.source
    return words_in(statement.text, statement.original_text, statement.kind, source.text)


class Located(NamedTuple):
    source: Source  # the source that prints the statement, or the one it names
    found: bool
    moved: bool  # found in another source than the one it names


def locate(statement: Statement, candidates: Iterable[Source]) -> Located:
    """The source that prints ``statement``: the one it names if that one does, otherwise
    the first of ``candidates`` (its event's other sources) that does."""
    named = statement.source
    if verify_statement(statement, named):
        return Located(named, True, False)
    for candidate in candidates:
        if candidate.pk != named.pk and verify_statement(statement, candidate):
            return Located(candidate, True, True)
    return Located(named, False, False)


def checked_state(statement: Statement) -> str:
    """The verification state ``statement`` should have now.

    Found in its source's stored text: verified. Not found: an editor's confirmation or an
    "unverified" mark stands; but a statement that *was* verified and is no longer found
    (its words, its source or the stored text changed) becomes unverified — nobody has
    checked the new wording against the article.
    """
    from .models import SourceCheck

    if statement.source_id and verify_statement(statement):
        return SourceCheck.VERIFIED
    if statement.source_check == SourceCheck.VERIFIED:
        return SourceCheck.UNVERIFIED
    return statement.source_check


class CheckReport(NamedTuple):
    verified: list[Statement]  # found in the source they name
    moved: list[Statement]  # found in another source of their event, now linked to it
    not_found: list[Statement]  # found in no stored text of their event's sources
    refused: list[Statement]  # would change, but the user may not change them


def recheck(statements: Iterable[Statement], may_change=lambda statement: True) -> CheckReport:
    """Check each statement against the stored text of its source, then of its event's other
    sources; link the one that prints it and save the new state. ``may_change(statement)``
    says whether the user may change it (a published event changes only through a
    reviewer); a statement they may not change is reported, not saved."""
    report = CheckReport([], [], [], [])
    for statement in statements:
        candidates = [link.source for link in statement.event.source_links.all()]
        located = locate(statement, candidates)
        before = (statement.source_id, statement.source_check)
        statement.source = located.source
        statement.source_check = checked_state(statement)
        if (statement.source_id, statement.source_check) != before:
            if not may_change(statement):
                report.refused.append(statement)
                continue
            statement.save()
        if located.moved:
            report.moved.append(statement)
        elif located.found:
            report.verified.append(statement)
        else:
            report.not_found.append(statement)
    return report
