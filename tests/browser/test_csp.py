"""The strict Content-Security-Policy holds in a real browser: the public pages (HTMX
included) and the admin work under it without a single violation."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import htmx_settled

pytestmark = pytest.mark.browser

# Recorded before any page script runs; init scripts are not subject to the page's CSP.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  const blocked = e.blockedURI || "inline";
  window.__cspViolations.push(`${e.violatedDirective} blocked ${blocked} at ${where}`);
});
"""


@pytest.fixture
def watched(page):
    page.add_init_script(RECORD_VIOLATIONS)
    problems: list[str] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"),
    )
    page.problems = problems
    return page


def violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []") + page.problems


def test_public_pages_and_htmx_run_without_csp_violations(live_server, seeded, watched):
    from incidents.models import Event, Source

    page = watched
    event = Event.objects.published().filter(statements__isnull=False).first()
    source = Source.objects.published().exclude(text="").first()
    for path in ("/", event.get_absolute_url(), source.get_absolute_url(), "/about/", "/api/docs"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path

    # HTMX under the policy: a search swaps the results, a facet narrows them.
    page.goto(live_server.url + "/")
    assert page.evaluate("() => typeof htmx") == "object", "htmx did not load"
    page.fill("#id_q", "Zakharova")
    page.wait_for_url(re.compile(r"q=Zakharova"))
    htmx_settled(page)
    page.locator("input[name=actor]").first.check()
    page.wait_for_url(re.compile(r"actor="))
    htmx_settled(page)  # the swap's violations, if any, are recorded by now
    assert violations(page) == []


def test_admin_works_under_the_same_policy(live_server, seeded, watched, django_user_model):
    from incidents.models import Event

    page = watched
    django_user_model.objects.create_superuser("csp-admin", "c@example.org", "csp pass 77")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "csp-admin")
    page.fill("#id_password", "csp pass 77")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    event = Event.objects.published().first()
    paths = [
        "/admin/",
        "/admin/incidents/event/",
        "/admin/incidents/event/add/",
        f"/admin/incidents/event/{event.pk}/change/",
        f"/admin/incidents/event/{event.pk}/history/",
        f"/admin/incidents/event/{event.pk}/delete/",
        "/admin/incidents/source/",
        "/admin/incidents/source/add/",
        "/admin/incidents/source/import/",
        "/admin/incidents/actor/add/",
        "/admin/incidents/statement/",
    ]
    for path in paths:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path

    # The admin's scripts really run: the autocomplete opens and the inline "add" works.
    page.goto(f"{live_server.url}/admin/incidents/event/{event.pk}/change/")
    page.locator(".select2-selection").first.click()
    page.wait_for_selector(".select2-results__option")
    page.keyboard.press("Escape")
    before = page.locator(".dynamic-actor_roles").count()
    page.locator("#actor_roles-group .add-row a").click()
    expect(page.locator(".dynamic-actor_roles")).to_have_count(before + 1)
    assert violations(page) == []
