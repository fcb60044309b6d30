"""Back up the whole dataset to one JSON file (``.gz`` for gzip); see incidents.backup."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents import backup


class Command(BaseCommand):
    help = (
        "Write users, groups, the incident record, its history and the admin log to OUT "
        "(JSON; gzip when OUT ends in .gz; '-' for standard output). Restore with restore_data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("out", help="File to write, e.g. backup-2026-11-23.json.gz, or -.")
        parser.add_argument(
            "--no-history",
            action="store_true",
            help="Leave out the revision history (old versions and deleted records).",
        )

    def handle(self, *args, out: str, no_history: bool, **options) -> None:
        if out == "-":
            counts = backup.dump(sys.stdout, history=not no_history)
            return
        path = Path(out)
        partial = path.with_name(path.name + ".partial")
        try:
            with backup.open_for_writing(partial, compress=path.suffix == ".gz") as stream:
                counts = backup.dump(stream, history=not no_history)
            # Renamed only when complete: a crash never leaves a truncated backup behind.
            partial.replace(path)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"Cannot write {path}: {exc}") from exc
        total = sum(counts.values())
        if options["verbosity"]:
            self.stdout.write(
                f"Backed up {total} rows of {len(counts)} models to {path} "
                f"({path.stat().st_size:,} bytes)."
            )
