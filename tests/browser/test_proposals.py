"""Corrections without takedown, in three browsers: an editor proposes a change to a published
event, a reviewer reads the diff and approves it, and an anonymous reader sees the live version
until the approval and the corrected one right after (issue 14)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from incidents.models import Proposal, Status
from tests import factories
from tests.browser.conftest import logged_in_page

pytestmark = pytest.mark.browser

OLD_TITLE = "Japan protests a joint drill near Hokkaido"
NEW_TITLE = "Japan protests a joint naval drill near Hokkaido"
LIVE_TITLE = "Japan protests a drill (reviewer's wording)"
PHONE = {"width": 390, "height": 844}


def shoot(page, artifacts, name: str) -> None:
    """The page at desktop width and at phone width (whole, and its first screen), for a
    person to look at."""
    page.screenshot(path=str(artifacts / f"proposal-{name}-desktop.png"), full_page=True)
    size = page.viewport_size
    page.set_viewport_size(PHONE)
    page.screenshot(path=str(artifacts / f"proposal-{name}-phone.png"), full_page=True)
    page.screenshot(path=str(artifacts / f"proposal-{name}-phone-top.png"))
    page.set_viewport_size(size)


def test_propose_review_approve_while_readers_see_the_live_version(
    live_server, browser, django_user_model, artifacts
):
    japan = factories.actor("Japan", kind="state")
    source = factories.source(title="Foreign ministry statement on the drill")
    event = factories.event(
        OLD_TITLE, status=Status.PUBLISHED, actors=[(japan, "initiator")], sources=[source]
    )
    factories.statement(event, japan, "We lodged a protest through diplomatic channels.")
    editor = factories.staff_user(django_user_model, "editor")
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    change_url = f"{live_server.url}/admin/incidents/event/{event.pk}/change/"
    public_url = f"{live_server.url}{event.get_absolute_url()}"

    contexts = []
    try:
        context, editor_page = logged_in_page(browser, live_server, editor)
        contexts.append(context)
        context, reader = logged_in_page(browser, live_server, None)
        contexts.append(context)
        context, reviewer_page = logged_in_page(browser, live_server, reviewer)
        contexts.append(context)

        # The editor corrects the published event as they would a draft.
        editor_page.goto(change_url)
        expect(editor_page.locator(".proposal-notice")).to_contain_text("This event is public")
        shoot(editor_page, artifacts, "form")
        editor_page.locator('input[name="title"]').fill(NEW_TITLE)
        editor_page.locator('textarea[name$="-text"]').first.fill(
            "We lodged a firm protest through diplomatic channels."
        )
        editor_page.locator('textarea[name="proposal_note"]').fill("The drill was naval.")
        editor_page.get_by_role("button", name="Propose correction").last.click()
        expect(editor_page.locator(".messagelist .success")).to_contain_text(
            "is waiting for review as"
        )
        expect(editor_page.locator(".proposal-notice")).to_contain_text("waiting for review")
        shoot(editor_page, artifacts, "pending-notice")

        # Readers still see the live version.
        reader.goto(public_url)
        expect(reader.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)

        # The reviewer reads the diff against the live version.
        proposal = Proposal.objects.pending().get()
        reviewer_page.goto(f"{live_server.url}{proposal.get_admin_url()}")
        diff = reviewer_page.locator("table.proposal-diff")
        expect(diff).to_contain_text("What approving changes on the live version")
        title_row = diff.locator("tr").filter(has_text="Title")
        expect(title_row.locator("td").nth(0)).to_have_text(OLD_TITLE)
        expect(title_row.locator("td").nth(1)).to_have_text(NEW_TITLE)
        expect(diff).to_contain_text("We lodged a firm protest")
        expect(reviewer_page.locator(".proposal-meta")).to_contain_text("The drill was naval.")
        shoot(reviewer_page, artifacts, "diff")

        reader.reload()
        expect(reader.get_by_role("heading", level=1)).to_have_text(OLD_TITLE)

        reviewer_page.get_by_role("button", name="Approve: make it live").click()
        expect(reviewer_page.locator(".messagelist .success")).to_contain_text(
            f"Approved correction #{proposal.pk} by editor"
        )
        expect(reviewer_page.locator(".proposal-meta")).to_contain_text("Approved")
        shoot(reviewer_page, artifacts, "approved")

        # Live at once, for everyone.
        reader.reload()
        expect(reader.get_by_role("heading", level=1)).to_have_text(NEW_TITLE)
        expect(reader.locator("body")).to_contain_text("firm protest")
    finally:
        for context in contexts:
            context.close()


def test_a_live_change_since_the_proposal_is_shown_and_kept_unless_chosen(
    live_server, browser, django_user_model, artifacts
):
    from incidents import proposals, snapshots
    from incidents.models import Event

    event = factories.event(OLD_TITLE, status=Status.PUBLISHED)
    editor = factories.staff_user(django_user_model, "editor")
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    base = snapshots.snapshot(event)
    proposed = {**base, "event": {**base["event"], "title": NEW_TITLE, "summary": "Naval."}}
    proposal = proposals.propose(event, proposed, base, str(event.version), editor)
    live = Event.objects.get(pk=event.pk)
    live.title = LIVE_TITLE
    live.save()

    context, page = logged_in_page(browser, live_server, reviewer)
    try:
        page.goto(f"{live_server.url}{proposal.get_admin_url()}")
        moved = page.locator(".proposal-moved")
        expect(moved).to_contain_text("The live version changed since this correction")
        clash = moved.locator("table").filter(has_text="Changed on both sides").locator("tbody tr")
        expect(clash.locator("td").nth(0)).to_have_text(OLD_TITLE)
        expect(clash.locator("td").nth(1)).to_have_text(
            "Japan protests a drill (reviewer's wording)"
        )
        expect(clash.locator("td").nth(2)).to_have_text(NEW_TITLE)
        page.get_by_role("button", name="Approve: make it live").click()
        expect(page.locator(".errorlist")).to_contain_text("Tick the box")
        shoot(page, artifacts, "three-versions")
        assert Event.objects.get(pk=event.pk).summary != "Naval."

        page.get_by_label("Use the proposal’s values").check()
        page.get_by_role("button", name="Approve: make it live").click()
        expect(page.locator(".messagelist .success")).to_contain_text("is live")
        assert Event.objects.get(pk=event.pk).title == NEW_TITLE
    finally:
        context.close()


def test_sent_back_the_editor_reads_the_note_beside_what_they_proposed(
    live_server, browser, django_user_model, artifacts
):
    from incidents import proposals, snapshots

    event = factories.event(OLD_TITLE, status=Status.PUBLISHED)
    editor = factories.staff_user(django_user_model, "editor")
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    base = snapshots.snapshot(event)
    proposed = {**base, "event": {**base["event"], "title": NEW_TITLE}}
    proposal = proposals.propose(event, proposed, base, str(event.version), editor)
    proposals.send_back(proposal, reviewer, "Which article says the drill was naval?")

    context, page = logged_in_page(browser, live_server, editor)
    try:
        page.goto(f"{live_server.url}/admin/incidents/event/{event.pk}/change/")
        notice = page.locator(".proposal-notice")
        expect(notice).to_contain_text("sent back")
        expect(notice).to_contain_text("Which article says the drill was naval?")
        expect(notice.locator(".proposal-sent-back")).to_contain_text(NEW_TITLE)
        expect(page.locator('input[name="title"]')).to_have_value(OLD_TITLE)  # editable
        shoot(page, artifacts, "sent-back")
    finally:
        context.close()


def test_correction_pages_have_no_serious_or_critical_axe_violations(
    live_server, browser, django_user_model, artifacts
):
    from tests.browser.test_a11y import AXE, BLOCKING, run_axe

    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: run `npm ci` at the repository root")
    from incidents import proposals, snapshots

    japan = factories.actor("Japan", kind="state")
    event = factories.event(OLD_TITLE, status=Status.PUBLISHED, actors=[(japan, "initiator")])
    editor = factories.staff_user(django_user_model, "editor")
    reviewer = factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))
    base = snapshots.snapshot(event)
    proposed = {**base, "event": {**base["event"], "title": NEW_TITLE}}
    proposal = proposals.propose(event, proposed, base, str(event.version), editor)
    live = type(event).objects.get(pk=event.pk)
    live.summary = "Changed live meanwhile."
    live.save()

    report = {}
    for user, name, path in (
        (reviewer, "review page", proposal.get_admin_url()),
        (editor, "editor's form", f"/admin/incidents/event/{event.pk}/change/"),
        (editor, "list", "/admin/incidents/proposal/"),
    ):
        context, page = logged_in_page(browser, live_server, user, bypass_csp=True)
        try:
            report[name] = run_axe(page, live_server.url + path, AXE)
            page.emulate_media(color_scheme="dark")  # the admin's dark scheme too
            report[f"{name} (dark)"] = run_axe(page, live_server.url + path, AXE)
            if name == "review page":
                page.screenshot(path=str(artifacts / "proposal-diff-dark.png"), full_page=True)
        finally:
            context.close()
    (artifacts / "axe-proposals.json").write_text(json.dumps(report, indent=2))
    # As for the event form (test_a11y): Django's own inline and select2 markup excepted.
    known = ("select2", "#id_actor_roles-", "#id_source_links-", "#id_statements-")
    blocking = [
        (name, v["id"], target)
        for name, violations in report.items()
        for v in violations
        if v["impact"] in BLOCKING
        for target in v["nodes"]
        if not any(marker in " ".join(target) for marker in known)
    ]
    assert not blocking, json.dumps(blocking, indent=2)
