"""Exchanges: events linked by "responds to", on their own page, on timeline cards and in the
CSV — published events only."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.dates import PartialDate
from incidents.models import Actor, Status
from timeline.public.chains import Lag

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    """The page's visible text, tags dropped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def exchange(make):
    """Japan sanctions (day), Russia answers 3 days later, then (May 2023) again; Japan
    protests that. Two independent answers to the sanctions make it a tree, not a line."""
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    russia = make.actor("Russia", kind=Actor.Kind.STATE, slug="russia")
    zakharova = make.actor("Maria Zakharova", slug="maria-zakharova", country=russia)
    sanctions = make.event(
        "Japan freezes assets of Russian banks",
        date="2023-04-10",
        type="sanction",
        actors=[(japan, "initiator"), (russia, "target")],
        slug="japan-freezes-assets",
    )
    summons = make.event(
        "Russia summons the Japanese ambassador",
        date="2023-04-13",
        type="summons",
        actors=[(zakharova, "initiator"), (japan, "target")],
        slug="russia-summons-ambassador",
    )
    ban = make.event(
        "Russia bars entry to Japanese officials",
        date="2023-05",
        type="entry_ban",
        actors=[(russia, "initiator")],
        slug="russia-entry-ban",
    )
    protest = make.event(
        "Japan protests the entry ban",
        date="2023-06-09",
        type="diplomatic_protest",
        actors=[(japan, "initiator")],
        slug="japan-protests-ban",
    )
    summons.responds_to.add(sanctions)
    ban.responds_to.add(sanctions)
    protest.responds_to.add(ban)
    return sanctions, summons, ban, protest


def test_the_chain_lists_every_step_in_date_order_with_side_type_date_and_lag(client, exchange):
    sanctions, summons, ban, protest = exchange
    page = client.get(f"/events/{summons.slug}/chain/")
    assert page.status_code == 200
    text = text_of(page)
    titles = [event.title for event in (sanctions, summons, ban, protest)]
    assert [text.index(title) for title in titles] == sorted(text.index(t) for t in titles)
    assert "Step 1 10 April 2023 Japan Sanction" in text
    # Zakharova acts for Russia: the side is her country.
    assert "Step 2 13 April 2023 Russia Summons" in text
    assert "Answers step 1 (Japan, sanction): 3 days later" in text
    # A month-precise date is a range of lags, never a false exact figure.
    assert "Step 3 May 2023 (known to the month) Russia" in text
    assert "Answers step 1 (Japan, sanction): between 21 and 51 days later" in text
    assert "Answers step 3 (Russia, entry ban): between 9 and 39 days later" in text
    assert re.search(r"Answered by step 2 ?, step 3", text)


def test_every_event_of_the_exchange_shows_the_same_chain_and_links_to_it(client, exchange):
    pages = [client.get(f"/events/{event.slug}/chain/") for event in exchange]
    canonical = {re.search(r'rel="canonical" href="([^"]+)"', p.content.decode())[1] for p in pages}
    assert canonical == {f"http://testserver/events/{exchange[0].slug}/chain/"}
    for event in exchange:
        page = client.get(event.get_absolute_url()).content.decode()
        assert f'href="/events/{event.slug}/chain/"' in page


def test_an_event_without_responses_has_no_chain_link(client, make):
    alone = make.event("A lone drill", type="military_activity")
    assert "/chain/" not in client.get(alone.get_absolute_url()).content.decode()
    assert client.get(f"/events/{alone.slug}/chain/").status_code == 200


def test_a_draft_is_no_step_and_the_chain_gives_no_sign_of_it(client, make, exchange):
    sanctions, summons, _ban, _protest = exchange
    draft = make.event("Secret draft answer", status=Status.DRAFT, slug="secret-draft")
    in_review = make.event("Answer in review", status=Status.REVIEW, slug="in-review")
    beyond = make.event("Published beyond the draft", slug="beyond-draft")
    draft.responds_to.add(summons)
    in_review.responds_to.add(sanctions)
    beyond.responds_to.add(draft)  # reachable only through the draft
    page = client.get(f"/events/{sanctions.slug}/chain/")
    html = page.content.decode()
    for hidden in ("Secret draft answer", "secret-draft", "Answer in review", "Published beyond"):
        assert hidden not in html
    assert "4 published events" in text_of(page)
    assert client.get("/events/secret-draft/chain/").status_code == 404
    # The event beyond the draft stands alone: nothing says an answer is missing.
    alone = text_of(client.get("/events/beyond-draft/chain/"))
    assert "No other published event answers this one or is answered by it" in alone


def test_timeline_cards_say_what_they_answer_and_what_answered_them(client, exchange):
    _sanctions, _summons, ban, _protest = exchange
    text = text_of(client.get("/"))
    assert (
        "Answered by Russia summons the Japanese ambassador (13 April 2023); "
        "Russia bars entry to Japanese officials (May 2023)"
    ) in text
    assert "Responds to Japan freezes assets of Russian banks (10 April 2023)" in text
    assert f'href="/events/{ban.slug}/chain/"' in client.get("/").content.decode()


def test_cards_never_name_a_draft(client, make, exchange):
    draft = make.event("Secret draft answer", status=Status.DRAFT)
    draft.responds_to.add(exchange[3])
    assert "Secret draft answer" not in client.get("/").content.decode()


def test_cards_with_exchanges_keep_the_timeline_query_count_bounded(client, make):
    """The cards' causes and responses cost one query per page, however many there are (the
    page's own bound is tests/test_timeline_views.py's)."""

    def queries(url: str, **headers: str) -> int:
        cache.clear()  # cold: nothing counted or found before
        with CaptureQueriesContext(connection) as captured:
            client.get(url, headers=headers)
        return len(captured.captured_queries)

    def linked_events(count: int) -> None:
        events = [make.event(date=f"20{10 + n % 15}-01-{1 + n % 28:02d}") for n in range(count)]
        for earlier, later in itertools.pairwise(events):
            later.responds_to.add(earlier)

    make.event("Alone")
    alone = queries("/")
    linked_events(3)
    few = queries("/")
    linked_events(60)
    assert few == alone  # the one query runs for every page, links or not
    assert queries("/") == few
    load_more = {"HX-Request": "true", "HX-Target": "event-list"}
    assert queries("/?page=2", **load_more) <= few


def test_a_long_chain_is_walked_in_one_query_per_hop(client, make, django_assert_max_num_queries):
    events = [make.event(f"Step {n}", date=f"2021-02-{1 + n:02d}") for n in range(6)]
    for earlier, later in itertools.pairwise(events):
        later.responds_to.add(earlier)
    # One lookup, a hop per step (and the last, empty one), the events, their actors, links.
    with django_assert_max_num_queries(1 + 7 + 3):
        page = client.get(f"/events/{events[2].slug}/chain/")
    assert "6 published events" in text_of(page)


def test_the_csv_names_the_published_causes_and_responses(client, make, exchange):
    sanctions, summons, ban, protest = exchange
    make.event("Secret draft answer", status=Status.DRAFT, slug="secret-draft").responds_to.add(
        sanctions
    )
    text = b"".join(client.get("/export.csv").streaming_content).decode("utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(text, newline=""))}
    assert rows[str(sanctions.pk)]["responds_to"] == ""
    assert rows[str(sanctions.pk)]["responses"] == f"{ban.slug}; {summons.slug}"
    assert rows[str(protest.pk)]["responds_to"] == ban.slug
    assert "secret-draft" not in text


def test_the_json_export_and_the_api_name_the_published_responses(client, make, exchange):
    sanctions, summons, ban, protest = exchange
    make.event("Secret draft answer", status=Status.DRAFT, slug="secret-draft").responds_to.add(
        sanctions
    )
    export = json.loads(b"".join(client.get("/export.json").streaming_content))
    records = {event["slug"]: event for event in export["events"]}
    assert records[sanctions.slug]["responses"] == [ban.slug, summons.slug]
    assert records[ban.slug]["responses"] == [protest.slug]
    assert records[protest.slug]["responses"] == []
    listed = client.get("/api/events").json()["results"]
    assert {event["slug"]: event["responses"] for event in listed} == {
        slug: event["responses"] for slug, event in records.items()
    }
    one = client.get(f"/api/events/{sanctions.slug}").json()
    assert one["responses"] == [ban.slug, summons.slug]
    assert "secret-draft" not in json.dumps(export) + json.dumps(listed) + json.dumps(one)
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["EventOut"]
    assert "responses" in schema["required"]


def test_lags_are_honest_about_precision():
    day = PartialDate.of_day
    assert str(Lag.between(day(dt.date(2023, 4, 10)), day(dt.date(2023, 4, 13)))) == "3 days later"
    assert str(Lag.between(day(dt.date(2023, 4, 10)), day(dt.date(2023, 4, 10)))) == (
        "the same day"
    )
    # Within the same month: anywhere from the same day to 29 days later.
    may = PartialDate.of_month(2023, 5)
    assert str(Lag.between(day(dt.date(2023, 5, 2)), may)) == "between 0 and 29 days later"
    assert str(Lag.between(PartialDate.of_year(2022), day(dt.date(2023, 1, 1)))) == (
        "between 1 and 365 days later"
    )


def test_editors_add_a_response_from_the_event_it_answers(editor_client, exchange):
    sanctions, summons, ban, _protest = exchange
    change = reverse("admin:incidents_event_change", args=(sanctions.pk,))
    page = editor_client.get(change).content.decode()
    # Its answers, each a link to edit it, and a new event already answering it.
    assert reverse("admin:incidents_event_change", args=(summons.pk,)) in page
    assert reverse("admin:incidents_event_change", args=(ban.pk,)) in page
    add = reverse("admin:incidents_event_add") + f"?responds_to={sanctions.pk}"
    assert f'href="{add}">Add a response</a>' in page
    form = editor_client.get(add).content.decode()
    chosen = re.search(r'<select name="responds_to".*?</select>', form, flags=re.S)[0]
    assert f'<option value="{sanctions.pk}" selected>' in chosen
    # "This responds to" searches events by title.
    found = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "freezes",
            "app_label": "incidents",
            "model_name": "event",
            "field_name": "responds_to",
        },
    ).json()
    assert [result["id"] for result in found["results"]] == [str(sanctions.pk)]
