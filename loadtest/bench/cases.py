"""What the benchmark measures: its cases, their budgets, and parameters chosen from the data."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count

from incidents.models import Actor, Event, EventActor, EventSource, Source, Status

# Budgets from the "Scale and speed" issue: p95 server time (ms) per group.
BUDGET_MS = {"timeline": 50, "fragment": 50, "deep": 50, "search": 80, "detail": 30, "api": 50}
BUDGET_QUERIES = 10
EXPORT_BUDGET_S = 10
EXPORT_BUDGET_MB = 200
PAGE_WEIGHT_BUDGET_KB = 100
HX = {"HX-Request": "true"}


@dataclass
class Case:
    name: str
    group: str  # timeline, fragment, search, deep, detail, api, export
    paths: list[str]  # rotated through across runs (e.g. several events)
    headers: dict[str, str] = field(default_factory=dict)


def _top(queryset, field_name: str) -> str | None:
    row = queryset.values(field_name).annotate(n=Count("pk")).order_by("-n", field_name).first()
    return row[field_name] if row else None


def pick_parameters() -> dict[str, Any]:
    """Slugs and words that make each filter select something, chosen from the data."""
    published = Event.objects.published()
    roles = EventActor.objects.filter(event__status=Status.PUBLISHED)
    person = _top(roles.filter(actor__kind=Actor.Kind.PERSON), "actor__slug")
    state = _top(roles.filter(actor__kind=Actor.Kind.STATE), "actor__slug")
    links = EventSource.objects.filter(event__status=Status.PUBLISHED)
    publisher = _top(links.exclude(source__publisher=None), "source__publisher__slug")
    event_type = _top(published, "event_type__slug")
    tag = _top(Event.tags.through.objects.filter(event__status=Status.PUBLISHED), "tag__slug")
    placed = Event.places.through.objects.filter(event__status=Status.PUBLISHED)
    place = _top(placed.exclude(place__kind="country"), "place__slug")
    russian = (
        Actor.objects.filter(kind=Actor.Kind.PERSON, slug=person).values_list("name_ru", flat=True)
    ).first()
    people = Actor.objects.filter(kind=Actor.Kind.PERSON).exclude(name_ja="")
    japanese_person = (
        people.filter(country__name_en="Japan", event_roles__event__status=Status.PUBLISHED)
        .values_list("name_ja", flat=True)
        .first()
    )
    if not russian or not re.search("[\u0400-\u04ff]", russian):
        russian = (
            Actor.objects.filter(kind=Actor.Kind.PERSON, country__name_en="Russia")
            .exclude(name_ru="")
            .values_list("name_ru", flat=True)
            .first()
        )
    events = list(
        published.order_by("pk").values_list("slug", flat=True)[:: max(1, published.count() // 10)][
            :10
        ]
    )
    sources = list(Source.objects.published().order_by("pk").values_list("pk", flat=True)[:200:20])
    return {
        "person": person,
        "state": state,
        "publisher": publisher,
        "type": event_type,
        "tag": tag,
        "place": place,
        # Surname in Cyrillic; family name in Japanese script (written first, before a space).
        "russian_name": (russian or "Захарова").split()[-1],
        "japanese_name": (japanese_person or "林 芳正").split()[0],
        "events": events,
        "sources": sources,
        "published": published.count(),
    }


def build_cases(p: dict[str, Any], common: str, rare: str, phrase: str) -> list[Case]:
    def q(**params: Any) -> str:
        return "/?" + urlencode({k: v for k, v in params.items() if v}, doseq=True)

    combined = {
        "from": "2010",
        "to": "2024-06",
        "type": p["type"],
        "tag": p["tag"],
        "publisher": p["publisher"],
        "actor": p["state"],
    }
    cases = [
        Case("timeline", "timeline", ["/"]),
        Case("fragment: none", "fragment", ["/"], HX),
        Case("fragment: q", "fragment", [q(q=common)], HX),
        Case("fragment: from", "fragment", [q(**{"from": "2014"})], HX),
        Case("fragment: to", "fragment", [q(to="2005-06")], HX),
        Case("fragment: from+to", "fragment", [q(**{"from": "2022-02", "to": "2022-03-15"})], HX),
        Case("fragment: actor", "fragment", [q(actor=p["person"])], HX),
        Case("fragment: type", "fragment", [q(type=p["type"])], HX),
        Case("fragment: tag", "fragment", [q(tag=p["tag"])], HX),
        Case("fragment: publisher", "fragment", [q(publisher=p["publisher"])], HX),
        Case("fragment: place", "fragment", [q(place=p["place"])], HX),
        Case("fragment: order=asc", "fragment", [q(order="asc")], HX),
        Case("fragment: combined", "fragment", [q(**combined)], HX),
        Case("fragment: combined+q", "fragment", [q(q=common, **combined)], HX),
        Case(
            "load more (page 2)",
            "fragment",
            [q(page=2)],
            {**HX, "HX-Target": "event-list"},
        ),
        Case("search: common word", "search", [q(q=common)]),
        Case("search: rare word", "search", [q(q=rare)]),
        Case("search: phrase", "search", [q(q=phrase)]),
        Case("search: Russian name", "search", [q(q=p["russian_name"])]),
        Case("search: Japanese name", "search", [q(q=p["japanese_name"])]),
        Case("deep page 50", "deep", [q(page=50)]),
        Case("deep page 500", "deep", [q(page=500)]),
        Case("event page", "detail", [f"/events/{slug}/" for slug in p["events"]]),
        Case("actor page (person)", "detail", [f"/actors/{p['person']}/"]),
        Case("actor page (state)", "detail", [f"/actors/{p['state']}/"]),
        Case("source page", "detail", [f"/sources/{pk}/" for pk in p["sources"]]),
        Case("api: events", "api", ["/api/events"]),
        Case("api: events filtered", "api", [f"/api/events?type={p['type']}&from=2014"]),
        Case("feed", "api", ["/feed.atom"]),
        Case("analysis", "timeline", ["/analysis/"]),
        Case("analysis: combined", "timeline", ["/analysis/?" + urlencode(combined)]),
        Case("chain page", "detail", [f"/events/{slug}/chain/" for slug in p["events"]]),
        Case("data releases", "detail", ["/data/"]),
        Case("map page", "timeline", ["/map/"]),
        Case("map page: place", "timeline", [f"/map/?place={p['place']}"]),
        Case("place page", "detail", [f"/places/{p['place']}/"]),
        Case("timeline (ja)", "timeline", ["/ja/"]),
        Case("timeline (ru)", "timeline", ["/ru/"]),
        Case("search: Russian word (ru)", "search", ["/ru/?" + urlencode({"q": "санкциями"})]),
        Case("search: Japanese word (ja)", "search", ["/ja/?" + urlencode({"q": "抗議"})]),
    ]
    return [case for case in cases if all("None" not in path for path in case.paths)]


EXPORTS = [
    Case("export: events.csv", "export", ["/export.csv"]),
    Case("export: events.json", "export", ["/export.json"]),
    Case("export: statements.csv", "export", ["/export/statements.csv"]),
]
