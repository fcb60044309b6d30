"""Two reviewers in two browsers edit the same statement of one event: the second one's save
is refused with the three versions of the row, and submitting that page as shown keeps the
first one's statement (issue 11)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Actor, Statement, Status
from tests import factories
from tests.browser.conftest import logged_in_page

pytestmark = pytest.mark.browser


def test_two_reviewers_editing_one_statement(live_server, browser, django_user_model, artifacts):
    speaker = factories.actor("Maria Zakharova")
    outlet = factories.actor("Yomiuri Shimbun", kind=Actor.Kind.MEDIA)
    source = factories.source(title="Russia summons ambassador", publisher=outlet)
    event = factories.event(
        "Russia summons Japan's ambassador",
        status=Status.DRAFT,
        actors=[(speaker, "initiator")],
        sources=[source],
    )
    statement = factories.statement(event, speaker, "Japan will answer for this.", source=source)
    first_user = factories.staff_user(django_user_model, "reviewer-a", groups=("Reviewers",))
    second_user = factories.staff_user(django_user_model, "reviewer-b", groups=("Reviewers",))
    url = f"{live_server.url}/admin/incidents/event/{event.pk}/change/"

    context_a, page_a = logged_in_page(
        browser, live_server, first_user, viewport={"width": 1280, "height": 1000}
    )
    context_b, page_b = logged_in_page(
        browser, live_server, second_user, viewport={"width": 1280, "height": 1000}
    )
    try:
        page_a.goto(url)
        page_b.goto(url)
        row_id = f'input[name^="statements-"][name$="-id"][value="{statement.pk}"]'
        prefix = page_a.locator(row_id).get_attribute("name").removesuffix("-id")
        text_a = page_a.locator(f'textarea[name="{prefix}-text"]')
        text_b = page_b.locator(f'textarea[name="{prefix}-text"]')

        text_a.fill("A's corrected quotation.")
        page_a.locator('input[name="_save"]').click()
        expect(page_a.locator(".messagelist .success")).to_be_visible()

        text_b.fill("B's version of the quotation.")
        page_b.locator('input[name="_save"]').click()
        conflict = page_b.locator(f"#row-conflict-{prefix}")
        expect(conflict).to_be_visible()
        versions = conflict.locator("tbody tr").filter(has_text="Text")
        expect(versions.locator("td").nth(0)).to_have_text("Japan will answer for this.")
        expect(versions.locator("td").nth(1)).to_have_text("A's corrected quotation.")
        expect(versions.locator("td").nth(2)).to_have_text("B's version of the quotation.")
        expect(conflict).to_contain_text("reviewer-a")
        keep_theirs = page_b.get_by_label("Keep theirs (nothing is overwritten)")
        expect(keep_theirs).to_be_checked()
        expect(page_b.get_by_label("Use mine")).not_to_be_checked()
        # Nothing typed is lost: the form still holds B's text.
        expect(text_b).to_have_value("B's version of the quotation.")
        page_b.screenshot(path=str(artifacts / "concurrent-edit-conflict.png"), full_page=True)
        assert Statement.objects.get(pk=statement.pk).text == "A's corrected quotation."

        # Submitting the page as shown overwrites nothing.
        page_b.locator('input[name="_save"]').click()
        expect(page_b.locator(".messagelist .success")).to_be_visible()
        expect(page_b).to_have_url(re.compile(r"/admin/incidents/event/$"))
        assert Statement.objects.get(pk=statement.pk).text == "A's corrected quotation."

        # Next round: A edits again, B explicitly chooses their own version.
        page_a.goto(url)
        page_b.goto(url)
        text_a.fill("A's second correction.")
        page_a.locator('input[name="_save"]').click()
        expect(page_a.locator(".messagelist .success")).to_be_visible()
        text_b.fill("B insists on this wording.")
        page_b.locator('input[name="_save"]').click()
        expect(conflict).to_be_visible()
        page_b.get_by_label("Use mine").check()
        page_b.locator('input[name="_save"]').click()
        expect(page_b.locator(".messagelist .success")).to_be_visible()
        assert Statement.objects.get(pk=statement.pk).text == "B insists on this wording."
    finally:
        context_a.close()
        context_b.close()
