"""The benchmark's report: its metadata, the printed table, and the JSON file."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection

from incidents.models import Actor, Event, Source, Statement

from .novel import print_first_answers


def meta(params: dict[str, Any], options: dict[str, Any]) -> dict[str, Any]:
    """What was measured, where and when: enough to compare two runs."""
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


def default_output() -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR) / "bench-results" / f"bench-{stamp}.json"


def print_table(report: dict[str, Any], write: Callable[[str], Any]) -> None:
    """The table on stdout (``write``): one line per case, two per export."""
    info = report["meta"]
    write(
        f"\n{info['published_events']} published events ({info['events']} in all), "
        f"{info['database']}, {info['runs']} runs per case, commit {info['commit']}\n"
    )
    header = (
        f"{'case':<26} {'p50 ms':>8} {'p95 ms':>8} {'budget':>6} {'SQL':>4} {'cold ms':>8} "
        f"{'cold SQL':>8} {'KB':>8} "
        f"{'http p50':>9} {'http p95':>9} {'seq scan':>8}  ok"
    )
    write(header)
    write("-" * len(header))
    for row in report["rows"]:
        timing, http = row["inprocess"], row.get("http") or {}
        seq = row.get("explain", {}).get("seq_scan_events")
        budget = row.get("budget_ms") or f"{row.get('budget_s')}s"
        write(
            f"{row['name'][:26]:<26} {timing['median_ms']:>8.1f} {timing['p95_ms']:>8.1f} "
            f"{budget!s:>6} {row['queries']:>4} {row.get('cold', {}).get('ms', 0):>8.1f} "
            f"{row.get('cold', {}).get('queries', '-')!s:>8} {timing['bytes'] / 1024:>8.1f} "
            f"{http.get('median_ms', 0):>9.1f} {http.get('p95_ms', 0):>9.1f} "
            f"{'-' if seq is None else ('YES' if seq else 'no'):>8}  "
            f"{'✓' if row['within_budget'] else '✗'}"
        )
        if row["group"] == "export":
            child = row["child_process"]
            write(
                f"{'':<26} peak RSS {child.get('peak_rss_mb')} MB "
                f"(+{child.get('rss_growth_mb')} MB), tracemalloc peak "
                f"{row['tracemalloc_peak_mb']} MB, {child.get('seconds')} s in a child"
            )
    print_first_answers(report, write)
    if "page_weight" in report:
        weight = report["page_weight"]
        write(f"\nTimeline page weight (gzip): {weight.get('total_kb')} KB")
    if "conditional" in report:
        write(f"Conditional requests: {report['conditional']}")
    if "load" in report:
        write(f"Load test: {report['load']}")


def write_json(report: dict[str, Any], output: str | None) -> Path:
    """Write the report (to ``bench-results/bench-<time>.json`` by default); return the path."""
    path = Path(output or default_output())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False, default=str))
    return path
