"""With PostgreSQL unreachable the site fails fast: the health check says 503 at once, pages
that need no data still answer, and a page that needs data gets the error page in seconds,
not after a long pool timeout."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Each request times itself; the client never raises, so the error pages are seen as served.
PROBE = """
import json, time, django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
seen = {}
for url in ("/healthz", "/robots.txt", "/favicon.ico", "/no-such-page/", "/", "/healthz"):
    start = time.monotonic()
    response = client.get(url)
    seen.setdefault(url, []).append(
        {"status": response.status_code, "seconds": time.monotonic() - start,
         "body": response.content.decode(errors="replace")[:2000]}
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
        # The pool gives up after DB_POOL_TIMEOUT (2 s), not the 10 s it used to wait.
        assert answer["seconds"] < 5


def test_robots_txt_needs_no_database(seen):
    (answer,) = seen["/robots.txt"]
    assert answer["status"] == 200
    assert "Sitemap:" in answer["body"]
    assert answer["seconds"] < 1


def test_a_page_that_needs_data_gets_the_error_page_quickly(seen):
    (answer,) = seen["/"]
    assert answer["status"] in (500, 503)
    assert "Something went wrong on our side" in answer["body"]
    assert "Traceback" not in answer["body"]
    assert answer["seconds"] < 5


def test_the_favicon_redirect_needs_no_database(seen):
    (answer,) = seen["/favicon.ico"]
    assert answer["status"] == 301


def test_an_unknown_address_is_a_404_without_the_database(seen):
    (answer,) = seen["/no-such-page/"]
    assert answer["status"] == 404
