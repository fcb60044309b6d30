"""The analysis page: figures of the timeline's events for the same filters, each chart with
its table and CSV, drafts never counted."""

from __future__ import annotations

import csv
import io
import re

import pytest

from incidents.models import Actor, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    russia = make.actor("Russia", kind=Actor.Kind.STATE, slug="russia")
    zakharova = make.actor("Maria Zakharova", slug="maria-zakharova", country=russia)
    sanctions = make.event(
        "Japan freezes assets", date="2022-03-01", type="sanction", actors=[(japan, "initiator")]
    )
    summons = make.event(
        "Russia summons the ambassador",
        date="2022-03-04",
        actors=[(zakharova, "initiator"), (japan, "target")],
    )
    ban = make.event(
        "Russia bars entry", date="2022-04", type="entry_ban", actors=[(russia, "initiator")]
    )
    later = make.event(
        "Japan protests",
        date="2023-01-10",
        type="diplomatic_protest",
        actors=[(japan, "initiator")],
    )
    summons.responds_to.add(sanctions)
    ban.responds_to.add(sanctions)
    later.responds_to.add(ban)
    draft = make.event(
        "Secret draft", date="2022-05-01", status=Status.DRAFT, actors=[(russia, "initiator")]
    )
    draft.responds_to.add(sanctions)
    return sanctions, summons, ban, later


def table_csv(client, slug: str, query: str = "") -> list[list[str]]:
    response = client.get(f"/analysis/{slug}.csv{query}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_events_per_year_by_side_count_the_acting_state(client, record):
    rows = table_csv(client, "by-side")
    header, *years = rows
    assert header[0] == "Year" and header[-1] == "Total"
    by_year = {row[0]: dict(zip(header, row, strict=True)) for row in years}
    # Zakharova acts for Russia; the draft is not counted.
    assert by_year["2022"]["Russia"] == "2" and by_year["2022"]["Japan"] == "1"
    assert by_year["2023"] == {"Year": "2023", "Japan": "1", "Russia": "0", "Total": "1"}


def test_response_lags_are_exact_only_when_both_dates_are_known_to_the_day(client, record):
    assert ["same day", "0"] in table_csv(client, "lags")
    assert ["1–7 days", "1"] in table_csv(client, "lags")  # summons: 3 days after
    medians = {row[0]: row[1:] for row in table_csv(client, "lag-medians")[1:]}
    assert medians["Summons"] == ["3", "1", "0"]
    # "April 2022" answering 1 March, and answered on 10 January 2023: ranges, not medians.
    assert medians["Entry ban"] == ["", "0", "1"]
    assert medians["Diplomatic protest"] == ["", "0", "1"]
    page = client.get("/analysis/").content.decode()
    assert "2 more responses have a date known only to the month or year" in page


def test_the_page_follows_the_timeline_filters_and_hides_drafts(client, record):
    page = client.get("/analysis/?from=2023").content.decode()
    assert "1 published event matching" in page
    assert 'href="/analysis/by-type.csv?from=2023"' in page
    assert table_csv(client, "by-type", "?from=2023")[1:] == [["2023", "1", "1"]]
    html = client.get("/analysis/").content.decode()
    assert "4 published events" in html and "Secret draft" not in html


def test_every_chart_has_a_title_its_table_and_a_csv(client, record):
    html = client.get("/analysis/").content.decode()
    charts = re.findall(r'<svg [^>]*role="img"', html)
    assert len(charts) == 6
    assert html.count("<title id=") == 6
    assert html.count('<table class="data-table">') == 6
    assert html.count("CSV of this table") == 6
    assert client.get("/analysis/nothing.csv").status_code == 404


def test_bad_filters_are_reported_not_fatal(client, record):
    response = client.get("/analysis/?from=2023-13&actor=nobody")
    assert response.status_code == 200


def test_the_analysis_page_needs_a_bounded_number_of_queries(
    client, make, record, django_assert_max_num_queries
):
    for n in range(30):
        make.event(f"Event {n}", date=f"{2000 + n}-01-01")
    with django_assert_max_num_queries(10):
        client.get("/analysis/")
    with django_assert_max_num_queries(4):  # cached until the data changes
        client.get("/analysis/")


def test_column_charts_have_a_value_axis_with_round_ticks(client, make):
    for n in range(7):
        make.event(f"Summons {n}", date=f"2022-05-0{n + 1}")
    make.event("Summons 2023", date="2023-05-01")
    html = client.get("/analysis/").content.decode()
    chart = html[html.index('id="by-type"') : html.index('id="by-side"')]
    ticks = re.findall(r'class="axis tick">(\d+)</text>', chart)
    assert ticks == ["0", "2", "4", "6", "8"]  # the highest column, 7, under the top tick
    assert ">Events</text>" in chart


@pytest.fixture
def measures(make, record):
    japan, russia = (Actor.objects.get(slug=slug) for slug in ("japan", "russia"))
    minister = make.actor("A Japanese minister", country=japan)
    make.event(
        "Russia bars a minister",
        date="2024",
        type="other",
        tags=["entry-ban", "countermeasures"],
        actors=[(russia, "initiator"), (minister, "target")],
    )
    make.event(
        "Russia bars more people",
        date="2024-09-02",
        type="entry_ban",
        actors=[(russia, "initiator"), (japan, "target")],
    )
    make.event(
        "Draft ban", date="2025-01-01", type="entry_ban", status=Status.DRAFT,
        actors=[(russia, "initiator")],
    )  # fmt: skip
    return japan, russia


def test_measures_show_each_kind_by_side_with_first_and_last_round(client, measures):
    header, *rows = table_csv(client, "measures")
    assert header == [
        "Measure", "Imposed by", "Imposed on", "First round", "Last round", "Rounds",
        "Rounds by year",
    ]  # fmt: skip
    assert rows[:3] == [
        # "April 2022" counts in its month, never as 1 April.
        ["Entry bans", "Russia", "Japan", "2024", "2024", "2", "2024: 2"],
        ["Entry bans", "Russia", "not recorded", "2022-04", "2022-04", "1", "2022: 1"],
        ["Sanctions and asset freezes", "Japan", "not recorded", "2022-03", "2022-03", "1",
         "2022: 1"],
    ]  # fmt: skip
    assert ["Declared countermeasures", "Russia", "Japan", "2024", "2024", "1", "2024: 1"] in rows
    assert not any("2025" in row[3] for row in rows)  # the draft


def test_a_round_known_only_to_the_year_is_not_placed_in_a_month(client, measures):
    # The 2024 lane holds a round known to the day (2 September) and one known only to the
    # year: its first and last round can only be given as the year.
    row = table_csv(client, "measures")[1]
    assert row[3:5] == ["2024", "2024"]


def test_measures_follow_the_filters_and_say_the_record_has_no_lifting(client, measures):
    assert [row[:3] for row in table_csv(client, "measures", "?from=2024")[1:]] == [
        ["Entry bans", "Russia", "Japan"],
        ["Declared countermeasures", "Russia", "Japan"],
    ]
    html = client.get("/analysis/?from=2024").content.decode()
    assert "does not mark a measure as lifted or reversed" in html
    chart = html[html.index('id="measures"') :]
    assert "Entry bans, Russia → Japan, 2024: 2 rounds" in chart
