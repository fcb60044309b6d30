"""Restore a backup_data file into an empty, migrated database; see incidents.backup."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from incidents import backup


class Command(BaseCommand):
    help = (
        "Load a backup made by backup_data into an EMPTY database (run `migrate` first; "
        "nothing else). Refuses a database that already holds data."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The backup file (.json or .json.gz).")
        parser.add_argument(
            "--allow-schema-mismatch",
            action="store_true",
            help="Restore even if the backup was made with other migrations applied.",
        )

    def handle(self, *args, path: str, allow_schema_mismatch: bool, **options) -> None:
        try:
            data = backup.read(Path(path))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        found = backup.not_empty()
        if found:
            raise CommandError(
                "The database is not empty (" + ", ".join(found) + "). Restore only into a "
                "new database: create it, run `manage.py migrate`, then restore_data."
            )
        differences = backup.schema_differences(data)
        if differences and not allow_schema_mismatch:
            raise CommandError(
                "The backup was made with other migrations applied: "
                + "; ".join(differences)
                + ". Migrate to the same state, or pass --allow-schema-mismatch."
            )
        try:
            counts = backup.load(data)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(
                f"Restored {sum(counts.values())} rows of {len(counts)} models from {path} "
                f"(backup of {data.get('created', '?')} from {data.get('database', '?')})."
            )
