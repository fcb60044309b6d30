"""An editor imports a Japanese and a Russian article in the admin and confirms their
quotations into one draft event without retyping anything the articles state (issue 13):
pasted and uploaded, UTF-8 and the legacy encodings, a news page and a government's own
page, a quotation kept as found and one translated before confirming (the article's words
are kept as its original)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import expect

from incidents.models import Actor, Event, Source, Statement, Status
from tests import factories

pytestmark = pytest.mark.browser

CASES = Path(__file__).resolve().parents[1] / "import_cases"


def _editor_page(live_server, browser, django_user_model, width: int = 1280):
    """A browser context logged in as an editor, and its page."""
    editor = factories.staff_user(django_user_model, "editor")
    client = Client()
    client.force_login(editor)
    context = browser.new_context(viewport={"width": width, "height": 1100}, locale="en-GB")
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, context.new_page()


def test_japanese_and_russian_quotes_confirmed_into_one_event(
    live_server, browser, django_user_model, artifacts
):
    kihara = factories.actor("Minoru Kihara", name_ja="木原稔")
    mid = factories.actor(
        "Russian Foreign Ministry", kind=Actor.Kind.ORGANISATION, aliases="МИД РФ\nМИД России"
    )
    context, page = _editor_page(live_server, browser, django_user_model)
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


def test_a_kremlin_page_pasted_and_a_shift_jis_file_into_a_new_draft_event(
    live_server, browser, django_user_model, artifacts
):
    """The Russian page is the Kremlin's own: its publisher is offered as an official body;
    its quotation is translated into English on the confirmation page, and the event page
    shows the translation with the Kremlin's words as the original."""
    russia = factories.actor("Russia", kind="state", name_ru="Россия", slug="russia")
    putin = factories.actor("Vladimir Putin", name_ru="Владимир Путин", country=russia)
    context, page = _editor_page(live_server, browser, django_user_model)
    translation = "Russia is open to dialogue if Tokyo is ready for a conversation of equals."
    try:
        page.goto(f"{live_server.url}/admin/incidents/source/import/")
        page.fill('input[name="url"]', "http://kremlin.ru/events/president/news/71345")
        page.fill(
            'textarea[name="text"]',
            (CASES / "holdout_ru_kremlin_given_url.txt").read_text(encoding="utf-8"),
        )
        page.locator('input[type="submit"]').first.click()
        expect(page.locator('input[name="new_publisher_name"]')).to_have_value(
            "President of Russia"
        )
        expect(page.locator('select[name="new_publisher_kind"]')).to_have_value("organisation")
        expect(page.locator('select[name="kind"]')).to_have_value("official")
        expect(page.locator("#select2-id_statements-0-speaker-container")).to_contain_text(
            "Vladimir Putin"
        )
        expect(page.locator('input[name="statements-0-said_on"]')).to_have_value("2023-06-10")
        page.fill('textarea[name="statements-0-text"]', translation)
        page.select_option('select[name="new_event_type"]', label="Statement")
        page.screenshot(path=str(artifacts / "import-ru-kremlin-confirm.png"), full_page=True)
        page.locator('input[name="_save"]').click()
        event = Event.objects.get()
        expect(page).to_have_url(f"{live_server.url}/admin/incidents/event/{event.pk}/change/")
        expect(page.locator('input[name="title"]')).to_have_value(
            "Телефонный разговор с Премьер-министром Японии"
        )

        # The Japanese article, uploaded as saved (Shift_JIS), with its address.
        page.goto(f"{live_server.url}/admin/incidents/source/import/")
        page.fill('input[name="url"]', "https://www.asahi.com/articles/ASR6A1234.html")
        page.set_input_files('input[name="file"]', str(CASES / "ja_asahi_nav_sjis.txt"))
        page.locator('input[type="submit"]').first.click()
        expect(page.locator('input[name="title"]')).to_have_value(
            "ロシア大使、日本の制裁強化に「対抗措置」を示唆"
        )
        expect(page.locator('input[name="statements-0-new_speaker_name"]')).to_have_value(
            "ノズドレフ"
        )
        page.locator(".field-event .select2-selection").click()
        page.locator(".select2-search__field").fill("Телефонный")
        page.locator(".select2-results__option", has_text="Телефонный").click()
        page.screenshot(path=str(artifacts / "import-ja-file-confirm.png"), full_page=True)
        page.locator('input[name="_save"]').click()
        expect(page.locator(".messagelist .success")).to_contain_text("1 statement(s)")

        # The draft, previewed by the editor at its public address.
        page.goto(f"{live_server.url}{event.get_absolute_url()}")
        original = page.locator(".wording-original", has_text="Россия открыта для диалога")
        expect(original).to_contain_text("Original (Russian)")
        expect(page.get_by_text(translation)).to_be_visible()
        page.screenshot(path=str(artifacts / "import-event-preview.png"), full_page=True)
        page.set_viewport_size({"width": 390, "height": 900})
        page.screenshot(path=str(artifacts / "import-event-preview-phone.png"), full_page=True)
    finally:
        context.close()

    kremlin = Source.objects.get(url__contains="kremlin.ru")
    assert (kremlin.kind, kremlin.publisher.kind) == (Source.Kind.OFFICIAL, "organisation")
    said = Statement.objects.get(speaker=putin)
    assert (said.text, said.language, said.original_language) == (translation, "en", "ru")
    assert said.original_text.startswith("Россия открыта для диалога")
    assert said.said_on.isoformat() == "2023-06-10"
    ambassador = Statement.objects.get(language="ja")
    assert ambassador.event == said.event and ambassador.said_on.isoformat() == "2023-06-10"
    assert ambassador.speaker_title == "駐日大使"
