"""Matching the names found in an article (publisher, speakers) to existing actors."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ..models import Actor
from .limits import check_time, limited
from .results import Article
from .text import _CJK, _CYRILLIC

# Spellings of one name that articles and editors use interchangeably: "Defense"/"Defence",
# "of the Russian Federation"/"of Russia", "Российской Федерации"/"РФ"/"России".
_SAME_NAME = (
    (re.compile(r"\bdefense\b"), "defence"),
    (re.compile(r"\b(?:the\s+)?russian\s+federation\b"), "russia"),
    (re.compile(r"\b(?:российской\s+федерации|рф)\b"), "россии"),
)


def _fold_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    name = re.sub(r"^(?:the)\s+", "", name)
    name = " ".join(re.sub(r"[^\w\s]", " ", name).split())
    for pattern, replacement in _SAME_NAME:
        name = pattern.sub(replacement, name)
    return name


# Name parts are split at spaces, the Japanese middle dot or double hyphen (マリア＝ザハロワ)
# and the full stop after an initial ("Ё.Хаяси", "M.V. Zakharova").
_PARTS = re.compile(r"[\s・=＝.]+")
_KANJI_NAME = re.compile(r"[\u4e00-\u9fff々]{2,6}")


def _parts(name: str) -> list[str]:
    return [part for part in _PARTS.split(name.strip()) if part]


def _order_free(name: str) -> str:
    """A person's name with its parts in a fixed order: "Kihara Minoru" (Japanese order, as
    Japanese and some English papers write it) is "Minoru Kihara"; a Japanese name is the
    same with or without the space between its parts."""
    if _CJK.search(name):
        return "".join(_fold_name(part) for part in _parts(name))  # 木原 稔 = 木原稔
    return " ".join(sorted(_fold_name(part) for part in _parts(name)))


class ActorIndex:
    """Every actor's names and aliases, for matching names found in an article: in any of
    the three languages, in either name order, by family name alone (Захаровой, ザハロワ,
    木原) when only one actor has it."""

    def __init__(self, actors: Iterable[Actor] | None = None) -> None:
        self.by_name: dict[str, list[Actor]] = {}
        self.by_last: dict[str, list[Actor]] = {}
        for actor in actors if actors is not None else Actor.objects.all():
            self.add(actor)

    def add(self, actor: Actor) -> None:
        """Index ``actor`` (one created during an import is then matched like the others)."""
        for name in actor.all_names:
            folded = _fold_name(name)
            if folded:
                self.by_name.setdefault(folded, []).append(actor)
            if actor.kind != Actor.Kind.PERSON:
                continue
            self.by_name.setdefault(_order_free(name), []).append(actor)
            for last in self._family_names(name):
                self.by_last.setdefault(_fold_name(last), []).append(actor)

    @staticmethod
    def _family_names(name: str) -> list[str]:
        """The parts a person may be called by alone: the last one (Zakharova), and in a
        Japanese name the first one (木原 稔), or for a kanji name written without a space,
        its first one to three characters (林芳正 → 林, 木原稔 → 木原, 上月豊久 → 上月)."""
        parts = _parts(name)
        if not parts:
            return []
        names = [parts[-1]]
        if _CJK.search(name):
            names.append(parts[0])
            if len(parts) == 1 and _KANJI_NAME.fullmatch(parts[0]):
                # 林芳正 → 林 or 林芳: which characters are the family name is not written,
                # so each short start is tried (a key that two actors share matches neither).
                names += [parts[0][:k] for k in (1, 2, 3) if k < len(parts[0])]
        return list(dict.fromkeys(n for n in names if n and n != name.strip()))

    def match_name(self, name: str, kind: str = "") -> Actor | None:
        """The one actor with this whole name (in any language, either name order), never a
        namesake sharing only a family name: for a name an editor gives as a new actor."""
        folded = _fold_name(name)
        if not folded:
            return None
        keys = [folded]
        if kind in ("", Actor.Kind.PERSON):
            keys.append(_order_free(name))
        for key in keys:
            candidates = self.by_name.get(key, [])
            unique = {a.pk: a for a in candidates if not kind or _kind_fits(a.kind, kind)}
            if len(unique) == 1:
                return next(iter(unique.values()))
        return None

    def match(self, name: str, kind: str = "") -> Actor | None:
        """The actor a name found in an article stands for: by its whole name, or by a family
        name only one actor has (a suggestion the editor checks before confirming)."""
        found = self.match_name(name, kind)
        if found is not None or not _fold_name(name):
            return found
        if kind in ("", Actor.Kind.PERSON):
            last = _parts(name)[-1] if _parts(name) else ""
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
            for alias in _publisher_aliases(article.publisher_name, article.url):
                found = index.match(alias)
                if found and found.kind == Actor.Kind.MEDIA:
                    article.publisher = found
                    break
    for draft in article.statements:
        check_time()
        if draft.speaker_name:
            draft.speaker = index.match(draft.speaker_name, draft.speaker_kind)
    return article


def _publisher_aliases(name: str, url: str = "") -> list[str]:
    """The outlet's other names (its names in the other languages, its site's host: an
    outlet actor can list its domain among its aliases)."""
    from .metadata import outlet_aliases

    aliases = [re.sub(r"^the\s+", "", name, flags=re.I)]
    if name.startswith("The "):
        aliases.append(name[4:])
    return aliases + outlet_aliases(name, url)
