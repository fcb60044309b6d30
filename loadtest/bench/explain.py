"""EXPLAIN every SELECT (or WITH … SELECT) of a request that reads the events table: is it a
sequential scan?"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from django.db import connection

from incidents.models import Event

EVENTS_TABLE = Event._meta.db_table


def explain(queries: list[dict[str, str]]) -> dict[str, Any]:
    """EXPLAIN (ANALYZE) every SELECT of a request; report sequential scans of the events table."""
    report: dict[str, Any] = {"queries": 0, "seq_scan_events": False, "seq_scans": [], "plans": []}
    selects = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("SELECT", "WITH"))
    ]
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
