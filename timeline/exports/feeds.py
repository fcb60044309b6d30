"""Atom (and RSS) feeds of the newest published events for the timeline's current filters.

``/feed.atom?actor=russian-mfa&type=threat_warning`` follows every threat by the Russian
MFA: the same query string and FilterSet as ``/``, always newest first.
"""

from __future__ import annotations

import re

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from incidents.models import Event
from incidents.translation import localized

from ..public.context_processors import site_name
from ..public.filters import EventFilter, filter_events
from ..public.references import LICENSE_NAME, LICENSE_URL

FEED_LENGTH = 50
# Characters XML 1.0 cannot carry at all, even escaped (a search for "\x01" is named in the
# feed's title): dropped rather than failing the whole feed.
NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    return NOT_XML_RE.sub("", text)


class EventsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest) -> tuple[HttpRequest, EventFilter, list[Event]]:
        params = request.GET.copy()
        params.pop("page", None)
        # A feed is read for what is new, whatever order (or ranking) the page used.
        params["order"] = "desc"
        filterset, events = filter_events(params)
        items = list(events.select_related("event_type").prefetch_related("tags")[:FEED_LENGTH])
        return request, filterset, items

    def title(self, obj) -> str:
        _request, filterset, _items = obj
        labels = [label for name, _value, label in filterset.active() if name != "order"]
        if not labels:
            return site_name()
        return xml_text(f"{site_name()}{gettext(': ')}{gettext(', ').join(labels)}")

    def subtitle(self, obj) -> str:
        return gettext(
            "The newest published incidents between Russia and Japan matching these filters."
        )

    description = subtitle  # RSS calls it the description

    def link(self, obj) -> str:
        _request, filterset, _items = obj
        query = filterset.query_string(drop=("order", "desc"))
        return reverse("timeline:index") + (f"?{query}" if query else "")

    def feed_url(self, obj) -> str:
        request, _filterset, _items = obj
        return request.get_full_path()

    def author_name(self) -> str:
        return site_name()

    def feed_copyright(self) -> str:
        return gettext("Data: %(license)s (%(url)s)") % {
            "license": LICENSE_NAME,
            "url": LICENSE_URL,
        }

    def items(self, obj) -> list[Event]:
        return obj[2]

    def item_title(self, item: Event) -> str:
        # In the feed's language (/ja/feed.atom: Japanese), English where not yet translated.
        return xml_text(f"{item.date_display}: {localized(item, 'title').text}")

    def item_description(self, item: Event) -> str:
        # Atom's <summary type="html"> and RSS's <description> are read as HTML by feed
        # readers: escape the plain text so markup in a summary shows as text, never runs.
        kind, summary = localized(item.event_type, "name").text, localized(item, "summary").text
        return xml_text(escape(f"{kind} · {item.date_display}. {summary}"))

    def item_link(self, item: Event) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Event):
        return item.published_at or item.created_at

    def item_updateddate(self, item: Event):
        return item.updated_at

    def item_categories(self, item: Event) -> list[str]:
        names = [item.event_type, *item.tags.all()]
        return [localized(named, "name").text for named in names]


class EventsRssFeed(EventsFeed):
    """RSS 2.0 has no type="text": readers take a <title> as HTML, so "A & B <C>" escaped
    only for XML would reach them as markup. Titles are HTML-escaped first, as Atom's
    <title> (plain text) needs no more than the XML escaping."""

    feed_type = Rss201rev2Feed

    def title(self, obj) -> str:
        return escape(super().title(obj))

    def item_title(self, item: Event) -> str:
        return escape(super().item_title(item))


# A feed answers GET and HEAD only (a Feed object would answer any method with the feed).
events_atom = require_safe(EventsFeed())
events_rss = require_safe(EventsRssFeed())
