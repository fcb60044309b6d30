"""Accounts side by side: what the Russian side said about an event, what the Japanese side
said, and what others said, so that a reader sees both versions of one incident together.

A statement's side is its speaker's (``Actor.side``: the state it is or belongs to), so the
speakers must come with their country (``select_related("speaker__country")``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from incidents.models import Statement

SIDES = ("russia", "japan")
OTHERS = ""


@dataclass
class Account:
    side: str  # "russia", "japan" or OTHERS
    statements: list[Statement] = field(default_factory=list)


def accounts(statements: Iterable[Statement]) -> list[Account]:
    """The Russian and the Japanese side's statements (each possibly none), then the others'
    when there are any; each in the order given."""
    grouped = {side: Account(side) for side in (*SIDES, OTHERS)}
    for statement in statements:
        grouped[statement.speaker.side].statements.append(statement)
    return [grouped[side] for side in SIDES] + (
        [grouped[OTHERS]] if grouped[OTHERS].statements else []
    )
