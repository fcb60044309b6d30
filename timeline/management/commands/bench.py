"""Measure the public site on the current database: ``manage.py bench`` (or ``make bench``).

For every case (the timeline page, the HTMX fragment for each filter alone and combined,
full-text searches, deep pages, the event/actor/source pages, the API, the exports) it
reports the median and 95th-percentile time over ``--runs`` requests, the number of SQL
queries and the response size, measured

- in-process, through Django's test client (server time: URL routing, middleware, queries,
  templates; no network), and
- over HTTP, against gunicorn started here on 127.0.0.1 with the repository's
  gunicorn.conf.py (or a server given with ``--url``).

Exports are timed to the last byte and their peak memory is measured in a separate
process (peak RSS, which includes the database driver's buffers) and with tracemalloc.
On PostgreSQL every SELECT of every case is run again under ``EXPLAIN (ANALYZE)`` to report
whether the events table is read by a sequential scan. ``--load SECONDS`` then runs wrk
with 50 connections over varied timeline URLs. Prints a table and writes JSON
(``bench-results/bench-<time>.json`` by default) so runs can be compared.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from incidents import versioning
from incidents.models import Actor, Event, EventActor, EventSource, Source, Statement, Status

# Budgets from the "Scale and speed" issue: p95 server time (ms) per group.
BUDGET_MS = {"timeline": 50, "fragment": 50, "deep": 50, "search": 80, "detail": 30, "api": 50}
BUDGET_QUERIES = 10
EXPORT_BUDGET_S = 10
EXPORT_BUDGET_MB = 200
PAGE_WEIGHT_BUDGET_KB = 100
EVENTS_TABLE = Event._meta.db_table
HX = {"HX-Request": "true"}


@dataclass
class Case:
    name: str
    group: str  # timeline, fragment, search, deep, detail, api, export
    paths: list[str]  # rotated through across runs (e.g. several events)
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Timing:
    runs: int = 0
    median_ms: float = 0.0
    p95_ms: float = 0.0
    min_ms: float = 0.0
    max_ms: float = 0.0
    status: int = 0
    bytes: int = 0

    @classmethod
    def of(cls, samples: list[float], status: int, size: int) -> Timing:
        ordered = sorted(samples)
        return cls(
            runs=len(ordered),
            median_ms=round(statistics.median(ordered), 2),
            p95_ms=round(percentile(ordered, 95), 2),
            min_ms=round(ordered[0], 2),
            max_ms=round(ordered[-1], 2),
            status=status,
            bytes=size,
        )


def percentile(ordered: list[float], pct: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


# --- Choosing realistic parameters from the data ---------------------------------------------


def _top(queryset, field_name: str) -> str | None:
    row = queryset.values(field_name).annotate(n=Count("pk")).order_by("-n", field_name).first()
    return row[field_name] if row else None


def pick_parameters() -> dict[str, Any]:
    """Slugs and words that make each filter select something, chosen from the data."""
    published = Event.objects.published()
    roles = EventActor.objects.filter(event__status=Status.PUBLISHED)
    person = _top(roles.filter(actor__kind=Actor.Kind.PERSON), "actor__slug")
    state = _top(roles.filter(actor__kind=Actor.Kind.STATE), "actor__slug")
    links = EventSource.objects.filter(event__status=Status.PUBLISHED)
    publisher = _top(links.exclude(source__publisher=None), "source__publisher__slug")
    event_type = _top(published, "event_type__slug")
    tag = _top(Event.tags.through.objects.filter(event__status=Status.PUBLISHED), "tag__slug")
    russian = (
        Actor.objects.filter(kind=Actor.Kind.PERSON, slug=person).values_list("name_ru", flat=True)
    ).first()
    people = Actor.objects.filter(kind=Actor.Kind.PERSON).exclude(name_ja="")
    japanese_person = (
        people.filter(country__name_en="Japan", event_roles__event__status=Status.PUBLISHED)
        .values_list("name_ja", flat=True)
        .first()
    )
    if not russian or not re.search("[\u0400-\u04ff]", russian):
        russian = (
            Actor.objects.filter(kind=Actor.Kind.PERSON, country__name_en="Russia")
            .exclude(name_ru="")
            .values_list("name_ru", flat=True)
            .first()
        )
    events = list(
        published.order_by("pk").values_list("slug", flat=True)[:: max(1, published.count() // 10)][
            :10
        ]
    )
    sources = list(Source.objects.published().order_by("pk").values_list("pk", flat=True)[:200:20])
    return {
        "person": person,
        "state": state,
        "publisher": publisher,
        "type": event_type,
        "tag": tag,
        # Surname in Cyrillic; family name in Japanese script (written first, before a space).
        "russian_name": (russian or "Захарова").split()[-1],
        "japanese_name": (japanese_person or "林 芳正").split()[0],
        "events": events,
        "sources": sources,
        "published": published.count(),
    }


def build_cases(p: dict[str, Any], common: str, rare: str, phrase: str) -> list[Case]:
    def q(**params: Any) -> str:
        return "/?" + urlencode({k: v for k, v in params.items() if v}, doseq=True)

    combined = {
        "from": "2010",
        "to": "2024-06",
        "type": p["type"],
        "tag": p["tag"],
        "publisher": p["publisher"],
        "actor": p["state"],
    }
    cases = [
        Case("timeline", "timeline", ["/"]),
        Case("fragment: none", "fragment", ["/"], HX),
        Case("fragment: q", "fragment", [q(q=common)], HX),
        Case("fragment: from", "fragment", [q(**{"from": "2014"})], HX),
        Case("fragment: to", "fragment", [q(to="2005-06")], HX),
        Case("fragment: from+to", "fragment", [q(**{"from": "2022-02", "to": "2022-03-15"})], HX),
        Case("fragment: actor", "fragment", [q(actor=p["person"])], HX),
        Case("fragment: type", "fragment", [q(type=p["type"])], HX),
        Case("fragment: tag", "fragment", [q(tag=p["tag"])], HX),
        Case("fragment: publisher", "fragment", [q(publisher=p["publisher"])], HX),
        Case("fragment: order=asc", "fragment", [q(order="asc")], HX),
        Case("fragment: combined", "fragment", [q(**combined)], HX),
        Case("fragment: combined+q", "fragment", [q(q=common, **combined)], HX),
        Case(
            "load more (page 2)",
            "fragment",
            [q(page=2)],
            {**HX, "HX-Target": "event-list"},
        ),
        Case("search: common word", "search", [q(q=common)]),
        Case("search: rare word", "search", [q(q=rare)]),
        Case("search: phrase", "search", [q(q=phrase)]),
        Case("search: Russian name", "search", [q(q=p["russian_name"])]),
        Case("search: Japanese name", "search", [q(q=p["japanese_name"])]),
        Case("deep page 50", "deep", [q(page=50)]),
        Case("deep page 500", "deep", [q(page=500)]),
        Case("event page", "detail", [f"/events/{slug}/" for slug in p["events"]]),
        Case("actor page (person)", "detail", [f"/actors/{p['person']}/"]),
        Case("actor page (state)", "detail", [f"/actors/{p['state']}/"]),
        Case("source page", "detail", [f"/sources/{pk}/" for pk in p["sources"]]),
        Case("api: events", "api", ["/api/events"]),
        Case("api: events filtered", "api", [f"/api/events?type={p['type']}&from=2014"]),
        Case("feed", "api", ["/feed.atom"]),
    ]
    return [case for case in cases if all("None" not in path for path in case.paths)]


EXPORTS = [
    Case("export: events.csv", "export", ["/export.csv"]),
    Case("export: events.json", "export", ["/export.json"]),
    Case("export: statements.csv", "export", ["/export/statements.csv"]),
]


# --- Measuring ---------------------------------------------------------------------------------


@contextmanager
def quiet_production_settings() -> Iterator[None]:
    """Measure without DEBUG's query log, whatever the shell's settings."""
    hosts = [*settings.ALLOWED_HOSTS, "testserver"]
    with override_settings(DEBUG=False, ALLOWED_HOSTS=hosts):
        yield


def consume(response) -> int:
    """Read the whole body (a streamed export is produced only as it is read)."""
    if getattr(response, "streaming", False):
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
        return size
    return len(response.content)


def client_get(client: Client, path: str, headers: dict[str, str]):
    # secure=True: a production SECURE_SSL_REDIRECT would otherwise answer 301.
    return client.get(path, headers=headers, secure=True)


@contextmanager
def unseen_data_version() -> Iterator[None]:
    """Make every cache miss, without clearing a cache that others may share (Redis)."""
    real = versioning.read

    def fresh() -> versioning.DataVersion:
        return versioning.DataVersion(secrets.randbits(62), real().changed_at)

    versioning.read = fresh
    try:
        yield
    finally:
        versioning.read = real


def measure_cold(client: Client, case: Case) -> tuple[float, list]:
    """One request as the first after a write: nothing cached. Its queries are the real work."""
    with unseen_data_version(), CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        consume(client_get(client, case.paths[0], case.headers))
        elapsed = (time.perf_counter() - started) * 1000
    return round(elapsed, 2), list(captured.captured_queries)


def measure_inprocess(client: Client, case: Case, runs: int, warmup: int) -> tuple[Timing, list]:
    for i in range(warmup):
        consume(client_get(client, case.paths[i % len(case.paths)], case.headers))
    samples, status, size = [], 0, 0
    for i in range(runs):
        path = case.paths[i % len(case.paths)]
        started = time.perf_counter()
        response = client_get(client, path, case.headers)
        size = consume(response)
        samples.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    # Query count (and the SQL for EXPLAIN) from one more, separate run: capturing the SQL
    # costs time that the timed runs should not pay.
    with CaptureQueriesContext(connection) as captured:
        consume(client_get(client, case.paths[0], case.headers))
    return Timing.of(samples, status, size), list(captured.captured_queries)


def http_get(base: str, path: str, headers: dict[str, str], timeout: float) -> tuple[int, int]:
    request = urllib.request.Request(base + path, headers=headers)  # noqa: S310 - loopback
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            size = 0
            while chunk := response.read(256 * 1024):
                size += len(chunk)
            return response.status, size
    except urllib.error.HTTPError as exc:
        return exc.code, len(exc.read())


def measure_http(base: str, case: Case, runs: int, warmup: int, timeout: float) -> Timing:
    for i in range(warmup):
        http_get(base, case.paths[i % len(case.paths)], case.headers, timeout)
    samples, status, size = [], 0, 0
    for i in range(runs):
        started = time.perf_counter()
        status, size = http_get(base, case.paths[i % len(case.paths)], case.headers, timeout)
        samples.append((time.perf_counter() - started) * 1000)
    return Timing.of(samples, status, size)


def explain(queries: list[dict[str, str]]) -> dict[str, Any]:
    """EXPLAIN (ANALYZE) every SELECT of a request; report sequential scans of the events table."""
    report: dict[str, Any] = {"queries": 0, "seq_scan_events": False, "seq_scans": [], "plans": []}
    selects = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")]
    postgres = connection.vendor == "postgresql"
    for sql in selects:
        if EVENTS_TABLE not in sql:
            continue
        report["queries"] += 1
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}")
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                root = plan[0]["Plan"]
                scans = [n["Relation Name"] for n in walk(root) if n["Node Type"] == "Seq Scan"]
                ms = plan[0].get("Execution Time", 0.0)
                top = root["Node Type"]
            else:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                details = [row[-1] for row in cursor.fetchall()]
                scans = [
                    d.split()[1] for d in details if d.startswith("SCAN ") and "USING" not in d
                ]
                ms, top = None, details[0] if details else ""
        if EVENTS_TABLE in scans:
            report["seq_scan_events"] = True
        report["seq_scans"] = sorted(set(report["seq_scans"]) | set(scans))
        report["plans"].append(
            {
                "sql": sql[:160],
                "ms": round(ms, 2) if ms is not None else None,
                "top": top,
                "seq_scans": scans,
            }
        )
    report["slowest_ms"] = max((p["ms"] or 0 for p in report["plans"]), default=0)
    return report


def walk(node: dict) -> Iterator[dict]:
    yield node
    for child in node.get("Plans", []):
        yield from walk(child)


def _peak_rss_kb() -> int:
    """This process's peak RSS (VmHWM; ru_maxrss where /proc is missing)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak_rss() -> None:
    """Start the peak over from the current RSS (Linux). ru_maxrss cannot be reset, and it
    carries the parent's peak across fork and exec: a child started by a bench that has
    just run a large export in-process would report the bench's memory, not its own."""
    with suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def export_probe(path: str) -> dict[str, Any]:
    """Run in a child process: one export, its time, bytes and the process's peak RSS."""
    client = Client()
    with quiet_production_settings():
        consume(client_get(client, "/healthz", {}))  # settle imports and the connection
        _reset_peak_rss()
        baseline = _peak_rss_kb()
        started = time.perf_counter()
        response = client_get(client, path, {})
        size = consume(response)
        elapsed = time.perf_counter() - started
    peak = _peak_rss_kb()
    return {
        "status": response.status_code,
        "bytes": size,
        "seconds": round(elapsed, 3),
        "peak_rss_mb": round(peak / 1024, 1),
        "rss_growth_mb": round((peak - baseline) / 1024, 1),
    }


def tracemalloc_peak(client: Client, path: str) -> float:
    tracemalloc.start()
    try:
        consume(client_get(client, path, {}))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 1024 / 1024, 1)


# --- The server --------------------------------------------------------------------------------


def free_port(preferred: int) -> int:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", preferred))
            return preferred
        except OSError:
            sock.bind(("127.0.0.1", 0))
            return sock.getsockname()[1]


def server_env() -> dict[str, str]:
    """Production settings for the child server, safe to run on a loopback port."""
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        TESTING="0",
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="0",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def gunicorn(port: int, log: Path) -> Iterator[tuple[str, subprocess.Popen]]:
    env = server_env()
    base_dir = Path(settings.BASE_DIR)
    # Manifest static storage (production) needs collected files to render pages.
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=base_dir,
        env=env,
        check=True,
    )
    with log.open("w") as out:
        server = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "gunicorn.conf.py",
                "timeline.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            cwd=base_dir,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise CommandError(f"gunicorn exited ({server.returncode}); see {log}")
            try:
                if http_get(base, "/healthz", {}, 2)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise CommandError(f"gunicorn did not answer /healthz within 60 s; see {log}")
            time.sleep(0.3)
        yield base, server
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def worker_peak_rss_mb(server: subprocess.Popen | None) -> float | None:
    """The largest VmHWM (peak RSS) among gunicorn's worker processes (Linux only)."""
    if server is None:
        return None
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children")
    try:
        pids = children.read_text().split()
    except OSError:
        return None
    peaks = []
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match[1]) / 1024)
    return round(max(peaks), 1) if peaks else None


def page_weight(base: str) -> dict[str, Any]:
    """The timeline page's HTML, CSS and JS, gzip-compressed (what a first visit downloads)."""
    request = urllib.request.Request(base + "/")  # noqa: S310 - loopback
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        html = response.read()
    assets = re.findall(rb'<(?:link[^>]+href|script[^>]+src)="(/static/[^"]+\.(?:css|js))"', html)
    items = {"html": len(gzip.compress(html, 6))}
    cache_headers = {}
    for asset in dict.fromkeys(a.decode() for a in assets):
        request = urllib.request.Request(base + asset, headers={"Accept-Encoding": "gzip"})  # noqa: S310
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body = response.read()
            items[asset] = (
                len(body)
                if response.headers.get("Content-Encoding")
                else len(gzip.compress(body, 6))
            )
            cache_headers[asset] = response.headers.get("Cache-Control", "")
    total = sum(items.values())
    return {
        "bytes_gzip": items,
        "total_kb": round(total / 1024, 1),
        "budget_kb": PAGE_WEIGHT_BUDGET_KB,
        "within_budget": total / 1024 <= PAGE_WEIGHT_BUDGET_KB,
        "cache_control": cache_headers,
    }


def conditional_check(base: str) -> dict[str, Any]:
    """Does a repeat visit with the validators it was given get a 304?"""
    results = {}
    for path in ("/", "/feed.atom"):
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:  # noqa: S310
                etag = response.headers.get("ETag")
                modified = response.headers.get("Last-Modified")
        except urllib.error.HTTPError as exc:
            results[path] = {"error": exc.code}
            continue
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if modified:
            headers["If-Modified-Since"] = modified
        status = http_get(base, path, headers, 30)[0] if headers else None
        results[path] = {"etag": bool(etag), "last_modified": bool(modified), "repeat": status}
    return results


# --- Load test ---------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%s}
local headers = {%s}
local n = 0
request = function()
  n = n + 1
  local i = (n %% #paths) + 1
  local h = {}
  if headers[i] then h["HX-Request"] = "true" end
  return wrk.format("GET", paths[i], h)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("JSON {\\"requests\\": %%d, \\"seconds\\": %%.3f, \\"non2xx\\": %%d, " ..
    "\\"connect\\": %%d, \\"read\\": %%d, \\"write\\": %%d, \\"timeout\\": %%d, " ..
    "\\"p50_ms\\": %%.2f, \\"p95_ms\\": %%.2f, \\"p99_ms\\": %%.2f}\\n",
    summary.requests, summary.duration / 1e6, e.status, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def load_test(base: str, cases: list[Case], seconds: int, connections: int) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    if not wrk:
        return {"skipped": "wrk is not installed (apt-get install -y wrk)"}
    varied = [c for c in cases if c.group in ("timeline", "fragment", "search", "deep")]
    paths = [(path, bool(c.headers)) for c in varied for path in c.paths]
    lua = WRK_SCRIPT % (
        ", ".join(json.dumps(path) for path, _hx in paths),
        ", ".join("true" if hx else "false" for _path, hx in paths),
    )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    threads = min(2, connections)
    try:
        result = subprocess.run(  # noqa: S603 - our own arguments, loopback only
            [
                wrk,
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                script.name,
                base + "/",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    finally:
        os.unlink(script.name)
    match = re.search(r"^JSON (\{.*\})$", result.stdout, re.M)
    if not match:
        return {"error": result.stderr or result.stdout}
    data = json.loads(match[1])
    errors = sum(data[k] for k in ("non2xx", "connect", "read", "write", "timeout"))
    data.update(
        connections=connections,
        urls=len(paths),
        requests_per_second=round(data["requests"] / data["seconds"], 1),
        errors=errors,
    )
    return data


# --- The command -------------------------------------------------------------------------------


class Command(BaseCommand):
    help = "Benchmark the public pages, API and exports on the current database."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per case.")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per case.")
        parser.add_argument("--export-runs", type=int, default=2, help="Timed runs per export.")
        parser.add_argument("--output", help="JSON file (default bench-results/bench-<time>.json).")
        parser.add_argument("--only", help="Only cases whose name contains this text.")
        parser.add_argument("--no-http", action="store_true", help="In-process only.")
        parser.add_argument("--url", help="Measure this running server instead of gunicorn.")
        parser.add_argument("--port", type=int, default=8104, help="Port for gunicorn.")
        parser.add_argument("--no-exports", action="store_true", help="Skip the exports.")
        parser.add_argument("--no-explain", action="store_true", help="Skip EXPLAIN.")
        parser.add_argument("--load", type=int, default=0, help="wrk load test for N seconds.")
        parser.add_argument("--connections", type=int, default=50, help="wrk connections.")
        parser.add_argument("--common-word", default="ministry")
        parser.add_argument("--rare-word", default="walrus")
        parser.add_argument("--phrase", default='"sea of japan"')
        parser.add_argument("--timeout", type=float, default=60, help="Per HTTP request, seconds.")
        parser.add_argument(
            "--no-child",
            action="store_true",
            help="Measure export memory with tracemalloc only (no child process; for tests).",
        )
        parser.add_argument("--probe-export", help="Internal: one export, in a child process.")

    def handle(self, *args, **options) -> None:
        if options["probe_export"]:
            self.stdout.write(json.dumps(export_probe(options["probe_export"])))
            return
        self.verbosity = options["verbosity"]
        started = time.monotonic()
        params = pick_parameters()
        cases = build_cases(params, options["common_word"], options["rare_word"], options["phrase"])
        exports = [] if options["no_exports"] else list(EXPORTS)
        if options["only"]:
            cases = [c for c in cases if options["only"] in c.name]
            exports = [c for c in exports if options["only"] in c.name]
        self.say(
            f"bench: {params['published']} published events on {connection.vendor}; "
            f"{len(cases)} cases × {options['runs']} runs, {len(exports)} exports"
        )
        rows: dict[str, dict[str, Any]] = {}
        client = Client()
        with quiet_production_settings():
            for case in cases:
                cold_ms, cold_queries = measure_cold(client, case)
                timing, queries = measure_inprocess(
                    client, case, options["runs"], options["warmup"]
                )
                budget = BUDGET_MS[case.group]
                rows[case.name] = {
                    "name": case.name,
                    "group": case.group,
                    "path": case.paths[0],
                    "hx": bool(case.headers),
                    "inprocess": asdict(timing),
                    "queries": len(queries),
                    "cold": {"ms": cold_ms, "queries": len(cold_queries)},
                    "budget_ms": budget,
                    "within_budget": timing.p95_ms <= budget
                    and max(len(queries), len(cold_queries)) <= BUDGET_QUERIES,
                }
                if not options["no_explain"]:
                    # The cold request's queries: those that do the work a cache then saves.
                    rows[case.name]["explain"] = explain(cold_queries)
                self.say(f"  {case.name}: p95 {timing.p95_ms} ms, {len(queries)} queries")
            for case in exports:
                rows[case.name] = self.measure_export(client, case, options)

        report: dict[str, Any] = {"meta": self.meta(params, options), "rows": list(rows.values())}
        if not options["no_http"]:
            self.measure_over_http(cases, exports, rows, report, options)
        report["meta"]["seconds"] = round(time.monotonic() - started, 1)
        report["rows"] = list(rows.values())
        self.print_table(report)
        output = Path(options["output"] or self.default_output())
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
        self.stdout.write(f"\nWrote {output}")

    def say(self, message: str) -> None:
        """Progress, on stderr, so that stdout stays the table."""
        if self.verbosity > 0:
            self.stderr.write(message)

    def measure_export(self, client: Client, case: Case, options) -> dict[str, Any]:
        path = case.paths[0]
        samples, status, size = [], 0, 0
        for _ in range(max(1, options["export_runs"])):
            started = time.perf_counter()
            response = client_get(client, path, {})
            size = consume(response)
            samples.append((time.perf_counter() - started) * 1000)
            status = response.status_code
        with CaptureQueriesContext(connection) as captured:
            consume(client_get(client, path, {}))
        # Read now: captured_queries is a view of connection.queries, reset by the next request.
        queries = len(captured.captured_queries)
        child = {} if options["no_child"] else self.export_in_child(path)
        timing = Timing.of(samples, status, size)
        traced = tracemalloc_peak(client, path)
        row = {
            "name": case.name,
            "group": "export",
            "path": path,
            "hx": False,
            "inprocess": asdict(timing),
            "queries": queries,
            "seconds": round(timing.max_ms / 1000, 2),
            "child_process": child,
            "tracemalloc_peak_mb": traced,
            "budget_s": EXPORT_BUDGET_S,
            "budget_mb": EXPORT_BUDGET_MB,
        }
        peak = child.get("peak_rss_mb", traced)
        row["within_budget"] = (
            timing.max_ms / 1000 <= EXPORT_BUDGET_S
            and peak is not None
            and peak <= EXPORT_BUDGET_MB
        )
        self.say(f"  {case.name}: {row['seconds']} s, {size} bytes, child {child}")
        return row

    def export_in_child(self, path: str) -> dict[str, Any]:
        """Peak RSS is only meaningful for a process that does nothing else."""
        probe = subprocess.run(  # noqa: S603 - this same command, in a child process
            [sys.executable, "manage.py", "bench", "--probe-export", path],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        try:
            return json.loads(probe.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            return {"error": probe.stderr[-2000:]}

    def measure_over_http(self, cases, exports, rows, report, options) -> None:
        timeout = options["timeout"]

        def run(base: str, server: subprocess.Popen | None) -> None:
            for case in cases:
                timing = measure_http(base, case, options["runs"], options["warmup"], timeout)
                rows[case.name]["http"] = asdict(timing)
            for case in exports:
                before = worker_peak_rss_mb(server)
                timing = measure_http(base, case, 1, 0, max(timeout, 120))
                rows[case.name]["http"] = asdict(timing)
                rows[case.name]["http"]["worker_peak_rss_mb_before"] = before
                rows[case.name]["http"]["worker_peak_rss_mb_after"] = worker_peak_rss_mb(server)
            try:
                report["page_weight"] = page_weight(base)
            except (OSError, urllib.error.URLError) as exc:
                report["page_weight"] = {"error": str(exc)}
            report["conditional"] = conditional_check(base)
            if options["load"]:
                self.say(f"  load: wrk, {options['connections']} connections, {options['load']} s")
                report["load"] = load_test(base, cases, options["load"], options["connections"])

        if options["url"]:
            report["meta"]["server"] = options["url"]
            run(options["url"].rstrip("/"), None)
            return
        port = free_port(options["port"])
        log = Path(tempfile.gettempdir()) / f"bench-gunicorn-{port}.log"
        with gunicorn(port, log) as (base, server):
            report["meta"]["server"] = f"gunicorn ({base}, gunicorn.conf.py)"
            run(base, server)

    def meta(self, params: dict[str, Any], options) -> dict[str, Any]:
        try:
            commit = subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
                cwd=settings.BASE_DIR,
                capture_output=True,
                text=True,
                check=False,
            ).stdout.strip()
        except OSError:
            commit = ""
        return {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "database": connection.vendor,
            "events": Event.objects.count(),
            "published_events": params["published"],
            "statements": Statement.objects.count(),
            "sources": Source.objects.count(),
            "actors": Actor.objects.count(),
            "runs": options["runs"],
            "commit": commit,
            "parameters": {k: v for k, v in params.items() if k not in ("events", "sources")},
            "cpu_count": os.cpu_count(),
            "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        }

    def default_output(self) -> Path:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        return Path(settings.BASE_DIR) / "bench-results" / f"bench-{stamp}.json"

    def print_table(self, report: dict[str, Any]) -> None:
        meta = report["meta"]
        self.stdout.write(
            f"\n{meta['published_events']} published events ({meta['events']} in all), "
            f"{meta['database']}, {meta['runs']} runs per case, commit {meta['commit']}\n"
        )
        header = (
            f"{'case':<26} {'p50 ms':>8} {'p95 ms':>8} {'budget':>6} {'SQL':>4} {'cold ms':>8} "
            f"{'cold SQL':>8} {'KB':>8} "
            f"{'http p50':>9} {'http p95':>9} {'seq scan':>8}  ok"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for row in report["rows"]:
            timing, http = row["inprocess"], row.get("http") or {}
            seq = row.get("explain", {}).get("seq_scan_events")
            budget = row.get("budget_ms") or f"{row.get('budget_s')}s"
            self.stdout.write(
                f"{row['name'][:26]:<26} {timing['median_ms']:>8.1f} {timing['p95_ms']:>8.1f} "
                f"{budget!s:>6} {row['queries']:>4} {row.get('cold', {}).get('ms', 0):>8.1f} "
                f"{row.get('cold', {}).get('queries', '-')!s:>8} {timing['bytes'] / 1024:>8.1f} "
                f"{http.get('median_ms', 0):>9.1f} {http.get('p95_ms', 0):>9.1f} "
                f"{'-' if seq is None else ('YES' if seq else 'no'):>8}  "
                f"{'✓' if row['within_budget'] else '✗'}"
            )
            if row["group"] == "export":
                child = row["child_process"]
                self.stdout.write(
                    f"{'':<26} peak RSS {child.get('peak_rss_mb')} MB "
                    f"(+{child.get('rss_growth_mb')} MB), tracemalloc peak "
                    f"{row['tracemalloc_peak_mb']} MB, {child.get('seconds')} s in a child"
                )
        if "page_weight" in report:
            weight = report["page_weight"]
            self.stdout.write(f"\nTimeline page weight (gzip): {weight.get('total_kb')} KB")
        if "conditional" in report:
            self.stdout.write(f"Conditional requests: {report['conditional']}")
        if "load" in report:
            self.stdout.write(f"Load test: {report['load']}")
