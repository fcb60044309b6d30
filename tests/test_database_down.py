"""With PostgreSQL unreachable the site fails fast: the health check says 503 at once, pages
that need no data still answer, and a page that needs data gets the error page after the
pool timeout (2 s by default), not after a long wait.

No assertion races the clock: the probe runs with a pool timeout of WAIT seconds, so a
request that waited for the pool takes at least WAIT, and one that did not is far below it
even on a loaded machine."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WAIT = 8  # the probe's pool and connect timeout, in seconds

# Each request times itself; the client never raises, so the error pages are seen as served.
PROBE = """
import json, time, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
client.get("/warm-up-not-measured/")  # first-request start-up (URLconf, templates) is not timed
seen = {}
urls = ("/healthz", "/robots.txt", "/favicon.ico", "/no-such-page/", "/", "/api/events", "/healthz")
for url in urls:
    start = time.monotonic()
    response = client.get(url)
    seen.setdefault(url, []).append(
        {"status": response.status_code, "seconds": time.monotonic() - start,
         "body": response.content.decode(errors="replace")[:2000],
         "headers": dict(response.headers)}
    )
print(json.dumps(seen))
"""


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def seen() -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"SQLITE_PATH", "REDIS_URL"}}
    env.update(
        TESTING="1",
        DJANGO_SETTINGS_MODULE="timeline.settings",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{closed_port()}/rjt_nowhere",
        ENV_FILE=os.devnull,
        DB_POOL_TIMEOUT=str(WAIT),
        DB_CONNECT_TIMEOUT=str(WAIT),
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_health_check_answers_503(seen):
    for answer in seen["/healthz"]:
        assert answer["status"] == 503
        assert json.loads(answer["body"]) == {"status": "error", "database": "unreachable"}
        # At once: the check does not wait for the pool, it asks the database itself, and a
        # refused connection is known immediately.
        assert answer["seconds"] < WAIT / 2


def test_robots_txt_needs_no_database(seen):
    (answer,) = seen["/robots.txt"]
    assert answer["status"] == 200
    assert "Sitemap:" in answer["body"]
    assert answer["seconds"] < WAIT / 2


def test_a_page_that_needs_data_says_temporarily_unavailable_quickly(seen):
    (answer,) = seen["/"]
    assert answer["status"] == 503
    assert answer["headers"]["Retry-After"].isdigit()
    assert answer["headers"]["Content-Type"].startswith("text/html")
    assert "Temporarily unavailable" in answer["body"]
    assert "Something went wrong on our side" not in answer["body"]
    assert "Traceback" not in answer["body"]
    assert "rjt_nowhere" not in answer["body"]
    # It waited for the pool (WAIT here), then gave up: not a hang.
    assert answer["seconds"] < 4 * WAIT


def test_the_api_answers_json_503_while_the_database_is_down(seen):
    (answer,) = seen["/api/events"]
    assert answer["status"] == 503
    assert answer["headers"]["Retry-After"].isdigit()
    assert answer["headers"]["Content-Type"].startswith("application/json")
    assert json.loads(answer["body"]) == {
        "detail": "Temporarily unavailable: the database cannot be reached. Try again shortly."
    }


def test_the_favicon_redirect_needs_no_database(seen):
    (answer,) = seen["/favicon.ico"]
    assert answer["status"] == 301


def test_an_unknown_address_is_a_404_without_the_database(seen):
    (answer,) = seen["/no-such-page/"]
    assert answer["status"] == 404


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/events/some-event/", "/api/events"])
def test_a_database_error_mid_request_is_a_503_not_a_500(url, monkeypatch):
    """Any database, any moment: the connection fails after the request has started."""
    from django.db import OperationalError, connections
    from django.test import Client

    def unreachable(self):
        raise OperationalError("connection to server at 10.0.0.5 failed: Connection refused")

    monkeypatch.setattr(type(connections["default"]), "cursor", unreachable)
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert b"10.0.0.5" not in response.content
    assert b"Temporarily unavailable" in response.content


def test_other_errors_are_still_the_500_page(monkeypatch):
    from django.test import Client

    from timeline.middleware import conditional

    def broken(request):
        raise RuntimeError("a bug, not an outage")

    monkeypatch.setattr(conditional, "_needs_no_data", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/robots.txt")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert b"Something went wrong on our side" in response.content
    # The API answers JSON, even for its own bugs.
    response = client.get("/api/events")
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert response.json() == {"detail": "Server error. It has been logged."}


def test_the_pool_gives_up_after_two_seconds_by_default():
    from django.conf import settings as live

    if live.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        options = live.DATABASES["default"]["OPTIONS"]
        assert options["pool"]["timeout"] == 2
        assert options["connect_timeout"] == 2
    else:
        pytest.skip("the pool and its timeouts are PostgreSQL's")
