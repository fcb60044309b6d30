"""Citing an event record or the dataset: APA, Chicago, BibTeX and CSL-JSON."""

from __future__ import annotations

import datetime as dt
import json

import bibtexparser
import pytest
from django.db import transaction

from incidents.models import Revision
from timeline.exports.citation import cite_event
from timeline.public.references import bibtex_escape, cite_dataset

URL = "https://rj-timeline.example/events/x/"
ACCESSED = dt.date(2026, 11, 23)
PROJECT = "Russia–Japan Incident Timeline"

# The CSL-JSON properties these records use, with the shapes the CSL data schema allows.
CSL_TYPES = {"webpage", "dataset"}
CSL_STRING_FIELDS = {"id", "type", "genre", "title", "container-title", "URL", "version", "note"}
CSL_DATE_FIELDS = {"issued", "event-date", "accessed"}


def assert_valid_csl(items) -> None:
    assert isinstance(items, list) and items
    for item in items:
        assert {"id", "type"} <= item.keys()
        assert item["type"] in CSL_TYPES
        unknown = item.keys() - CSL_STRING_FIELDS - CSL_DATE_FIELDS - {"author"}
        assert not unknown, f"not CSL variables: {unknown}"
        for name in CSL_STRING_FIELDS & item.keys():
            assert isinstance(item[name], str)
        for name in CSL_DATE_FIELDS & item.keys():
            parts = item[name]["date-parts"]
            assert item[name].keys() == {"date-parts"}
            assert 1 <= len(parts) <= 2
            assert all(
                1 <= len(date) <= 3 and all(isinstance(n, int) for n in date) for date in parts
            )
        for name in item.get("author", []):
            assert name.keys() <= {"family", "given", "literal"}


def parse_bibtex(text: str):
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks
    assert len(library.entries) == 1
    entry = library.entries[0]
    return entry, {key: field.value for key, field in entry.fields_dict.items()}


CHANGED = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)  # the record's last change


def changed_on(event, when=CHANGED):
    """The event with its record last changed ``when`` (saved and published then)."""
    type(event).objects.filter(pk=event.pk).update(updated_at=when)
    Revision.objects.filter(event=event).update(created_at=when)
    event.refresh_from_db()
    return event


@pytest.fixture
def summons(make):
    return changed_on(make.event("Russia summons Japan’s ambassador", date="2023-06-09", slug="x"))


def test_apa_and_chicago_name_project_title_date_url_and_access_date(summons):
    cite = cite_event(summons, URL, ACCESSED)
    # The work is the record, dated by its last change; the event's date is in its title.
    assert cite.apa == (
        f"{PROJECT}. (2026, November 20). Russia summons Japan’s ambassador (9 June 2023) "
        f"[Event record]. Retrieved November 23, 2026, from {URL}"
    )
    assert cite.chicago == (
        f"{PROJECT}. “Russia summons Japan’s ambassador (9 June 2023).” Event record, "
        f"November 20, 2026. Accessed November 23, 2026. {URL}."
    )


@pytest.mark.parametrize(
    ("date", "title", "parts"),
    [("2023-05", "Vague event (May 2023)", [2023, 5]), ("2022", "Vague event (2022)", [2022])],
)
def test_a_date_known_to_the_month_or_year_is_cited_no_more_precisely(make, date, title, parts):
    event = changed_on(make.event("Vague event", date=date))
    cite = cite_event(event, URL, ACCESSED)
    assert f"(2026, November 20). {title} [Event record]" in cite.apa
    assert f"“{title}.” Event record, November 20, 2026." in cite.chicago
    assert cite.csl["issued"] == {"date-parts": [[2026, 11, 20]]}
    assert cite.csl["event-date"] == {"date-parts": [parts]}
    _entry, fields = parse_bibtex(cite.bibtex)
    assert fields["title"] == "{" + title + "}"
    assert fields["note"].startswith("Event date: " + title.split("(")[1].rstrip(")"))


def test_bibtex_parses_with_the_fields_a_reference_manager_needs(summons):
    entry, fields = parse_bibtex(cite_event(summons, URL, ACCESSED).bibtex)
    assert entry.entry_type == "misc"
    assert entry.key == "rjtimeline-x"
    assert fields["author"] == "{" + PROJECT + "}"  # braced: a group, not "Timeline, R."
    assert fields["title"] == "{Russia summons Japan’s ambassador (9 June 2023)}"
    assert (fields["year"], fields["month"], fields["date"]) == ("2026", "nov", "2026-11-20")
    assert fields["url"] == URL
    assert fields["urldate"] == "2026-11-23"


def test_hostile_titles_cannot_break_the_bibtex_entry(make):
    title = "Sanctions {unbalanced \\input{/etc/passwd} 50% & $x_1$ #1 ~^"
    event = make.event(title, slug="hostile")
    entry, fields = parse_bibtex(cite_event(event, URL, ACCESSED).bibtex)
    assert entry.key == "rjtimeline-hostile"
    assert fields["url"] == URL, "the title did not swallow the following fields"
    assert "\\input{" not in fields["title"]
    assert fields["title"].count("{") == fields["title"].count("}")
    assert bibtex_escape("a}b") == "a\\textbraceright{}b"


def test_csl_json_is_valid_csl_data(make, summons):
    event = make.event("Drills", date="2024-02-01", end_date=dt.date(2024, 2, 3))
    for item in (summons, event):
        cite = cite_event(item, URL, ACCESSED)
        data = json.loads(cite.csl_json)
        assert_valid_csl(data)
        assert data[0]["title"].startswith(item.title + " (")
        assert data[0]["author"] == [{"literal": PROJECT}]
        assert data[0]["accessed"] == {"date-parts": [[2026, 11, 23]]}
        assert data[0]["URL"] == URL
    ranged = cite_event(event, URL, ACCESSED).csl
    assert ranged["event-date"] == {"date-parts": [[2024, 2, 1], [2024, 2, 3]]}


def test_dataset_citation(db):
    cite = cite_dataset("https://rj-timeline.example/", dt.date(2026, 11, 20), ACCESSED)
    assert cite.apa == (
        f"{PROJECT}. (2026). {PROJECT} (Version 2026-11-20) [Data set]. "
        "Retrieved November 23, 2026, from https://rj-timeline.example/"
    )
    _entry, fields = parse_bibtex(cite.bibtex)
    assert fields["version"] == "2026-11-20"
    assert_valid_csl([cite.csl])


def test_event_page_has_a_cite_box(client, summons):
    html = client.get("/events/x/").content.decode()
    assert 'id="cite"' in html and "Cite this" in html
    assert "http://testserver/events/x/" in html
    assert "(2026, November 20). Russia summons Japan’s ambassador (9 June 2023) [Event" in html
    assert "Event record, November 20, 2026" in html
    assert 'href="/events/x/cite.bib"' in html and 'href="/events/x/cite.json"' in html


def test_bibtex_and_csl_downloads(client, summons):
    response = client.get("/events/x/cite.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="rj-timeline-x.bib"'
    _entry, fields = parse_bibtex(response.content.decode())
    assert fields["url"] == "http://testserver/events/x/"
    response = client.get("/events/x/cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    assert_valid_csl(json.loads(response.content))


def test_unpublished_events_cannot_be_cited(client, make):
    make.event("Secret", slug="secret", status="draft")
    for url in ("/events/secret/cite.bib", "/events/secret/cite.json", "/events/none/cite.bib"):
        assert client.get(url).status_code == 404


def test_about_page_explains_how_to_cite_the_dataset(client, summons):
    html = client.get("/about/").content.decode()
    assert "How to cite" in html and "[Data set]" in html and "@misc{rjtimeline-dataset," in html
    assert "CC BY 4.0" in html


def test_a_citation_is_dated_by_the_last_change_the_page_shows(client, make):
    event = make.event("Japan protests", date="2023-06-09", slug="y")
    with transaction.atomic():
        event.title = "Japan protests the entry ban"
        event.save()
    changed_on(event, dt.datetime(2026, 10, 5, 12, tzinfo=dt.UTC))
    with transaction.atomic():  # an editor's internal note: not a change of the record
        event.review_note = "Check the second source."
        event.save()
    type(event).objects.filter(pk=event.pk).update(updated_at=CHANGED)  # saved on 20 November
    html = client.get("/events/y/").content.decode()
    assert "(2026, October 5). Japan protests the entry ban (9 June 2023) [Event record]" in html
    csl = json.loads(client.get("/events/y/cite.json").content)
    assert csl[0]["issued"] == {"date-parts": [[2026, 10, 5]]}
    assert "year = {2026}" in client.get("/events/y/cite.bib").content.decode()
