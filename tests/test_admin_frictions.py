"""The small things an editor meets every hour: one date format (ISO) in every admin form,
the actor autocomplete offering the best match first in any language, and messages that say
what a status change did."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Event, Status
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:incidents_{obj._meta.model_name}_change", args=(obj.pk,))


# --- One date format ------------------------------------------------------------------------


def test_the_event_form_shows_and_takes_dates_as_iso(editor_client, make):
    event = make.event(date="2023-06-09", status=Status.DRAFT)
    page = editor_client.get(change_url(event)).content.decode()
    assert 'name="date_lower" value="2023-06-09"' in page
    assert "09/06/2023" not in page
    data = form_data(editor_client.get(change_url(event)), "event_form")
    data.update(date_lower="2024-02-29", end_date="2024-03-02")
    assert editor_client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert (event.date_lower, event.end_date) == (dt.date(2024, 2, 29), dt.date(2024, 3, 2))


def test_a_day_first_date_is_refused_with_the_format_to_use_and_nothing_is_lost(
    editor_client, make
):
    event = make.event(date="2023-06-09", status=Status.DRAFT)
    data = form_data(editor_client.get(change_url(event)), "event_form")
    data.update(date_lower="03/04/2024", summary="A summary the editor typed.")
    response = editor_client.post(change_url(event), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter the date as YYYY-MM-DD, or YYYY-MM / YYYY" in page
    assert "A summary the editor typed." in page
    event.refresh_from_db()
    assert event.date_lower == dt.date(2023, 6, 9)


@pytest.mark.parametrize(
    ("typed", "precision", "bounds", "shown"),
    [
        ("2023-05", "month", (dt.date(2023, 5, 1), dt.date(2023, 5, 31)), "May 2023"),
        ("2025", "year", (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), "2025"),
    ],
)
def test_a_month_or_a_year_typed_as_the_date_sets_the_precision(
    editor_client, make, typed, precision, bounds, shown
):
    event = make.event(date="2023-06-09", status=Status.DRAFT)
    data = form_data(editor_client.get(change_url(event)), "event_form")
    data.update(date_lower=typed, date_precision="day")
    assert editor_client.post(change_url(event), data).status_code == 302
    event.refresh_from_db()
    assert event.date_precision == precision
    assert (event.date_lower, event.date_upper) == bounds
    assert event.date_display == shown


def test_an_impossible_month_is_refused_with_the_reason(editor_client, make):
    event = make.event(status=Status.DRAFT)
    data = form_data(editor_client.get(change_url(event)), "event_form")
    data["date_lower"] = "2023-13"
    response = editor_client.post(change_url(event), data)
    assert response.status_code == 200
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()


def test_every_admin_date_field_and_the_calendar_use_iso(editor_client, make):
    source = make.source(published_on="2024-02-01")
    page = editor_client.get(change_url(source)).content.decode()
    assert 'value="2024-02-01"' in page
    # The calendar writes what it picks in the first input format of the admin's catalogue.
    catalogue = editor_client.get(reverse("admin:jsi18n")).content.decode()
    formats = re.search(r'"DATE_INPUT_FORMATS": \[([^\]]*)\]', catalogue)[1]
    assert formats.split() == ['"%Y-%m-%d"']


# --- Actor autocomplete -----------------------------------------------------------------------


def autocomplete(client: Client, term: str) -> list[str]:
    """The names the actor field of an event's actor roles offers for ``term``, in order."""
    response = client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "incidents", "model_name": "eventactor", "field_name": "actor"},
    )
    assert response.status_code == 200
    return [result["text"] for result in response.json()["results"]]


@pytest.fixture
def actors(make):
    make.actor(
        "Embassy of Japan in Russia",
        name_ru="Посольство Японии в России",
        name_ja="在ロシア日本国大使館",
    )
    make.actor("Japanese Coast Guard", name_ja="海上保安庁")
    make.actor("Society Russia–Japan", name_ru="Общество Россия — Япония")
    make.actor("Japan", name_ru="Япония", name_ja="日本", aliases="Nippon\r\nNihon")
    make.actor("Japan Times", name_ja="ジャパンタイムズ")


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        (
            "Japan",
            ["Japan", "Japan Times", "Japanese Coast Guard", "Embassy of Japan in Russia"],
        ),
        ("japan", ["Japan", "Japan Times", "Japanese Coast Guard", "Embassy of Japan in Russia"]),
        ("Япония", ["Japan", "Society Russia–Japan"]),
        ("Япон", ["Japan", "Embassy of Japan in Russia", "Society Russia–Japan"]),
        ("日本", ["Japan", "Embassy of Japan in Russia"]),
        ("Nihon", ["Japan"]),
    ],
)
def test_the_actor_autocomplete_offers_exact_then_prefix_matches_first(
    editor_client, actors, term, expected
):
    assert autocomplete(editor_client, term)[: len(expected)] == expected


def test_an_alias_typed_in_full_ranks_as_an_exact_name(editor_client, make):
    make.actor("Nippon Steel")
    make.actor("Japan", aliases="Nihon\nNippon")
    assert autocomplete(editor_client, "Nippon") == ["Japan", "Nippon Steel"]


def test_the_actor_list_ranks_a_search_the_same_unless_sorted_by_a_column(editor_client, actors):
    url = reverse("admin:incidents_actor_changelist")
    text = editor_client.get(url, {"q": "Japan"}).content.decode()
    assert text.index(">Japan<") < text.index(">Japanese Coast Guard<")
    assert text.index(">Japanese Coast Guard<") < text.index(">Embassy of Japan in Russia<")
    by_name = editor_client.get(url, {"q": "Japan", "o": "1"}).content.decode()
    assert by_name.index(">Embassy of Japan in Russia<") < by_name.index(">Japan<")


# --- Messages that say what happened -------------------------------------------------------------


@pytest.mark.parametrize(
    ("user", "before", "after", "said"),
    [
        ("editor_client", Status.DRAFT, Status.REVIEW, "Sent “Kuril summons” to review."),
        ("reviewer_client", Status.REVIEW, Status.PUBLISHED, "Published “Kuril summons”."),
        ("editor_client", Status.REVIEW, Status.DRAFT, "Returned “Kuril summons” to draft."),
    ],
)
def test_a_status_change_in_the_form_says_what_it_did(request, make, user, before, after, said):
    client = request.getfixturevalue(user)
    event = make.event("Kuril summons", status=before)
    data = form_data(client.get(change_url(event)), "event_form")
    data["status"] = after
    page = client.post(change_url(event), data, follow=True).content.decode()
    assert said in page


def test_a_save_that_keeps_the_status_says_nothing_about_it(editor_client, make):
    event = make.event("Summons over the Kurils", status=Status.DRAFT)
    data = form_data(editor_client.get(change_url(event)), "event_form")
    data["summary"] = "A clearer summary."
    page = editor_client.post(change_url(event), data, follow=True).content.decode()
    assert "Sent “" not in page and "Returned “" not in page
    assert "was changed successfully" in page


def test_a_bulk_action_names_what_it_changed(editor_client, make):
    drafts = [make.event(f"Draft {n}", status=Status.DRAFT) for n in range(7)]
    page = editor_client.post(
        reverse("admin:incidents_event_changelist"),
        {"action": "send_to_review", "_selected_action": [e.pk for e in drafts]},
        follow=True,
    ).content.decode()
    assert (
        "Sent 7 events (“Draft 0”, “Draft 1”, “Draft 2”, “Draft 3”, “Draft 4” and 2 more) "
        "to review." in page
    )
    assert Event.objects.filter(status=Status.REVIEW).count() == 7
