"""First answers: questions nobody asked before, each requested once over HTTP.

A cached page answers the second person who asks; these cases measure the first. Each
request has its own query string (the response cache keys on the full path, the cached
counts on the filters), so nothing is cached for it in a freshly started server:

- **novel combinations**: ``--novel N`` distinct random combinations of ``q`` (words from
  the synthetic vocabulary, among them a common word), ``from``/``to``, ``actor``,
  ``type``, ``tag``, ``publisher`` and ``order``, as the HTMX fragment (list, facet counts,
  histogram), reported together and split into searches, common-word searches and the rest;
- **first views**: ``--first-views N`` distinct event, actor and source pages.

Combinations are drawn from a seeded generator (``--novel-seed``), so two runs on the same
data ask the same questions.
"""

from __future__ import annotations

import random
import re
import time
from collections.abc import Callable
from dataclasses import asdict
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count

from incidents.models import Actor, Event, EventActor, EventSource, EventType, Source, Status
from loadtest.synthetic import data as synthetic_data

from .cases import HX
from .measuring import Timing

# Budgets from the "first answers" issue: ms over HTTP.
NOVEL_P50_MS = 50
NOVEL_P95_MS = 150
COMMON_WORD_MS = 250
FIRST_VIEW_P95_MS = 30
# How often each filter takes part in a combination.
SHARES = {"q": 0.5, "dates": 0.35, "actor": 0.3, "type": 0.3, "tag": 0.3, "publisher": 0.2}
COMMON_SHARE = 0.3  # of the searches: the common word, alone or with another word
ORDERS = ("", "", "asc", "desc")  # "" is the default (best match for a search)
# Words too short or too common in English to be a researcher's search.
STOP_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the and with over near from that this about into after before their there which "
        "would will been have has had for not our its such only can are was were on in of to "
        "a an at by as or is it be we",
    )
)


def vocabulary() -> list[str]:
    """The words the synthetic generator writes events with (topics, details, reactions,
    quotations, headlines), without stop words and placeholders."""
    texts = [topic for topic, _tags in (*synthetic_data.TOPICS, *synthetic_data.RARE_TOPICS)]
    texts += [*synthetic_data.DETAILS, *synthetic_data.REACTIONS, *synthetic_data.QUOTES]
    texts += [phrase for _w, *phrases in synthetic_data.TYPE_PHRASES.values() for phrase in phrases]
    words = {
        word.casefold()
        for text in texts
        for word in re.findall(r"[A-Za-z][A-Za-z-]{3,}", re.sub(r"\{\w+\}", " ", text))
    }
    return sorted(words - STOP_WORDS)


def _ranked(queryset, field_name: str, limit: int) -> list[str]:
    rows = queryset.values(field_name).annotate(n=Count("pk")).order_by("-n", field_name)
    return [row[field_name] for row in rows[:limit] if row[field_name]]


def _options() -> dict[str, list[str]]:
    """Slugs that select something, most used first (a combination draws from the top)."""
    roles = EventActor.objects.filter(event__status=Status.PUBLISHED)
    links = EventSource.objects.filter(event__status=Status.PUBLISHED).exclude(
        source__publisher=None
    )
    tagged = Event.tags.through.objects.filter(event__status=Status.PUBLISHED)
    return {
        "actor": _ranked(roles, "actor__slug", 400),
        "type": list(EventType.objects.values_list("slug", flat=True)),
        "tag": _ranked(tagged, "tag__slug", 100),
        "publisher": _ranked(links, "source__publisher__slug", 200),
    }


def _dates(rng: random.Random) -> dict[str, str]:
    start = rng.randint(1990, 2025)
    end = min(2026, start + rng.choice((0, 0, 1, 2, 5, 10)))
    dates = {"from": str(start), "to": str(end)}
    if rng.random() < 0.3:
        dates["from"] = f"{start}-{rng.randint(1, 12):02d}"
    if rng.random() < 0.3:
        del dates["to" if rng.random() < 0.5 else "from"]
    return dates


def _query(rng: random.Random, words: list[str], common: str) -> str:
    if rng.random() < COMMON_SHARE:
        words = [common, *rng.sample(words, rng.choice((0, 0, 1)))]
    else:
        words = rng.sample(words, rng.choice((1, 1, 1, 2)))
    return " ".join(words)


def novel_combinations(count: int, common: str, seed: int = 18) -> list[str]:
    """``count`` distinct timeline query paths, at least one filter each."""
    rng = random.Random(seed)  # noqa: S311 - reproducible questions, not secrets
    options = _options()
    words = vocabulary()
    paths: dict[str, None] = {}
    attempts = 0
    while len(paths) < count and attempts < count * 50:
        attempts += 1
        params: dict[str, Any] = {}
        if rng.random() < SHARES["q"]:
            params["q"] = _query(rng, words, common)
        if rng.random() < SHARES["dates"]:
            params.update(_dates(rng))
        for name in ("actor", "type", "tag", "publisher"):
            if options[name] and rng.random() < SHARES[name]:
                # Mostly the busy options (they cost most), sometimes the long tail.
                top = options[name][: max(1, len(options[name]) // 5)]
                params[name] = rng.choice(top if rng.random() < 0.6 else options[name])
        order = rng.choice(ORDERS)
        if order:
            params["order"] = order
        if params:
            paths.setdefault("/?" + urlencode(params), None)
    return list(paths)


def first_view_paths(count: int, seed: int = 18) -> dict[str, list[str]]:
    """Distinct event, actor and source pages, spread over the record."""
    rng = random.Random(seed)  # noqa: S311 - reproducible questions, not secrets

    def spread(values: list) -> list:
        return rng.sample(values, min(count, len(values)))

    events = list(Event.objects.published().values_list("slug", flat=True))
    actors = list(Actor.objects.public().values_list("slug", flat=True))
    sources = list(Source.objects.published().values_list("pk", flat=True))
    return {
        "event": [f"/events/{slug}/" for slug in spread(events)],
        "actor": [f"/actors/{slug}/" for slug in spread(actors)],
        "source": [f"/sources/{pk}/" for pk in spread(sources)],
    }


def _timed(
    get: Callable[[str, dict[str, str]], tuple[int, int]], paths: list[str], headers
) -> list[tuple[str, float, int]]:
    results = []
    for path in paths:
        started = time.perf_counter()
        status, _size = get(path, headers)
        results.append((path, (time.perf_counter() - started) * 1000, status))
    return results


def _summary(results: list[tuple[str, float, int]], budget_p95: float | None) -> dict[str, Any]:
    if not results:
        return {"runs": 0}
    timing = Timing.of([ms for _path, ms, _status in results], 0, 0)
    statuses = sorted({status for _path, _ms, status in results})
    row = {**asdict(timing), "statuses": statuses}
    del row["status"], row["bytes"]
    slowest = sorted(results, key=lambda result: -result[1])[:5]
    row["slowest"] = [{"path": path, "ms": round(ms, 1)} for path, ms, _status in slowest]
    if budget_p95 is not None:
        row["budget_p95_ms"] = budget_p95
        row["within_budget"] = timing.p95_ms <= budget_p95 and statuses == [200]
    return row


def measure_first_answers(
    get: Callable[[str, dict[str, str]], tuple[int, int]],
    options: dict[str, Any],
    say: Callable[[str], None],
) -> dict[str, Any]:
    """Novel combinations and first views over HTTP (``get(path, headers) → status, size``)."""
    common = options["common_word"]
    report: dict[str, Any] = {}
    if options["novel"]:
        paths = novel_combinations(options["novel"], common, options["novel_seed"])
        say(f"  novel combinations: {len(paths)} distinct fragments, each requested once")
        results = _timed(get, paths, HX)
        searched = [r for r in results if "q=" in r[0]]
        word = re.compile(rf"[?&]q={re.escape(common)}(?:[+&]|$)")
        report["novel"] = {
            "all": _summary(results, NOVEL_P95_MS),
            "search": _summary(searched, None),
            "common word": _summary([r for r in results if word.search(r[0])], COMMON_WORD_MS),
            "no search": _summary([r for r in results if r not in searched], None),
        }
        overall = report["novel"]["all"]
        if overall["runs"]:
            overall["budget_p50_ms"] = NOVEL_P50_MS
            overall["within_budget"] &= overall["median_ms"] <= NOVEL_P50_MS
    if options["first_views"]:
        report["first_view"] = {}
        for kind, paths in first_view_paths(options["first_views"], options["novel_seed"]).items():
            say(f"  first views: {len(paths)} {kind} pages")
            report["first_view"][kind] = _summary(_timed(get, paths, {}), FIRST_VIEW_P95_MS)
    return report


def print_first_answers(report: dict[str, Any], write: Callable[[str], Any]) -> None:
    rows = [(f"novel: {name}", row) for name, row in report.get("novel", {}).items() if row["runs"]]
    rows += [
        (f"first view: {kind}", row)
        for kind, row in report.get("first_view", {}).items()
        if row["runs"]
    ]
    if not rows:
        return
    write("\nFirst answers over HTTP (each URL requested once, nothing cached for it)")
    header = f"{'case':<26} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'budget':>8}  ok"
    write(header)
    write("-" * len(header))
    for name, row in rows:
        budget = row.get("budget_p95_ms")
        ok = "" if budget is None else ("✓" if row["within_budget"] else "✗")
        write(
            f"{name:<26} {row['runs']:>4} {row['median_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['max_ms']:>8.1f} {'' if budget is None else budget:>8}  {ok}"
        )
