"""After a write, the unfiltered timeline's counts are ready before a reader asks."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, QueryDict
from django.test.utils import CaptureQueriesContext

from timeline.middleware.warming import WarmTimelineMiddleware
from timeline.public.caching import counts_key
from timeline.public.filters import EventFilter


def _counts_key() -> str:
    return counts_key(EventFilter(QueryDict()))


def _saving(make):
    def view(request):
        make.event("Protest over drills")
        return HttpResponse("saved")

    return WarmTimelineMiddleware(view)


def test_a_write_counts_the_timeline_before_a_reader_asks(rf, make, client):
    make.event("Summons over a visit")
    client.get("/")  # counted for the old data version
    response = _saving(make)(rf.post("/admin/incidents/event/add/"))
    assert response.content == b"saved"
    assert cache.get(_counts_key()).total == 2  # the new version, already counted
    with CaptureQueriesContext(connection) as warmed:
        html = client.get("/").content.decode()
    assert "Protest over drills" in html
    cache.clear()
    with CaptureQueriesContext(connection) as cold:
        client.get("/")
    # The counts of the histogram and the facets were ready (one query), and so were the
    # first page's ids.
    counting = [q for q in cold.captured_queries if q["sql"].startswith("WITH hits")]
    assert len(counting) == 1
    assert not [q for q in warmed.captured_queries if q["sql"].startswith("WITH hits")]


def test_reads_and_unchanged_data_warm_nothing(rf, make):
    make.event("Summons over a visit")
    middleware = WarmTimelineMiddleware(lambda request: HttpResponse("read"))
    middleware(rf.get("/"))
    middleware(rf.post("/login/"))  # no write: the data version did not move
    assert cache.get(_counts_key()) is None


def test_warming_can_be_switched_off(rf, make, settings):
    settings.WARM_TIMELINE_AFTER_WRITES = False
    _saving(make)(rf.post("/admin/incidents/event/add/"))
    assert cache.get(_counts_key()) is None
