"""Quotations and who said them (English, Russian, Japanese)."""

from .finder import (
    LOOKBACK,
    MAX_QUOTES,
    MAX_QUOTES_PER_PARAGRAPH,
    QUOTE_CONTEXT_CHARS,
    QUOTE_SCAN_LIMIT,
    find_quotes,
)

__all__ = [
    "LOOKBACK",
    "MAX_QUOTES",
    "MAX_QUOTES_PER_PARAGRAPH",
    "QUOTE_CONTEXT_CHARS",
    "QUOTE_SCAN_LIMIT",
    "find_quotes",
]
