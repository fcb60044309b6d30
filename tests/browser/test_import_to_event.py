"""An editor imports a Japanese and a Russian article in the admin and confirms their
quotations into one draft event without retyping anything the articles state (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from incidents.models import Actor, Event, Statement, Status
from tests import factories

pytestmark = pytest.mark.browser

CASES = Path(__file__).resolve().parents[1] / "import_cases"


def test_japanese_and_russian_quotes_confirmed_into_one_event(
    live_server, browser, django_user_model, artifacts
):
    kihara = factories.actor("Minoru Kihara", name_ja="木原稔")
    mid = factories.actor(
        "Russian Foreign Ministry", kind=Actor.Kind.ORGANISATION, aliases="МИД РФ\nМИД России"
    )
    editor = factories.staff_user(django_user_model, "editor")
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": 1280, "height": 1100}, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    try:
        # The Japanese article, pasted with its address.
        page.goto(f"{live_server.url}/admin/incidents/source/import/")
        page.fill('input[name="url"]', "https://www3.nhk.or.jp/news/html/20251114/k1.html")
        page.fill(
            'textarea[name="text"]',
            (CASES / "ja_nhk_timestamp_first.txt").read_text(encoding="utf-8"),
        )
        page.locator('input[type="submit"]').first.click()
        expect(page.locator('input[name="new_event_title"]')).to_have_value(
            "ロシア軍機 北海道沖で領空接近 官房長官「警戒監視に万全」"
        )
        expect(page.locator('input[name="statements-0-said_on"]')).to_have_value("2025-11-14")
        expect(page.locator("#select2-id_statements-0-speaker-container")).to_contain_text(
            "Minoru Kihara"
        )
        page.select_option('select[name="new_event_type"]', label="Military activity")
        page.screenshot(path=str(artifacts / "import-ja-confirm.png"), full_page=True)
        page.locator('input[name="_save"]').click()

        # Saving lands on the new draft event.
        expect(page).to_have_url(
            f"{live_server.url}/admin/incidents/event/{Event.objects.get().pk}/change/"
        )
        expect(page.locator('input[name="title"]')).to_have_value(
            "ロシア軍機 北海道沖で領空接近 官房長官「警戒監視に万全」"
        )
        page.screenshot(path=str(artifacts / "import-ja-event.png"), full_page=True)

        # The Russian article, uploaded as saved (KOI8-R), joins the same event.
        page.goto(f"{live_server.url}/admin/incidents/source/import/")
        page.set_input_files('input[name="file"]', str(CASES / "ru_tass_passive_koi8.txt"))
        page.locator('input[type="submit"]').first.click()
        expect(page.locator("#select2-id_statements-0-speaker-container")).to_contain_text(
            "Russian Foreign Ministry"
        )
        page.locator(".field-event .select2-selection").click()
        page.locator(".select2-search__field").fill("北海道")
        page.locator(".select2-results__option", has_text="北海道沖").click()
        page.screenshot(path=str(artifacts / "import-ru-confirm.png"), full_page=True)
        page.locator('input[name="_save"]').click()
        expect(page.locator(".messagelist .success")).to_contain_text("2 statement(s)")
    finally:
        context.close()

    event = Event.objects.get()
    assert event.status == Status.DRAFT
    assert Statement.objects.filter(event=event, speaker=kihara, language="ja").exists()
    assert Statement.objects.filter(event=event, speaker=mid, language="ru").count() == 2
    assert {kihara.pk, mid.pk} <= set(event.actor_roles.values_list("actor_id", flat=True))
