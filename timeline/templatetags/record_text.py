"""The record's text in the reader's language, for templates: ``{% load record_text %}``.

    {% localized event "title" %}        the title in the page's language; the English, with
                                         lang="en" and marked "not yet translated", when it
                                         has none yet (HTML)
    {% localized event "title" terms %}  the same, searched words marked (timeline cards);
                                         ``truncate=260`` cuts it to that many characters
    {{ event|localized_text:"title" }}   the text alone, plain (page titles, attributes)
    {{ event|translation_draft }}        whether it is the project's unreviewed translation
    {{ statement|wordings }}             its texts, each with what it is

Works for events (title, summary), event types and tags (name), places and actors (name).
The choice of text is ``incidents.translation.localized``; this is only how it is marked up.
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from incidents import translation

from ..public.search import highlight

register = template.Library()

# Fields whose fallback carries a visible badge; names (types, tags, places, actors) are
# marked by their style and a note for screen readers, so that lists stay readable.
BADGED = ("title", "summary")


@register.simple_tag
def localized(obj, field: str, terms: list[str] | None = None, truncate: int = 0) -> SafeString:
    shown = translation.localized(obj, field)
    words = Truncator(shown.text).chars(truncate) if truncate else shown.text
    text = highlight(words, terms) if terms else format_html("{}", words)
    if not shown.fallback:
        return text
    if field in BADGED:
        return format_html(
            '<span lang="en" class="untranslated">{}</span> '
            '<span class="untranslated-mark">{}</span>',
            text,
            _("not yet translated"),
        )
    return format_html(
        '<span lang="en" class="untranslated untranslated-name">{}'
        '<span class="visually-hidden"> ({})</span></span>',
        text,
        _("not yet translated"),
    )


@register.filter
def localized_text(obj, field: str) -> str:
    return translation.localized(obj, field).text if obj is not None else ""


@register.filter
def translation_draft(obj) -> bool:
    """Whether the page's title and summary are the project's translation, not yet reviewed."""
    return translation.localized(obj, "title").draft or translation.localized(obj, "summary").draft


@register.filter
def wordings(statement) -> list[translation.Wording]:
    return translation.wordings(statement)
