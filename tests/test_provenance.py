"""Every statement's source is checked against stored text, and what could not be checked
says so: in the admin (a filter, the actions), on the public pages and in the data."""

from __future__ import annotations

import csv
import importlib
import io
import json
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Source, Statement
from incidents.provenance import paraphrase_in, quotation_in, words_in

VERIFIED, CONFIRMED, UNVERIFIED = "verified", "confirmed", "unverified"
NOTICE = "Source not verified"

ARTICLE = (
    "MOSCOW, June 9 (Reuters) \u2013 Russia\u2019s foreign ministry said on Friday that it had "
    "summoned the Japanese ambassador.\n\n"
    "\u201cThe Japanese side was told that this step would lead to an\nescalation of "
    "hostilities,\u201d the\u00a0ministry said.\n\n"
    "Japan\u2019s export rules ban its companies from selling lethal items overseas."
)


# -- the check itself ------------------------------------------------------------------------


def test_a_quotation_is_found_whatever_its_typography():
    # Straight quotes, one space, no line break: the article has curly ones, a line break
    # and a no-break space.
    assert quotation_in("The Japanese side was told that this step would lead to an", ARTICLE)
    assert quotation_in("Russia's foreign ministry said on Friday", ARTICLE)
    assert quotation_in("RUSSIA'S FOREIGN MINISTRY SAID ON FRIDAY", ARTICLE)
    # A dash typed as a hyphen.
    assert quotation_in("June 9 (Reuters) - Russia's foreign ministry", ARTICLE)


def test_a_quotation_that_differs_by_one_word_is_not_found():
    assert not quotation_in("The Russian side was told that this step would lead", ARTICLE)


def test_omissions_are_matched_piece_by_piece_and_in_order():
    assert quotation_in("The Japanese side was told … escalation of hostilities", ARTICLE)
    assert quotation_in("The Japanese side was told... escalation of hostilities", ARTICLE)
    assert not quotation_in("escalation of hostilities … The Japanese side was told", ARTICLE)


def test_a_few_letters_never_verify_anything():
    assert not quotation_in("Japan", ARTICLE)
    assert not quotation_in("", ARTICLE)
    assert not words_in("Russia’s foreign ministry said", "", "quote", "")


def test_russian_and_japanese_quotations():
    assert quotation_in(
        "Мы будем внимательно следить", "«Мы будём внимательно  следить», — сказала"
    )
    assert quotation_in(
        "ロシアの一方的な決定は極めて遺憾", "大使館は「ロシアの一方的な\n決定は極めて遺憾」と述べた"
    )


def test_a_paraphrase_needs_every_key_word_in_one_paragraph():
    assert paraphrase_in("Japan's export rules ban companies from selling lethal items", ARTICLE)
    # "weapons" is not in the article: strict, not verified.
    assert not paraphrase_in("Japan's export rules ban companies from selling weapons", ARTICLE)
    # Every word is there, but spread over two paragraphs.
    assert not paraphrase_in(
        "Russia's ministry summoned the ambassador; Japan's rules ban lethal items", ARTICLE
    )


def test_a_translation_is_verified_by_its_original_words():
    stored = "Захарова заявила: «Это шаг к эскалации напряжённости»."
    assert words_in("This is a step towards escalation", "Это шаг к эскалации", "quote", stored)
    assert not words_in("This is a step towards escalation", "", "quote", stored)


# -- the seed data -----------------------------------------------------------------------------


def test_load_seed_reports_how_many_statements_it_could_verify(db):
    out = io.StringIO()
    call_command("load_seed", stdout=out)
    assert (
        "Statements checked against their sources' stored text: 5 verified, 0 verified in "
        "another source of their event (moved), 42 not verified." in out.getvalue()
    )


@pytest.mark.usefixtures("seeded")
def test_a_seed_statement_is_verified_only_when_its_source_prints_it():
    statements = Statement.objects.select_related("source")
    assert {s.source_check for s in statements} == {VERIFIED, UNVERIFIED}  # no guess trusted
    for statement in statements:
        printed = words_in(
            statement.text, statement.original_text, statement.kind, statement.source.text
        )
        assert printed == (statement.source_check == VERIFIED), statement
    # The seed articles the project started from back their quotations.
    verified = set(statements.filter(source_check=VERIFIED).values_list("text", flat=True))
    assert any(text.startswith("The Japanese side was told") for text in verified)
    assert any(text.startswith("These steps will further complicate") for text in verified)
    # A Russian quotation of Zakharova's (shown in the project's English), cited to a Russian
    # article nobody could read here.
    zakharova_ru = statements.get(original_text__startswith="Техника, которая на японские деньги")
    assert zakharova_ru.source_check == UNVERIFIED


def write_fixture(tmp_path: Path, statements: list[dict]) -> Path:
    (tmp_path / "a.txt").write_text("An article about fisheries talks.", encoding="utf-8")
    (tmp_path / "b.txt").write_text(
        "Matsuno said: “We will firmly request talks so that fishing can go on.”",
        encoding="utf-8",
    )
    data = {
        "actors": [{"slug": "matsuno", "name_en": "Hirokazu Matsuno", "kind": "person"}],
        "sources": [
            {"url": "https://a.example/1", "title": "A", "text_file": "a.txt"},
            {"url": "https://b.example/1", "title": "B", "text_file": "b.txt"},
            {"url": "https://c.example/1", "title": "C"},
        ],
        "events": [
            {
                "slug": "fisheries",
                "title": "Fisheries talks",
                "summary": "Talks.",
                "date": "2023-01-19",
                "event_type": "summons",
                "status": "draft",
                "sources": [
                    {"url": "https://a.example/1"},
                    {"url": "https://b.example/1"},
                    {"url": "https://c.example/1"},
                ],
                "statements": statements,
            }
        ],
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_load_seed_links_the_source_that_prints_the_quotation(db, tmp_path):
    path = write_fixture(
        tmp_path,
        [
            # Cited to A, printed in B: moved to B.
            {
                "speaker": "matsuno",
                "text": "We will firmly request talks so that fishing can go on.",
                "source": "https://a.example/1",
            },
            # Cited to C (no stored text), printed nowhere: stays with C, not verified.
            {
                "speaker": "matsuno",
                "text": "We regret the decision deeply.",
                "source": "https://c.example/1",
            },
        ],
    )
    out = io.StringIO()
    call_command("load_seed", str(path), stdout=out)
    assert "0 verified, 1 verified in another source of their event (moved), 1 not verified" in (
        out.getvalue()
    )
    moved = Statement.objects.get(text__startswith="We will firmly")
    assert (moved.source.url, moved.source_check) == ("https://b.example/1", VERIFIED)
    unverified = Statement.objects.get(text__startswith="We regret")
    assert (unverified.source.url, unverified.source_check) == ("https://c.example/1", UNVERIFIED)
    # Loading again changes nothing.
    call_command("load_seed", str(path), stdout=io.StringIO())
    assert Statement.objects.filter(source_check=VERIFIED, source__url__contains="b.").count() == 1


# -- editors' statements ---------------------------------------------------------------------


def test_an_editors_statement_is_confirmed_and_verified_when_the_text_prints_it(make):
    source = make.source(text=ARTICLE)
    event = make.event(sources=[source], status="draft")
    speaker = make.actor()
    found = make.statement(event, speaker, "this step would lead to an escalation of hostilities")
    assert found.source_check == VERIFIED
    elsewhere = make.statement(event, speaker, "Words the stored text does not have.")
    assert elsewhere.source_check == CONFIRMED  # the editor who picked the source asserts it


def test_a_verified_quotation_edited_away_from_its_source_is_no_longer_verified(make):
    source = make.source(text=ARTICLE)
    event = make.event(sources=[source], status="draft")
    statement = make.statement(event, make.actor(), "would lead to an escalation of hostilities")
    assert statement.source_check == VERIFIED
    statement.text = "would lead to a war"
    statement.save()
    statement.refresh_from_db()
    assert statement.source_check == UNVERIFIED


def test_existing_statements_get_their_state_from_the_migration(make, editor):
    source = make.source(text=ARTICLE)
    event = make.event(sources=[source], status="draft")
    speaker = make.actor()
    printed = make.statement(event, speaker, "would lead to an escalation of hostilities")
    seeded = make.statement(event, speaker, "Words a script loaded without checking.")
    typed = make.statement(event, speaker, "Words an editor typed.", created_by=editor)
    Statement.objects.update(source_check=CONFIRMED)  # as the new column starts
    migration = importlib.import_module("incidents.migrations.0011_statement_source_check")
    migration.check_existing(django_apps, None)
    states = dict(Statement.objects.values_list("pk", "source_check"))
    assert states == {printed.pk: VERIFIED, seeded.pk: UNVERIFIED, typed.pk: CONFIRMED}


# -- public pages and data -------------------------------------------------------------------


@pytest.fixture
def two_statements(make):
    """A published event with a verified quotation and one whose source is not verified."""
    stored = make.source(text=ARTICLE, title="Reuters copy")
    unread = make.source(title="Unread article")
    event = make.event(sources=[stored, unread])
    speaker = make.actor("Russian Foreign Ministry")
    verified = make.statement(event, speaker, "would lead to an escalation of hostilities")
    unverified = make.statement(event, speaker, "Words found in no article.", source=unread)
    Statement.objects.filter(pk=unverified.pk).update(source_check=UNVERIFIED)
    return event, verified, unverified


def statement_html(html: str, pk: int) -> str:
    start = html.index(f'id="statement-{pk}"')
    end = html.find('class="statement ', start)
    return html[start : end if end > 0 else None]


def test_the_event_page_says_plainly_which_source_is_not_verified(client, two_statements):
    event, verified, unverified = two_statements
    html = client.get(event.get_absolute_url()).content.decode()
    assert NOTICE not in statement_html(html, verified.pk)
    assert (
        "Source not verified:</strong> we have not found this quotation in the linked article."
        in statement_html(html, unverified.pk)
    )


def test_the_source_page_says_so_too(client, two_statements):
    _event, _verified, unverified = two_statements
    html = client.get(unverified.source.get_absolute_url()).content.decode()
    assert NOTICE in statement_html(html, unverified.pk)
    html = client.get(Source.objects.get(title="Reuters copy").get_absolute_url()).content.decode()
    assert NOTICE not in html


def test_api_and_exports_carry_the_state(client, two_statements):
    event, verified, unverified = two_statements
    expected = {verified.pk: VERIFIED, unverified.pk: UNVERIFIED}
    api = client.get("/api/statements").json()["results"]
    assert {row["id"]: row["source_check"] for row in api} == expected
    detail = client.get(f"/api/events/{event.slug}").json()
    assert {row["id"]: row["source_check"] for row in detail["statements"]} == expected
    export = json.loads(b"".join(client.get("/export.json").streaming_content))
    said = export["events"][0]["statements"]
    assert {row["id"]: row["source_check"] for row in said} == expected
    text = b"".join(client.get("/export/statements.csv").streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {int(row["id"]): row["source_check"] for row in rows} == expected
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    assert schema["StatementOut"]["properties"]["source_check"]["enum"] == [
        VERIFIED,
        CONFIRMED,
        UNVERIFIED,
    ]


# -- the admin ---------------------------------------------------------------------------------


def test_editors_can_list_the_statements_whose_source_is_not_verified(
    editor_client, two_statements
):
    _event, verified, unverified = two_statements
    url = reverse("admin:incidents_statement_changelist")
    html = editor_client.get(url, {"source_check__exact": UNVERIFIED}).content.decode()
    assert f"/{unverified.pk}/change/" in html
    assert f"/{verified.pk}/change/" not in html
    assert "Source not verified" in editor_client.get(url).content.decode()  # the filter


def test_the_event_form_shows_each_statements_state(editor_client, make):
    source = make.source(text=ARTICLE)
    event = make.event(sources=[source], status="draft")
    make.statement(event, make.actor(), "would lead to an escalation of hostilities")
    html = editor_client.get(reverse("admin:incidents_event_change", args=(event.pk,)))
    assert "Verified: found in the source’s stored text" in html.content.decode()


def test_checking_sources_links_the_one_that_prints_the_quotation(editor_client, make):
    cited = make.source(title="Cited without text")
    printing = make.source(text=ARTICLE, title="Printing article")
    event = make.event(sources=[cited, printing], status="draft")
    statement = make.statement(
        event, make.actor(), "would lead to an escalation of hostilities", source=cited
    )
    Statement.objects.filter(pk=statement.pk).update(source_check=UNVERIFIED)
    url = reverse("admin:incidents_statement_changelist")
    response = editor_client.post(
        url, {"action": "check_sources", "_selected_action": [statement.pk]}, follow=True
    )
    statement.refresh_from_db()
    assert (statement.source, statement.source_check) == (printing, VERIFIED)
    assert "1 found in another source of their event and linked to it" in (
        response.content.decode()
    )


def test_an_editor_can_confirm_a_source_but_not_on_a_published_event(editor_client, make):
    draft = make.event(status="draft")
    published = make.event()
    speaker = make.actor()
    on_draft = make.statement(draft, speaker, "Words an editor read in the article.")
    on_published = make.statement(published, speaker, "Words on a published event.")
    Statement.objects.update(source_check=UNVERIFIED)
    url = reverse("admin:incidents_statement_changelist")
    response = editor_client.post(
        url,
        {"action": "confirm_sources", "_selected_action": [on_draft.pk, on_published.pk]},
        follow=True,
    )
    on_draft.refresh_from_db()
    on_published.refresh_from_db()
    assert (on_draft.source_check, on_published.source_check) == (CONFIRMED, UNVERIFIED)
    assert "only a reviewer can change them" in response.content.decode()
