"""How well relevance scoring does: precision and recall per language on the test corpus
(tests/watch_items/), and the inbox's own measures for reviewers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Q

from incidents.models import Event

from .models import Candidate, Decision
from .relevance import ActorNames, score

CORPUS_DIR = Path(settings.BASE_DIR) / "tests" / "watch_items"


@dataclass
class CorpusItem:
    language: str
    title: str
    text: str
    relevant: bool


@dataclass
class Row:
    language: str
    items: int
    relevant: int
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / self.relevant if self.relevant else 1.0


def load_corpus(directory: Path = CORPUS_DIR) -> list[CorpusItem]:
    """The items of every ``<language>.txt``: blocks whose headline starts with + or -."""
    items = []
    for path in sorted(directory.glob("*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n\n"):
            lines = [line for line in block.strip().splitlines() if line.strip()]
            if not lines or lines[0][:2] not in ("+ ", "- "):
                continue
            items.append(
                CorpusItem(
                    language=path.stem,
                    title=lines[0][2:].strip(),
                    text="\n".join(lines[1:]),
                    relevant=lines[0].startswith("+"),
                )
            )
    return items


def evaluate(items: list[CorpusItem]) -> tuple[list[Row], list[tuple[CorpusItem, float]]]:
    """One row per language plus "all", and the items scored wrongly (with their score)."""
    names = ActorNames()
    rows: dict[str, Row] = {}
    wrong = []
    for item in items:
        result = score(item.title, item.text, names)
        for key in (item.language, "all"):
            row = rows.setdefault(key, Row(key, 0, 0, 0, 0, 0))
            row.items += 1
            row.relevant += item.relevant
            row.true_pos += item.relevant and result.relevant
            row.false_pos += result.relevant and not item.relevant
            row.false_neg += item.relevant and not result.relevant
        if result.relevant != item.relevant:
            wrong.append((item, result.score))
    ordered = sorted(rows.values(), key=lambda row: (row.language == "all", row.language))
    return ordered, wrong


def format_table(rows: list[Row]) -> str:
    lines = [
        "language  items  relevant  found  missed  wrongly found  precision  recall",
    ]
    for row in rows:
        lines.append(
            f"{row.language:<8}  {row.items:>5}  {row.relevant:>8}  {row.true_pos:>5}  "
            f"{row.false_neg:>6}  {row.false_pos:>13}  {row.precision:>9.2f}  {row.recall:>6.2f}"
        )
    return "\n".join(lines)


def inbox_measures() -> dict[str, int | float]:
    """For reviewers: how many candidates were dismissed, and how many events came from the
    inbox (created from a candidate) against all events."""
    counts = Candidate.objects.aggregate(
        decided=Count("pk", filter=~Q(state=Decision.NEW)),
        dismissed=Count("pk", filter=Q(state=Decision.DISMISSED)),
        created=Count(
            "event", filter=Q(state=Decision.CONFIRMED, duplicate_of__isnull=True), distinct=True
        ),
    )
    events = Event.objects.count()
    return {
        **counts,
        "dismissed_share": counts["dismissed"] / counts["decided"] if counts["decided"] else 0.0,
        "events": events,
        "from_inbox_share": counts["created"] / events if events else 0.0,
    }
