"""axe-core, from the local npm install (no CDN), on every kind of public page and on the
admin's event change form: no violation of impact "serious" or "critical" on public pages.

axe is injected into a browser context that bypasses the site's CSP (the page's own policy
would rightly refuse an injected script); everything else about the pages is as served.
Needs `npm ci` (node_modules/axe-core). A JSON report goes to test-artifacts/axe-report.json.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.browser.conftest import browser_required, prepare

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_path() -> Path:
    if not AXE.exists():
        message = f"{AXE} is missing: run `npm ci` at the repository root"
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    return AXE


@pytest.fixture
def axe_page(browser, axe_path):
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    prepare(context)
    page = context.new_page()
    yield page
    context.close()


def run_axe(page, url: str, axe_path: Path) -> list[dict]:
    response = page.goto(url)
    assert response is not None and response.status < 500, url
    page.wait_for_load_state("networkidle")
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
            "summary": v["nodes"][0]["failureSummary"] if v["nodes"] else "",
        }
        for v in result["violations"]
    ]


def public_pages() -> dict[str, str]:
    from incidents.models import Actor, Event, Place, Revision, Source

    event = Event.objects.published().filter(statements__isnull=False).first()
    actor = Actor.objects.public().filter(statements__isnull=False).first()
    source = Source.objects.published().exclude(text="").filter(statements__isnull=False).first()
    responding = Event.objects.published().filter(responds_to__isnull=False).first()
    assert event and actor and source and responding, "the seed data should have all four"
    return {
        "timeline": "/",
        "timeline filtered": f"/?actor={actor.slug}&type={event.event_type.slug}&from=2020",
        "timeline searched": "/?q=Zakharova",
        "timeline empty": "/?q=nothingmatchesthisquery",
        "timeline bad input": "/?from=garbage&to=2023-13-45&page=999",
        "event": event.get_absolute_url(),
        "actor": actor.get_absolute_url(),
        "source": source.get_absolute_url(),
        "about": "/about/",
        "places": "/places/",
        "place": Place.objects.public().filter(events__isnull=False).first().get_absolute_url(),
        "map": "/map/",
        "changes": "/changes/",
        "change": f"/changes/{Revision.objects.public().order_by('pk').first().pk}/",
        "analysis": "/analysis/",
        "data": "/data/",
        "chain": f"{responding.get_absolute_url()}chain/",
        "api docs": "/api/docs",
        "not found": "/no-such-page/",
    }


def test_public_pages_have_no_serious_or_critical_axe_violations(
    live_server, seeded, axe_page, axe_path, artifacts
):
    report = {}
    for name, path in public_pages().items():
        report[name] = run_axe(axe_page, live_server.url + path, axe_path)
    # Colour contrast again in the dark colour scheme the site also ships.
    axe_page.emulate_media(color_scheme="dark")
    for name in ("timeline", "event", "source"):
        path = public_pages()[name]
        report[f"{name} (dark)"] = run_axe(axe_page, live_server.url + path, axe_path)
    (artifacts / "axe-report.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))

    blocking = {
        name: [v for v in violations if v["impact"] in BLOCKING]
        for name, violations in report.items()
    }
    blocking = {name: found for name, found in blocking.items() if found}
    assert not blocking, json.dumps(blocking, indent=2, ensure_ascii=False)
    assert len(report) == 22


def test_admin_event_change_form_has_no_critical_axe_violations(
    live_server, seeded, axe_page, axe_path, artifacts, django_user_model
):
    from incidents.models import Event

    django_user_model.objects.create_superuser("a11y-admin", "a@example.org", "a11y pass 9")
    axe_page.goto(live_server.url + "/admin/login/")
    axe_page.fill("#id_username", "a11y-admin")
    axe_page.fill("#id_password", "a11y pass 9")
    axe_page.click("input[type=submit]")
    axe_page.wait_for_url("**/admin/")

    event = Event.objects.published().first()
    url = f"{live_server.url}/admin/incidents/event/{event.pk}/change/"
    violations = run_axe(axe_page, url, axe_path)
    assert axe_page.locator("#event_form").count() == 1
    (artifacts / "axe-admin-event-form.json").write_text(json.dumps(violations, indent=2))
    # Known problems of Django's own admin markup, not ours to rewrite: tabular inline
    # fields are labelled by their column header only, and the select2 autocomplete widget
    # has unnamed comboboxes. Anything serious or critical elsewhere on the form fails.
    unexplained = [
        (v["id"], target)
        for v in violations
        if v["impact"] in BLOCKING
        for target in v["nodes"]
        if not any(
            marker in " ".join(target)
            for marker in ("select2", "#id_actor_roles-", "#id_source_links-", "#id_statements-")
        )
    ]
    assert not unexplained, json.dumps(unexplained, indent=2)
