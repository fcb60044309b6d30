"""A small record for the research-output tests: published events of every date precision,
hostile text, Cyrillic and Japanese, and drafts/reviews that must never leak."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from incidents.models import Actor, Event, Source, Status
from tests import factories as make

DRAFT_MARK = "LEAKED-DRAFT"
ARTICLE_RE = re.compile(r"<article\b[^>]*>(.*?)</article>", re.DOTALL)
EVENT_LINK_RE = re.compile(r'href="/events/([^/"]+)/"')

# Filters that every output must answer exactly as the timeline page does (all valid).
FILTER_CASES = [
    "",
    "type=summons",
    "type=summons&type=threat_warning",
    "actor=maria-zakharova",
    "actor=maria-zakharova&type=summons",
    "actor=maria-zakharova&actor=japan-mofa",
    "tag=ukraine",
    "tag=ukraine&tag=nato",
    "publisher=kyodo",
    "publisher=tass&type=summons",
    "from=2023-05-15",
    "to=2023-05",
    "from=2023&to=2023-12-31",
    "from=2023-05-25&to=2023-06-01",
    "from=2024-02-02&to=2024-02-02",
    "q=ambassador",
    "q=Захарова",
    "q=ザハロワ",
    "q=ambassador%20-kozuki",
    "order=asc",
    "type=summons&order=asc",
    "q=ambassador&order=desc",
    "actor=russia-mfa&from=2023&order=asc",
]

# Values the timeline reports and ignores (the API answers 400 instead).
IGNORED_CASES = [
    "actor=nobody",
    "from=garbage&type=summons",
    "tag=draft-only-tag",
    "actor=draft-only-actor",
    "to=2023-02-30",
    "order=sideways&type=summons",
]


@dataclass
class Record:
    published: list[Event] = field(default_factory=list)
    hidden: list[Event] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)


def build() -> Record:
    record = Record()
    a = record.actors
    a["zakharova"] = make.actor(
        "Maria Zakharova",
        slug="maria-zakharova",
        name_ru="Мария Захарова",
        name_ja="マリア・ザハロワ",
    )
    a["russia_mfa"] = make.actor(
        "Russian Foreign Ministry", kind=Actor.Kind.ORGANISATION, slug="russia-mfa"
    )
    a["japan_mofa"] = make.actor(
        "Japanese Foreign Ministry", kind=Actor.Kind.ORGANISATION, slug="japan-mofa"
    )
    a["kozuki"] = make.actor("Toyohisa Kozuki", slug="toyohisa-kozuki", name_ja="上月豊久")
    a["tass"] = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    a["kyodo"] = make.actor("Kyodo News", kind=Actor.Kind.MEDIA, slug="kyodo")
    a["draft_only"] = make.actor(f"{DRAFT_MARK} actor", slug="draft-only-actor")
    a["draft_publisher"] = make.actor(
        f"{DRAFT_MARK} outlet", kind=Actor.Kind.MEDIA, slug="draft-outlet"
    )

    s = record.sources
    s["tass"] = make.source(
        "https://tass.example/1",
        "Захарова: Москва вызвала посла",
        publisher=a["tass"],
        language="ru",
    )
    s["kyodo"] = make.source(
        "https://kyodo.example/2", "ロシアが大使を呼び出し", publisher=a["kyodo"], language="ja"
    )
    s["kyodo2"] = make.source("https://kyodo.example/3", "Sanctions widened", publisher=a["kyodo"])
    s["draft"] = make.source(
        "https://secret.example/draft", f"{DRAFT_MARK} source", publisher=a["draft_publisher"]
    )

    summons = make.event(
        "Moscow summons the Japanese ambassador",
        date="2023-06-09",
        type="summons",
        slug="moscow-summons-ambassador",
        summary="The Russian Foreign Ministry summoned the ambassador over military aid.",
        actors=[(a["zakharova"], "initiator"), (a["kozuki"], "target")],
        sources=[s["tass"], s["kyodo"]],
        tags=["ukraine"],
        location_name="Moscow",
        latitude=Decimal("55.75580"),
        longitude=Decimal("37.61730"),
    )
    make.statement(
        summons,
        a["zakharova"],
        "Это недружественный шаг.",
        source=s["tass"],
        language="ru",
        speaker_title="Spokeswoman",
        kind="quote",
    )
    make.statement(
        summons,
        a["kozuki"],
        "完全に受け入れられない。",
        source=s["kyodo"],
        language="ja",
        kind="paraphrase",
    )
    warning = make.event(
        "Russia warns Japan over NATO",
        date="2023-05",
        type="threat_warning",
        slug="russia-warns-over-nato",
        actors=[(a["russia_mfa"], "initiator"), (a["japan_mofa"], "target")],
        sources=[s["kyodo"]],
        tags=["nato"],
    )
    sanctions = make.event(
        "Japan widens sanctions",
        date="2022",
        type="sanction",
        slug="japan-widens-sanctions",
        actors=[(a["japan_mofa"], "initiator")],
        sources=[s["kyodo2"]],
        tags=["ukraine", "sanctions"],
    )
    drills = make.event(
        "Drills near Hokkaido",
        date="2024-02-01",
        type="military_activity",
        slug="drills-near-hokkaido",
        end_date=dt.date(2024, 2, 3),
        actors=[(a["russia_mfa"], "participant")],
    )
    protest = make.event(
        "Tokyo protests to the Russian ambassador",
        date="2023-05-20",
        type="summons",
        slug="tokyo-protests",
        summary="Japan called in the Russian ambassador; Zakharova was named.",
        actors=[(a["japan_mofa"], "initiator"), (a["zakharova"], "mentioned")],
        sources=[s["kyodo"]],
    )
    hostile = make.event(
        '=HYPERLINK("https://evil.example","click")',
        date="2021-01-01",
        type="statement",
        slug="hostile-text",
        summary="\tTab-led </script><script>alert(1)</script> summary",
        location_name="@SUM(A1)",
        actors=[(a["zakharova"], "initiator")],
    )
    make.statement(hostile, a["zakharova"], "-1+1 is a formula", speaker_title="+44 hotline")
    make.statement(hostile, a["zakharova"], "\rcarriage return first")
    record.published = [summons, warning, sanctions, drills, protest, hostile]

    for status in (Status.DRAFT, Status.REVIEW):
        secret = make.event(
            f"{DRAFT_MARK} {status} summons of the ambassador",
            date="2023-06-10",
            type="summons",
            slug=f"secret-{status}",
            summary=f"{DRAFT_MARK} summary mentioning the ambassador and Zakharova",
            status=status,
            actors=[(a["zakharova"], "initiator"), (a["draft_only"], "target")],
            sources=[s["draft"], s["tass"]],
            tags=["ukraine", "draft-only-tag"],
        )
        make.statement(secret, a["zakharova"], f"{DRAFT_MARK} statement", source=s["draft"])
        record.hidden.append(secret)
    # A published event that answers a draft must not name it.
    summons.responds_to.add(record.hidden[0], warning)
    return record


def html_slugs(client, query: str) -> list[str]:
    """The events the timeline page lists for ``query``, in order (all pages)."""
    slugs: list[str] = []
    page = 1
    while True:
        separator = "&" if query else ""
        response = client.get(f"/?{query}{separator}page={page}")
        assert response.status_code == 200
        found = []
        for article in ARTICLE_RE.findall(response.content.decode()):
            link = EVENT_LINK_RE.search(article)
            assert link, "every listed event links to its page"
            found.append(link.group(1))
        slugs += found
        if not found or f"page={page + 1}" not in response.content.decode():
            return slugs
        page += 1
