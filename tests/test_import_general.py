"""Failure classes the second held-back round (fresh_*) showed, tested on articles written for
these tests: a section menu set apart by wide spaces taken for the headline, trafilatura's
year-only date guess winning over the page's own date line."""

from __future__ import annotations

import datetime as dt

from incidents.importing import parse_article


def test_a_menu_of_section_words_set_apart_by_wide_spaces_is_not_the_headline():
    text = (
        "Harbour Times\n"
        "Home  Region  Fisheries  Weather  Sport  Opinion\n"
        "Seven fishermen held for a week by Russian border guards are back home, the coast"
        " guard says.\n"
        "Trawler crew detained near Kunashir returns to Nemuro\n"
        "By Aya Kondo\n\n"
        "The crew of a fishing boat held by Russian border guards for a week returned to"
        " Nemuro on Friday, the coast guard said.\n\n"
        "The boat had been taken to a port on Kunashir, officials said."
    )
    article = parse_article(text)
    assert article.title == "Trawler crew detained near Kunashir returns to Nemuro"
    assert "Fisheries" not in article.text


def test_the_pages_date_line_beats_a_year_only_guess_from_its_address():
    html = (
        '<html lang="ja"><head><title>色丹島沖でロシアの警備艇を確認 - 北の港ニュース</title>'
        '<link rel="canonical" href="https://north.example/news/2023071200451.html"></head>'
        "<body><h1>色丹島沖でロシアの警備艇を確認</h1>"
        '<p class="date">2023年7月12日 9時40分　北の港ニュース</p>'
        "<article><p>第1管区海上保安本部は12日朝、色丹島の沖合でロシアの警備艇1隻を確認したと"
        "発表した。</p><p>警備艇は確認から2時間ほどで海域を離れたという。関係者によると、"
        "漁船への接近はなかった。</p></article></body></html>"
    )
    article = parse_article(html, is_html=True)
    assert article.published_on == dt.date(2023, 7, 12)
