"""Text helpers shared by the stages: plain text, language, prose and headline tests."""

from __future__ import annotations

import re
import unicodedata

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")
# Control characters except tab and newline, lone surrogates, private-use characters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»」』)）]*$|[\"”»」』]$")


_OPENING_QUOTES = ("«", "“", "„", '"', "'", "‘", "「", "『")


def plain(text: str) -> str:
    """Plain text: NFC, no control characters, no markup that slipped through."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _TAG.sub("", text)


def detect_language(text: str, hint: str = "") -> str:
    sample = text[:20000]
    cjk, kana = len(_CJK.findall(sample)), len(_KANA.findall(sample))
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    letters = cjk + cyrillic + latin or 1
    if cjk / letters > 0.3:
        return "ja" if kana else "zh"
    if cyrillic / letters > 0.3:
        return "uk" if len(_UKRAINIAN.findall(sample)) > cyrillic / 100 else "ru"
    hint = (hint or "").lower()[:2]
    if hint in {"de", "fr"}:
        return hint
    return "en"


def _words(text: str) -> int:
    return len(text.split())


def _is_cjk(text: str) -> bool:
    return len(_CJK.findall(text)) > len(text) / 3


def is_prose(unit: str) -> bool:
    """A real paragraph: several words that end like a sentence (or a long run of them)."""
    if _is_cjk(unit):
        # A short sentence with its full stop ("日本政府は対応を検討しています。") is still
        # one; without it, twenty characters are needed.
        if len(unit) < (12 if unit.endswith("。") else 20) or not _SENTENCE_END.search(unit):
            return False
        # Ending on a closing bracket is a sentence only with a full stop in it or as a
        # whole quotation; 官房長官「警戒監視に万全」 is a headline.
        return not unit.endswith(("」", "』")) or "。" in unit or unit.startswith(("「", "『"))
    words = _words(unit)
    if words >= 25:
        return True
    ending = _SENTENCE_END.search(unit)
    if ending and not re.search(r"[.!?…]", unit) and not unit.lstrip().startswith(_OPENING_QUOTES):
        # Ending on a closing quotation mark is a sentence only with a full stop in it or as
        # a whole quotation: 'Захарова назвала учения "опасной игрой"' is a headline.
        return False
    # A question is also how headlines in link lists end; it needs more words to count.
    return bool(ending) and words >= (8 if unit.rstrip().endswith("?") else 4)


def is_headline(unit: str) -> bool:
    """A heading or a link in a list: short, and does not end like a sentence."""
    if _is_cjk(unit):
        # Japanese headlines often end on a quotation (官房長官「警戒監視に万全」); a
        # sentence has a full stop somewhere.
        return len(unit) <= 80 and not unit.endswith("。") and "。" not in unit
    return (
        _words(unit) <= 30 and len(unit) <= 250 and not unit.rstrip().endswith((".", ":", ";", ","))
    )
