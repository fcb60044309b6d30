"""Fill the database with a synthetic record for load tests: ``seed_synthetic --events 100000``.

Deterministic for a given ``--seed``. Everything it writes is marked synthetic (see
loadtest/synthetic/) and ``seed_synthetic --remove`` deletes exactly that again.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from loadtest import synthetic


class Command(BaseCommand):
    help = "Generate N synthetic events (with actors, sources, statements), or --remove them."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--events", type=int, default=1000, help="How many events (default 1000)."
        )
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed (same seed, same data)."
        )
        parser.add_argument("--batch-size", type=int, default=1000, help="Events per transaction.")
        parser.add_argument(
            "--persons", type=int, default=1900, help="How many people among the ~2,000 actors."
        )
        parser.add_argument(
            "--replace", action="store_true", help="Remove existing synthetic data first."
        )
        parser.add_argument(
            "--remove", action="store_true", help="Only remove the synthetic data, then stop."
        )

    def handle(self, *args, **options) -> None:
        verbose = options["verbosity"] > 0
        if options["remove"] or options["replace"]:
            started = time.monotonic()
            counts = synthetic.remove()
            if verbose:
                summary = ", ".join(f"{n} {label}" for label, n in counts.items() if n)
                self.stdout.write(
                    f"Removed synthetic data in "
                    f"{time.monotonic() - started:.1f} s: {summary or 'nothing'}."
                )
            if options["remove"]:
                return
        if options["events"] < 0 or options["batch_size"] < 1:
            raise CommandError("--events must be ≥ 0 and --batch-size ≥ 1.")
        if synthetic.exists():
            raise CommandError(
                "Synthetic data is already present: use --replace, or --remove first."
            )
        started = time.monotonic()
        with tqdm(
            total=options["events"], unit="event", disable=not verbose, desc="seed_synthetic"
        ) as bar:
            summary = synthetic.generate(
                events=options["events"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                persons=options["persons"],
                progress=bar.update,
            )
        synthetic.analyze()
        if verbose:
            counts = ", ".join(f"{n} {label}" for label, n in summary.as_dict().items())
            self.stdout.write(
                self.style.SUCCESS(f"Created {counts} in {time.monotonic() - started:.1f} s.")
            )
