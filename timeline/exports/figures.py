"""The analysis page's tables as CSV (/analysis/<table>.csv), for the same query string."""

from __future__ import annotations

from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from ..public.analysis import CHARTS, analysis_tables
from ..public.filters import filter_events
from .writers import stream_csv


@require_safe
def analysis_csv(request: HttpRequest, slug: str) -> StreamingHttpResponse:
    if slug not in CHARTS:
        raise Http404("No such table.")
    filterset, _events = filter_events(request.GET)
    # Column names and row labels of a CSV are a stable contract: English in every language.
    with translation.override("en"):
        table = next(table for table in analysis_tables(filterset) if table.slug == slug)
    response = StreamingHttpResponse(
        (part.encode() for part in stream_csv(table.columns, table.rows)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"rj-timeline-analysis-{slug}.csv"
    )
    return response
