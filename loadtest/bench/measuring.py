"""Timing a case in process, through Django's test client: warm, cold, and its SQL."""

from __future__ import annotations

import math
import secrets
import statistics
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from incidents import versioning

from .cases import BUDGET_MS, BUDGET_QUERIES, Case
from .explain import explain


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


def measure_page(client: Client, case: Case, runs: int, warmup: int, plans: bool) -> dict[str, Any]:
    """A page case's row: warm and cold timings, query counts, budget, and (plans) EXPLAIN."""
    cold_ms, cold_queries = measure_cold(client, case)
    timing, queries = measure_inprocess(client, case, runs, warmup)
    budget = BUDGET_MS[case.group]
    row = {
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
    if plans:
        # The cold request's queries: those that do the work a cache then saves.
        row["explain"] = explain(cold_queries)
    return row
