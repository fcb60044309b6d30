"""The admin's "Add source from article" and "Find quotations" pages, as an editor uses them."""

from __future__ import annotations

import contextlib
import http.server
import re
import socket
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents import importing as importer
from incidents.importing import saving  # save_import's own add_statements, to make it fail
from incidents.models import Actor, Event, EventSource, EventType, Source, Statement, Status

CASES_DIR = Path(__file__).parent / "import_cases"
IMPORT_URL = "/admin/incidents/source/import/"
CONFIRM_URL = "/admin/incidents/source/import/confirm/"


def case(name: str) -> Path:
    return next(p for p in CASES_DIR.glob(f"{name}.*") if not p.name.endswith(".json"))


def case_text(name: str) -> str:
    return case(name).read_text(encoding="utf-8")


def form_data(response) -> dict:
    """The confirmation page's forms as a browser would submit them, unchanged."""
    context = response.context
    statements = context["statements"]
    forms = [statements.management_form, *statements.forms, context["event_form"]]
    if "details" in context:
        forms.insert(0, context["details"])
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False or value == "":
                continue
            data[field.html_name] = "on" if value is True else str(value)
            if field.field.show_hidden_initial and field.initial:
                # What was offered, sent back in a hidden field as the browser does.
                data[form.add_initial_prefix(field.name)] = str(field.initial)
    return data


def nothing_saved() -> bool:
    return not (Source.objects.exists() or Event.objects.exists() or Statement.objects.exists())


def paste(client, name: str, url: str = "https://english.kyodonews.net/news/2023/03/a1"):
    return client.post(IMPORT_URL, {"text": case_text(name), "url": url})


# --- Who may use it -------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", [IMPORT_URL, CONFIRM_URL, "/admin/incidents/source/1/statements/"])
def test_anonymous_users_are_sent_to_log_in(client, path):
    response = client.post(path, {"text": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert nothing_saved()


@pytest.mark.django_db
def test_staff_without_curation_rights_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("visitor", password="pw-visitor-1", is_staff=True)
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": case_text("ria_ru_article")}).status_code == 403
    assert nothing_saved()


@pytest.mark.django_db
def test_source_list_offers_add_from_article(editor_client):
    response = editor_client.get(reverse("admin:incidents_source_changelist"))
    assert f'href="{IMPORT_URL}"' in response.content.decode()
    assert "Add source from article" in response.content.decode()


@pytest.mark.django_db
def test_import_form_offers_paste_upload_and_fetch(editor_client):
    page = editor_client.get(IMPORT_URL).content.decode()
    for label in ("Paste the article’s text", "Or upload the saved page", "Fetch the page"):
        assert label in page
    assert 'enctype="multipart/form-data"' in page
    assert not re.findall(r"<script(?![^>]*\bsrc=)", page), "inline script breaks the CSP"


# --- From article to draft statements -------------------------------------------------------


@pytest.mark.django_db
def test_pasted_article_is_shown_for_checking_and_nothing_is_saved(
    editor_client, make, django_assert_max_num_queries
):
    make.actor("Hirokazu Matsuno")
    with django_assert_max_num_queries(25):
        response = paste(editor_client, "kyodo_wire_protest")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing has been saved yet" in page
    details = response.context["details"]
    assert (
        details["title"].value()
        == "Japan protests Russian missile drills near disputed Kuril islands"
    )
    assert str(details["published_on"].value()) == "2023-03-29"
    assert "Related coverage" not in details["text"].value()
    forms = response.context["statements"].forms
    assert [f["text"].value()[:27] for f in forms] == [
        "The drills are unacceptable",
        "We will continue to firmly ",
    ]
    assert all(f["speaker"].value() == Actor.objects.get().pk for f in forms)
    assert forms[0]["speaker_title"].value() == "Chief Cabinet Secretary"
    assert "Removed as boilerplate" in page and "MOST READ" in page
    assert nothing_saved()


@pytest.mark.django_db
def test_confirming_saves_the_source_and_kept_statements_on_a_new_draft_event(
    editor_client, editor, make
):
    matsuno = make.actor("Hirokazu Matsuno")
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["statements-1-keep"] = ""  # discard the second quotation
    data["new_event_title"] = "Japan protests Russian missile drills near the Kurils"
    data["new_event_type"] = str(EventType.objects.get(slug="diplomatic_protest").pk)
    response = editor_client.post(CONFIRM_URL, data)

    source = Source.objects.get()
    event = Event.objects.get()
    assert response.status_code == 302
    # The new draft event is where the editor goes next (to write its summary).
    assert response["Location"] == reverse("admin:incidents_event_change", args=[event.pk])
    assert source.url == "https://english.kyodonews.net/news/2023/03/a1"
    assert source.created_by == editor
    assert source.history.count() == 1
    assert event.status == Status.DRAFT
    assert event.date_display == "29 March 2023"
    assert EventSource.objects.filter(event=event, source=source).exists()
    statement = Statement.objects.get()
    assert (statement.speaker, statement.event, statement.source) == (matsuno, event, source)
    assert statement.text.startswith("The drills are unacceptable")
    assert statement.speaker_title == "Chief Cabinet Secretary"
    follow = editor_client.get(response["Location"])
    assert "was recorded with 1 statement(s) on the draft event" in follow.content.decode()


@pytest.mark.django_db
def test_unknown_speakers_and_outlet_become_new_actors_when_confirmed(editor_client):
    response = paste(editor_client, "ria_ru_article", url="https://ria.ru/20220607/a.html")
    data = form_data(response)
    assert data["new_publisher_name"] == "РИА Новости"
    assert data["statements-0-new_speaker_name"] == "Мария Захарова"
    data["new_event_title"] = "Zakharova warns Japan over arms for Kyiv"
    data["new_event_type"] = str(EventType.objects.get(slug="threat_warning").pk)
    assert editor_client.post(CONFIRM_URL, data).status_code == 302
    source = Source.objects.get()
    assert (source.publisher.name_en, source.publisher.kind) == ("РИА Новости", Actor.Kind.MEDIA)
    assert source.language == "ru" and source.kind == Source.Kind.WIRE
    zakharova = Actor.objects.get(name_ru="Мария Захарова")
    assert zakharova.kind == Actor.Kind.PERSON
    assert Statement.objects.filter(speaker=zakharova).count() == 2
    assert Actor.objects.filter(name_ru="Ёсимаса Хаяси").exists()


@pytest.mark.django_db
def test_kept_statements_need_an_event_and_nothing_is_saved_meanwhile(editor_client):
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["new_event_title"] = ""  # the editor clears the headline offered as the new event
    response = editor_client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert "Statements belong to an event" in response.content.decode()
    assert nothing_saved()


@pytest.mark.django_db
def test_the_offered_new_event_still_needs_its_type(editor_client):
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    assert data["new_event_title"] == (
        "Japan protests Russian missile drills near disputed Kuril islands"
    )
    response = editor_client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert "Choose the new event’s type." in response.content.decode()
    assert nothing_saved()


@pytest.mark.django_db
def test_a_kept_statement_needs_a_speaker(editor_client):
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["statements-0-new_speaker_name"] = ""
    data.pop("statements-0-speaker", None)
    data["event"] = str(_draft_event().pk)
    response = editor_client.post(CONFIRM_URL, data)
    assert "Choose who said this" in response.content.decode()
    assert not Source.objects.exists() and not Statement.objects.exists()


@pytest.mark.django_db
def test_with_every_quotation_discarded_only_the_source_is_saved(editor_client):
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["statements-0-keep"] = data["statements-1-keep"] = ""
    assert editor_client.post(CONFIRM_URL, data).status_code == 302
    assert Source.objects.count() == 1
    assert not Event.objects.exists() and not Statement.objects.exists()


@pytest.mark.django_db
def test_statements_can_join_an_existing_draft_event(editor_client, make):
    event = _draft_event()
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["event"] = str(event.pk)
    assert editor_client.post(CONFIRM_URL, data).status_code == 302
    assert Statement.objects.filter(event=event).count() == 2
    assert EventSource.objects.filter(event=event, source=Source.objects.get()).exists()


@pytest.mark.django_db
def test_an_editor_cannot_add_statements_to_a_published_event(editor_client, make):
    published = make.event(title="Published event", status=Status.PUBLISHED)
    sources_before = Source.objects.count()
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["event"] = str(published.pk)
    response = editor_client.post(CONFIRM_URL, data)
    assert "only a reviewer can add statements" in response.content.decode()
    assert Source.objects.count() == sources_before
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_a_failure_while_saving_leaves_nothing_half_saved(editor_client, make, monkeypatch):
    make.actor("Hirokazu Matsuno")
    real = importer.add_statements

    def fail_after_first(event, source, statements, user=None, created=None, **kwargs):
        real(event, source, statements[:1], user, created, **kwargs)
        raise importer.ImportRejected("The database went away.")

    monkeypatch.setattr(saving, "add_statements", fail_after_first)
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["new_event_title"] = "Japan protests drills"
    data["new_event_type"] = str(EventType.objects.get(slug="diplomatic_protest").pk)
    response = editor_client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert "The database went away." in response.content.decode()
    assert nothing_saved()


def _draft_event() -> Event:
    event = Event(
        title="Draft event",
        slug="draft-event",
        summary="",
        event_type=EventType.objects.get(slug="statement"),
        status=Status.DRAFT,
    )
    event.set_date("2023-03-29")
    event.save()
    return event


# --- Duplicates -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_article_already_recorded_shows_the_existing_source(editor_client):
    article = importer.read_file("a.txt", case("kyodo_wire_protest").read_bytes())
    article.url = "https://english.kyodonews.net/news/2023/03/a1"
    existing = importer.save_import(article).source

    response = editor_client.post(
        IMPORT_URL,
        {"file": SimpleUploadedFile("copy.html", case("kyodo_reprint_copy").read_bytes())},
    )
    page = response.content.decode()
    assert "already recorded" in page
    assert reverse("admin:incidents_source_change", args=[existing.pk]) in page
    response = editor_client.post(
        IMPORT_URL,
        {
            "text": "An entirely different article text. " * 20,
            "url": "https://english.kyodonews.net/news/2023/03/a1?utm_source=feed",
        },
    )
    assert "already recorded" in response.content.decode()
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_a_duplicate_saved_meanwhile_is_shown_instead_of_a_second_source(editor_client):
    data = form_data(paste(editor_client, "republished_reuters", url="https://example.org/x"))
    data["statements-0-keep"] = data["statements-1-keep"] = ""
    assert editor_client.post(CONFIRM_URL, data).status_code == 302
    again = editor_client.post(CONFIRM_URL, data)  # a second tab, confirmed later
    assert "already recorded" in again.content.decode()
    assert Source.objects.count() == 1


# --- Uploads, fetching and bad input --------------------------------------------------------


@pytest.mark.django_db
def test_an_uploaded_page_is_read_with_its_metadata(editor_client):
    upload = SimpleUploadedFile("mid.html", case("mid_statement").read_bytes(), "text/html")
    response = editor_client.post(IMPORT_URL, {"file": upload})
    details = response.context["details"]
    assert details["url"].value() == "https://mid.ru/en/foreign_policy/news/1917342"
    assert details["kind"].value() == Source.Kind.OFFICIAL
    assert "About the Ministry" not in details["text"].value()


@pytest.mark.django_db
def test_hostile_html_is_saved_as_plain_text(editor_client):
    hostile = b"""<html><head><script>fetch('/admin/logout/')</script></head><body><article>
      <h1 onmouseover="alert(1)">Russia warns Japan</h1>
      <p>Russia warned Japan on Tuesday that deploying missiles would be a hostile act.<script>
      alert(document.cookie)</script><img src=x onerror=alert(2)></p>
      <p><a href="javascript:alert(3)">The Japanese government said it would not
        change course.</a></p>
      </article></body></html>"""
    response = editor_client.post(
        IMPORT_URL,
        {"file": SimpleUploadedFile("x.html", hostile, "text/html"), "url": "https://ex.org/a"},
    )
    data = form_data(response)
    assert editor_client.post(CONFIRM_URL, data).status_code == 302
    text = Source.objects.get().text
    assert "Russia warned Japan on Tuesday" in text
    assert "<" not in text and "alert" not in text and "javascript" not in text


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({}, "Paste the article’s text, upload its saved page, or give its URL"),
        ({"file": ("empty.txt", b"")}, "The submitted file is empty."),
        ({"file": ("blank.txt", b"  \n\n ")}, "The file is empty."),
        (
            {"file": ("photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)},
            "looks like a PNG image",
        ),
        ({"file": ("data.txt", b"\x00\x01\x02binary\x00" * 500)}, "binary, not text"),
        ({"file": ("notes.docx", b"PK\x03\x04 something")}, "Only .txt and .html files"),
        ({"url": "javascript:alert(1)", "fetch": "on"}, "Only http:// and https:// web addresses"),
        (
            {"url": "javascript:alert(1)", "text": "Some text."},
            "Only http:// and https:// web addresses",
        ),
        ({"fetch": "on"}, "Give the URL to fetch."),
        ({"text": "Share\nTwitter\n© 2024 Example News"}, "No article text was found"),
        ({"text": "x", "fetch": "on", "url": "https://e.org/a"}, "one way only"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(editor_client, post, message):
    if "file" in post:
        name, content = post["file"]
        post = {**post, "file": SimpleUploadedFile(name, content)}
    response = editor_client.post(IMPORT_URL, post)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert nothing_saved()


@pytest.mark.django_db
def test_a_50_megabyte_upload_is_refused(editor_client):
    big = SimpleUploadedFile("big.html", b"<p>" + b"a" * (50 * 1024 * 1024), "text/html")
    response = editor_client.post(IMPORT_URL, {"file": big})
    assert "The file is too large (50.0 MB); articles are accepted up to 5 MB" in (
        response.content.decode()
    )
    assert nothing_saved()


class _Page(http.server.BaseHTTPRequestHandler):
    body = case("mid_statement").read_bytes()

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(self.body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_page(settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/en/news/1"
    server.shutdown()
    server.server_close()


@pytest.mark.django_db
def test_a_page_is_fetched_only_when_asked(editor_client, local_page):
    response = editor_client.post(IMPORT_URL, {"url": local_page})
    assert "Paste the article’s text, upload its saved page" in response.content.decode()
    response = editor_client.post(IMPORT_URL, {"url": local_page, "fetch": "on"})
    details = response.context["details"]
    assert details["title"].value().startswith("Foreign Ministry Spokeswoman Maria Zakharova")
    # Its canonical address is on another site: the address fetched is what is recorded.
    assert details["url"].value() == local_page
    assert nothing_saved()


@pytest.mark.django_db
def test_fetching_without_a_network_says_so(editor_client, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    response = editor_client.post(
        IMPORT_URL, {"url": f"http://127.0.0.1:{port}/article", "fetch": "on"}
    )
    page = response.content.decode()
    assert "Could not reach 127.0.0.1" in page
    assert "The network may be unavailable from this server" in page
    assert nothing_saved()


# --- Find quotations in a recorded source ---------------------------------------------------


@pytest.mark.django_db
def test_quotations_of_a_recorded_source_are_offered_until_recorded(
    editor_client, make, django_assert_max_num_queries
):
    kozuki = make.actor("Toyohisa Kozuki")
    article = importer.read_file("a.txt", case("seed_000_japan_news_reuters").read_bytes())
    article.url = "https://japannews.yomiuri.co.jp/news-services/reuters/20230610-115343"
    source = importer.save_import(article).source
    event = _draft_event()
    url = reverse("admin:incidents_source_statements", args=[source.pk])

    with django_assert_max_num_queries(20):
        response = editor_client.get(url)
    forms = response.context["statements"].forms
    assert [f["new_speaker_name"].value() or f["speaker"].value() for f in forms] == [
        "Russian Foreign Ministry",
        kozuki.pk,
        kozuki.pk,
    ]
    data = form_data(response)
    data["statements-0-keep"] = data["statements-2-keep"] = ""
    data["event"] = str(event.pk)
    response = editor_client.post(url, data)
    assert response.status_code == 302
    statement = Statement.objects.get()
    assert (statement.speaker, statement.event, statement.source) == (kozuki, event, source)
    assert statement.text == "completely unreasonable and absolutely unacceptable."
    assert EventSource.objects.filter(event=event, source=source).exists()

    again = editor_client.get(url)
    assert len(again.context["statements"].forms) == 2


@pytest.mark.django_db
def test_source_page_links_to_find_quotations(editor_client, make):
    source = make.source(text="“We will respond to any hostile step,” the minister said.")
    page = editor_client.get(reverse("admin:incidents_source_change", args=[source.pk]))
    assert reverse("admin:incidents_source_statements", args=[source.pk]) in page.content.decode()


# --- From confirmed quotes to an event (issue 13) ---------------------------------------------


@pytest.mark.django_db
def test_a_japanese_and_a_russian_article_become_one_event_without_retyping(editor_client, make):
    """An editor imports a Japanese and a Russian article and confirms their quotations into
    one draft event, choosing only what no article states (the event's type and, for the
    second article, which event it belongs to)."""
    kihara = make.actor("Minoru Kihara", name_ja="木原稔")
    mid = make.actor(
        "Russian Foreign Ministry",
        kind=Actor.Kind.ORGANISATION,
        name_ru="МИД России",
        aliases="МИД РФ",
    )
    response = paste(
        editor_client,
        "ja_nhk_timestamp_first",
        url="https://www3.nhk.or.jp/news/html/20251114/k10014900001000.html",
    )
    data = form_data(response)
    assert data["statements-0-speaker"] == str(kihara.pk)
    assert data["statements-0-speaker_title"] == "官房長官"
    assert data["statements-0-said_on"] == "2025-11-14"
    # A speaker with no actor yet is offered as a new one, as the article names it.
    assert data["statements-1-new_speaker_name"] == "ロシア国防省"
    data["new_event_type"] = str(EventType.objects.get(slug="military_activity").pk)
    response = editor_client.post(CONFIRM_URL, data)

    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:incidents_event_change", args=[event.pk])
    assert event.title == "ロシア軍機 北海道沖で領空接近 官房長官「警戒監視に万全」"
    assert event.status == Status.DRAFT and event.date_display == "14 November 2025"
    page = editor_client.get(response["Location"]).content.decode()
    assert "ロシア軍機 北海道沖で領空接近" in page and "わが国周辺でのロシア軍の活動" in page
    said = Statement.objects.get(speaker=kihara)
    assert (said.language, said.said_on.isoformat()) == ("ja", "2025-11-14")
    assert said.text.startswith("わが国周辺でのロシア軍の活動は活発化しており")
    assert event.actor_roles.get(actor=kihara).title == "官房長官"

    upload = SimpleUploadedFile("tass.txt", case("ru_tass_passive_koi8").read_bytes(), "text/plain")
    data = form_data(editor_client.post(IMPORT_URL, {"file": upload}))
    assert data["statements-0-speaker"] == data["statements-1-speaker"] == str(mid.pk)
    data["event"] = str(event.pk)  # the headline offered as a new event is left as it is
    response = editor_client.post(CONFIRM_URL, data)
    assert response.status_code == 302
    assert Event.objects.count() == 1
    ru = Statement.objects.filter(speaker=mid)
    assert [s.language for s in ru] == ["ru", "ru"]
    assert {s.said_on for s in ru} == {Source.objects.get(language="ru").published_on}
    assert set(event.actor_roles.values_list("actor__name_en", flat=True)) == {
        "Minoru Kihara",
        "ロシア国防省",
        "Russian Foreign Ministry",
    }


@pytest.mark.django_db
def test_find_quotations_creates_the_event_from_the_source_and_lands_on_it(editor_client, make):
    source = make.source(
        title="Zakharova: Tokyo chose confrontation",
        language="ru",
        published_on="2024-02-01",
        text="«Токио сделал выбор в пользу конфронтации», — заявила Мария Захарова.",
    )
    url = reverse("admin:incidents_source_statements", args=[source.pk])
    data = form_data(editor_client.get(url))
    assert data["new_event_title"] == "Zakharova: Tokyo chose confrontation"
    assert data["statements-0-said_on"] == "2024-02-01"
    data["new_event_type"] = str(EventType.objects.get(slug="threat_warning").pk)
    response = editor_client.post(url, data)
    event = Event.objects.get()
    assert response["Location"] == reverse("admin:incidents_event_change", args=[event.pk])
    assert (event.title, event.status) == ("Zakharova: Tokyo chose confrontation", Status.DRAFT)
    assert EventSource.objects.filter(event=event, source=source).exists()
    statement = Statement.objects.get()
    assert (statement.language, statement.said_on.isoformat()) == ("ru", "2024-02-01")
    assert list(event.actor_roles.values_list("actor__name_en", flat=True)) == ["Мария Захарова"]


@pytest.mark.django_db
def test_a_new_event_title_typed_beside_a_chosen_event_is_not_dropped(editor_client, make):
    event = make.event(title="Existing draft", status=Status.DRAFT)
    data = form_data(paste(editor_client, "kyodo_wire_protest"))
    data["event"] = str(event.pk)
    data["new_event_title"] = "A title the editor typed"
    response = editor_client.post(CONFIRM_URL, data)
    assert response.status_code == 200
    assert "Choose an existing event or name a new one, not both." in response.content.decode()
    assert nothing_saved() or not Statement.objects.exists()


@pytest.mark.django_db
def test_create_event_from_a_source_without_quotations_lands_on_the_draft_event(
    editor_client, make
):
    source = make.source(
        title="Russian patrol ships pass through the Soya Strait",
        published_on="2024-05-02",
        text="Two Russian patrol ships passed through the strait on Thursday, the ministry said.",
    )
    change = editor_client.get(reverse("admin:incidents_source_change", args=[source.pk]))
    assert "Create event from this source" in change.content.decode()
    url = reverse("admin:incidents_source_statements", args=[source.pk])
    data = form_data(editor_client.get(url))
    data["new_event_type"] = str(EventType.objects.get(slug="military_activity").pk)
    # "Save kept statements" with nothing kept saves nothing…
    assert editor_client.post(url, data).status_code == 302
    assert not Event.objects.exists()
    # …"Create event from this source" makes the draft event and lands on it.
    response = editor_client.post(url, {**data, "_create_event": "Create event from this source"})
    event = Event.objects.get()
    assert response["Location"] == reverse("admin:incidents_event_change", args=[event.pk])
    assert (event.title, event.status) == (source.title, Status.DRAFT)
    assert event.date_display == "2 May 2024"
    assert EventSource.objects.filter(event=event, source=source).exists()


@pytest.mark.django_db
def test_create_event_from_a_source_asks_for_what_it_needs(editor_client, make):
    source = make.source(title="A source", text="Nothing quoted here at all.")
    url = reverse("admin:incidents_source_statements", args=[source.pk])
    data = form_data(editor_client.get(url))
    response = editor_client.post(url, {**data, "_create_event": "1"})
    assert response.status_code == 200
    assert "Choose the new event’s type." in response.content.decode()
    data["new_event_title"] = ""
    response = editor_client.post(url, {**data, "_create_event": "1"})
    assert "Give the new event a title." in response.content.decode()
    assert not Event.objects.exists()


# --- Title and publisher in the confirm form (issue 13) -------------------------------------

JA_COPY = (
    "{outlet}\n{headline}"
    "外務省は１２日、ロシア軍が北方領土で予定している演習について、ロシア側に抗議したと発表した。\n\n"
    "同省は、演習は日本の立場と相いれず受け入れられないとしている。\n"
)


@pytest.mark.django_db
def test_an_outlet_known_by_its_japanese_name_is_chosen_and_nothing_is_created(editor_client, make):
    yomiuri = make.actor("The Yomiuri Shimbun", kind=Actor.Kind.MEDIA, name_ja="読売新聞")
    text = JA_COPY.format(outlet="読売新聞オンライン", headline="外務省、ロシアの演習に抗議\n\n")
    response = editor_client.post(IMPORT_URL, {"text": text, "url": "https://example.org/a"})
    data = form_data(response)
    assert data["publisher"] == str(yomiuri.pk)
    assert "new_publisher_name" not in data
    assert data["title"] == "外務省、ロシアの演習に抗議"
    assert Actor.objects.count() == 1 and nothing_saved()


@pytest.mark.django_db
def test_a_guessed_title_is_flagged_and_a_new_outlet_is_proposed_then_created_on_confirm(
    editor_client,
):
    text = (
        "Tokyo, June 12 (Jiji Press)--Japan's Defense Ministry said Monday that two Russian "
        "bombers flew over the Sea of Japan. Fighters were scrambled.\n\n"
        "No violation of Japanese airspace was confirmed, the ministry said.\n"
    )
    response = editor_client.post(IMPORT_URL, {"text": text, "url": "https://example.org/b"})
    page = response.content.decode()
    assert "the title below is its first sentence" in page
    data = form_data(response)
    assert data["title"].startswith("Japan's Defense Ministry said Monday that two Russian")
    # The address given is read with the text: the page is that site's, carrying Jiji's copy.
    assert (data["new_publisher_name"], data["credit"]) == ("example.org", "Jiji Press")
    assert not Actor.objects.exists() and nothing_saved()
    for key in [k for k in data if k.startswith("statements-") and k.endswith("-keep")]:
        data[key] = ""
    assert editor_client.post(CONFIRM_URL, data).status_code == 302
    source = Source.objects.get()
    assert (source.publisher.name_en, source.publisher.kind) == ("example.org", Actor.Kind.MEDIA)
    assert (source.credit, source.kind) == ("Jiji Press", Source.Kind.NEWS)


@pytest.mark.django_db
def test_a_jiji_copy_pasted_without_an_address_proposes_the_agency_as_its_outlet(editor_client):
    text = (
        "Tokyo, June 12 (Jiji Press)--Japan's Defense Ministry said Monday that two Russian "
        "bombers flew over the Sea of Japan. Fighters were scrambled.\n\n"
        "No violation of Japanese airspace was confirmed, the ministry said.\n"
    )
    data = form_data(editor_client.post(IMPORT_URL, {"text": text}))
    assert data["new_publisher_name"] == "Jiji Press" and data["kind"] == Source.Kind.WIRE
