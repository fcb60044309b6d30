"""Small presentation helpers for the public pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext

from incidents.models import Event, EventActor, Language
from incidents.revisions import PUBLISHED

from ..public import dates
from ..public.changes import translated_summary
from ..public.languages import LanguageLink
from ..public.languages import language_links as links_for
from ..public.search import highlight as highlight_text

register = template.Library()

# Who did it and to whom first; "mentioned" actors are not main actors.
_ROLE_ORDER = {"initiator": 0, "target": 1, "participant": 2}
LANGUAGE_NAMES = dict(Language.choices)


@register.filter
def highlight(text: str, terms: list[str] | None) -> SafeString:
    """The text, escaped, with the searched words marked."""
    return highlight_text(text, terms or [])


@register.filter
def main_actors(event: Event, limit: int = 4) -> list[EventActor]:
    """Initiators, then targets, then participants (uses the prefetched roles)."""
    roles = [role for role in event.actor_roles.all() if role.role in _ROLE_ORDER]
    roles.sort(key=lambda role: (_ROLE_ORDER[role.role], role.position, role.pk))
    seen: set[int] = set()
    unique = []
    for role in roles:
        if role.actor_id not in seen:
            seen.add(role.actor_id)
            unique.append(role)
    return unique[:limit]


@register.filter
def event_dates(event: Event) -> str:
    """'9 June 2023', 'May 2023', '2025', or a span '9–12 June 2023', in the active language
    ('2023年6月9日', '9 июня 2023 г.')."""
    return dates.date_span(event.date_precision, event.date_lower, event.end_date)


@register.filter
def event_date(event: Event) -> str:
    """When it began, no span: ``Event.date_display`` in the active language."""
    return dates.partial_date(event.date_precision, event.date_lower) if event.date_lower else ""


@register.filter
def day(value: dt.date | dt.datetime | None) -> str:
    """A day in the active language: '9 June 2023', '2023年6月9日', '9 июня 2023 г.'."""
    return dates.day(value) if value else ""


@register.filter
def day_time(value: dt.datetime | None) -> str:
    """A moment to the minute in the active language: '9 June 2023, 14:05'."""
    return dates.day_time(value) if value else ""


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[LanguageLink]:
    """This page in each of the site's languages (the switcher and the hreflang links). A
    view may set ``language_query`` to the query string its address should keep."""
    return links_for(context["request"], context.get("language_query"))


@register.filter
def language_name(code: str) -> str:
    return LANGUAGE_NAMES.get(code, code)


@register.filter
def plural(count: int, nouns: str) -> str:
    """``3|plural:"event,events"`` → '3 events'."""
    singular, _comma, many = nouns.partition(",")
    return f"{count} {singular if count == 1 else many}"


@register.filter
def change_summary(summary: str, plain: str = "") -> str:
    """A revision's public summary in the reader's language (it is stored in English: "Title,
    date; 1 statement added"); one with a piece not known to translated_summary() is shown
    as stored, marked as English (``plain``: as text, for an attribute)."""
    if summary == PUBLISHED:
        return pgettext("change summary", "Published")
    if (get_language() or "en").startswith("en"):
        return summary
    translated = translated_summary(summary)
    if translated is not None or plain:
        return translated or summary
    return format_html('<span lang="en">{}</span>', summary)
