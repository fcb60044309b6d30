"""The seed data holds the facts of the two seed articles and the research incidents."""

import datetime as dt
import json
from pathlib import Path

import pytest

from incidents.dates import Precision
from incidents.models import Actor, Event, Source, Statement, Status

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BOILERPLATE = (
    "POPULAR ARTICLE",
    "JN ACCESS RANKING",
    "Legal Disclaimer",
    "Share us",
    "SIGN UP",
    "No Thanks",
    "Explore more publications",
    "MENAFN19022026",
)

pytestmark = pytest.mark.usefixtures("seeded")


def research_rows() -> list[dict]:
    path = FIXTURES.parent.parent / "shared" / "research" / "incidents.jsonl"
    if not path.exists():  # a clone without ../shared: count from the fixture instead
        pytest.skip("../shared/research is not beside this checkout")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def statement_by(fragment: str) -> Statement:
    return Statement.objects.select_related("speaker", "source", "event").get(
        text__contains=fragment
    )


def test_seed_articles_are_sources_with_clean_text():
    menafn = Source.objects.get(publisher__name_en__icontains="MENAFN")
    assert menafn.published_on == dt.date(2026, 2, 19)
    assert menafn.title == "Russia Issues Warning to Japan Over NATO Arms Deal for Ukraine"
    yomiuri = Source.objects.get(text__contains="MOSCOW, June 9 (Reuters)")
    assert yomiuri.published_on == dt.date(2023, 6, 10)
    assert yomiuri.credit == "Reuters"
    for source in (menafn, yomiuri):
        for phrase in BOILERPLATE:
            assert phrase not in source.text, f"{phrase!r} left in {source}"
    assert (
        "Japan’s export rules ban its companies from selling lethal items overseas." in yomiuri.text
    )
    assert (
        "a move that now appears to have triggered Moscow's sharpest response yet." in menafn.text
    )


def test_june_2023_summons_with_both_sides_quoted():
    summons = Event.objects.get(date_lower=dt.date(2023, 6, 9), event_type__slug="summons")
    assert summons.date_display == "9 June 2023"
    ministry = statement_by("this step would lead to an escalation of hostilities")
    assert ministry.event == summons
    assert "Foreign" in ministry.speaker.name_en or "Foreign" in ministry.speaker_title
    kozuki = statement_by("as an attempt to unilaterally change the status quo by force")
    assert kozuki.speaker.name_en == "Toyohisa Kozuki"
    assert "mbassador" in kozuki.speaker_title
    assert (
        statement_by("completely unreasonable and absolutely unacceptable").speaker
        == kozuki.speaker
    )
    assert summons.source_links.filter(source=kozuki.source).exists()


def test_may_2023_vehicle_pledge_is_recorded():
    pledge = Event.objects.get(
        event_type__slug="military_aid", date_lower__year=2023, date_lower__month=5
    )
    assert "100" in pledge.summary
    assert pledge.source_links.filter(source__text__contains="MOSCOW, June 9 (Reuters)").exists()


def test_april_2025_ishiba_rutte_talks_have_month_precision():
    talks = Event.objects.get(
        date_precision=Precision.MONTH,
        date_lower=dt.date(2025, 4, 1),
        actor_roles__actor__name_en="Mark Rutte",
    )
    assert talks.date_display == "April 2025"
    assert talks.actor_roles.filter(actor__name_en="Shigeru Ishiba").exists()


def test_february_2026_warning_quotes_zakharova():
    warning = Event.objects.get(date_lower=dt.date(2026, 2, 18), event_type__slug="threat_warning")
    quote = statement_by("These steps will further complicate Russia-Japan relations")
    assert quote.event == warning
    assert quote.speaker.name_en == "Maria Zakharova"
    assert quote.speaker.name_ru == "Мария Захарова"
    report = Event.objects.get(
        date_lower__year=2026, date_lower__month=2, event_type__slug="military_aid"
    )
    assert report in warning.responds_to.all()


def test_every_research_incident_is_loaded_with_its_status():
    rows = research_rows()
    for row in rows:
        precision = row["date_precision"]
        year, *rest = (int(part) for part in row["date"].split("-"))
        matches = Event.objects.filter(
            date_precision=precision, date_lower__year=year, event_type__slug=row["event_type"]
        )
        if rest:
            matches = matches.filter(date_lower__month=rest[0])
        if len(rest) > 1:
            matches = matches.filter(date_lower__day=rest[1])
        assert matches.exists(), f"missing: {row['date']} {row['title']}"
    assert Event.objects.filter(status=Status.REVIEW).count() == sum(
        1 for r in rows if r.get("needs_review")
    )
    assert Event.objects.count() >= len(rows) + 1  # + the Ishiba–Rutte talks


def test_every_research_quote_is_a_statement_verbatim():
    for row in research_rows():
        for quote in row["quotes"]:
            assert (
                Statement.objects.filter(text=quote["text"]).exists()
                or Statement.objects.filter(original_text=quote["text"]).exists()
            ), f"missing quote: {quote['text'][:60]}"


def test_every_statement_source_backs_its_event():
    for statement in Statement.objects.select_related("event", "source"):
        assert statement.event.source_links.filter(source=statement.source).exists(), statement


def test_published_events_all_have_sources():
    assert not Event.objects.published().filter(source_links__isnull=True).exists()


def test_actor_names_in_three_languages():
    zakharova = Actor.objects.get(name_en="Maria Zakharova")
    assert zakharova.name_ja
    assert Actor.objects.filter(kind=Actor.Kind.STATE, name_en__in=["Russia", "Japan"]).count() == 2
