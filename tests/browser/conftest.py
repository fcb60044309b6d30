"""Playwright + Debian Chromium for the browser tests.

Rule: when /usr/bin/chromium is missing the browser tests are skipped on a developer's
machine, but FAIL when CI=true or REQUIRE_BROWSER=1 (CI must never pass by skipping them).
Every test in this folder carries the ``browser`` marker (``-m "not browser"`` skips them).

Timing: these tests wait on events (a URL pushed, a request seen, a swap settled, a DOM state
reached through ``expect``), never on elapsed time. The timeouts below are only how long to
wait for such an event before calling it a failure; they are generous because a loaded
two-core machine (the PostgreSQL suite alongside) can take several seconds to answer.
``BROWSER_TEST_STRESS=1`` stretches htmx's swap and settle delays to shake out tests that
assume a swap is finished before they saw it finish.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.test.testcases import LiveServerThread
from playwright.sync_api import expect

# One request at a time in the live server. On SQLite the tests' in-memory database is one
# connection, shared by the test and the server's threads (Django's connections_override);
# Django's default threaded server let two requests of one page use it at once, and a query
# then read another's rows ("IndexError: list index out of range" in the session lookup, a
# 500 seen in CI). A single-threaded server closes each connection after its answer, so the
# browser's parallel requests simply queue.


class SerialWSGIServer(WSGIServer):
    """Django's WSGIServer, taking the argument LiveServerThread gives its threaded one (the
    server's own thread already uses the shared connections)."""

    def __init__(self, *args, connections_override=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)


LiveServerThread.server_class = SerialWSGIServer

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# How long an action, a navigation or an expect() waits for its event (ms). Playwright's own
# defaults (30 s for actions, 5 s for expect) are uneven; a 5 s expect() is what a loaded
# machine exceeds first.
TIMEOUT = 30_000
expect.set_options(timeout=TIMEOUT)

# Recorded in every page before its scripts run: which htmx requests are still on their way
# (sent, not yet swapped and settled, or given up). Every htmx event of one request carries
# its XMLHttpRequest (error events get a copy of the detail, with the same xhr).
HTMX_RECORDER = """
(() => {
  const pending = new Map();
  const finished = [];
  window.__htmx = { pending, finished };
  const done = (event) => {
    const xhr = event.detail && event.detail.xhr;
    if (!pending.has(xhr)) return;
    finished.push(pending.get(xhr));
    pending.delete(xhr);
  };
  document.addEventListener("htmx:beforeRequest", (event) => {
    pending.set(event.detail.xhr, event.detail.pathInfo.finalRequestPath);
  });
  document.addEventListener("htmx:afterSettle", done);
  document.addEventListener("htmx:afterRequest", (event) => {
    // Aborted, failed, or answered without a swap: nothing more will happen for it.
    if (!event.detail.successful || event.detail.xhr.status === 204) done(event);
  });
  for (const name of ["htmx:responseError", "htmx:swapError", "htmx:onLoadError"]) {
    document.addEventListener(name, done);
  }
})();
"""
STRESS = """
document.addEventListener("htmx:load", () => {
  htmx.config.defaultSwapDelay = 150;
  htmx.config.defaultSettleDelay = 400;
}, { once: true });
"""


def browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if browser_required():
            pytest.fail(message + " (required: CI=true or REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser) -> Iterator:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    prepare(ctx)
    yield ctx
    ctx.close()


def prepare(ctx) -> None:
    """Timeouts and the htmx recorder for a browser context a test opens."""
    ctx.set_default_timeout(TIMEOUT)
    ctx.add_init_script(HTMX_RECORDER)
    if os.environ.get("BROWSER_TEST_STRESS") == "1":
        ctx.add_init_script(STRESS)


def logged_in_page(browser, live_server, user, **options):
    """A page in a browser context of its own (its own session), logged in as ``user``, or
    anonymous when ``user`` is None. ``options`` go to ``new_context`` (viewport, …)."""
    from django.test import Client

    context = browser.new_context(
        **{"viewport": {"width": 1280, "height": 900}, "locale": "en-GB", **options}
    )
    prepare(context)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"].value
        context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
    return context, context.new_page()


def htmx_settled(page) -> None:
    """Wait until every htmx request the page has sent is swapped and settled (or given up).

    Call it after an event that proves the request was sent or answered (a pushed URL, a
    request seen by ``expect_request``): before that there may be nothing pending yet."""
    page.wait_for_function("() => window.__htmx && window.__htmx.pending.size === 0")


def htmx_finished(page, fragment: str) -> None:
    """Wait until htmx is done with a request whose URL contains ``fragment``: swapped and
    settled, aborted, or failed."""
    page.wait_for_function(
        "(fragment) => window.__htmx.finished.some((path) => path.includes(fragment))",
        arg=fragment,
    )


@pytest.fixture
def page(context) -> Iterator:
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def artifacts() -> Path:
    """Folder for screenshots and reports a person can look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
