"""Bulk import of saved articles (.txt and .html) as sources, through the one importer.

Each file is cleaned, its metadata read and checked for duplicates exactly as in the admin's
"Add source from article". Files already recorded (same URL, or nearly the same text) are
skipped, so running the command twice creates nothing new. Quotations found are reported,
not saved: a statement needs an editor to confirm its speaker and the event it belongs to
(the admin's "Find quotations" page on each source).

``--dry-run --json`` prints what the importer made of each file, one JSON object per line
(``preview_record``: the same record the admin's preview shows), and saves nothing; the
summary then goes to stderr so that stdout is only JSON.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from tqdm import tqdm

from incidents.importing import (
    ALLOWED_EXTENSIONS,
    ActorIndex,
    DuplicateSource,
    ImportRejected,
    check_size,
    find_duplicate,
    match_actors,
    preview_record,
    read_named_file,
    save_import,
    time_limit,
)


@dataclass
class Outcome:
    path: Path
    status: str  # created / skipped / failed / checked
    message: str
    record: dict | None = None  # --json: what the importer made of the file


class Command(BaseCommand):
    help = "Import saved articles (.txt, .html) as draft sources; re-running creates nothing new."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "paths", nargs="+", help="Files, or directories searched for .txt/.html files."
        )
        parser.add_argument(
            "--url",
            help="The article's address, for a single file that does not name it "
            "(a .txt can also start with a line 'URL: https://…').",
        )
        parser.add_argument("--user", help="Username recorded as the creator of the sources.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check the files; save nothing."
        )
        parser.add_argument(
            "--json",
            action="store_true",
            dest="as_json",
            help="With --dry-run: print one JSON object per file (title, date, publisher, "
            "credit, author, language, kind, text, quotes) instead of the summary.",
        )

    def handle(
        self,
        *args,
        paths: list[str],
        url: str | None,
        user: str | None,
        dry_run: bool,
        as_json: bool = False,
        **options,
    ) -> None:
        if as_json and not dry_run:
            raise CommandError("--json only previews: give it with --dry-run.")
        files = self.collect(paths)
        if url and len(files) != 1:
            raise CommandError("--url can only be given for a single file.")
        creator = None
        if user:
            creator = get_user_model().objects.filter(username=user).first()
            if creator is None:
                raise CommandError(f"No user named {user!r}.")
        index = ActorIndex()
        outcomes: list[Outcome] = []
        progress = tqdm(
            files,
            desc="Importing",
            unit="file",
            file=sys.stderr,
            disable=options["verbosity"] == 0,
        )
        for path in progress:
            outcome = self.import_one(path, url, creator, index, dry_run)
            outcomes.append(outcome)
            if as_json:
                self.stdout.write(self.as_json(outcome))
            if options["verbosity"] >= 2:
                progress.write(f"{outcome.status:>8}  {path}: {outcome.message}", file=sys.stderr)
        self.summarise(outcomes, dry_run, quiet=as_json)

    def collect(self, paths: list[str]) -> list[Path]:
        files: list[Path] = []
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                files.extend(
                    sorted(p for p in path.rglob("*") if p.suffix.lower() in ALLOWED_EXTENSIONS)
                )
            else:
                files.append(path)
        if not files:
            raise CommandError("No .txt or .html files found.")
        return files

    def import_one(
        self, path: Path, url: str | None, user, index: ActorIndex, dry_run: bool
    ) -> Outcome:
        try:
            if not path.is_file():
                raise ImportRejected("no such file")
            # Refuse a huge file before reading it into memory.
            check_size(path.stat().st_size)
            # Each file has the admin's time limit; a slow one fails, the others go on.
            with time_limit():
                # --url is given to the parser, not set afterwards: the host decides the
                # publisher and kind (a mofa.go.jp page is the ministry's own release).
                article = read_named_file(path.name, path.read_bytes(), url=url or "")
                match_actors(article, index)
                # Already recorded? Checked before anything else, so that re-importing a
                # file that names no URL is still recognised (by its text).
                duplicate = find_duplicate(article)
            record = preview_record(article, path=str(path)) if dry_run else None
            if duplicate:
                if record is not None:
                    record["duplicate_of"] = duplicate.pk
                message = f"already recorded as source #{duplicate.pk}"
                return Outcome(path, "skipped", message, record)
            if dry_run:
                return Outcome(path, "checked", self.describe(article), record)
            if not article.url:
                raise ImportRejected(
                    "no URL found; start the file with a line 'URL: https://…' or pass --url"
                )
            saved = save_import(article, user=user, publisher=article.publisher_on_record)
        except DuplicateSource as exc:
            return Outcome(path, "skipped", f"already recorded as source #{exc.source.pk}")
        except ImportRejected as exc:
            return Outcome(path, "failed", str(exc))
        except OSError as exc:
            return Outcome(path, "failed", f"cannot read the file ({exc.strerror or exc})")
        except Exception as exc:  # one bad file must not stop the others
            return Outcome(path, "failed", f"unexpected error: {exc!r}")
        message = f"source #{saved.source.pk} “{saved.source.title}”"
        if article.statements:
            link = reverse("admin:incidents_source_statements", args=[saved.source.pk])
            message += f"; {len(article.statements)} quotation(s) to confirm at {link}"
        if article.publisher is None and article.publisher_on_record is not None:
            message += f"; published by {article.publisher_on_record} (its own statement)"
        elif article.publisher_other_kind is not None:
            message += (
                f"; publisher left empty: “{article.publisher_name}” is recorded as "
                f"{article.publisher_other_kind.get_kind_display().lower()}, not as a media outlet "
                "or an official body"
            )
        elif article.publisher_name and article.publisher is None:
            message += f"; publisher “{article.publisher_name}” is not an actor yet"
        return Outcome(path, "created", message)

    @staticmethod
    def as_json(outcome: Outcome) -> str:
        if outcome.record is not None:
            record = outcome.record
        else:
            record = {"path": str(outcome.path), "error": outcome.message}
        return json.dumps(record, ensure_ascii=False)

    @staticmethod
    def describe(article) -> str:
        parts = [
            f"“{article.title}”",
            article.publisher_name or "publisher unknown",
            str(article.published_on or "date unknown"),
            article.language,
            f"{len(article.paragraphs)} paragraphs",
            f"{len(article.statements)} quotations",
        ]
        return ", ".join(parts)

    def summarise(self, outcomes: list[Outcome], dry_run: bool, quiet: bool = False) -> None:
        counts = {status: 0 for status in ("created", "checked", "skipped", "failed")}
        for outcome in outcomes:
            counts[outcome.status] += 1
        verb = "checked" if dry_run else "created"
        summary = (
            f"{len(outcomes)} file(s): {counts[verb]} {verb}, {counts['skipped']} already "
            f"recorded (skipped), {counts['failed']} failed."
        )
        if quiet:  # --json: stdout is only the records
            self.stderr.write(summary)
        else:
            self.stdout.write(summary)
        for outcome in outcomes:
            if quiet:
                break
            if outcome.status in {"created", "checked"}:
                self.stdout.write(f"  {outcome.path}: {outcome.message}")
        failed = [o for o in outcomes if o.status == "failed"]
        if failed:
            reasons = "\n".join(f"  {o.path}: {o.message}" for o in failed)
            raise CommandError(f"{len(failed)} file(s) could not be imported:\n{reasons}")
