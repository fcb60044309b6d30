"""Measuring an export: time to the last byte, queries, and peak memory.

Peak RSS (which includes the database driver's buffers) is only meaningful for a process
that does nothing else, so each export is also run alone in a child process
(``manage.py bench --probe-export PATH``); tracemalloc gives the Python heap's peak here.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc
from contextlib import suppress
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from .cases import EXPORT_BUDGET_MB, EXPORT_BUDGET_S, Case
from .measuring import Timing, client_get, consume, quiet_production_settings


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


def measure_export(client: Client, case: Case, runs: int, in_child: bool) -> dict[str, Any]:
    """An export's row: ``runs`` timed runs in process, its queries, and its peak memory."""
    path = case.paths[0]
    samples, status, size = [], 0, 0
    for _ in range(max(1, runs)):
        started = time.perf_counter()
        response = client_get(client, path, {})
        size = consume(response)
        samples.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    with CaptureQueriesContext(connection) as captured:
        consume(client_get(client, path, {}))
    # Read now: captured_queries is a view of connection.queries, reset by the next request.
    queries = len(captured.captured_queries)
    child = export_in_child(path) if in_child else {}
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
        timing.max_ms / 1000 <= EXPORT_BUDGET_S and peak is not None and peak <= EXPORT_BUDGET_MB
    )
    return row


def export_in_child(path: str) -> dict[str, Any]:
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
