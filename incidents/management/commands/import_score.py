"""The importer's score on the corpus of cases (tests/import_cases/): per-field accuracy for
the dev set, the holdout set or both. Reads files only; saves nothing.

Tune the importer on the dev set; the holdout set is the figure that counts (see
``incidents/importing/scoring.py`` for the case format and how each figure is counted).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents.importing import (
    IMPORT_CASES_DIR,
    format_problems,
    format_table,
    load_cases,
    score_cases,
    summarise,
)


class Command(BaseCommand):
    help = "Score the article importer on the corpus of import cases (per-field accuracy)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--set",
            choices=("dev", "holdout", "all"),
            default="all",
            dest="which",
            help="Which cases: the dev set, the holdout set, or all (one column each).",
        )
        parser.add_argument(
            "--json", action="store_true", dest="as_json", help="Print the figures as JSON."
        )
        parser.add_argument(
            "--cases",
            action="store_true",
            help="Also list what each case got wrong.",
        )
        parser.add_argument(
            "--dir", default=str(IMPORT_CASES_DIR), help="The directory of cases to score."
        )

    def handle(self, *args, which: str, as_json: bool, cases: bool, dir: str, **options):
        directory = Path(dir)
        scores = score_cases(load_cases("all", directory))
        if not scores:
            raise CommandError(f"No cases (*.expected.json) in {directory}.")
        sets = ("dev", "holdout", "all") if which == "all" else (which,)
        chosen = {name: [s for s in scores if name in ("all", s.set)] for name in sets}
        summaries = {name: summarise(group) for name, group in chosen.items()}
        if as_json:
            payload = {"sets": summaries}
            if cases:
                payload["cases"] = [vars(s) for s in scores if which in ("all", s.set)]
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        self.stdout.write(format_table(summaries))
        if cases:
            self.stdout.write("")
            self.stdout.write(format_problems([s for s in scores if which in ("all", s.set)]))
