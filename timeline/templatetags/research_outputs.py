"""Template tags for the research outputs: cite box, linked data and download links.

Usage in a page template::

    {% load research_outputs %}
    {% block head %}{% linked_data event %}{% endblock %}     ← JSON-LD + OpenGraph/Twitter
    {% include "timeline/_cite.html" %}                      ← the "Cite this" box
    <a href="{% url 'timeline:export_csv' %}{% outputs_query %}">CSV</a>
"""

from __future__ import annotations

import re

from django import template
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext

from incidents.models import Event, Revision, Source
from timeline.exports.citation import (
    Citation,
    cite_event,
    dataset_json_ld,
    event_json_ld,
    json_ld_script,
    source_json_ld,
)
from timeline.public import dates

register = template.Library()


@register.simple_tag(takes_context=True)
def event_citation(context, event: Event, change: Revision | None = None) -> Citation:
    """``{% event_citation event last_change as cite %}``: APA, Chicago, BibTeX and CSL-JSON
    for an event, dated by its last public revision (the one its page already shows)."""
    request = context["request"]
    url = request.build_absolute_uri(event.get_absolute_url())
    return cite_event(event, url, change=change)


@register.simple_tag(takes_context=True)
def linked_data(context, obj: Event | Source) -> SafeString:
    """JSON-LD (schema.org) plus OpenGraph/Twitter meta tags for an event or a source page.

    The page sets its own ``<link rel="canonical">``.
    """
    request = context["request"]
    nonce = context.get("csp_nonce")
    url = request.build_absolute_uri(obj.get_absolute_url())
    if isinstance(obj, Event):
        data = event_json_ld(obj, request)
        title = f"{obj.title} ({dates.partial_date(obj.date_precision, obj.date_lower)})"
        description = obj.summary
    else:
        data = source_json_ld(obj, request)
        title = obj.title
        publisher = obj.publisher.name_en if obj.publisher_id else ""
        description = " · ".join(
            part
            for part in (publisher, obj.published_on.isoformat() if obj.published_on else "")
            if part
        )
        description = description or gettext("A source article recorded in the timeline.")
    description = Truncator(" ".join(description.split())).chars(200)
    site_name = context.get("SITE_NAME", "")
    meta = [
        ("property", "og:type", "article"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", url),
        ("property", "og:site_name", site_name),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    tags = format_html_join("\n", '<meta {}="{}" content="{}">', meta)
    return format_html("{}\n{}", tags, json_ld_script(data, nonce))


@register.simple_tag(takes_context=True)
def dataset_linked_data(context) -> SafeString:
    """JSON-LD describing the dataset as a whole (schema.org Dataset)."""
    return json_ld_script(dataset_json_ld(context["request"]), context.get("csp_nonce"))


@register.simple_tag(takes_context=True)
def outputs_query(context) -> str:
    """The current filters as ``?…`` (without the page number), for export and feed links."""
    request = context.get("request")
    if request is None:
        return ""
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


_INLINE_CODE = re.compile(r"`([^`]+)`")


@register.filter
def inline_code(text: str) -> SafeString:
    """Escape ``text`` and show its `backticked` parts as <code> (API descriptions)."""
    escaped = escape(text or "")
    return mark_safe(_INLINE_CODE.sub(r"<code>\1</code>", escaped))  # escaped just above
