"""Rewrite every event's search text (and PostgreSQL search vector); see incidents.search_index."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from incidents.search_index import rebuild_search_index


class Command(BaseCommand):
    help = (
        "Recompute the full-text search index of every event from its title, summary, "
        "statements and actor names. Safe to run at any time, and again if interrupted."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch-size",
            type=int,
            default=500,
            help="Events per transaction (default 500).",
        )

    def handle(self, *args, batch_size: int, **options) -> None:
        count = rebuild_search_index(batch_size=max(1, batch_size))
        self.stdout.write(f"Search index rebuilt: {count} events.")
