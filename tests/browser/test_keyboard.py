"""A keyboard-only walk-through: search, filter, open an event, follow a source, go back —
no mouse, and every element that takes focus on the way shows it visibly."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import htmx_settled

pytestmark = pytest.mark.browser

# Outline or box-shadow on the focused element: the site's :focus-visible style.
FOCUS_STYLE_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {tag: "body", styled: false, focusVisible: false};
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0;
  const shadow = !!s.boxShadow && s.boxShadow !== "none";
  return {
    tag: el.tagName.toLowerCase(),
    text: (el.getAttribute("aria-label") || el.textContent || el.id || "").trim().slice(0, 60),
    styled: outline || shadow,
    focusVisible: el.matches(":focus-visible"),
  };
}"""


def focus_indicator_is_visible(page) -> bool:
    """Computed outline/box-shadow first; otherwise (e.g. an SVG bar that lights up instead)
    compare what the area around the element looks like with and without focus."""
    info = page.evaluate(FOCUS_STYLE_JS)
    if info["styled"] and info["focusVisible"]:
        return True
    handle = page.evaluate_handle("() => document.activeElement")
    box = handle.as_element().bounding_box()
    if not box:
        return False
    clip = {
        "x": max(box["x"] - 6, 0),
        "y": max(box["y"] - 6, 0),
        "width": box["width"] + 12,
        "height": box["height"] + 12,
    }
    focused = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("(el) => el.blur()", handle)
    blurred = page.screenshot(clip=clip, animations="disabled")
    page.evaluate("(el) => el.focus({focusVisible: true})", handle)
    return focused != blurred


def tab_until(page, matches_js: str, limit: int = 250, key: str = "Tab") -> dict:
    """Press Tab until the focused element satisfies ``matches_js`` (a JS predicate on the
    element), checking on every stop that focus is visible."""
    stops = []
    for _ in range(limit):
        page.keyboard.press(key)
        info = page.evaluate(FOCUS_STYLE_JS)
        stops.append(info)
        if info["tag"] != "body":
            assert focus_indicator_is_visible(page), f"focus not visible on {info}"
        if page.evaluate(
            f"() => {{ const el = document.activeElement; return ({matches_js})(el); }}"
        ):
            return info
    raise AssertionError(f"never reached {matches_js} in {limit} presses; stops: {stops[-8:]}")


def settle(page) -> None:
    """After the event that shows a request went out or a page loaded (a new URL): wait until
    htmx has swapped and settled what it sent, so focus is where the page leaves it."""
    htmx_settled(page)


def test_keyboard_only_walk_through(live_server, seeded, page, artifacts):
    page.goto(live_server.url + "/")
    settle(page)

    # The first Tab reaches the skip link, and it is visible.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert focus_indicator_is_visible(page)

    # Search: Tab to the search box and type; the results update and the URL follows.
    tab_until(page, "el => el.id === 'id_q'")
    page.keyboard.type("Zakharova", delay=30)
    page.wait_for_url(re.compile(r"[?&]q=Zakharova"))
    settle(page)
    count_after_search = page.inner_text("#result-count")
    assert re.match(r"\d+ events? match", count_after_search), count_after_search

    # Filter: Tab on (through the few matching events) to the first actor in the facets and
    # tick it with Space.
    actor = tab_until(page, "el => el.matches('input[type=checkbox][name=actor]')")
    actor_slug = page.evaluate("() => document.activeElement.value")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(rf"[?&]actor={re.escape(actor_slug)}"))
    settle(page)
    assert "q=Zakharova" in page.url
    filtered_url = page.url
    assert page.is_checked(f"#f-actor-{actor_slug}"), actor
    filtered_titles = page.locator(".event-title").all_inner_texts()
    assert filtered_titles
    page.screenshot(path=str(artifacts / "keyboard-filtered.png"))

    # Open an event: Tab to an event's title link and press Enter.
    tab_until(page, "el => el.matches('.event-title a')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/events/[\w-]+/$"))
    event_url = page.url
    settle(page)

    # Follow a source: Tab to the link of a statement's source page and press Enter.
    tab_until(page, "el => el.matches('a[href^=\"/sources/\"]')")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/sources/\d+/"))
    settle(page)
    assert page.locator("h1").count() == 1

    # Go back, twice: the event, then the filtered timeline as it was. (Back is the
    # browser's own command — Alt+Left is a browser accelerator that headless Chromium
    # does not wire to the page — so it is issued through the browser, not as a key.)
    page.go_back()
    page.wait_for_url(event_url)
    page.go_back()
    page.wait_for_url(filtered_url)
    settle(page)
    assert page.input_value("#id_q") == "Zakharova"
    assert page.is_checked(f"#f-actor-{actor_slug}")
    assert page.locator(".event-title").all_inner_texts() == filtered_titles
    page.screenshot(path=str(artifacts / "keyboard-back.png"))
