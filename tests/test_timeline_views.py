"""The timeline page (/): full page, HTMX fragments, pagination, facets, errors."""

from __future__ import annotations

import re

import pytest

from incidents.models import Actor, Status

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true", "HX-Target": "results"}
LOAD_MORE = {"HX-Request": "true", "HX-Target": "event-list"}


def article_titles(html: str) -> list[str]:
    return re.findall(r'<h[34] class="event-title"[^>]*><a href="[^"]+">(.*?)</a>', html)


def test_timeline_lists_published_events_under_year_and_month_headings(client, make):
    make.event("Kurils drill", date="2024-03-15")
    make.event("Summons in May", date="2023-05")
    make.event("Known only by year", date="2022")
    make.event("Unpublished", date="2024-03-16", status=Status.DRAFT)

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert article_titles(html) == ["Kurils drill", "Summons in May", "Known only by year"]
    assert "Unpublished" not in html
    for heading in (
        ">2024</h2>",
        ">March 2024</h3>",
        ">May 2023</h3>",
        ">2022, month not known</h3>",
    ):
        assert heading in html
    # Dates are shown only as precisely as they are known.
    assert '<time datetime="2023-05">May 2023</time>' in html
    assert '<time datetime="2022">2022</time>' in html
    assert '<time datetime="2024-03-15">15 March 2024</time>' in html


def test_each_event_shows_type_actors_counts_and_primary_source(client, make):
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    zakharova = make.actor("Maria Zakharova", slug="maria-zakharova")
    source = make.source(
        url="https://tass.example/article-1", title="Zakharova on Japan", publisher=tass
    )
    event = make.event(
        "Zakharova warns Tokyo",
        type="threat_warning",
        actors=[(zakharova, "initiator")],
        sources=[source, make.source()],
    )
    make.statement(event, zakharova, "Japan will regret this.")

    html = client.get("/").content.decode()

    assert f'<a href="/events/{event.slug}/">Zakharova warns Tokyo</a>' in html
    assert "Threat or warning" in html
    assert '<a href="/actors/maria-zakharova/">Maria Zakharova</a>' in html
    assert "1 statement" in html
    assert "2 sources" in html
    assert (
        '<a href="https://tass.example/article-1" rel="noopener noreferrer" class="external">'
        "TASS: Zakharova on Japan</a>"
    ) in html


def test_full_page_and_htmx_fragment_both_vary_on_hx_request(client, make):
    make.event("Listed")

    full = client.get("/")
    fragment = client.get("/", headers=HTMX)

    assert "HX-Request" in full["Vary"]
    assert "HX-Request" in fragment["Vary"]
    assert b"<html" in full.content
    assert b"<html" not in fragment.content
    assert b"Listed" in fragment.content
    assert b'id="facets"' in fragment.content


def test_history_restore_request_gets_the_full_page(client, make):
    make.event("Listed")

    response = client.get(
        "/?q=listed", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert b"<html" in response.content
    assert b'<form id="filters"' in response.content


def test_htmx_fragment_pushes_a_tidy_url_and_updates_count_and_field_errors(client, make):
    make.event("Listed")

    response = client.get("/?q=&from=garbage&order=&type=summons", headers=HTMX)

    html = response.content.decode()
    assert response["HX-Push-Url"] == "/?type=summons"
    assert '<span id="result-count" data-hx-swap-oob="innerHTML">1 event match' in html
    assert (
        '<div class="field-errors" id="errors-from" data-hx-swap-oob="true">'
        "<p>Enter a date as YYYY, YYYY-MM or YYYY-MM-DD.</p></div>"
    ) in html


def test_result_count_is_announced(client, make):
    make.event("One")
    make.event("Two")

    html = client.get("/").content.decode()

    assert re.search(r'id="result-count"[^>]*role="status"[^>]*aria-live="polite"', html)
    assert ">2 events published<" in html


def test_active_filters_are_chips_that_remove_themselves_and_clear_all(client, make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("Listed", actors=[(japan, "initiator")], type="summons")

    html = client.get("/?actor=japan&type=summons").content.decode()

    assert 'href="/?type=summons"' in html  # the Japan chip drops only itself
    assert "Actor: Japan" in html
    assert 'href="/?actor=japan"' in html
    assert '<a class="clear-all" href="/"' in html


def test_empty_state_suggests_removing_a_filter(client, make):
    make.event("Summons", type="summons")

    html = client.get("/?type=sanction").content.decode()

    assert "No events match" in html
    assert "Remove a filter" in html
    assert "<article" not in html


def test_invalid_values_are_shown_next_to_the_field_and_ignored(client, make):
    make.event("Listed")

    html = client.get("/?from=2023-13&actor=ghost").content.decode()

    assert "The month must be between 01 and 12." in html
    assert "Unknown actor “ghost”: ignored." in html
    assert article_titles(html) == ["Listed"]
    assert 'value="2023-13"' in html  # kept for correcting
    assert re.search(r'id="id_from"[^>]*aria-invalid="true"', html)
    assert not re.search(r'id="id_to"[^>]*aria-invalid', html)


def test_facet_options_show_counts_and_chosen_ones_are_ticked(client, make):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    make.event("A", actors=[(japan, "initiator")], type="summons")
    make.event("B", actors=[(japan, "target")], type="sanction")

    html = client.get("/?type=summons").content.decode()

    assert re.search(
        r'<input type="checkbox" name="type" value="summons" id="f-type-summons" checked> '
        r'Summons <span class="count">1</span>',
        html,
    )
    assert re.search(
        r'value="sanction" id="f-type-sanction"> Sanction <span class="count">1<', html
    )
    # Under type=summons, Japan has one event.
    assert 'value="japan" id="f-actor-japan"> Japan <span class="count">1<' in html


def test_histogram_is_drawn_with_links_that_narrow_to_the_month(client, make):
    make.event("May", date="2023-05-04")
    make.event("July", date="2023-07-20")

    html = client.get("/").content.decode()

    assert '<svg class="histogram-chart"' in html
    assert 'href="/?from=2023-05&amp;to=2023-05"' in html
    assert 'aria-label="May 2023: 1 event"' in html
    assert 'aria-label="June 2023' not in html  # empty months are not links
    narrowed = client.get("/?from=2023-05&to=2023-05").content.decode()
    assert article_titles(narrowed) == ["May"]


def test_pages_of_fifty_with_real_links_and_load_more(client, make):
    for day in range(1, 29):
        make.event(f"Feb {day:02d}", date=f"2023-02-{day:02d}")
    for day in range(1, 29):
        make.event(f"Mar {day:02d}", date=f"2023-03-{day:02d}")

    first = client.get("/").content.decode()
    second = client.get("/?page=2").content.decode()

    assert len(article_titles(first)) == 50
    assert article_titles(second) == [f"Feb {day:02d}" for day in range(6, 0, -1)]
    assert '<a class="button load-more" href="/?page=2"' in first
    assert 'href="/?page=2"' in first and "load-more" not in second
    # Page 2 continues February: no second "February 2023" heading, no year heading.
    assert ">February 2023</h3>" not in second
    assert ">2023</h2>" not in second


def test_load_more_returns_only_the_next_events_and_a_new_pager(client, make):
    for day in range(1, 29):
        make.event(f"Feb {day:02d}", date=f"2023-02-{day:02d}")
    for day in range(1, 29):
        make.event(f"Mar {day:02d}", date=f"2023-03-{day:02d}")

    response = client.get("/?page=2", headers=LOAD_MORE)

    html = response.content.decode()
    assert article_titles(html) == [f"Feb {day:02d}" for day in range(6, 0, -1)]
    assert '<nav id="pager" class="pager" aria-label="Pages" data-hx-swap-oob="true">' in html
    assert 'id="facets"' not in html
    assert "<title>" not in html
    assert "HX-Push-Url" not in response


@pytest.mark.parametrize(
    "query",
    [
        "?page=999999",
        "?page=-1",
        "?page=abc",
        "?from=garbage&to=%00",
        "?q=" + "x" * 10000,
        "?q=%00%00",
        "?actor=%00&type=..%2F..&tag=%F0%9F%92%A5&publisher=' OR 1=1",
        "?order=%00",
        "?q=%22unclosed",
        "?q=-",
        "?q=or",
    ],
)
def test_bad_parameters_never_give_a_server_error(client, make, query):
    make.event("Listed")

    full = client.get("/" + query)
    fragment = client.get("/" + query, headers=HTMX)

    assert full.status_code == 200
    assert fragment.status_code == 200


@pytest.mark.parametrize(
    "query",
    ["?actor=a%00b", "?tag=%00", "?type=x%00&publisher=%00y", "?order=%00", "?from=20%0023"],
)
def test_a_nul_in_any_parameter_is_reported_without_being_echoed(client, make, query):
    """HTML cannot carry NUL: the error that reports the value must show it without one."""
    make.event("Listed")

    for response in (client.get("/" + query), client.get("/" + query, headers=HTMX)):
        page = response.content.decode()
        assert response.status_code == 200
        assert "\x00" not in page
        assert re.search(r'class="field-errors" id="errors-[a-z]+"[^>]*><p>', page)


@pytest.mark.parametrize("count", [3, 52])
def test_timeline_queries_are_bounded_whatever_the_page_size(
    client, make, django_assert_max_num_queries, count
):
    japan = make.actor("Japan", kind=Actor.Kind.STATE, slug="japan")
    tass = make.actor("TASS", kind=Actor.Kind.MEDIA, slug="tass")
    others = [make.actor() for _n in range(5)]
    for n in range(count):
        event = make.event(
            f"Event {n}",
            date=f"20{10 + n % 15}-0{1 + n % 9}-1{n % 9}",
            actors=[(japan, "initiator"), (others[n % 5], "target")],
            sources=[make.source(publisher=tass), make.source()],
            tags=["kurils", f"tag-{n % 4}"],
        )
        make.statement(event, japan, f"Statement {n}")

    # One query of them names the cards' causes and responses (timeline/public/chains.py);
    # two count the place facet (the gazetteer, cached per data version, and the counts).
    with django_assert_max_num_queries(13):
        client.get("/?actor=japan&type=summons&tag=kurils&publisher=tass&from=2000&q=event")
    with django_assert_max_num_queries(13):
        client.get("/")
    with django_assert_max_num_queries(13):
        client.get("/", headers=HTMX)
    with django_assert_max_num_queries(7):
        client.get("/?page=2", headers=LOAD_MORE)


def test_drafts_are_absent_from_count_facets_histogram_and_search(client, make):
    ghost = make.actor("Ghost Actor", slug="ghost-actor")
    make.event("Public one", date="2023-01-10", type="summons")
    make.event(
        "Secret draft",
        date="2021-06-01",
        type="expulsion",
        status=Status.DRAFT,
        actors=[(ghost, "initiator")],
        tags=["secret-tag"],
    )
    make.event("Secret review", date="2021-07-01", type="expulsion", status=Status.REVIEW)

    html = client.get("/").content.decode()
    searched = client.get("/?q=secret").content.decode()

    assert ">1 event published<" in html
    for leaked in ("Secret", "Ghost Actor", "secret-tag", "Expulsion", "2021"):
        assert leaked not in html
    assert "No events match" in searched
