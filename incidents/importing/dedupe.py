"""Duplicates: an article already recorded under the same address or (nearly) the same
text."""

from __future__ import annotations

import re

from django.db.models.functions import Length

from ..models import Source, text_fingerprint
from .limits import check_time, limited
from .results import Article
from .text import _is_cjk

SIMILARITY_THRESHOLD = 0.8


def _shingles(text: str, size: int = 4) -> set[str]:
    folded = text.casefold()
    if _is_cjk(folded):
        chars = re.sub(r"\s+", "", folded)
        return {chars[i : i + size + 1] for i in range(max(1, len(chars) - size))}
    words = re.findall(r"\w+", folded)
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def similarity(a: str | set[str], b: str | set[str]) -> float:
    """Jaccard similarity of word 4-shingles (character shingles for Japanese)."""
    sa = a if isinstance(a, set) else _shingles(a)
    sb = b if isinstance(b, set) else _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@limited
def find_duplicate(article: Article, recent: int = 500) -> Source | None:
    """An existing source with the same normalised URL or (nearly) the same text."""
    if article.url:
        found = Source.objects.filter(url=article.url).first()
        if found:
            return found
    fingerprint = text_fingerprint(article.text)
    if fingerprint:
        found = Source.objects.filter(text_hash=fingerprint).order_by("pk").first()
        if found:
            return found
    length = len(article.text)
    if length < 200:
        return None
    # Only sources of similar length can reach the threshold; compare the latest few hundred.
    candidates = (
        Source.objects.annotate(text_length=Length("text"))
        .filter(text_length__gte=int(length * 0.75), text_length__lte=int(length / 0.75) + 1)
        .order_by("-created_at", "-pk")
        .only("pk", "title", "text", "url")[:recent]
    )
    shingles = _shingles(article.text)
    for candidate in candidates:
        check_time()
        if similarity(shingles, candidate.text) >= SIMILARITY_THRESHOLD:
            return candidate
    return None
