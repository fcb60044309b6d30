"""Event, actor and source pages."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from incidents.models import Actor, Statement, Status
from timeline.public.passages import find_passages, render_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(make):
    """A published event with actors, two sources, statements and a response."""
    yomiuri = make.actor("The Japan News", kind=Actor.Kind.MEDIA, slug="japan-news")
    rudenko = make.actor("Andrei Rudenko", slug="andrei-rudenko", name_ru="Андрей Руденко")
    kozuki = make.actor("Toyohisa Kozuki", slug="toyohisa-kozuki", name_ja="上月豊久")
    article = make.source(
        url="https://japannews.example/russia-summons",
        title="Russia Summons Japan’s Ambassador",
        publisher=yomiuri,
        published_on=dt.date(2023, 6, 10),
        archive_url="https://web.archive.org/web/2023/https://japannews.example/russia-summons",
        text="MOSCOW — Russia summoned the ambassador.\n"
        "The ambassador called it “completely unreasonable and absolutely unacceptable.”\n"
        "He added that <b>nothing</b> would change.",
    )
    second = make.source(url="https://wire.example/summons", title="Wire copy")
    earlier = make.event("Japan sends vehicles", date="2023-05-24", slug="vehicles")
    event = make.event(
        "Russia summons Japan's ambassador",
        date="2023-06-09",
        slug="summons",
        summary="Deputy Foreign Minister Rudenko called in Ambassador Kozuki.",
        location_name="Moscow",
        actors=[(rudenko, "initiator"), (kozuki, "target")],
        sources=[article, second],
        tags=["ukraine-war"],
    )
    event.responds_to.add(earlier)
    later = make.event("Japan answers", date="2023-06-20", slug="answer")
    later.responds_to.add(event)
    make.statement(
        event,
        kozuki,
        "completely unreasonable and absolutely unacceptable.",
        source=article,
        speaker_title="Ambassador of Japan to Russia",
    )
    make.statement(
        event,
        rudenko,
        "Japan was told this would escalate hostilities.",
        source=article,
        kind=Statement.Kind.PARAPHRASE,
        original_text="Японской стороне было указано на эскалацию.",
        original_language="ru",
    )
    return event


# --- event page ---------------------------------------------------------------------------


def test_event_page_shows_what_happened_and_who_took_part(client, incident):
    html = client.get("/events/summons/").content.decode()

    assert '<h1 id="event-title">Russia summons Japan&#x27;s ambassador</h1>' in html
    assert '<time datetime="2023-06-09">9 June 2023</time>' in html
    assert "Summons" in html and "Moscow" in html
    assert "Deputy Foreign Minister Rudenko called in Ambassador Kozuki." in html
    assert (
        '<a href="/actors/andrei-rudenko/">Andrei Rudenko</a> <span class="role">Initiator' in html
    )
    assert "Target" in html


def test_event_page_statements_link_to_the_exact_source(client, incident):
    html = client.get("/events/summons/").content.decode()
    quote = incident.statements.get(kind=Statement.Kind.QUOTE)
    source = quote.source

    assert f'id="statement-{quote.pk}"' in html
    assert "Ambassador of Japan to Russia" in html
    assert ">Quote<" in html and ">Paraphrase<" in html
    assert f'href="/sources/{source.pk}/#passage-{quote.pk}"' in html
    assert "Японской стороне было указано на эскалацию." in html
    assert "Translation by the project (English)" in html  # the paraphrase's English


def test_event_page_lists_sources_with_archive_links(client, incident):
    html = client.get("/events/summons/").content.decode()

    assert "Russia Summons Japan’s Ambassador" in html
    assert "The Japan News" in html
    assert "10 June 2023" in html
    assert (
        '<a href="https://web.archive.org/web/2023/https://japannews.example/russia-summons" '
        'rel="noopener noreferrer" class="external">Archived copy</a>'
    ) in html
    assert "Wire copy" in html


def test_event_page_links_responses_both_ways_and_neighbours(client, incident):
    html = client.get("/events/summons/").content.decode()

    assert "Responds to" in html and 'href="/events/vehicles/"' in html
    assert "Responses" in html and 'href="/events/answer/"' in html
    assert '<a class="previous" href="/events/vehicles/" rel="prev">' in html
    assert '<a href="/events/answer/" rel="next">' in html


def test_unpublished_responses_and_neighbours_stay_hidden(client, make, incident):
    draft = make.event("Draft reply", date="2023-06-10", slug="draft-reply", status=Status.DRAFT)
    draft.responds_to.add(incident)

    html = client.get("/events/summons/").content.decode()

    assert "Draft reply" not in html
    assert '<a href="/events/answer/" rel="next">' in html


@pytest.mark.parametrize("status", [Status.DRAFT, Status.REVIEW])
def test_draft_and_review_events_are_not_found(client, make, status):
    make.event("Hidden", slug="hidden", status=status)

    assert client.get("/events/hidden/").status_code == 404


def test_event_page_has_title_description_and_canonical_url(client, incident):
    html = client.get("/events/summons/").content.decode()

    assert "<title>Russia summons Japan&#x27;s ambassador (9 June 2023) — " in html
    assert '<meta name="description" content="9 June 2023: Deputy Foreign Minister' in html
    assert '<link rel="canonical" href="http://testserver/events/summons/">' in html


def test_event_page_queries_are_bounded(client, incident, django_assert_max_num_queries):
    # One of them finds the data releases that hold the event (release_cite_links.html),
    # one its places.
    with django_assert_max_num_queries(12):
        assert client.get("/events/summons/").status_code == 200


# --- actor page ---------------------------------------------------------------------------


def test_actor_page_shows_names_in_every_language_events_and_statements(client, incident):
    html = client.get("/actors/andrei-rudenko/").content.decode()

    assert "<h1>Andrei Rudenko</h1>" in html
    assert '<strong lang="ru">Андрей Руденко</strong>' in html
    assert 'href="/events/summons/"' in html
    assert "Initiator" in html
    assert "Japan was told this would escalate hostilities." in html
    assert '<link rel="canonical" href="http://testserver/actors/andrei-rudenko/">' in html


def test_actor_page_paginates_events_and_statements(client, make, django_assert_max_num_queries):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    for n in range(23):
        event = make.event(f"Japan event {n:02d}", date=f"2020-01-{n + 1:02d}")
        event.actor_roles.create(actor=japan, role="initiator")
        make.statement(event, japan, f"Statement number {n:02d}.")

    with django_assert_max_num_queries(10):
        first = client.get("/actors/japan/").content.decode()
    second = client.get("/actors/japan/?page=2&spage=2").content.decode()

    assert first.count('class="event-card"') == 20
    assert "Page 1 of 2" in first
    assert second.count('class="event-card"') == 3
    assert "Japan event 00" in second and "Statement number 00." in second


def test_actor_only_in_drafts_is_not_found(client, make):
    ghost = make.actor("Ghost", slug="ghost")
    make.event("Draft", status=Status.DRAFT, actors=[(ghost, "initiator")])

    assert client.get("/actors/ghost/").status_code == 404


def test_actor_page_hides_draft_events_and_their_statements(client, make, incident):
    rudenko = Actor.objects.get(slug="andrei-rudenko")
    draft = make.event("Draft about Rudenko", status=Status.DRAFT, actors=[(rudenko, "target")])
    make.statement(draft, rudenko, "Unpublished words.")

    html = client.get("/actors/andrei-rudenko/").content.decode()

    assert "Draft about Rudenko" not in html
    assert "Unpublished words." not in html


# --- source page --------------------------------------------------------------------------


def test_source_page_marks_quoted_passages_and_links_them_to_statements(client, incident):
    quote = incident.statements.get(kind=Statement.Kind.QUOTE)
    source = quote.source

    html = client.get(f"/sources/{source.pk}/").content.decode()

    assert (
        f'<mark class="passage" id="passage-{quote.pk}"><a href="#statement-{quote.pk}">'
        "completely unreasonable and absolutely unacceptable.</a></mark>"
    ) in html
    assert f'id="statement-{quote.pk}"' in html
    assert "&lt;b&gt;nothing&lt;/b&gt;" in html  # stored text never becomes markup
    assert "<b>nothing</b>" not in html
    assert 'href="/events/summons/"' in html
    assert "The Japan News" in html
    assert "10 June 2023" in html


def test_source_page_lists_only_published_events(client, make, incident):
    source = incident.source_links.first().source
    make.event("Draft backed by it", status=Status.DRAFT, sources=[source])

    html = client.get(f"/sources/{source.pk}/").content.decode()

    assert "Draft backed by it" not in html


def test_source_backing_only_drafts_is_not_found(client, make):
    source = make.source(title="Secret article")
    make.event("Draft", status=Status.DRAFT, sources=[source])

    assert client.get(f"/sources/{source.pk}/").status_code == 404


def test_source_page_queries_are_bounded(client, incident, django_assert_max_num_queries):
    source = incident.source_links.first().source

    with django_assert_max_num_queries(10):
        assert client.get(f"/sources/{source.pk}/").status_code == 200


def test_passages_match_across_quote_styles_whitespace_and_omissions():
    text = "He said: ‘We will  respond firmly to any provocation’ and left.\nLater: it was over."
    statement = Statement(
        pk=7, text="We will respond firmly ... to any provocation", original_text=""
    )

    passages = find_passages(text, [statement])

    assert [text[p.start : p.end] for p in passages] == [
        "We will  respond firmly",
        "to any provocation",
    ]
    html = render_text(text, passages)
    assert html.count('id="passage-7"') == 1
    assert html.startswith("<p>He said: ‘<mark")


def test_hostile_source_text_stays_inert():
    text = '<script>alert(1)</script> "quoted words that matter here" <img src=x onerror=alert(1)>'
    statement = Statement(pk=3, text="quoted words that matter here", original_text="")

    html = render_text(text, find_passages(text, [statement]))

    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="#statement-3">quoted words that matter here</a>' in html


def test_earlier_and_later_links_follow_the_timeline_order(client, make):
    """Neighbours in timeline order: by date's lower bound, then its upper bound (a day before
    the month that holds it), then by id — drafts never among them."""
    may = make.event("Known only as May 2023", date="2023-05")
    first_day = make.event("First of May", date="2023-05-01")
    same_day = make.event("Also the first of May", date="2023-05-01")
    make.event("A draft in between", date="2023-05-01", status=Status.DRAFT)
    june = make.event("June", date="2023-06-09")

    def neighbours(event) -> tuple[str | None, str | None]:
        page = client.get(event.get_absolute_url()).content.decode()
        found = []
        for rel in ("prev", "next"):
            match = re.search(rf'href="([^"]+)" rel="{rel}"', page)
            found.append(match.group(1) if match else None)
        return tuple(found)

    assert neighbours(first_day) == (None, same_day.get_absolute_url())
    assert neighbours(same_day) == (first_day.get_absolute_url(), may.get_absolute_url())
    assert neighbours(may) == (same_day.get_absolute_url(), june.get_absolute_url())
    assert neighbours(june) == (may.get_absolute_url(), None)


def test_the_site_navigation_leads_to_every_section_and_marks_the_current_one(client, db):
    """Places, Analysis and Data sit beside Timeline and About; the section a page belongs
    to is marked as the current one (a place's map counts as Places)."""
    links = ("Timeline", "/"), ("Places", "/places/"), ("Analysis", "/analysis/")
    links += ("Data", "/data/"), ("About", "/about/")
    for path, current in (("/places/", "Places"), ("/map/", "Places"), ("/data/", "Data")):
        page = client.get(path).content.decode()
        nav = re.search(r'<nav class="site-nav".*?</nav>', page, flags=re.S)[0]
        found = re.findall(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)
        assert [(name, href) for href, _mark, name in found] == list(links), path
        assert [name for _href, mark, name in found if mark] == [current], path
