"""Limits that keep one import from holding a worker: quotation finding in linear work, a cap
on quotations per paragraph and per article, and an overall time limit with a clear message.
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from incidents import importing
from incidents.importing import ImportRejected

# The finder itself, for counting its passes over a paragraph (callers use the package).
from incidents.importing.quotes import finder as quote_finder
from incidents.models import Source

IMPORT_URL = "/admin/incidents/source/import/"


def many_quotes(count: int, separator: str = " ") -> str:
    return separator.join(f"“Quotation number {i} is right here,” he said." for i in range(count))


@pytest.fixture
def quote_scans(monkeypatch):
    """How many times a paragraph's quotation marks are scanned (once per paragraph is linear;
    once per quotation made 2,000 quotes take minutes)."""
    calls = []
    original = quote_finder._QuoteFinder._quotes

    def counted(paragraph):
        calls.append(len(paragraph))
        if len(calls) > 2 * importing.MAX_QUOTES:
            raise AssertionError("the quotation marks are scanned again for every quotation")
        return original(paragraph)

    monkeypatch.setattr(quote_finder._QuoteFinder, "_quotes", staticmethod(counted))
    return calls


def test_two_thousand_quotations_in_one_paragraph_take_linear_work(quote_scans):
    text = many_quotes(2000)
    assert "\n\n" not in text and len(text) > 80_000
    started = time.perf_counter()
    drafts = importing.find_quotes(text)
    elapsed = time.perf_counter() - started
    assert quote_scans == [len(text)]  # one pass over the paragraph's quotation marks
    assert len(drafts) == importing.MAX_QUOTES_PER_PARAGRAPH
    assert drafts[0].text == "Quotation number 0 is right here"
    assert elapsed < 1.0  # generous: it took minutes


def test_two_thousand_paragraphs_of_quotations_are_capped_per_article(quote_scans):
    text = many_quotes(2000, separator="\n\n")
    started = time.perf_counter()
    drafts = importing.find_quotes(text)
    elapsed = time.perf_counter() - started
    assert len(drafts) == importing.MAX_QUOTES
    assert len(quote_scans) <= importing.MAX_QUOTES + 1  # stops once the article's cap is met
    assert elapsed < 1.0


def test_nested_and_overlapping_quotation_marks_keep_the_outer_span():
    paragraph = "«Он сказал: «нет», и ушёл» and “one “two” three” then „x“ ok"
    spans = [inner for _, _, inner in quote_finder._QuoteFinder._quotes(paragraph)]
    assert spans == ["Он сказал: «нет», и ушёл", "two", "x"]


def test_a_long_sentence_gives_a_bounded_context():
    text = "word " * 20_000 + "“This is what the ministry said today,” he said."
    (draft,) = importing.find_quotes(text)
    assert len(draft.context) <= 2 * importing.QUOTE_CONTEXT_CHARS + 100


def test_an_import_over_its_time_limit_stops_with_a_clear_message(settings):
    settings.IMPORT_TIME_LIMIT_SECONDS = 0
    with pytest.raises(ImportRejected, match=r"took longer than the 0-second limit"):
        importing.parse_article(many_quotes(50, separator="\n\n"))


def test_nested_time_limits_keep_the_outer_deadline(settings):
    settings.IMPORT_TIME_LIMIT_SECONDS = 0
    with importing.time_limit(60):
        # parse_article would start its own (zero) limit if it ignored the outer one.
        article = importing.parse_article("“We will answer every hostile step,” he said firmly.")
    assert article.statements


@pytest.mark.django_db
def test_the_admin_shows_the_time_limit_message_and_saves_nothing(editor_client, settings):
    settings.IMPORT_TIME_LIMIT_SECONDS = 0
    response = editor_client.post(IMPORT_URL, {"text": many_quotes(20, separator="\n\n")})
    assert response.status_code == 200
    assert "took longer than the 0-second limit" in response.content.decode()
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_the_statements_page_finds_quotations_once_per_text(editor_client, make, monkeypatch):
    source = make.source(text=many_quotes(3, separator="\n\n"))
    calls = []
    original = importing.find_quotes

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(importing, "find_quotes", counted)
    url = reverse("admin:incidents_source_statements", args=[source.pk])
    first = editor_client.get(url)
    second = editor_client.get(url)
    assert len(first.context["statements"].forms) == 3
    assert len(second.context["statements"].forms) == 3
    assert len(calls) == 1
    # A changed text is looked at afresh.
    source.text += "\n\n“A fourth quotation appears right here,” she said."
    source.save()
    third = editor_client.get(url)
    assert len(third.context["statements"].forms) == 4
    assert len(calls) == 2


@pytest.mark.parametrize(
    "line",
    [
        "News / " * 30 + "World?",
        "See https://example.org/" + "a/" * 40 + "b?x=1 for more.",
        "Home > " * 30 + "Asia!",
    ],
)
def test_a_line_of_many_separators_is_read_in_linear_time(line):
    # The breadcrumb test used nested repeats: such a line of 60 characters took seconds, of
    # 100 characters minutes (and no time limit can interrupt a running regular expression).
    text = "Russia's foreign ministry said on Friday that it had summoned the envoy.\n\n" + line
    started = time.perf_counter()
    article = importing.parse_article(text)
    assert time.perf_counter() - started < 1.0
    assert article.paragraphs[0].startswith("Russia's foreign ministry said")


def test_breadcrumbs_are_still_removed():
    text = (
        "Home > World > Asia\n\nRussia's foreign ministry said on Friday that it had summoned "
        "the Japanese ambassador over the drills.\n\nNews / Politics / Diplomacy"
    )
    article = importing.parse_article(text)
    assert article.paragraphs == [
        "Russia's foreign ministry said on Friday that it had summoned the Japanese ambassador "
        "over the drills."
    ]
    assert "Home > World > Asia" in article.dropped


@pytest.mark.django_db
def test_the_editor_is_told_when_only_the_first_quotations_are_offered(editor_client, make):
    text = many_quotes(150, separator="\n\n")
    response = editor_client.post(IMPORT_URL, {"text": text})
    assert len(response.context["statements"].forms) == importing.MAX_QUOTES
    notice = f"Only the first {importing.MAX_QUOTES} quotations found are offered"
    assert notice in response.content.decode()
    source = make.source(text=text)
    page = editor_client.get(reverse("admin:incidents_source_statements", args=[source.pk]))
    assert notice in page.content.decode()
    few = editor_client.post(IMPORT_URL, {"text": many_quotes(3, separator="\n\n")})
    assert "Only the first" not in few.content.decode()
