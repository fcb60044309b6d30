"""What the language modules share: people and bodies mentioned, and speakers."""

from __future__ import annotations

from dataclasses import dataclass

from ...models import Actor


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


@dataclass
class _Mention:
    pos: int
    name: str
    title: str = ""
    kind: str = Actor.Kind.PERSON
    speaking: bool = False  # the subject of a verb of saying ("X, the minister, told …")


@dataclass
class _Speaker:
    name: str
    title: str = ""
    kind: str = Actor.Kind.PERSON
