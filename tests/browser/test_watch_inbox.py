"""An editor takes a new feed item to a draft event through the source watch's inbox
(issue 19): the feeds are served by the local test site (tests/watch_items/site.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from incidents.models import Event, Status
from tests import factories
from tests.watch_items import site as test_site
from watch.models import Candidate, Decision, WatchedSource

pytestmark = pytest.mark.browser

SHOTS = Path("/work/shots/watch")


@pytest.fixture
def site(settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    with test_site.serve() as running:
        yield running


def _logged_in(browser, live_server, user, width: int):
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context


def _shoot(page, name: str, artifacts: Path) -> None:
    for folder in (SHOTS, artifacts):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(folder / name), full_page=True)
        except OSError:
            pass  # the shots folder is for people; a machine without it still runs the test


def test_editor_polls_a_feed_and_creates_a_draft_event_from_the_inbox(
    live_server, browser, django_user_model, site, artifacts
):
    call_command("load_seed", verbosity=0)
    editor = factories.staff_user(django_user_model, "editor")
    editor.user_permissions.add(*Permission.objects.filter(content_type__app_label="watch"))
    for path, language in (("/feeds/en.xml", "en"), ("/feeds/ru.atom", "ru")):
        WatchedSource.objects.create(
            name=f"Test feed ({language})", url=site.url(path), language=language, enabled=True
        )
    WatchedSource.objects.create(
        name="Test feed (ja)", url=site.url("/feeds/ja.xml"), language="ja"
    )

    context = _logged_in(browser, live_server, editor, 1280)
    page = context.new_page()
    try:
        # Switch the Japanese feed on and poll every test feed from the admin.
        page.goto(f"{live_server.url}/admin/watch/watchedsource/?q=Test+feed")
        for row in page.locator("#result_list tbody tr").all():
            row.locator("input.action-select").check()
        page.select_option('select[name="action"]', "switch_on")
        page.click('button[name="index"]')
        expect(page.locator(".messagelist")).to_contain_text("3 source(s) switched on")
        for row in page.locator("#result_list tbody tr").all():
            row.locator("input.action-select").check()
        page.select_option('select[name="action"]', "poll_now")
        page.click('button[name="index"]')
        expect(page.locator(".messagelist")).to_contain_text("Poll of 3 source(s) queued")

        # The inbox: the new incident reported in English and Russian is one card.
        page.goto(f"{live_server.url}/admin/watch/candidate/")
        card = page.locator("article.watch-card", has_text="drills near Kunashir")
        expect(card.locator(".watch-items li")).to_have_count(2)
        expect(card).to_contain_text("Mikhail Galuzin")
        known = page.locator("article.watch-card.known")
        expect(known).to_contain_text("Another report of")
        expect(page.locator(".watch-toggle")).to_contain_text("below the relevance threshold")
        expect(page.locator("article.watch-card", has_text="Tokyo stocks")).to_have_count(0)
        _shoot(page, "inbox-desktop.png", artifacts)

        phone = _logged_in(browser, live_server, editor, 390)
        phone_page = phone.new_page()
        phone_page.goto(f"{live_server.url}/admin/watch/candidate/")
        expect(phone_page.locator("article.watch-card").first).to_be_visible()
        _shoot(phone_page, "inbox-phone.png", artifacts)
        phone.close()

        # The ambassador's words, found in the English report, ticked to be recorded; then one
        # click: a draft event, and the editor lands on its change form.
        card.locator("details.watch-quotes summary").click()
        card.get_by_label(re.compile("internal matter")).check()
        card.get_by_role("button", name="Create draft event").click()
        expect(page).to_have_url(re.compile(r"/admin/incidents/event/\d+/change/$"))
        expect(page.locator('input[name="title"]')).to_have_value(
            "Japan summons Russian ambassador over drills near Kunashir"
        )
        expect(page.locator(".messagelist")).to_contain_text(
            "created from the inbox with 2 source(s) and 1 statement(s)"
        )
        _shoot(page, "draft-event-desktop.png", artifacts)
    finally:
        context.close()

    event = Event.objects.get(title__contains="drills near Kunashir")
    assert event.status == Status.DRAFT
    assert event.event_type.slug == "summons"
    assert event.source_links.count() == 2
    assert Candidate.objects.get(event=event).state == Decision.CONFIRMED
    statement = event.statements.get()
    assert statement.speaker.slug == "mikhail-galuzin"
    assert "internal matter" in statement.text
