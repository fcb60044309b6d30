"""The timeline on a phone (390 × 844) and the histogram by keyboard: the filters open from a
control at the top, the results come into view after a change, and the histogram's bars are
targets of at least 24 × 24 px, one tab stop, walked with the arrow keys."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled, prepare

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser) -> Iterator:
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True, locale="en-GB"
    )
    prepare(context)
    page = context.new_page()
    yield page
    context.close()


def period_of(name: str) -> str:
    """ "June 2023: 4 events" -> "2023-06"; "2023: 9 events" -> "2023"."""
    label = name.split(":")[0]
    if " " not in label:
        return label
    month, year = label.split()
    return f"{year}-{list(calendar.month_name).index(month):02d}"


def visible_bars(page):
    return page.locator(".histogram-chart a[href]").filter(visible=True)


def test_on_a_phone_the_filters_open_from_the_top_and_the_results_come_into_view(
    live_server, seeded, phone, artifacts
):
    page = phone
    page.goto(live_server.url + "/")
    control = page.locator("#refine > summary")
    japan = page.locator("#facet-actor").get_by_role("checkbox", name=re.compile(r"^Japan \d"))

    # The control is on the first screen; the long list of filters is folded away.
    expect(control).to_be_in_viewport()
    expect(japan).to_be_hidden()
    height = page.evaluate("document.documentElement.scrollHeight")

    control.tap()
    expect(japan).to_be_visible()
    page.screenshot(path=artifacts / "phone-filters-open.png")
    japan.tap()
    page.wait_for_url(re.compile(r"\?actor=japan$"))
    htmx_settled(page)

    # The results are on screen, the filters still open above them for another change.
    first_result = page.locator("#event-list article").first
    expect(first_result).to_be_in_viewport()
    expect(page.locator("#result-count")).to_have_text(re.compile(r"match(es)? these filters"))
    expect(
        page.locator("#facet-actor").get_by_role("checkbox", name=re.compile(r"^Japan \d"))
    ).to_be_checked()
    page.screenshot(path=artifacts / "phone-after-a-filter.png")

    # Folded again, the page is shorter than the unfiltered one was.
    page.locator("#refine > summary").tap()
    expect(japan).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollHeight") < height


def test_on_a_phone_without_javascript_the_filters_are_open(browser, live_server, seeded):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    prepare(context)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        japan = page.locator("#facet-actor").get_by_role("checkbox", name=re.compile(r"^Japan \d"))
        expect(japan).to_be_visible()
        japan.check()
        page.get_by_role("button", name="Apply filters").click()
        page.wait_for_url(re.compile(r"actor=japan"))
        expect(page.locator("#result-count")).to_have_text(re.compile(r"match(es)? these filters"))
    finally:
        context.close()


def test_histogram_bars_on_a_phone_are_big_enough_to_tap(live_server, seeded, phone, artifacts):
    page = phone
    page.goto(live_server.url + "/")
    bars = visible_bars(page)
    expect(bars.first).to_be_visible()

    # The seed data spans several years: on a phone the chart counts per year.
    expect(page.locator("#histogram-caption")).to_have_text(
        re.compile(r"^Events per year"), use_inner_text=True
    )
    boxes = [bars.nth(i).bounding_box() for i in range(bars.count())]
    assert len(boxes) >= 2
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes), boxes
    page.locator(".histogram").screenshot(path=artifacts / "phone-histogram.png")

    # Tapping a year narrows the timeline to it, and its months fit the screen.
    year = bars.first.get_attribute("aria-label").split(":")[0]
    bars.first.tap()
    page.wait_for_url(re.compile(rf"from={year}&to={year}"))
    htmx_settled(page)
    expect(page.locator("#histogram-caption")).to_have_text(
        re.compile(r"^Events per month"), use_inner_text=True
    )
    months = visible_bars(page)
    boxes = [months.nth(i).bounding_box() for i in range(months.count())]
    assert boxes and all(box["width"] >= 24 and box["height"] >= 24 for box in boxes), boxes


@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "wide"])
def test_histogram_is_one_tab_stop_walked_with_the_arrow_keys(
    live_server, seeded, browser, viewport
):
    context = browser.new_context(viewport=viewport, locale="en-GB")
    prepare(context)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        bars = visible_bars(page)
        names = [bars.nth(i).get_attribute("aria-label") for i in range(bars.count())]
        assert len(names) >= 3
        assert all(re.fullmatch(r"(\w+ )?\d{4}: \d+ events?", name) for name in names), names

        # Tab from the search box: the histogram is reached once, on its newest bar, and the
        # next Tab leaves it.
        page.locator("#id_q").focus()
        focused = page.locator(":focus")
        for _ in range(40):
            page.keyboard.press("Tab")
            if page.evaluate("() => !!document.activeElement.closest('.histogram-chart')"):
                break
        expect(focused).to_have_attribute("aria-label", names[-1])
        page.keyboard.press("Tab")
        assert not page.evaluate("() => !!document.activeElement.closest('.histogram-chart')")
        page.keyboard.press("Shift+Tab")
        expect(focused).to_have_attribute("aria-label", names[-1])

        page.keyboard.press("ArrowLeft")
        expect(focused).to_have_attribute("aria-label", names[-2])
        page.keyboard.press("Home")
        expect(focused).to_have_attribute("aria-label", names[0])
        page.keyboard.press("ArrowRight")
        expect(focused).to_have_attribute("aria-label", names[1])
        page.keyboard.press("End")
        expect(focused).to_have_attribute("aria-label", names[-1])
        page.keyboard.press("ArrowLeft")

        # Enter follows the bar's link: the timeline narrows to that month or year.
        period = period_of(names[-2])
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"from={period}&to={period}$"))
        htmx_settled(page)
        expect(page.locator("#result-count")).to_have_text(re.compile(r"match(es)? these filters"))
        assert page.locator("#event-list time").first.get_attribute("datetime").startswith(period)
    finally:
        context.close()
