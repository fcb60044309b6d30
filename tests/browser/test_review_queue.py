"""The review flow in two browsers and a reader's: an editor sends a draft to review with a
note, the reviewer is told by email, finds it in the queue on the admin's front page and opens
its preview, while an anonymous reader at the same address gets "page not found" (issue 14)."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from playwright.sync_api import expect

from incidents import publishing
from incidents.models import Status
from tests import factories
from tests.browser import test_a11y
from tests.browser.conftest import logged_in_page
from tests.browser.test_a11y import BLOCKING, run_axe

axe_path = test_a11y.axe_path  # the fixture: node_modules/axe-core, or skip/fail as there

pytestmark = pytest.mark.browser

TITLE = "Coast guard detains a crab trawler off Kunashir"
NOTE = "Second source still to find; the date is from the crew's families."


def test_sent_to_review_queued_told_and_previewed_while_readers_get_404(
    live_server, browser, django_user_model, artifacts
):
    draft = factories.event(TITLE, status=Status.DRAFT)
    editor = factories.staff_user(django_user_model, "editor")
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    reviewer.email = "reviewer@example.org"
    reviewer.save()
    public_url = f"{live_server.url}{draft.get_absolute_url()}"

    contexts = []
    try:
        context, editor_page = logged_in_page(browser, live_server, editor)
        contexts.append(context)
        context, reviewer_page = logged_in_page(browser, live_server, reviewer)
        contexts.append(context)
        context, reader = logged_in_page(browser, live_server, None)
        contexts.append(context)

        # The editor sends the draft to review from its form, with a note.
        editor_page.goto(f"{live_server.url}/admin/incidents/event/{draft.pk}/change/")
        editor_page.locator('select[name="status"]').select_option(Status.REVIEW)
        editor_page.locator('textarea[name="review_note"]').fill(NOTE)
        editor_page.get_by_role("button", name="Save", exact=True).click()
        expect(editor_page.locator(".messagelist .success").first).to_have_text(
            f"Sent “{TITLE}” to review."
        )

        # The reviewer was told by email, with the note.
        assert [message.to for message in mail.outbox] == [["reviewer@example.org"]]
        assert NOTE in mail.outbox[0].body

        # The queue on the admin's front page shows it, who sent it and the note.
        reviewer_page.goto(f"{live_server.url}/admin/")
        queue = reviewer_page.locator(".review-on-index")
        expect(queue.locator(".review-title")).to_have_text(TITLE)
        expect(queue).to_contain_text("Sent by editor")
        expect(queue.locator(".review-note")).to_have_text(NOTE)
        reviewer_page.screenshot(path=str(artifacts / "review-queue-index.png"), full_page=True)

        # Its preview, from the queue: the page as it will be, marked as not public.
        queue.get_by_role("link", name="Preview").click()
        expect(reviewer_page).to_have_url(public_url)
        expect(reviewer_page.locator(".preview-banner")).to_contain_text("Preview — not public.")
        expect(reviewer_page.locator("h1")).to_have_text(TITLE)
        reviewer_page.screenshot(path=str(artifacts / "review-preview.png"))

        # A reader at the same address, after the preview was served: page not found.
        response = reader.goto(public_url)
        assert response.status == 404
        expect(reader.locator(".preview-banner")).to_have_count(0)
    finally:
        for context in contexts:
            context.close()


def test_the_queue_and_the_preview_have_no_serious_axe_violations(
    live_server, browser, axe_path, django_user_model, artifacts
):
    """The queue on the front page, its own page and the preview banner (light and dark)."""
    editor = factories.staff_user(django_user_model, "editor")
    waiting = factories.event(TITLE, status=Status.DRAFT)
    answer = factories.event("Tokyo protests the detention", status=Status.DRAFT)
    answer.responds_to.add(waiting)
    for event in (waiting, answer):
        event.review_note = NOTE
        publishing.send_to_review(event, editor)
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    # axe is injected: a context that bypasses the site's CSP (as test_a11y.py does).
    context, page = logged_in_page(browser, live_server, reviewer, bypass_csp=True)
    report = {}
    try:
        for name, path in (
            ("index", "/admin/"),
            ("queue", "/admin/review/"),
            ("preview", waiting.get_absolute_url()),
        ):
            report[name] = run_axe(page, live_server.url + path, axe_path)
        page.emulate_media(color_scheme="dark")
        report["preview (dark)"] = run_axe(
            page, live_server.url + waiting.get_absolute_url(), axe_path
        )
    finally:
        context.close()
    (artifacts / "axe-review-queue.json").write_text(json.dumps(report, indent=2))
    blocking = {
        name: [v for v in found if v["impact"] in BLOCKING] for name, found in report.items()
    }
    assert not any(blocking.values()), json.dumps(blocking, indent=2)
