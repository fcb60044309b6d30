"""``manage.py bench`` runs end to end on a small record (it measures; times are not asserted)."""

from __future__ import annotations

import importlib
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from incidents.gazetteer import load_gazetteer
from incidents.models import EventType, Place
from loadtest import synthetic
from loadtest.bench.load import WRK_SCRIPT, wrk_script
from loadtest.bench.novel import novel_combinations

PAGE_CASES = {
    "timeline",
    "fragment: none",
    "fragment: q",
    "fragment: from",
    "fragment: to",
    "fragment: from+to",
    "fragment: actor",
    "fragment: type",
    "fragment: tag",
    "fragment: publisher",
    "fragment: place",
    "fragment: order=asc",
    "fragment: combined",
    "fragment: combined+q",
    "load more (page 2)",
    "search: common word",
    "search: rare word",
    "search: phrase",
    "search: Russian name",
    "search: Japanese name",
    "deep page 50",
    "deep page 500",
    "event page",
    "actor page (person)",
    "actor page (state)",
    "source page",
    "api: events",
    "api: events filtered",
    "feed",
    "analysis",
    "analysis: combined",
    "chain page",
    "data releases",
    "map page",
    "map page: place",
    "place page",
    "timeline (ja)",
    "timeline (ru)",
    "search: Russian word (ru)",
    "search: Japanese word (ja)",
}
EXPORT_CASES = {"export: events.csv", "export: events.json", "export: statements.csv"}


@pytest.fixture
def record(transactional_db):
    # The event types come from a data migration; an earlier transactional test's flush
    # may have removed them.
    if not EventType.objects.exists():
        importlib.import_module("incidents.migrations.0002_event_types").add_types(apps, None)
    if not Place.objects.exists():  # the gazetteer (migration 0018), for the events' places
        load_gazetteer(Place)
    synthetic.generate(events=120, seed=4, batch_size=60, persons=40)


def test_bench_measures_every_case_in_process_and_over_http(record, live_server, tmp_path):
    output = tmp_path / "bench.json"
    call_command(
        "bench",
        runs=2,
        warmup=0,
        export_runs=1,
        no_child=True,
        url=live_server.url,
        output=str(output),
        verbosity=0,
        novel=6,
        first_views=2,
    )
    report = json.loads(output.read_text())
    rows = {row["name"]: row for row in report["rows"]}
    assert set(rows) == PAGE_CASES | EXPORT_CASES
    for name, row in rows.items():
        assert row["inprocess"]["status"] == 200, name
        assert row["http"]["status"] == 200, name
        assert row["inprocess"]["bytes"] > 0 and row["http"]["bytes"] > 0, name
        assert row["queries"] > 0, name
        assert row["inprocess"]["p95_ms"] >= row["inprocess"]["median_ms"] > 0
    for name in PAGE_CASES:
        assert rows[name]["inprocess"]["runs"] == 2
        if name != "data releases":  # its list is cached per data version: may run none
            assert rows[name]["explain"]["queries"] >= 1, name
        assert rows[name]["explain"]["seq_scan_events"] in (True, False)
    for name in EXPORT_CASES:
        assert rows[name]["tracemalloc_peak_mb"] > 0
    # The export has every published event (a header line plus one line each, at least).
    assert report["meta"]["published_events"] > 90
    assert report["page_weight"]["total_kb"] > 0
    assert set(report["conditional"]) == {"/", "/feed.atom"}
    # First answers: distinct new questions and first views, each asked once.
    assert report["novel"]["all"]["runs"] == 6
    assert report["novel"]["all"]["statuses"] == [200]
    assert report["novel"]["all"]["max_ms"] >= report["novel"]["all"]["median_ms"] > 0
    assert {kind: row["runs"] for kind, row in report["first_view"].items()} == {
        "event": 2,
        "actor": 2,
        "source": 2,
    }
    assert all(row["statuses"] == [200] for row in report["first_view"].values())


def test_novel_combinations_are_distinct_and_each_filters_something(record):
    paths = novel_combinations(60, "ministry")
    assert len(paths) == len(set(paths)) == 60
    assert all(path.startswith("/?") and len(path) > 2 for path in paths)
    for name in ("q=", "from=", "actor=", "type=", "tag=", "publisher=", "order="):
        assert any(name in path for path in paths), name
    assert any("q=ministry" in path for path in paths)
    assert novel_combinations(60, "ministry") == paths  # the same questions every run


def test_bench_in_process_only_prints_a_table(record, tmp_path, capsys):
    output = tmp_path / "nested" / "bench.json"
    call_command(
        "bench",
        runs=1,
        warmup=0,
        no_http=True,
        no_exports=True,
        only="fragment",
        output=str(output),
    )
    printed = capsys.readouterr().out
    assert "fragment: combined" in printed and "p95 ms" in printed
    rows = json.loads(output.read_text())["rows"]
    assert {row["name"] for row in rows} == {n for n in PAGE_CASES if "fragment" in n}


def test_wrk_script_is_the_urls_then_the_lua_file():
    paths = [("/", False), ("/?q=ministry", True)]
    script = wrk_script(paths)
    tables, lua = script.split("local headers = {false, true}\n", 1)
    assert tables == '\nlocal paths = {"/", "/?q=ministry"}\n'
    assert lua == WRK_SCRIPT.read_text()
    assert "request = function()" in lua and 'io.write(string.format("JSON {' in lua
