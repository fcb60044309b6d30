"""Every public page validates with the Nu HTML Checker (npm `vnu-jar`, run with Java):
zero errors. One checker run for all pages (the JVM starts once).

Needs `npm ci` (node_modules/vnu-jar) and Java 17+. The pages are rendered by Django's test
client from the seed data, exactly as served; the checker's messages are written to
test-artifacts/vnu-report.json.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import browser_required

pytestmark = pytest.mark.browser

VNU = (
    Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    java = shutil.which("java")
    missing = [] if java else ["java (apt-get install -y default-jre-headless)"]
    if not VNU.exists():
        missing.append(f"{VNU} (run `npm ci`)")
    if missing:
        message = "Nu HTML Checker unavailable: " + ", ".join(missing)
        if browser_required():
            pytest.fail(message)
        pytest.skip(message)
    return [java, "-Xss8m", "-jar", str(VNU), "--format", "json", "--errors-only"]


def check(vnu: list[str], documents: dict[str, bytes], folder: Path) -> dict[str, list[dict]]:
    files = {}
    for number, (name, content) in enumerate(documents.items()):
        path = folder / f"page-{number:02d}.html"
        path.write_bytes(content)
        files[path.name] = name
    result = subprocess.run(
        [*vnu, *[str(folder / filename) for filename in files]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    found: dict[str, list[dict]] = {name: [] for name in documents}
    for message in messages:
        url = message.get("url", "?")
        name = files.get(url.rsplit("/", 1)[-1], url)
        found.setdefault(name, []).append(
            {
                "line": message.get("lastLine"),
                "message": message.get("message"),
                "extract": message.get("extract", "")[:160],
            }
        )
    return found


def public_urls() -> dict[str, str]:
    from incidents.models import Actor, Event, Place, Revision, Source

    event = Event.objects.published().filter(statements__isnull=False).first()
    responding = Event.objects.published().filter(responds_to__isnull=False).first()
    actor = Actor.objects.public().filter(statements__isnull=False).first()
    outlet = Actor.objects.public().filter(kind=Actor.Kind.MEDIA).first()
    source = Source.objects.published().exclude(text="").filter(statements__isnull=False).first()
    urls = {
        "timeline": "/",
        "timeline page 2": "/?page=2",
        "timeline oldest first": "/?order=asc",
        "timeline filtered": (
            f"/?actor={actor.slug}&type={event.event_type.slug}&from=2020&to=2026-02"
        ),
        "timeline searched": "/?q=Zakharova",
        "timeline phrase search": '/?q="Foreign+Ministry"+-Ukraine',
        "timeline empty": "/?q=nothingmatchesthisquery",
        "timeline bad input": "/?from=garbage&to=2023-13-45&actor=nobody&page=999",
        "timeline hostile query": (
            "/?q=%3Cscript%3Ealert(1)%3C/script%3E%22%3E%3Cimg+src=x+onerror=alert(1)%3E"
        ),
        "event": event.get_absolute_url(),
        "actor": actor.get_absolute_url(),
        "publisher": outlet.get_absolute_url(),
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
    urls["event that responds"] = responding.get_absolute_url()
    return urls


def test_every_public_page_has_zero_nu_checker_errors(client, rf, seeded, vnu, tmp_path, artifacts):
    documents = {}
    for name, url in public_urls().items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, url, response.status_code)
        assert response["Content-Type"].startswith("text/html"), name
        documents[f"{name} ({url})"] = response.content
    from timeline.errors import server_error

    documents["server error (500)"] = server_error(rf.get("/")).content

    found = check(vnu, documents, tmp_path)
    (artifacts / "vnu-report.json").write_text(json.dumps(found, indent=2, ensure_ascii=False))
    errors = {name: messages for name, messages in found.items() if messages}
    assert not errors, json.dumps(errors, indent=2, ensure_ascii=False)


def test_the_checker_does_report_errors(vnu, tmp_path):
    """Control: a page with an unknown htmx attribute and a stray end tag fails."""
    broken = b'<!doctype html><html lang="en"><title>x</title><p hx-get="/">x</div>'
    found = check(vnu, {"broken": broken}, tmp_path)
    assert len(found["broken"]) >= 2
