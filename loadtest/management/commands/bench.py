"""``manage.py bench`` (or ``make bench``): measure the public site on the current database.

The measuring is in ``loadtest.bench`` (its docstring says what is measured, and how);
this is the command line and the order of the steps.
"""

from __future__ import annotations

import json
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from loadtest.bench.cases import EXPORTS, build_cases, pick_parameters
from loadtest.bench.exports import export_probe, measure_export
from loadtest.bench.measuring import measure_page, quiet_production_settings
from loadtest.bench.over_http import measure_over_http
from loadtest.bench.report import meta, print_table, write_json


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
        parser.add_argument(
            "--novel", type=int, default=200, help="Distinct new filter combinations over HTTP."
        )
        parser.add_argument(
            "--first-views", type=int, default=30, help="Distinct event/actor/source pages."
        )
        parser.add_argument("--novel-seed", type=int, default=18, help="Seed of the combinations.")
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
                row = measure_page(
                    client, case, options["runs"], options["warmup"], not options["no_explain"]
                )
                rows[case.name] = row
                self.say(
                    f"  {case.name}: p95 {row['inprocess']['p95_ms']} ms, {row['queries']} queries"
                )
            for case in exports:
                row = measure_export(client, case, options["export_runs"], not options["no_child"])
                rows[case.name] = row
                self.say(
                    f"  {case.name}: {row['seconds']} s, {row['inprocess']['bytes']} bytes, "
                    f"child {row['child_process']}"
                )

        report: dict[str, Any] = {"meta": meta(params, options), "rows": list(rows.values())}
        if not options["no_http"]:
            measure_over_http(cases, exports, rows, report, options, self.say)
        report["meta"]["seconds"] = round(time.monotonic() - started, 1)
        report["rows"] = list(rows.values())
        print_table(report, self.stdout.write)
        output = write_json(report, options["output"])
        self.stdout.write(f"\nWrote {output}")

    def say(self, message: str) -> None:
        """Progress, on stderr, so that stdout stays the table."""
        if self.verbosity > 0:
            self.stderr.write(message)
