"""Words as search sees them, in English, Russian and Japanese, the same for a document and
for a query, whichever database matches them.

Text is read in runs of one script (NFKC, case-folded): Latin words get their English
Snowball stem, Cyrillic words their Russian stem (ё read as е), numbers stay as written, and
Japanese (written without spaces) is read in overlapping pairs of characters with each
character on its own at the same position — 北方領土 is 北, 北方, 方, 方領, 領, 領土, 土 — so
that any two or more characters of a word find it, and one character finds every word
holding it. Kanji, katakana and hiragana are runs of their own (マリア・ザハロワ報道官 is
マリア, ザハロワ, 報道官).

A document is a list of *slots* (positions): one token for a word or number, a unigram and
a bigram for each Japanese character. Both databases store the same slots: PostgreSQL as a
``tsvector`` written literally (no text-search parser in between), SQLite as lines of
space-separated tokens (incidents.search_index).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# Scripts written without spaces, and the marks that belong inside their words.
HAN = "\u3005\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
KATAKANA = "\u30a1-\u30fa\u30fc-\u30ff\u31f0-\u31ff\uff66-\uff9f"  # not ・ (U+30FB)
HIRAGANA = "\u3041-\u3096\u309d-\u309f"
CYRILLIC = "\u0400-\u052f"
_SPACELESS = HAN + KATAKANA + HIRAGANA
_MARKS = "\u0300-\u036f\u3099-\u309c"  # combining accents, dakuten
# A letter of any other script (Latin, Greek…): \w less digits, underscore and the above.
_LETTER = rf"(?:(?![{_SPACELESS}{CYRILLIC}])[^\W\d_])"
_RUN_RE = re.compile(
    rf"(?P<han>[{HAN}]+)"
    rf"|(?P<katakana>[{KATAKANA}][{KATAKANA}{_MARKS}]*)"
    rf"|(?P<hiragana>[{HIRAGANA}][{HIRAGANA}{_MARKS}]*)"
    rf"|(?P<cyrillic>[{CYRILLIC}][{CYRILLIC}{_MARKS}]*)"
    # Latin words keep inner apostrophes for the stemmer: Zakharova's, Russia’s.
    rf"|(?P<word>{_LETTER}[{_MARKS}]*(?:['’]?{_LETTER}[{_MARKS}]*)*)"
    r"|(?P<number>\d+)"
)

# Longer "words" are not words (PostgreSQL refuses lexemes over 2047 bytes): left out of
# documents and queries alike.
MAX_WORD = 100

# A word typed this long or longer, which stemming shortened, also finds the stems it begins;
# so does its stem when this long (see word_alternatives).
PREFIX_MIN = 4
STEM_MIN = 5


# Words that say nothing about the subject, left out of a query that has others ("sanctions
# on Japan", "на Итурупе"); documents keep them, for phrases.
_STOP_WORDS_TEXT = """
a about after against an and are as at be between by for from has have in into is it its of
on or over than that the their this to was were will with
а без бы в во для до же за и из или к ко ли между на над не ни о об около от перед по под
после при про против с со у через что это
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass(frozen=True)
class Run:
    """A word, a number or a run of one Japanese script, where it stands in the text."""

    kind: str  # "word" (any alphabet), "number", "han", "katakana" or "hiragana"
    text: str  # normalised: NFKC, case-folded (and stemmed for words)
    raw: str  # normalised but not stemmed
    start: int
    end: int

    @property
    def stop_word(self) -> bool:
        return self.kind == "word" and self.raw in STOP_WORDS

    @property
    def spaceless(self) -> bool:
        return self.kind in ("han", "katakana", "hiragana")

    def slots(self) -> list[tuple[str, ...]]:
        """The document's tokens for this run, one tuple per position."""
        if not self.spaceless:
            return [(self.text,)]
        chars = self.text
        return [
            (char, chars[i : i + 2]) if i + 1 < len(chars) else (char,)
            for i, char in enumerate(chars)
        ]


@lru_cache(maxsize=8)
def _stemmer(language: str):
    return snowballstemmer.stemmer(language)


@lru_cache(maxsize=100_000)
def _word(raw: str, cyrillic: bool) -> str:
    if cyrillic:
        # Stress marks (а́) are dropped; й keeps its breve.
        unstressed = unicodedata.normalize("NFKD", raw).replace("\u0301", "").replace("\u0300", "")
        plain = unicodedata.normalize("NFC", unstressed).replace("ё", "е")
        stem = _stemmer("russian").stemWord(plain)
        # Snowball takes -ов/-ев for an ending only at the end of the word: Медведев → медвед
        # but Медведева → медведев, остров → остр but острова → остров. Taking it off
        # what is left too gives every form one stem.
        if len(stem) >= 5 and stem.endswith(("ов", "ев")):
            stem = stem[:-2]
        return stem
    # Accents are dropped in Latin words: Hokkaidō is Hokkaido, Pérouse is Perouse.
    plain = "".join(c for c in unicodedata.normalize("NFKD", raw) if not unicodedata.combining(c))
    stem = _stemmer("english").stemWord(plain.replace("’", "'"))
    return stem.replace("'", "")


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def runs(text: str) -> Iterator[Run]:
    """The runs of ``text`` in order, each with its place in ``text`` (for highlighting)."""
    for match in _RUN_RE.finditer(text or ""):
        kind = match.lastgroup
        raw = _normalise(match.group())
        if kind == "word" and any("\u0400" <= c <= "\u052f" for c in raw):
            kind = "cyrillic"  # a compatibility form that NFKC made Cyrillic
        if kind in ("word", "cyrillic"):
            cyrillic = kind == "cyrillic"
            raw = raw.replace("’", "'") if not cyrillic else raw.replace("ё", "е")
            stem = _word(raw, cyrillic)
            if not stem or len(raw) > MAX_WORD:
                continue
            yield Run("word", stem, raw.replace("'", ""), match.start(), match.end())
        elif kind == "number":
            if len(raw) <= MAX_WORD:
                yield Run("number", raw, raw, match.start(), match.end())
        else:
            # NFKC turns half-width katakana into full-width; marks join their letter.
            text_ = "".join(c for c in raw if not unicodedata.combining(c))
            yield Run(kind, text_, text_, match.start(), match.end())


def tokens(text: str) -> list[str]:
    """Every token of ``text``, in order (a unigram before the bigram at its position)."""
    return [token for run in runs(text) for slot in run.slots() for token in slot]


@dataclass(frozen=True)
class Alternative:
    """One way a query word matches a document token: exactly, or as its beginning."""

    token: str
    prefix: bool = False

    def matches(self, token: str) -> bool:
        return token == self.token or (self.prefix and token.startswith(self.token))


def word_alternatives(run: Run, prefix: bool = False) -> tuple[Alternative, ...]:
    """How a query word matches document tokens: its stem exactly ("Japan" is not
    "Japanese"), or as a beginning when typed with a ``*`` ("Zakh*") or when stemming took an
    ending off a long word — Snowball cuts some inflections short (Медведевым → медвед, yet
    Медведев → медведев), so another ending may follow the stem. When the stem came out
    short, the word as typed is a beginning instead: Snowball reads "Курил" (of the Kurils)
    as a verb, курил → кур, yet "курил" begins Курилы and Курильские."""
    if run.kind == "number":
        return (Alternative(run.text, prefix),)
    shortened = run.raw != run.text
    alternatives = [Alternative(run.text, prefix or (shortened and len(run.text) >= STEM_MIN))]
    covered = alternatives[0].prefix and run.raw.startswith(run.text)
    if shortened and len(run.raw) >= PREFIX_MIN and not covered:
        alternatives.append(Alternative(run.raw, True))
    return tuple(alternatives)
