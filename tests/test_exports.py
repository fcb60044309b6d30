"""CSV and JSON exports: exactly the timeline's events for the same query string."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import Actor, Event, EventActor, EventSource, EventType, Source, Statement
from tests import research_data
from tests.research_data import DRAFT_MARK, FILTER_CASES, IGNORED_CASES, html_slugs
from timeline import exports


@pytest.fixture
def record(db):
    return research_data.build()


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response) -> list[dict[str, str]]:
    text = body(response).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def slug_of(permalink: str) -> str:
    return permalink.rstrip("/").rsplit("/", 1)[-1]


def test_csv_export_lists_exactly_the_timeline_events_in_order(client, record):
    mismatches = {}
    for query in FILTER_CASES + IGNORED_CASES:
        expected = html_slugs(client, query)
        got = [slug_of(row["permalink"]) for row in csv_rows(client.get(f"/export.csv?{query}"))]
        if got != expected:
            mismatches[query] = (expected, got)
    assert mismatches == {}


def test_json_export_lists_exactly_the_timeline_events_in_order(client, record):
    mismatches = {}
    for query in FILTER_CASES + IGNORED_CASES:
        expected = html_slugs(client, query)
        data = json.loads(body(client.get(f"/export.json?{query}")))
        got = [event["slug"] for event in data["events"]]
        if got != expected or data["count"] != len(expected):
            mismatches[query] = (expected, got, data["count"])
    assert mismatches == {}


def test_statements_csv_has_the_statements_of_exactly_those_events(client, record):
    mismatches = {}
    for query in FILTER_CASES + IGNORED_CASES:
        slugs = html_slugs(client, query)
        expected = set(Statement.objects.filter(event__slug__in=slugs).values_list("pk", flat=True))
        rows = csv_rows(client.get(f"/export/statements.csv?{query}"))
        got = {int(row["id"]) for row in rows}
        if got != expected or not {slug_of(row["event_permalink"]) for row in rows} <= set(slugs):
            mismatches[query] = (expected, got)
    assert mismatches == {}


def test_the_filters_that_matter_actually_narrow_the_export(client, record):
    # Guards the parity tests above against comparing two empty or two unfiltered lists.
    everything = csv_rows(client.get("/export.csv"))
    summonses = csv_rows(client.get("/export.csv?type=summons"))
    assert len(everything) == len(record.published)
    assert {row["type"] for row in summonses} == {"summons"}
    assert 0 < len(summonses) < len(everything)
    month = csv_rows(client.get("/export.csv?from=2023-05-25&to=2023-06-01"))
    # "May 2023" overlaps the range; 20 May and 9 June do not.
    assert [slug_of(row["permalink"]) for row in month] == ["russia-warns-over-nato"]


def test_drafts_and_reviews_never_appear_in_any_export(client, record):
    for url in ("/export.csv", "/export.json", "/export/statements.csv"):
        for query in ("", "actor=draft-only-actor", "tag=draft-only-tag", "q=LEAKED"):
            content = body(client.get(f"{url}?{query}")).decode("utf-8-sig")
            assert DRAFT_MARK not in content, (url, query)
            assert "secret-draft" not in content and "secret-review" not in content


def test_csv_opens_in_excel_with_cyrillic_and_japanese_intact(client, record):
    response = client.get("/export.csv?type=summons")
    raw = body(response)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark for Excel"
    rows = csv_rows(client.get("/export/statements.csv?type=summons"))
    texts = {row["text"] for row in rows}
    assert "Это недружественный шаг." in texts
    assert "完全に受け入れられない。" in texts
    assert {row["source_title"] for row in rows} >= {"Захарова: Москва вызвала посла"}


def test_csv_has_stable_documented_columns(client, record):
    text = body(client.get("/export.csv")).decode("utf-8-sig")
    header = next(csv.reader(io.StringIO(text)))
    assert tuple(header) == exports.EVENT_COLUMNS
    row = next(
        r for r in csv_rows(client.get("/export.csv")) if r["id"] == str(record.published[0].pk)
    )
    assert row["date"] == "9 June 2023"
    assert row["date_precision"] == "day"
    assert row["type"] == "summons" and row["plover_code"] == "ACCUSE"
    assert row["actors"] == "Maria Zakharova (initiator); Toyohisa Kozuki (target)"
    assert row["tags"] == "ukraine"
    assert row["statements"] == "2"
    assert row["source_urls"] == "https://tass.example/1; https://kyodo.example/2"
    assert row["source_publishers"] == "TASS; Kyodo News"
    assert row["latitude"] == "55.75580"
    month = next(
        r for r in csv_rows(client.get("/export.csv")) if r["title"].startswith("Russia warns")
    )
    assert (month["date"], month["date_lower"], month["date_upper"]) == (
        "May 2023",
        "2023-05-01",
        "2023-05-31",
    )


def test_cells_that_a_spreadsheet_would_run_are_neutralised(client, record):
    event_row = next(
        row for row in csv_rows(client.get("/export.csv")) if "HYPERLINK" in row["title"]
    )
    assert event_row["title"] == '\'=HYPERLINK("https://evil.example","click")'
    assert event_row["summary"].startswith("'\tTab-led")
    assert event_row["location"] == "'@SUM(A1)"
    statements = csv_rows(client.get("/export/statements.csv?actor=maria-zakharova"))
    texts = {row["text"] for row in statements}
    assert "'-1+1 is a formula" in texts
    assert "'\rcarriage return first" in texts
    assert "'+44 hotline" in {row["speaker_title"] for row in statements}
    # Nothing that starts a formula survives unescaped, in any cell.
    for row in statements + csv_rows(client.get("/export.csv")):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_file_names_say_what_was_filtered_and_when(client, record):
    today = timezone.localdate().isoformat()
    response = client.get("/export.csv?type=summons&bogus=1")
    assert response["Content-Disposition"] == (
        f'attachment; filename="rj-timeline-events_type-summons_{today}.csv"'
    )
    response = client.get("/export.json?actor=maria-zakharova&actor=nobody&from=2023")
    assert (
        f"rj-timeline-events_from-2023_actor-maria-zakharova_{today}.json"
        in response["Content-Disposition"]
    )
    response = client.get("/export/statements.csv")
    assert f"rj-timeline-statements_all_{today}.csv" in response["Content-Disposition"]


def test_exports_carry_the_licence_and_citation(client, record):
    response = client.get("/export.csv")
    assert 'rel="license"' in response["Link"]
    assert "creativecommons.org/licenses/by/4.0" in response["Link"]
    data = json.loads(body(client.get("/export.json?type=summons&actor=nobody")))
    assert data["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert data["citation"].startswith("Russia–Japan Incident Timeline. (")
    assert "[Data set]" in data["citation"]
    assert data["query"]["filters"] == {"type": ["summons"]}
    assert data["query"]["ignored"] == {"actor": ["Unknown actor “nobody”: ignored."]}
    assert dt.datetime.fromisoformat(data["generated_at"])


def test_json_export_nests_actors_statements_and_sources(client, record):
    data = json.loads(body(client.get("/export.json?type=summons")))
    event = next(e for e in data["events"] if e["slug"] == "moscow-summons-ambassador")
    assert event["date"] == {
        "text": "9 June 2023",
        "iso": "2023-06-09",
        "precision": "day",
        "lower": "2023-06-09",
        "upper": "2023-06-09",
        "end": None,
    }
    assert [(a["slug"], a["role"]) for a in event["actors"]] == [
        ("maria-zakharova", "initiator"),
        ("toyohisa-kozuki", "target"),
    ]
    assert event["actors"][0]["name_ru"] == "Мария Захарова"
    assert [s["text"] for s in event["statements"]] == [
        "Это недружественный шаг.",
        "完全に受け入れられない。",
    ]
    assert [s["url"] for s in event["sources"]] == [
        "https://tass.example/1",
        "https://kyodo.example/2",
    ]
    assert event["sources"][0]["primary"] is True
    assert event["sources"][0]["publisher"] == {"slug": "tass", "name": "TASS"}
    # It answers a draft and a published event: only the published one is named.
    assert event["responds_to"] == ["russia-warns-over-nato"]


def test_download_links_are_not_a_server_error_for_hostile_input(client, record):
    for query in ("from=9999999", "q=" + "x" * 5000, "actor=" + "%00", "page=-1", "type=%FF"):
        for url in ("/export.csv", "/export.json", "/export/statements.csv"):
            response = client.get(f"{url}?{query}")
            assert response.status_code == 200, (url, query)
            body(response)


def test_exports_refuse_anything_but_get(client, record):
    assert client.post("/export.csv").status_code == 405


# --- Streaming: flat memory, constant queries per chunk ------------------------------------


def _bulk_events(count: int) -> None:
    """``count`` published events with an actor, a source and a statement each, quickly."""
    summons = EventType.objects.get(slug="summons")
    speaker = Actor.objects.get_or_create(slug="bulk-speaker", defaults={"name_en": "Speaker"})[0]
    outlet = Actor.objects.get_or_create(
        slug="bulk-outlet", defaults={"name_en": "Outlet", "kind": "media"}
    )[0]
    start = Event.objects.count()
    day = dt.date(2020, 1, 1)
    events = Event.objects.bulk_create(
        Event(
            title=f"Bulk event {n} — массовое событие — 大量の出来事",
            slug=f"bulk-{start + n}",
            summary="A summary long enough to look like the real thing. " * 4,
            date_precision="day",
            date_lower=day + dt.timedelta(days=n % 2000),
            date_upper=day + dt.timedelta(days=n % 2000),
            event_type=summons,
            status="published",
            published_at=timezone.now(),
        )
        for n in range(count)
    )
    sources = Source.objects.bulk_create(
        Source(url=f"https://bulk.example/{e.slug}", title=f"Article {e.slug}", publisher=outlet)
        for e in events
    )
    EventSource.objects.bulk_create(
        EventSource(event=e, source=s) for e, s in zip(events, sources, strict=True)
    )
    EventActor.objects.bulk_create(
        EventActor(event=e, actor=speaker, role="initiator") for e in events
    )
    Statement.objects.bulk_create(
        Statement(event=e, speaker=speaker, text="Заявление. 声明。" * 5, source=s)
        for e, s in zip(events, sources, strict=True)
    )


def _measure(client, url: str) -> tuple[int, int, int]:
    """(peak traced bytes, bytes streamed, queries) while streaming ``url``."""
    response = client.get(url)
    streamed = 0
    tracemalloc.start()
    try:
        with CaptureQueriesContext(connection) as queries:
            for part in response.streaming_content:
                streamed += len(part)  # consumed and dropped, as a server would
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, streamed, len(queries)


@pytest.mark.parametrize("url", ["/export.csv", "/export.json"])
def test_streaming_a_large_export_keeps_memory_flat_and_queries_per_chunk(
    client, db, url, monkeypatch
):
    # Smaller chunks than in production, so that a few thousand events make several.
    monkeypatch.setattr(exports.loading, "CHUNK_SIZE", 500)
    _bulk_events(1000)
    small_peak, small_bytes, small_queries = _measure(client, url)
    _bulk_events(1000)
    large_peak, large_bytes, large_queries = _measure(client, url)

    assert large_bytes > 1.8 * small_bytes, "the export really doubled"
    # Memory is bounded by one chunk of events, not by the size of the export.
    assert large_peak < 1.3 * small_peak + 256 * 1024, (small_peak, large_peak)
    assert large_peak < 16 * 1024 * 1024
    # A fixed number of queries per chunk of CHUNK_SIZE events (prefetches), nothing per event.
    chunks_added = 1000 // exports.loading.CHUNK_SIZE
    per_chunk = (large_queries - small_queries) / chunks_added
    # (roles, statements, tags, sources, responses; actors and sources not seen before)
    assert per_chunk <= 7, (small_queries, large_queries)
    assert large_queries <= 4 + 7 * (2000 // exports.loading.CHUNK_SIZE + 1)


def test_the_timeline_page_links_to_downloads_carrying_its_filters(client, record):
    html = client.get("/?type=summons&actor=nobody&page=1").content.decode()
    for url in ("/export.csv", "/export.json", "/export/statements.csv", "/feed.atom"):
        assert f'href="{url}?type=summons"' in html, url
    # The downloads of an HTMX update carry the new filters too.
    fragment = client.get("/?tag=ukraine", headers={"HX-Request": "true"}).content.decode()
    assert 'href="/export.csv?tag=ukraine"' in fragment


def test_a_multi_day_event_is_dated_as_on_its_page(client, record):
    row = next(
        r for r in csv_rows(client.get("/export.csv")) if r["title"] == "Drills near Hokkaido"
    )
    assert (row["date"], row["date_lower"], row["end_date"]) == (
        "1–3 February 2024",
        "2024-02-01",
        "2024-02-03",
    )


def _tricky_event(make):
    """Two roles of one actor, two articles of one outlet and one of another, a statement
    citing an article the event does not list, and tags in reverse alphabetical order."""
    outlet = make.actor("Kyodo", kind=Actor.Kind.MEDIA)
    other = make.actor("=Formula Outlet", kind=Actor.Kind.MEDIA)
    speaker = make.actor("Maria Zakharova")
    japan = make.actor("Japan", kind=Actor.Kind.STATE)
    sources = [
        make.source(publisher=outlet),
        make.source(publisher=other),
        make.source(publisher=outlet),
        make.source(),
    ]
    event = make.event(
        "Summons over drills",
        actors=[(speaker, "initiator"), (japan, "target"), (speaker, "mentioned")],
        sources=sources,
        tags=["zebra", "alpha"],
    )
    make.statement(event, speaker, "We protest.")
    make.statement(event, speaker, "Again.", source=make.source(publisher=other))
    return event


@pytest.mark.skipif(
    not connection.features.supports_aggregate_order_by_clause,
    reason="this database cannot order inside an aggregate: the cells are joined in Python",
)
def test_csv_cells_joined_by_the_database_equal_those_joined_in_python(rf, make, record):
    event = _tricky_event(make)
    ids = list(Event.objects.published().values_list("pk", flat=True))
    loader = exports.RelatedLoader(exports.Urls(rf.get("/")))
    by_database = exports.load_summaries(ids, loader)
    by_python = exports.loading._summaries_from(loader.load(ids))
    assert by_database == by_python
    tricky = by_database[event.pk]
    assert tricky.publishers == "Kyodo; =Formula Outlet"  # each outlet once, in order
    assert tricky.tags == "alpha; zebra"
    assert tricky.actors.count("Maria Zakharova") == 2
    assert tricky.statements == 2


def test_the_csv_shows_each_outlet_once_and_neutralises_its_name(client, make):
    event = _tricky_event(make)
    (row,) = csv_rows(client.get("/export.csv"))
    assert row["permalink"].endswith(f"/events/{event.slug}/")
    assert row["source_publishers"] == "Kyodo; =Formula Outlet"
    assert row["actors"] == (
        "Maria Zakharova (initiator); Japan (target); Maria Zakharova (mentioned)"
    )
    assert row["statements"] == "2"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pipelined on PostgreSQL only")
@pytest.mark.parametrize("url", ["/export.csv", "/export.json", "/export/statements.csv"])
def test_a_pipelined_export_equals_the_one_read_in_turn(transactional_db, client, monkeypatch, url):
    # Committed data (transactional_db), so that the loading thread's connection sees it.
    research_data.build()
    monkeypatch.setattr(exports.loading, "CHUNK_SIZE", 2)  # several chunks, loaded ahead
    assert exports.loading.can_pipeline()
    pipelined = body(client.get(url))
    monkeypatch.setattr(exports.loading, "can_pipeline", lambda: False)
    in_turn = body(client.get(url))
    if url.endswith(".json"):
        pipelined, in_turn = json.loads(pipelined), json.loads(in_turn)
        pipelined.pop("generated_at"), in_turn.pop("generated_at")
        assert len(pipelined["events"]) > 4
    else:
        assert pipelined.count(b"\n") > 4
    assert pipelined == in_turn


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_the_csvs_written_by_postgresql_equal_those_written_in_python(
    client, make, record, monkeypatch
):
    _tricky_event(make)
    # Dates across a month and a year, a time with microseconds, a negative coordinate.
    make.event("Drills across months", date="2024-01-30", end_date=dt.date(2024, 2, 2))
    make.event("Drills across years", date="2024-12-30", end_date=dt.date(2025, 1, 2))
    make.event("Far south", date="2020", latitude="-33.86880", longitude="151.20930")
    Event.objects.filter(title="Far south").update(
        updated_at=dt.datetime(2025, 1, 2, 3, 4, 5, 678, tzinfo=dt.UTC)
    )
    queries = [*FILTER_CASES, *IGNORED_CASES, "q=drills", "order=asc"]
    urls = [
        f"{path}?{query}" for path in ("/export.csv", "/export/statements.csv") for query in queries
    ]
    by_postgresql = {url: csv_rows(client.get(url)) for url in urls}
    monkeypatch.setattr(exports.views, "can_copy", lambda events: False)
    for url in urls:
        assert by_postgresql[url] == csv_rows(client.get(url)), url
    everything = {row["title"]: row for row in by_postgresql["/export.csv?"]}
    assert everything["Drills across years"]["date"] == "30 December 2024 – 2 January 2025"
    assert everything["Far south"]["updated_at"] == "2025-01-02T03:04:05.000678+00:00"
    assert len(everything) > 5
    said = by_postgresql["/export/statements.csv?"]
    assert len(said) > 5 and {row["text"] for row in said} >= {"We protest.", "Again."}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")
def test_a_client_leaving_during_the_copy_leaves_the_connection_usable(rf, record, monkeypatch):
    monkeypatch.setattr(exports.writers, "FLUSH_BYTES", 1)  # every block on its own
    _filterset, events = exports.views.filter_events(rf.get("/").GET)
    parts = exports.copy_events_csv(events, exports.Urls(rf.get("/")))
    assert next(parts).startswith("\ufeffid,".encode())
    assert next(parts)  # the first row: COPY is under way
    parts.close()  # as when the client goes away
    assert Event.objects.published().count() == len(record.published)


@pytest.mark.parametrize("url", ["/export.csv", "/export/statements.csv", "/export.json"])
def test_a_search_that_can_match_nothing_exports_just_the_header(client, record, url):
    content = body(client.get(f"{url}?q=%21%21%21"))  # "!!!": nothing to search for
    if url.endswith(".json"):
        assert json.loads(content)["events"] == []
    else:
        assert content.decode("utf-8-sig").strip().count("\n") == 0  # the header alone


# Cells a spreadsheet runs although they do not start with "=": a full-width sign (Excel and
# LibreOffice read "＝" as "="), spaces or a line break before the formula, a lone newline.
DISGUISED_FORMULAS = [
    '＝HYPERLINK("https://evil.example")',
    "＋1+1",
    "－1+1",
    "＠SUM(A1)",
    " =1+1",
    "  @SUM(A1)",
    "\n=1+1",
    "\u3000=1+1",
    "\u00a0+1",
    "\nnew line first",
]


def test_disguised_formulas_are_neutralised_by_both_writers(client, make, monkeypatch):
    speaker = make.actor("Maria Zakharova")
    for n, text in enumerate(DISGUISED_FORMULAS):
        event = make.event(f"Event {n}", summary=text, location_name=text)
        make.statement(event, speaker, text, speaker_title=text)
    writers = {"this database": lambda: None}
    if connection.vendor == "postgresql":  # COPY there; the Python writer must agree
        writers["python"] = lambda: monkeypatch.setattr(
            exports.views, "can_copy", lambda events: False
        )
    written = {}
    for writer, choose in writers.items():
        choose()
        events = csv_rows(client.get("/export.csv"))
        said = csv_rows(client.get("/export/statements.csv"))
        written[writer] = (events, said)
        cells = [r[k] for r in events for k in ("summary", "location")]
        cells += [r[k] for r in said for k in ("text", "speaker_title")]
        assert sorted(cells) == sorted("'" + text for text in DISGUISED_FORMULAS * 4), writer
    assert len({repr(rows) for rows in written.values()}) == 1
    # Ordinary text is left alone, spaces and all.
    make.event("Plain", summary=" plain text, a - inside")
    plain = next(r for r in csv_rows(client.get("/export.csv")) if r["title"] == "Plain")
    assert plain["summary"] == " plain text, a - inside"
