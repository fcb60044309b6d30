"""Hostile input, saved the way editors save things — the admin forms and the article
importer — then read back through every output. Everything must come back inert: escaped
in HTML (pages, search highlighting, source passages, JSON-LD, the admin), well-formed in
XML and JSON, formula-safe in CSV; ``javascript:`` and ``data:`` URLs are refused on entry.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import etree
from lxml import html as lxml_html

from incidents import importing as importer
from incidents.models import Actor, Event, EventType, Source, Statement, Status
from tests.adminform import form_data

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'
TEMPLATE = "{{ 7|add:7 }}{% debug %}"
SQL = "'; DROP TABLE incidents_event; --"
RTL = "\u202egnp.exe"
MARKUP_BREAKERS = "]]><!-- </script></title></textarea>&amp;"

# One payload per field, each mixing every kind of attack the field can hold.
TITLE = f"{SCRIPT}{IMG} {TEMPLATE} {SQL} {RTL}"
SUMMARY = f"Summary {SCRIPT} {IMG} {TEMPLATE} {SQL} {RTL} {MARKUP_BREAKERS} alert"
NAME = f"Evil {SCRIPT}{RTL}"
QUOTE = "We will <b onmouseover=alert(2)>respond</b> {{ request }} alert"
LOCATION = '=HYPERLINK("http://evil.example/","click")'
SOURCE_TEXT = (
    f"First paragraph {SCRIPT}.\n\nThe spokeswoman said “{QUOTE}” at the briefing.\n\n"
    f"{IMG} {TEMPLATE} {MARKUP_BREAKERS}"
)
REVIEW_NOTE = f"Private doubt {SCRIPT} 7f3a"
SOURCE_URL = 'https://news.example.org/story?id=1&x="><script>alert(3)</script>'

HOSTILE_HTML = """<!doctype html><html><head><title>Hostile &lt;b&gt; page</title>
<meta property="og:title" content="Imported <script>alert(4)</script> title">
<script>alert('head')</script><style>body{display:none}</style></head><body>
<article><h1>Imported <script>alert(4)</script> title</h1>
<p onclick="alert(5)">Moscow said on Monday that it would respond to the new sanctions
imposed by Tokyo, in a statement full of <a href="javascript:alert(6)">links</a> and
<img src="data:text/html;base64,PHNjcmlwdD5hbGVydCg3KTwvc2NyaXB0Pg==" onerror="alert(8)">.</p>
<p>“We will answer every hostile step {{ settings.SECRET_KEY }},” the ministry said in its
statement, adding that the <iframe src="javascript:alert(9)"></iframe> measures were unlawful
and that relations would suffer for years to come.</p>
<p>Officials in Tokyo declined to comment further on the statement on Tuesday afternoon.</p>
<script>document.write('<img src=x onerror=alert(10)>')</script>
</article></body></html>"""

FORMULA_START = re.compile(r"^[=+\-@\t\r]")
NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")
DANGEROUS_URL = re.compile(r"^\s*(javascript|data|vbscript):", re.I)


# --- Saving through the admin and the importer ----------------------------------------------


@pytest.fixture
def curator_client(client):
    user = get_user_model().objects.create_superuser("curator", "c@example.org", "pw pw pw 1")
    client.force_login(user)
    return client


def admin_add(client, model: str, changes: dict, inlines: dict | None = None):
    url = f"/admin/incidents/{model}/add/"
    data = form_data(client.get(url), f"{model}_form")
    data.update(changes)
    data.update(inlines or {})
    return client.post(url, data)


def saved(response) -> None:
    if response.status_code != 302:
        doc = lxml_html.fromstring(response.content)
        errors = [
            e.text_content().strip()
            for e in doc.find_class("errorlist") + doc.find_class("errornote")
        ]
        raise AssertionError(f"admin form refused: {errors}")


@pytest.fixture
def hostile(curator_client, django_capture_on_commit_callbacks):
    """A published event whose every text field is hostile, with a hostile actor, outlet,
    source, statement and an imported hostile article."""
    # The search index is refreshed on commit; tests run inside one transaction.
    with django_capture_on_commit_callbacks(execute=True):
        return _make_hostile(curator_client)


def _make_hostile(client):
    saved(
        admin_add(
            client,
            "actor",
            {
                "name_en": NAME,
                "slug": "evil",
                "description": SUMMARY,
                "aliases": f"{SCRIPT}\n{RTL}",
                "name_ru": IMG,
            },
        )
    )
    saved(
        admin_add(
            client,
            "actor",
            {"name_en": f"Outlet {IMG}", "slug": "outlet", "kind": Actor.Kind.MEDIA},
        )
    )
    speaker = Actor.objects.get(slug="evil")
    outlet = Actor.objects.get(slug="outlet")
    saved(
        admin_add(
            client,
            "source",
            {
                "url": SOURCE_URL,
                "title": TITLE,
                "publisher": str(outlet.pk),
                "author": NAME,
                "credit": IMG,
                "text": SOURCE_TEXT,
                "archive_url": "https://archive.example.org/x",
                "published_on": "2023-06-09",
            },
        )
    )
    source = Source.objects.get(title=TITLE)
    summons = EventType.objects.get(slug="summons")
    saved(
        admin_add(
            client,
            "event",
            {
                "title": TITLE,
                "slug": "hostile-event",
                "event_type": str(summons.pk),
                "summary": SUMMARY,
                "date_lower": "2023-06-09",
                "date_precision": "day",
                "location_name": LOCATION,
                "status": Status.PUBLISHED,
                "review_note": REVIEW_NOTE,
            },
            {
                "actor_roles-0-actor": str(speaker.pk),
                "actor_roles-0-role": "initiator",
                "actor_roles-0-title": IMG,
                "source_links-0-source": str(source.pk),
                "source_links-0-locator": SCRIPT,
                "source_links-0-note": IMG,
                "statements-TOTAL_FORMS": "1",
                "statements-0-speaker": str(speaker.pk),
                "statements-0-speaker_title": f"Spokeswoman {SCRIPT}",
                "statements-0-text": QUOTE,
                "statements-0-kind": "quote",
                "statements-0-language": "en",
                "statements-0-original_text": f"Мы ответим {SCRIPT}",
                "statements-0-original_language": "ru",
                "statements-0-translation_by": "project",
                "statements-0-source": str(source.pk),
            },
        )
    )
    event = Event.objects.get(slug="hostile-event")
    assert event.status == Status.PUBLISHED and event.statements.count() == 1

    # The importer: a hostile HTML page, its quotation confirmed as a statement of the event.
    article = importer.parse_article(
        HOSTILE_HTML, is_html=True, url="https://hostile.example.org/a"
    )
    result = importer.save_import(
        article,
        statements=[
            importer.ConfirmedStatement(
                text=f"We will answer every hostile step {SCRIPT}",
                speaker=speaker,
                speaker_title=IMG,
            )
        ],
        event=event,
    )
    imported = result.source
    return {
        "event": event,
        "speaker": speaker,
        "outlet": outlet,
        "source": source,
        "imported": imported,
    }


# --- What "inert" means for each kind of output ---------------------------------------------


def assert_inert_html(body: bytes, where: str) -> lxml_html.HtmlElement:
    doc = lxml_html.fromstring(body)
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        assert tag not in {"iframe", "object", "embed", "base", "frame"}, (where, tag)
        if tag == "script":
            kind = (element.get("type") or "").lower()
            if kind in {"application/json", "application/ld+json"}:
                text = element.text or ""
                json.loads(text)  # a data block that is valid JSON …
                assert "<" not in text, (where, "raw < in a JSON data block")  # … cannot close
            else:  # only same-origin script files (static files, the admin's jsi18n)
                src = element.get("src") or ""
                assert src.startswith("/") and not src.startswith("//"), (where, src, element.text)
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (where, tag, name, value)
            if name.lower() in {
                "href",
                "src",
                "action",
                "formaction",
                "xlink:href",
                "srcdoc",
                "poster",
                "cite",
                "data",
            }:
                cleaned = re.sub(r"[\x00-\x20]", "", value)
                assert not DANGEROUS_URL.match(cleaned), (where, tag, name, value)
        if tag == "meta":
            assert (element.get("http-equiv") or "").lower() != "refresh", where
    # The hostile markup is shown as text (escaped), never as elements.
    assert b"<script>alert(" not in body, where
    assert b"<img src=x onerror" not in body, where
    assert b"<b onmouseover" not in body, where
    return doc


def json_strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        data = list(data.values())
    if isinstance(data, list):
        return [s for item in data for s in json_strings(item)]
    return []


def content(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_formula_safe_csv(body: bytes, where: str) -> list[list[str]]:
    text = body.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) >= 2, where
    for row in rows:
        for cell in row:
            if cell and FORMULA_START.match(cell):
                assert NUMBER.match(cell), (where, "formula not neutralised", cell[:80])
    return rows


def assert_inert_feed(body: bytes, where: str) -> etree._Element:
    root = etree.fromstring(body)  # well-formed XML, or this raises
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        is_html = element.get("type") == "html" or etree.QName(element).localname == "description"
        if is_html and element.text and element.text.strip():
            assert_inert_html(f"<div>{element.text}</div>".encode(), f"{where} (html)")
        for name, value in element.attrib.items():
            if name in {"href", "src"}:
                assert not DANGEROUS_URL.match(value), (where, name, value)
    return root


# --- Reading it back through every output ---------------------------------------------------


def test_event_page_shows_every_hostile_field_as_text(client, hostile):
    response = client.get(hostile["event"].get_absolute_url())
    assert response.status_code == 200
    doc = assert_inert_html(response.content, "event page")
    assert doc.findtext(".//h1").strip() == TITLE  # round trip, RTL override included
    text = doc.text_content()
    for fragment in (SCRIPT, IMG, TEMPLATE, SQL, "respond</b> {{ request }}", "Мы ответим"):
        assert fragment in text, fragment
    assert "14" not in doc.findtext(".//h1")  # {{ 7|add:7 }} was not evaluated
    assert "7f3a" not in response.content.decode()  # editors' review notes never go public


def test_public_pages_search_and_passages_stay_inert(client, hostile):
    pages = {
        "timeline": "/",
        "search highlight": "/?q=alert",
        "search for the payload": "/?" + urlencode({"q": TITLE}),
        "search sql": "/?" + urlencode({"q": SQL}),
        "actor": hostile["speaker"].get_absolute_url(),
        "outlet": hostile["outlet"].get_absolute_url(),
        "source with passages": hostile["source"].get_absolute_url(),
        "imported source": hostile["imported"].get_absolute_url(),
        "about": "/about/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        assert_inert_html(response.content, name)

    # Highlighting wraps the match in <mark> and escapes everything around it.
    doc = lxml_html.fromstring(client.get("/?q=alert").content)
    marks = [m.text_content().lower() for m in doc.iter("mark")]
    assert "alert" in marks
    # The quoted passage is marked in the source text, its markup still inert.
    doc = lxml_html.fromstring(client.get(hostile["source"].get_absolute_url()).content)
    assert any("respond" in m.text_content() for m in doc.iter("mark")), "passage not marked"
    # The table survived the SQL fragment.
    assert Event.objects.filter(slug="hostile-event").exists()


def test_json_ld_cannot_break_out_of_its_script_element(client, hostile):
    for url in (hostile["event"].get_absolute_url(), hostile["source"].get_absolute_url()):
        doc = assert_inert_html(client.get(url).content, url)
        blocks = doc.xpath("//script[@type='application/ld+json']")
        assert blocks, f"no JSON-LD on {url}"
        values = json_strings(json.loads(blocks[0].text))
        assert TITLE in values, url  # the exact text, as data


def test_exports_round_trip_the_text_and_neutralise_formulas(client, hostile):
    rows = assert_formula_safe_csv(content(client.get("/export.csv")), "export.csv")
    assert any(TITLE in cell for row in rows for cell in row)
    assert any(cell.endswith(LOCATION) and cell != LOCATION for row in rows for cell in row)
    rows = assert_formula_safe_csv(content(client.get("/export/statements.csv")), "statements")
    assert any(QUOTE in cell for row in rows for cell in row)

    response = client.get("/export.json")
    assert response["Content-Type"].startswith("application/json")
    assert TITLE in json_strings(json.loads(content(response)))


def test_feeds_are_well_formed_and_inert(client, hostile):
    for url in ("/feed.atom", "/feed.rss"):
        response = client.get(url)
        assert response.status_code == 200
        root = assert_inert_feed(content(response), url)
        titles = [
            e.text
            for e in root.iter()
            if isinstance(e.tag, str) and etree.QName(e).localname == "title"
        ]
        if url.endswith(".rss"):
            # RSS readers take <title> as HTML: escaped for HTML, then for XML, it must read
            # back as the same text and carry no markup.
            for title in titles:
                assert_inert_html(f"<div>{title}</div>".encode(), f"{url} (title)")
            titles = [html.unescape(t) for t in titles if t]
        assert any(t and t.endswith(TITLE) for t in titles), (url, titles[:3])


def test_api_returns_the_text_as_json_data(client, hostile):
    for url in (
        "/api/events",
        "/api/events/hostile-event",
        "/api/actors",
        "/api/sources",
        "/api/statements",
        "/api/events?" + urlencode({"q": TITLE}),
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff"
        json.loads(response.content)
    detail = client.get("/api/events/hostile-event").json()
    assert detail["title"] == TITLE
    assert detail["summary"] == SUMMARY


def test_citations_are_not_served_as_html(client, hostile):
    slug = hostile["event"].slug
    bib = client.get(f"/events/{slug}/cite.bib")
    assert bib.status_code == 200 and "html" not in bib["Content-Type"]
    csl = client.get(f"/events/{slug}/cite.json")
    assert csl.status_code == 200 and "html" not in csl["Content-Type"]
    json.loads(csl.content)
    etree.fromstring(client.get("/sitemap.xml").content)


def test_admin_pages_show_the_hostile_text_escaped(curator_client, hostile):
    event, source, speaker = hostile["event"], hostile["source"], hostile["speaker"]
    statement = Statement.objects.filter(event=event).first()
    urls = [
        "/admin/incidents/event/",
        "/admin/incidents/event/?" + urlencode({"q": "alert"}),
        f"/admin/incidents/event/{event.pk}/change/",
        f"/admin/incidents/event/{event.pk}/history/",
        "/admin/incidents/source/",
        f"/admin/incidents/source/{source.pk}/change/",
        "/admin/incidents/actor/",
        f"/admin/incidents/actor/{speaker.pk}/change/",
        "/admin/incidents/statement/",
        f"/admin/incidents/statement/{statement.pk}/change/",
        f"/admin/incidents/event/{event.pk}/delete/",
    ]
    for url in urls:
        response = curator_client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_inert_html(response.content, url)


def test_importer_preview_in_the_admin_is_inert(curator_client, hostile):
    response = curator_client.get("/admin/incidents/source/import/")
    assert response.status_code == 200
    data = form_data(response, "import_form") if b'id="import_form"' in response.content else {}
    data.update({"url": "https://hostile.example.org/b", "text": HOSTILE_HTML})
    data.pop("file", None)
    preview = curator_client.post("/admin/incidents/source/import/", data, follow=True)
    assert preview.status_code == 200
    assert_inert_html(preview.content, "import preview")


LEGACY_TEXTS = {
    "ru": "МИД России вызвал посла Японии.",
    "ja": "外務省は、ロシアの演習に抗議したと発表した。",
}


@pytest.mark.parametrize(
    ("language", "encoding"),
    [("ru", "koi8-r"), ("ru", "cp1251"), ("ja", "shift_jis"), ("ja", "euc_jp")],
)
def test_a_short_file_in_a_legacy_encoding_is_read_not_garbled(curator_client, language, encoding):
    # One sentence, no charset declared: too little text for a detector to be sure, so a
    # KOI8-R sentence must not come out as Shift_JIS half-width katakana.
    text = LEGACY_TEXTS[language]
    assert importer.read_file("a.txt", text.encode(encoding)).text == text
    upload = SimpleUploadedFile("article.txt", text.encode(encoding), "text/plain")
    response = curator_client.post("/admin/incidents/source/import/", {"file": upload})
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not Source.objects.exists()


def test_imported_text_keeps_the_words_and_drops_the_markup(hostile):
    imported = hostile["imported"]
    assert "respond to the new sanctions" in imported.text
    for markup in ("<script", "onclick", "javascript:", "data:text/html", "<iframe", "<img"):
        assert markup not in imported.text
    assert imported.url.startswith("https://")


# --- Refused on entry -----------------------------------------------------------------------

BAD_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_admin_refuses_non_http_source_and_archive_urls(curator_client, url):
    response = admin_add(curator_client, "source", {"url": url, "title": "Bad"})
    assert response.status_code == 200
    response = admin_add(
        curator_client,
        "source",
        {"url": "https://ok.example.org/1", "title": "Bad archive", "archive_url": url},
    )
    assert response.status_code == 200
    assert not Source.objects.exists()


@pytest.mark.parametrize("url", BAD_URLS)
def test_importer_refuses_non_http_urls(url):
    article = importer.Article(
        text="Some article text long enough to be saved.", url=url, title="Bad"
    )
    with pytest.raises(importer.ImportRejected):
        importer.save_import(article)
    with pytest.raises(importer.ImportRejected):
        importer.read_url(url)
    assert not Source.objects.exists()


def test_oversized_and_null_input_is_refused_with_a_message_not_a_crash(curator_client):
    megabyte = "x" * 1_048_576
    summons = EventType.objects.get(slug="summons")
    cases = [
        (
            "event",
            {
                "title": "Big",
                "slug": "big",
                "event_type": str(summons.pk),
                "summary": megabyte,
                "date_lower": "2023-06-09",
            },
        ),
        (
            "event",
            {
                "title": megabyte,
                "slug": "big2",
                "event_type": str(summons.pk),
                "summary": "s",
                "date_lower": "2023-06-09",
            },
        ),
        (
            "event",
            {
                "title": "Nul \x00 byte",
                "slug": "nul",
                "event_type": str(summons.pk),
                "summary": "s",
                "date_lower": "2023-06-09",
            },
        ),
        ("source", {"url": "https://big.example.org/1", "title": "Big", "text": megabyte}),
        ("actor", {"name_en": megabyte, "slug": "big"}),
    ]
    for model, changes in cases:
        response = admin_add(curator_client, model, changes)
        assert response.status_code == 200, (model, list(changes))
        assert b"errorlist" in response.content, (model, list(changes))
    assert not Event.objects.exists() and not Source.objects.exists()
    assert not Actor.objects.filter(slug="big").exists()


def test_broken_utf8_and_lone_surrogates_are_replaced_not_fatal(curator_client, client):
    url = "/admin/incidents/actor/add/"
    data = form_data(curator_client.get(url), "actor_form")
    data.update({"slug": "broken", "description": "ok"})
    data.pop("name_en")
    # A browser cannot send these, but a script can: invalid UTF-8 and an encoded surrogate.
    body = urlencode(data, doseq=True) + "&name_en=Bad%FF%FEname%ED%A0%80end"
    response = curator_client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 302
    actor = Actor.objects.get(slug="broken")
    assert actor.name_en.startswith("Bad") and actor.name_en.endswith("end")
    assert "\ufffd" in actor.name_en

    for path in ("/", "/export.csv", "/export.json", "/feed.atom", "/api/events"):
        for raw in ("%FF%FE", "%ED%A0%80", "%00", "%C0%AF"):
            response = client.get(f"{path}?q={raw}&actor={raw}&from={raw}")
            assert response.status_code < 500, (path, raw, response.status_code)


def test_a_megabyte_query_is_an_error_message_not_a_crash(client):
    big = quote("alert " * 180_000)
    for path in ("/", "/export.csv", "/feed.atom", "/api/events", "/admin/login/"):
        response = client.get(f"{path}?q={big}")
        assert response.status_code < 500, (path, response.status_code)
