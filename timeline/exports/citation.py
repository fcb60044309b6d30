"""How to cite an event record (cite.bib, cite.json, the cite box) and the linked data that
describes events, sources and the dataset.

An event's reference gives its date only as precisely as it is known ("May 2023" stays a
month). The licence, the reference styles and the dataset's own citation are shared with the
about page, so they live in timeline/public/references.py.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.views.decorators.http import require_safe

from incidents.dates import PartialDate, Precision
from incidents.models import Event, Revision, Source

from ..public.changes import last_public_change
from ..public.references import (
    BIBTEX_MONTHS,
    LICENSE_URL,
    Citation,
    bibtex_escape,
    cite,
    project_name,
)

# Characters that could end a <script> element or open an HTML comment inside it; escaped
# as JSON \u sequences they mean the same to a JSON parser.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def record_date(event: Event, change: Revision | None = None) -> dt.date:
    """When the record took its present public form: its last public revision (``change``,
    ``last_public_change``: its publication or the latest change its page shows), the date
    a citation of the live page gives the work, not the event's own date. An event without
    one (saved before revisions were kept) is dated by its last save."""
    changed = change.created_at if change else event.updated_at or event.published_at
    return timezone.localdate(changed) if changed else timezone.localdate()


def cite_event(
    event: Event, url: str, accessed: dt.date | None = None, change: Revision | None = None
) -> Citation:
    """APA, Chicago, BibTeX and CSL-JSON references to one event record as it stands now;
    ``change`` is its last public revision, when the caller has it."""
    end = PartialDate.of_day(event.end_date) if event.end_date else None
    issued = record_date(event, change)
    return cite_event_record(
        event.title, event.slug, event.partial_date, end, issued, url, accessed
    )


def cite_event_record(
    title: str,
    slug: str,
    known: PartialDate,
    end: PartialDate | None,
    issued: dt.date,
    url: str,
    accessed: dt.date | None = None,
    version: str = "",
) -> Citation:
    """A reference to an event record ``title`` dated ``issued`` (the record's last change,
    or the release ``version`` it is cited from), with the event's own date in the title and
    note — given only as precisely as it is known ("May 2023" stays a month)."""
    accessed = accessed or timezone.localdate()
    project = project_name()
    when = str(known) if end is None else known.span(end.lower)
    title = " ".join(title.split())
    genre = f"Event record, release {version}" if version else "Event record"
    issued_on = PartialDate.of_day(issued)
    event_dates = [known.parts] if end is None else [known.parts, end.parts]
    csl: dict[str, Any] = {
        "type": "webpage",
        "genre": genre,
        "title": f"{title} ({when})",
        "author": [{"literal": project}],
        "container-title": project,
        "issued": {"date-parts": [issued_on.parts]},
        "event-date": {"date-parts": event_dates},
    }
    if version:
        csl["version"] = version
    return cite(
        url,
        accessed,
        apa=f"({issued_on.apa}). {title} ({when}) [{genre}]",
        chicago=f"“{title} ({when}).” {genre}, {issued_on.us}",
        key=f"rjtimeline-{slug}" + (f"-{version}" if version else ""),
        title=f"{title} ({when})",
        year=issued.year,
        bibtex=[
            ("month", BIBTEX_MONTHS[issued.month - 1]),
            ("date", f"{{{issued.isoformat()}}}"),
            ("howpublished", "{" + bibtex_escape(f"{genre}, {project}") + "}"),
            *([("version", f"{{{version}}}")] if version else []),
        ],
        note="Event date: " + bibtex_escape(when) + f". Accessed {accessed.isoformat()}",
        csl=csl,
    )


# --- Linked data (schema.org JSON-LD) -------------------------------------------------------


def json_ld_script(data: dict[str, Any], nonce: object | None = None) -> SafeString:
    """A ``<script type="application/ld+json">`` element that hostile text cannot break out of."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    # Django's LazyNonce is falsy until first used, so test for None, not truth.
    if nonce is not None:
        return format_html(
            '<script type="application/ld+json" nonce="{}">{}</script>', nonce, SafeString(payload)
        )
    return format_html('<script type="application/ld+json">{}</script>', SafeString(payload))


def _actor_node(actor) -> dict[str, Any]:
    kind = {"person": "Person", "state": "Country", "media": "NewsMediaOrganization"}
    return {"@type": kind.get(actor.kind, "Organization"), "name": actor.name_en}


def dataset_node(request: HttpRequest) -> dict[str, Any]:
    return {
        "@type": "Dataset",
        "@id": request.build_absolute_uri(reverse("timeline:about")) + "#dataset",
        "name": project_name(),
        "url": request.build_absolute_uri(reverse("timeline:index")),
        "license": LICENSE_URL,
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": project_name()},
    }


def event_json_ld(event: Event, request: HttpRequest) -> dict[str, Any]:
    """schema.org Event for an event page, with the articles that report it."""
    url = request.build_absolute_uri(event.get_absolute_url())
    node: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "@id": url + "#event",
        "url": url,
        "name": event.title,
        "description": event.summary,
        "startDate": event.partial_date.iso,
        "keywords": [event.event_type.name, *(tag.name for tag in event.tags.all())],
        "eventStatus": "https://schema.org/EventScheduled",
        "isAccessibleForFree": True,
    }
    if event.end_date:
        node["endDate"] = event.end_date.isoformat()
    elif event.date_precision != Precision.DAY:
        node["endDate"] = event.date_upper.isoformat()
    if event.location_name:
        place: dict[str, Any] = {"@type": "Place", "name": event.location_name}
        if event.latitude is not None and event.longitude is not None:
            place["geo"] = {
                "@type": "GeoCoordinates",
                "latitude": float(event.latitude),
                "longitude": float(event.longitude),
            }
        node["location"] = place
    actors = [role.actor for role in event.actor_roles.all()]
    if actors:
        node["about"] = [_actor_node(actor) for actor in actors]
    sources = [link.source for link in event.source_links.all()]
    if sources:
        node["subjectOf"] = [_source_node(source, None) for source in sources]
    node["isPartOf"] = dataset_node(request)
    return node


def _source_node(source: Source, url: str | None) -> dict[str, Any]:
    article_type = (
        "NewsArticle" if source.kind in (Source.Kind.NEWS, Source.Kind.WIRE) else "Article"
    )
    node: dict[str, Any] = {"@type": article_type, "headline": source.title, "url": source.url}
    if url:
        node["@id"] = url + "#source"
        node["mainEntityOfPage"] = url
    if source.published_on:
        node["datePublished"] = source.published_on.isoformat()
    if source.author:
        node["author"] = {"@type": "Person", "name": source.author}
    if source.publisher_id:
        node["publisher"] = _actor_node(source.publisher)  # an outlet or an official body
    if source.language:
        node["inLanguage"] = source.language
    if source.archive_url:
        node["archivedAt"] = source.archive_url
    return node


def source_json_ld(source: Source, request: HttpRequest) -> dict[str, Any]:
    """schema.org NewsArticle (or Article, for official documents) for a source page."""
    url = request.build_absolute_uri(source.get_absolute_url())
    node = {"@context": "https://schema.org", **_source_node(source, url)}
    events = Event.objects.published().filter(source_links__source=source).distinct()
    node["about"] = [
        {
            "@type": "Event",
            "name": event.title,
            "url": request.build_absolute_uri(event.get_absolute_url()),
        }
        for event in events.only("title", "slug")
    ]
    return node


def dataset_json_ld(request: HttpRequest) -> dict[str, Any]:
    """schema.org Dataset for the whole record, with its downloads."""
    bounds = Event.objects.published().aggregate(
        first=Min("date_lower"), last=Max("span_end"), changed=Max("updated_at")
    )
    node = {"@context": "https://schema.org", **dataset_node(request)}
    node["description"] = (
        "A curated, citable record of incidents between Russia and Japan — summonses, "
        "protests, threats, sanctions, entry bans, expulsions, military activity, detentions "
        "and agreements — with the official statements made about them and the articles "
        "that report them."
    )
    node["keywords"] = ["Russia", "Japan", "diplomacy", "international relations", "event data"]
    node["inLanguage"] = "en"
    if bounds["first"] and bounds["last"]:
        node["temporalCoverage"] = f"{bounds['first'].isoformat()}/{bounds['last'].isoformat()}"
    if bounds["changed"]:
        node["dateModified"] = bounds["changed"].date().isoformat()
    node["distribution"] = [
        {
            "@type": "DataDownload",
            "encodingFormat": "text/csv",
            "contentUrl": request.build_absolute_uri(reverse("timeline:export_csv")),
        },
        {
            "@type": "DataDownload",
            "encodingFormat": "application/json",
            "contentUrl": request.build_absolute_uri(reverse("timeline:export_json")),
        },
    ]
    return node


# --- Downloads ------------------------------------------------------------------------------


def _published_event(slug: str) -> Event:
    return get_object_or_404(Event.objects.published().select_related("event_type"), slug=slug)


@require_safe
def event_bibtex(request: HttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    citation = cite_event(
        event,
        request.build_absolute_uri(event.get_absolute_url()),
        change=last_public_change(event),
    )
    response = HttpResponse(citation.bibtex, content_type="application/x-bibtex; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="rj-timeline-{event.slug}.bib"'
    return response


@require_safe
def event_csl_json(request: HttpRequest, slug: str) -> HttpResponse:
    event = _published_event(slug)
    citation = cite_event(
        event,
        request.build_absolute_uri(event.get_absolute_url()),
        change=last_public_change(event),
    )
    response = HttpResponse(
        citation.csl_json, content_type="application/vnd.citationstyles.csl+json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="rj-timeline-{event.slug}.json"'
    return response
