"""What one import may not do, and how it says so: the error the editor reads, the size cap,
and the overall time limit."""

from __future__ import annotations

import contextlib
import contextvars
import functools
import time

from django.conf import settings

MAX_ARTICLE_BYTES = 5 * 1024 * 1024


class ImportRejected(Exception):
    """Input that cannot be imported; the message is written for the editor."""


def check_size(size: int) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise ImportRejected(
            f"The file is too large ({size / 1024 / 1024:.1f} MB); articles are accepted up to "
            f"{MAX_ARTICLE_BYTES // 1024 // 1024} MB. Save just the article page, "
            "or paste its text."
        )


# --- Time limit -----------------------------------------------------------------------------

# One import (reading, fetching, cleaning, quotations, matching, the duplicate check) gets
# this long in all (settings.IMPORT_TIME_LIMIT_SECONDS), so that no input can hold a web
# worker for minutes. The stages check the clock between steps of bounded size.
IMPORT_TIME_LIMIT_SECONDS = 30
_deadline: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "import_deadline", default=None
)


class ImportTooSlow(ImportRejected):
    """The import went over its overall time limit."""


def import_time_limit() -> float:
    return float(getattr(settings, "IMPORT_TIME_LIMIT_SECONDS", IMPORT_TIME_LIMIT_SECONDS))


@contextlib.contextmanager
def time_limit(seconds: float | None = None):
    """Run one import under an overall time limit; inside another, the outer one holds."""
    if _deadline.get() is not None:
        yield
        return
    seconds = import_time_limit() if seconds is None else seconds
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    """Seconds left for the current import (None outside one)."""
    current = _deadline.get()
    return None if current is None else current[0] - time.monotonic()


def limited(func):
    """Decorator: the function runs under the import's time limit (its own if none is set)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        with time_limit():
            check_time()
            return func(*args, **kwargs)

    return run


def check_time() -> None:
    current = _deadline.get()
    if current is not None and time.monotonic() > current[0]:
        raise ImportTooSlow(
            f"Reading this article took longer than the {current[1]:g}-second limit for one "
            "import, so it was stopped and nothing was saved. Paste just the article's own "
            "text, or save the page without its comments and link lists, and try again."
        )
