"""The record in three languages: the text a reader of each language gets, and whose words a
statement shows.

English is the record's required language. Events have optional Japanese and Russian titles and
summaries (``title_ja``, ``summary_ru``…), event types and tags optional names (``name_ja``…),
as places and actors already had (``name_en``, ``name_ja``, ``name_ru``). ``localized(obj,
"title")`` is the text in the active language (``get_language()``), falling back to English,
and says so: the public pages mark a fallback "not yet translated" and give it ``lang="en"``
(``timeline/templatetags/record_text.py``, the one way templates get these texts).

A statement shows the words its source printed and, when the project translated them, that
translation first (``wordings``), each labelled for what it is — the speaker's original, a
translation as the source printed it, or the project's own — so that a translation is never
taken for the speaker's words, and the project's never for the source's.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Expression, F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import get_language

if TYPE_CHECKING:
    from django.db import models

    from .models import Statement

ENGLISH = "en"
TRANSLATED = ("ja", "ru")
# What a statement's words are, for a reader (``wordings``).
ORIGINAL = "original"  # the speaker's own words, as the source printed them
PROJECT = "project"  # the project's translation
SOURCE = "source"  # a translation, as the source printed it
PRINTED = "printed"  # as the source printed them; whether translated is not known


def record_language(language: str | None = None) -> str:
    """``language`` (by default the active one) as one of the record's: en, ja or ru."""
    code = (language or get_language() or ENGLISH).lower().replace("_", "-").split("-")[0]
    return code if code in TRANSLATED else ENGLISH


def columns(field: str) -> tuple[str, ...]:
    """The columns of ``field`` in every language, for ``only()``: ("title", "title_ja", …)."""
    return (field, *(f"{field}_{language}" for language in TRANSLATED))


@cache
def _column(model: type[models.Model], field: str, language: str) -> str:
    """The column holding ``field`` in ``language``: ``title``/``name_en`` for English."""
    if language != ENGLISH:
        return f"{field}_{language}"
    names = {f.name for f in model._meta.concrete_fields}
    return field if field in names else f"{field}_{ENGLISH}"


def localized_expression(
    model: type[models.Model], path: str, field: str, language: str | None = None
) -> Expression:
    """In SQL, ``localized``'s text of the ``model`` row at ``path`` ("event_type",
    "from_event__event_type"): the language's column where filled, the English otherwise."""
    wanted = record_language(language)
    prefix = f"{path}__" if path else ""  # "": the queryset's own rows
    english = F(f"{prefix}{_column(model, field, ENGLISH)}")
    if wanted == ENGLISH:
        return english
    return Coalesce(NullIf(F(f"{prefix}{_column(model, field, wanted)}"), Value("")), english)


class Localized(NamedTuple):
    text: str
    language: str  # the language of ``text``
    fallback: bool  # the reader's language has no text yet: English shown
    draft: bool = False  # the project's translation, not yet reviewed by an editor


def localized(obj: models.Model, field: str, language: str | None = None) -> Localized:
    """``obj``'s ``field`` in ``language`` (by default the active one), or in English."""
    wanted = record_language(language)
    english = getattr(obj, _column(type(obj), field, ENGLISH))
    if wanted == ENGLISH:
        return Localized(english, ENGLISH, False)
    text = getattr(obj, _column(type(obj), field, wanted))
    if not text:
        return Localized(english, ENGLISH, bool(english))
    state = getattr(obj, f"translation_{wanted}_state", "")
    return Localized(text, wanted, False, state == "project")


class Wording(NamedTuple):
    text: str
    language: str
    made_by: str  # ORIGINAL, PROJECT, SOURCE or PRINTED


def printed_as(statement: Statement, language: str) -> str:
    """What words a source printed in ``language`` are: in the language of the speaker's
    side (Russian for Russia's officials, Japanese for Japan's) their own words, in another a
    translation; a third party's, only "as printed". The speaker's country must be loaded."""
    side_language = statement.speaker.side_language
    if not side_language:
        return PRINTED
    return ORIGINAL if language == side_language else SOURCE


def wordings(statement: Statement) -> list[Wording]:
    """The statement's texts, the one shown first first, each with what it is.

    ``translation_by`` says who translated ``text``; ``original_text`` holds the source's
    words beside a translation. The project's translation comes with the words it was made
    from, which are the speaker's own or the source's translation (never called an original
    unless in the speaker's language)."""
    by = statement.translation_by
    if statement.original_text:
        if by == SOURCE:  # the source printed both: its translation and the speaker's words
            return [
                Wording(statement.text, statement.language, SOURCE),
                Wording(statement.original_text, statement.original_language, ORIGINAL),
            ]
        language = statement.original_language or statement.language
        return [
            Wording(statement.text, statement.language, PROJECT),
            Wording(statement.original_text, language, printed_as(statement, language)),
        ]
    made_by = by if by in (ORIGINAL, SOURCE) else printed_as(statement, statement.language)
    return [Wording(statement.text, statement.language, made_by)]
