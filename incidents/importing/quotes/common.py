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
    document: bool = False  # named as the author of a statement ("в заявлении X")


@dataclass
class _Speaker:
    name: str
    title: str = ""
    kind: str = Actor.Kind.PERSON


def title_fits(title: str, role: str | tuple[str, ...]) -> bool:
    """Whether a title contains the role word, or every one of several ("представитель"
    and "кремл" for "представитель Кремля"); no role fits any title."""
    roles = (role,) if isinstance(role, str) else role
    title = title.lower()
    return all(word.lower() in title for word in roles if word)
