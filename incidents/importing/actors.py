"""Matching the names found in an article (publisher, speakers) to existing actors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..models import Actor
from .limits import check_time, limited
from .results import Article
from .text import _CYRILLIC


def _fold_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    name = re.sub(r"^(?:the)\s+", "", name)
    return " ".join(re.sub(r"[^\w\s]", " ", name).split())


class ActorIndex:
    """Every actor's names and aliases, for matching names found in an article."""

    def __init__(self, actors: Iterable[Actor] | None = None) -> None:
        self.by_name: dict[str, list[Actor]] = {}
        self.by_last: dict[str, list[Actor]] = {}
        for actor in actors if actors is not None else Actor.objects.all():
            for name in actor.all_names:
                folded = _fold_name(name)
                if folded:
                    self.by_name.setdefault(folded, []).append(actor)
                if actor.kind == Actor.Kind.PERSON:
                    last = re.split(r"[\s・=]", name.strip())[-1]
                    if last:
                        self.by_last.setdefault(_fold_name(last), []).append(actor)

    def match(self, name: str, kind: str = "") -> Actor | None:
        folded = _fold_name(name)
        if not folded:
            return None
        for candidates in (self.by_name.get(folded, []),):
            unique = {a.pk: a for a in candidates if not kind or _kind_fits(a.kind, kind)}
            if len(unique) == 1:
                return next(iter(unique.values()))
        if kind in ("", Actor.Kind.PERSON):
            last = re.split(r"[\s・=]", name.strip())[-1]
            unique = {a.pk: a for a in self.by_last.get(_fold_name(last), [])}
            if len(unique) == 1:
                return next(iter(unique.values()))
            # Russian surnames change with case (Захарова / Захаровой): compare stems.
            if _CYRILLIC.search(last) and len(last) > 4:
                stem = _fold_name(last)[:-2]
                unique = {
                    a.pk: a
                    for key, actors in self.by_last.items()
                    if key.startswith(stem)
                    for a in actors
                }
                if len(unique) == 1:
                    return next(iter(unique.values()))
        return None


def _kind_fits(actual: str, wanted: str) -> bool:
    if wanted == Actor.Kind.PERSON:
        return actual == Actor.Kind.PERSON
    return actual != Actor.Kind.PERSON


@limited
def match_actors(article: Article, index: ActorIndex | None = None) -> Article:
    """Attach existing actors to the publisher and the statements' speakers."""
    index = index or ActorIndex()
    if article.publisher_name:
        found = index.match(article.publisher_name)
        article.publisher = found if found and found.kind == Actor.Kind.MEDIA else None
        article.publisher_other_kind = found if found and found.kind != Actor.Kind.MEDIA else None
        if article.publisher is None and found is None:
            # Outlets are often stored under their English name or a short form.
            for alias in _publisher_aliases(article.publisher_name):
                found = index.match(alias)
                if found and found.kind == Actor.Kind.MEDIA:
                    article.publisher = found
                    break
    for draft in article.statements:
        check_time()
        if draft.speaker_name:
            draft.speaker = index.match(draft.speaker_name, draft.speaker_kind)
    return article


def _publisher_aliases(name: str) -> list[str]:
    aliases = [re.sub(r"^the\s+", "", name, flags=re.I)]
    if name.startswith("The "):
        aliases.append(name[4:])
    return aliases
