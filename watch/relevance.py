"""How relevant an article is to incidents between Russia and Japan, from 0 to 1.

An item matters when both countries, their officials or the places between them are named
(in English, Russian or Japanese), and more when it reads like one of the record's event
types and names the people the record already knows. Sport, culture and markets that name
both countries count against it. ``watch_sources score`` prints how well this does on the
test corpus (tests/watch_items/).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from incidents.models import Actor

from . import lexicon
from .models import threshold

# Only the start of a long article is read: the headline and lead say what it is about.
TEXT_CHARS = 4000
RUSSIA, JAPAN, SHARED = "ru", "jp", "shared"
_KANJI_NAME = re.compile(r"[\u4e00-\u9fff々]{3,6}")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")


@dataclass
class Relevance:
    score: float
    relevant: bool
    event_type: str | None = None
    actors: list[Actor] = field(default_factory=list)
    sides: frozenset[str] = frozenset()


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def _pattern(term: str, whole: bool = False) -> str:
    """A term as a regex: Japanese anywhere, other words from their start (``whole``: as a
    whole word, for names: "Kishi" must not match "Kishida")."""
    if term.startswith("re:"):
        return term[3:]
    term = fold(term)
    escaped = re.escape(term)
    if _JAPANESE.search(term):
        return escaped
    return rf"(?<!\w){escaped}(?!\w)" if whole else rf"(?<!\w){escaped}"


def _alternation(terms: dict[str, object], whole: frozenset[str] = frozenset()) -> re.Pattern[str]:
    """One regex for many terms, longest first, so "ロシア外務省" is read as one name and
    not as "外務省" (Japan's ministry) inside it. Terms in ``whole`` match whole words only."""
    ordered = sorted(terms, key=len, reverse=True)
    return re.compile("|".join(f"(?:{_pattern(t, t in whole)})" for t in ordered))


def _names(actor: Actor) -> list[tuple[str, bool]]:
    """The names an article may use for an actor, each with whether it is a whole word:
    every recorded name, and a person's family name alone (Zakharova, ザハロワ, 岸田), in
    Russian as a stem, since it declines (Захаров → Захарова, Захаровой)."""
    names = [(name, True) for name in actor.all_names]
    if actor.kind != Actor.Kind.PERSON:
        return names
    for name in actor.all_names:
        if "・" in name:
            names.append((name.split("・")[-1], True))
        elif _KANJI_NAME.fullmatch(name):
            names.append((name[:2], True))
        elif len(parts := name.split()) > 1 and len(parts[-1]) >= 4:
            last = parts[-1]
            russian = bool(re.search("[а-я]", last.lower()))
            names.append((last[:-1], False) if russian else (last, True))
    return names


class ActorNames:
    """Every non-media actor's names, found in a text in one pass, with the side each
    belongs to (a Russian or Japanese person, body, or the state itself)."""

    def __init__(self, actors=None) -> None:
        actors = (
            actors
            if actors is not None
            else Actor.objects.exclude(kind=Actor.Kind.MEDIA).select_related("country")
        )
        self.by_name: dict[str, Actor] = {}
        # Acronyms (PLAN, FSB, G7) are matched as written: "the plan" is not the PLA Navy.
        self.acronyms: dict[str, Actor] = {}
        whole: set[str] = set()
        for actor in actors:
            for name, is_word in _names(actor):
                if _ACRONYM.fullmatch(name):
                    self.acronyms.setdefault(name, actor)
                elif len(name) >= 2:
                    self.by_name.setdefault(fold(name), actor)
                    if is_word:
                        whole.add(fold(name))
        self.regex = _alternation(dict.fromkeys(self.by_name), frozenset(whole))
        self.acronym_regex = re.compile(
            "|".join(rf"(?<!\w){re.escape(a)}(?!\w)" for a in self.acronyms) or "(?!)"
        )

    @staticmethod
    def side(actor: Actor) -> str | None:
        slug = actor.country.slug if actor.country_id else actor.slug
        return {"russia": RUSSIA, "japan": JAPAN}.get(slug)

    def find(self, text: str, original: str = "") -> list[Actor]:
        """The actors named in ``text`` (folded), acronyms looked up in ``original``."""
        found = {}
        matches = [self.by_name.get(m.group(0)) for m in self.regex.finditer(text)]
        matches += [self.acronyms.get(m.group(0)) for m in self.acronym_regex.finditer(original)]
        for actor in matches:
            if actor is not None:
                found.setdefault(actor.pk, actor)
        return list(found.values())


_SIDE_TERMS = _alternation(
    {
        **dict.fromkeys(lexicon.RUSSIA, RUSSIA),
        **dict.fromkeys(lexicon.JAPAN, JAPAN),
        **dict.fromkeys(lexicon.SHARED_PLACES, SHARED),
    }
)
_SIDE_OF = {
    **{_pattern(t): RUSSIA for t in lexicon.RUSSIA},
    **{_pattern(t): JAPAN for t in lexicon.JAPAN},
    **{_pattern(t): SHARED for t in lexicon.SHARED_PLACES},
}
_SIDE_REGEXES = [(re.compile(p), side) for p, side in _SIDE_OF.items()]
_TYPE_REGEXES = {
    slug: _alternation(dict.fromkeys(cues)) for slug, cues in lexicon.EVENT_TYPE_CUES.items()
}
_OFF_TOPIC = _alternation(dict.fromkeys(lexicon.OFF_TOPIC))
_SHARED = _alternation(dict.fromkeys(lexicon.SHARED_PLACES))


def _sides(text: str) -> Counter:
    """How often each side (and the shared places) is named by the word lists."""
    found: Counter = Counter()
    for match in _SIDE_TERMS.finditer(text):
        term = match.group(0)
        for regex, side in _SIDE_REGEXES:
            if regex.fullmatch(term):
                found[side] += 1
                break
    return found


def event_type_of(text: str, headline: str = "") -> str | None:
    """The event type whose words the text uses most, the headline's counting three times
    (it says what happened; the text also says why), specific acts weighing more
    (``lexicon.EVENT_TYPE_WEIGHT``). None when it uses none."""
    counts = {
        slug: (len(regex.findall(text)) + 2 * len(regex.findall(headline)))
        * lexicon.EVENT_TYPE_WEIGHT.get(slug, 1.0)
        for slug, regex in _TYPE_REGEXES.items()
    }
    best = max(counts, key=lambda slug: counts[slug])
    return best if counts[best] else None


def score(title: str, text: str = "", names: ActorNames | None = None) -> Relevance:
    """Score one item from its title and (the start of) its text."""
    names = names if names is not None else ActorNames()
    head = fold(title)
    body = fold(f"{title}\n{text[:TEXT_CHARS]}")
    # "Sea of Japan" names a place, not Japan: places are taken out before names are read.
    actors = names.find(_SHARED.sub(" ", body), f"{title}\n{text[:TEXT_CHARS]}")
    sides = _sides(body)
    for actor in actors:
        if side := names.side(actor):
            sides[side] += 1
    named = {side for side in (RUSSIA, JAPAN) if sides[side]}
    both = len(named) == 2 or (SHARED in sides and named)
    points = 0.5 if both else (0.15 if named or SHARED in sides else 0.0)
    kind = event_type_of(body, head)
    if kind:
        points += 0.2
    # People and bodies on record (not the two states themselves) make it likelier.
    officials = [a for a in actors if a.kind != Actor.Kind.STATE]
    points += min(0.1 * len(officials), 0.2)
    title_sides = _sides(head)
    if len({s for s in title_sides if s != SHARED}) == 2 or (SHARED in title_sides and named):
        points += 0.1
    points -= min(0.25 * len(_OFF_TOPIC.findall(body)), 0.5)
    points = round(max(0.0, min(points, 1.0)), 2)
    return Relevance(
        score=points,
        relevant=bool(both) and points >= threshold(),
        event_type=kind,
        actors=actors,
        sides=frozenset(sides),
    )
