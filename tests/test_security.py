"""Security headers, the Content-Security-Policy, production settings and error pages."""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path
from lxml import html as lxml_html

from timeline.urls import urlpatterns as site_urlpatterns

BASE_DIR = Path(__file__).resolve().parent.parent

EXPECTED_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce-{nonce}'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a real deployment: DEBUG off, no test defaults."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TESTING", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(64),
        ALLOWED_HOSTS="timeline.example.org,testserver",
        CSRF_TRUSTED_ORIGINS="https://timeline.example.org",
        SQLITE_PATH=str(tmp_path / "prod.sqlite3"),
        DJANGO_SETTINGS_MODULE="timeline.settings",
    )
    env.update(extra)
    return env


def run_python(code: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def pages(make):
    """One of each public page, with a statement so every section renders."""
    person = make.actor("Maria Zakharova")
    outlet = make.actor("Yomiuri Shimbun", kind="media")
    src = make.source(publisher=outlet, text="She said “we will respond”.")
    event = make.event(actors=[(person, "initiator")], sources=[src])
    make.statement(event, person, "we will respond", source=src)
    return [
        "/",
        "/?q=respond",
        event.get_absolute_url(),
        person.get_absolute_url(),
        src.get_absolute_url(),
        "/about/",
        "/api/docs",
        "/no-such-page/",
    ]


# --- Content-Security-Policy ----------------------------------------------------------------


@pytest.mark.django_db
def test_timeline_csp_has_exactly_the_strict_directives_with_the_pages_nonce(client, pages):
    response = client.get("/")
    assert response.status_code == 200
    policy = parse_csp(response.headers["Content-Security-Policy"])
    nonces = [w for w in policy.get("script-src", []) if w.startswith("'nonce-")]
    assert len(nonces) == 1, policy
    nonce = nonces[0][len("'nonce-") : -1]
    assert len(nonce) >= 16
    expected = {k: [w.format(nonce=nonce) for w in v] for k, v in EXPECTED_CSP.items()}
    assert policy == expected
    # The nonce in the header is the one on the page's scripts (htmx).
    doc = lxml_html.fromstring(response.content)
    nonced = [s.get("nonce") for s in doc.iter("script") if s.get("nonce")]
    assert nonced and set(nonced) == {nonce}


@pytest.mark.django_db
def test_every_response_gets_a_fresh_nonce(client, pages):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/healthz", "/admin/login/", "/no-such-page/"])
def test_no_unsafe_keyword_is_ever_allowed(client, url):
    header = client.get(url).headers["Content-Security-Policy"]
    for word in ("unsafe-inline", "unsafe-eval", "unsafe-hashes", "strict-dynamic", "*"):
        assert word not in header.split(), (url, header)
    assert "'unsafe-" not in header


@pytest.mark.django_db
def test_public_pages_have_no_inline_script_or_style_the_policy_would_block(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        policy = parse_csp(response.headers["Content-Security-Policy"])
        allowed = {w[len("'nonce-") : -1] for w in policy["script-src"] if w.startswith("'nonce-")}
        doc = lxml_html.fromstring(response.content)
        for script in doc.iter("script"):
            is_data_block = (script.get("type") or "").endswith("json")
            if not script.get("src") and not is_data_block:
                assert script.get("nonce") in allowed, (url, lxml_html.tostring(script)[:200])
        assert not list(doc.iter("style")), url
        for element in doc.iter():
            if not isinstance(element.tag, str):
                continue
            assert "style" not in element.attrib, (url, element.tag)
            handlers = [a for a in element.attrib if a.lower().startswith("on")]
            assert not handlers, (url, element.tag, handlers)
            for attr in ("href", "src", "action", "formaction"):
                value = (element.get(attr) or "").strip().lower()
                assert not value.startswith(("javascript:", "data:text/html")), (url, value)


@pytest.mark.django_db
def test_external_links_do_not_leak_the_opener(client, pages):
    for url in pages:
        doc = lxml_html.fromstring(client.get(url).content)
        for link in doc.iter("a"):
            href = link.get("href") or ""
            if href.startswith(("http://", "https://")) and "testserver" not in href:
                rel = set((link.get("rel") or "").split())
                assert {"noopener", "noreferrer"} <= rel, (url, href)


# --- Other headers --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/healthz", "/admin/login/", "/no-such-page/"])
def test_security_headers_are_on_every_response(client, url):
    headers = client.get(url).headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    permissions = headers["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in permissions


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_httponly(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin_user.username, "password": "password"},
    )
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"]
    assert response.cookies["sessionid"]["samesite"] == "Lax"
    csrf = Client().get("/admin/login/").cookies["csrftoken"]
    assert csrf["httponly"]


# --- Production settings (DEBUG off), each in a fresh interpreter ---------------------------


def test_check_deploy_reports_nothing_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


PRODUCTION_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
call_command("migrate", verbosity=0)
client = Client()
plain = client.get("/healthz")
secure = client.get("/healthz", secure=True)
print(json.dumps({
    "debug": settings.DEBUG,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location", ""),
    "secure_status": secure.status_code,
    "hsts": secure.headers.get("Strict-Transport-Security", ""),
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "proxy_header": settings.SECURE_PROXY_SSL_HEADER,
    "admin": reverse("admin:index"),
    "static": settings.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def test_production_redirects_to_https_and_sends_hsts(tmp_path):
    result = run_python(PRODUCTION_PROBE, production_env(tmp_path))
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["debug"] is False
    assert probe["plain_status"] == 301
    assert probe["plain_location"] == "https://testserver/healthz"
    assert probe["secure_status"] == 200
    assert probe["hsts"] == "max-age=31536000; includeSubDomains; preload"
    assert probe["session_secure"] and probe["csrf_secure"] and probe["session_httponly"]
    assert probe["proxy_header"] is None  # only when told it runs behind a proxy
    assert probe["admin"] == "/admin/"
    assert "Manifest" in probe["static"]


def test_behind_a_proxy_the_forwarded_proto_is_trusted_and_admin_path_moves(tmp_path):
    env = production_env(tmp_path, SECURE_PROXY_SSL="1", ADMIN_PATH="curate-7f3a/")
    result = run_python(PRODUCTION_PROBE, env)
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert probe["admin"] == "/curate-7f3a/"


@pytest.mark.parametrize(
    "secret_key",
    ["", "short", "django-insecure-development-only-key-do-not-use-in-production"],
)
def test_settings_refuse_to_start_without_a_real_secret_key(tmp_path, secret_key):
    env = production_env(tmp_path, SECRET_KEY=secret_key)
    result = run_python("import django; django.setup()", env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


# --- Error pages and logging ----------------------------------------------------------------


def _boom(request):
    raise RuntimeError("secret internal detail: password=hunter2")


urlpatterns = [*site_urlpatterns, path("boom/", _boom)]
handler500 = "timeline.errors.server_error"


@pytest.mark.django_db
@pytest.mark.urls("tests.test_security")
def test_a_failing_view_is_logged_but_the_public_sees_no_traceback(settings):
    assert settings.DEBUG is False
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger("django.request")
    collector = Collect(level=logging.ERROR)
    logger.addHandler(collector)
    try:
        response = Client(raise_request_exception=False).get("/boom/")
    finally:
        logger.removeHandler(collector)

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong on our side" in body
    for leak in ("Traceback", "RuntimeError", "hunter2", "secret internal detail"):
        assert leak not in body
    assert "Content-Security-Policy" in response.headers

    assert len(records) == 1
    record = records[0]
    assert record.exc_info and record.exc_info[0] is RuntimeError
    # The configured structured format: key=value fields on one line, then the traceback.
    formatter = next(h.formatter for h in logger.handlers if h is not collector)
    line = formatter.format(record).splitlines()[0]
    assert line.startswith("time=")
    assert "level=ERROR logger=django.request msg=Internal Server Error: /boom/" in line


def test_the_500_page_renders_without_touching_the_database(rf):
    # No django_db mark: any query here would raise "Database access not allowed".
    from timeline.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    doc = lxml_html.fromstring(response.content)
    assert doc.findtext(".//h1") == "Something went wrong on our side"
    assert doc.find(".//link[@rel='stylesheet']") is not None


def test_the_500_page_falls_back_to_plain_html_if_its_template_fails(rf, monkeypatch):
    from timeline import errors

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pytest.mark.django_db
def test_unknown_page_gets_the_sites_404(client):
    response = client.get("/events/no-such-event/")
    assert response.status_code == 404
    doc = lxml_html.fromstring(response.content)
    assert doc.findtext(".//h1") == "Page not found"
    assert doc.get("lang") == "en"
    assert doc.find(".//a[@href='/']") is not None


# --- Health check ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_healthz_reports_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_head_requests_from_monitors(client):
    response = client.head("/healthz")
    assert response.status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_is_unreachable(client, monkeypatch):
    from django.db import connections

    def unreachable(self):
        raise OperationalError("connection refused")

    # Every connection's cursor fails: the check opens one of its own on PostgreSQL.
    monkeypatch.setattr(type(connections["default"]), "cursor", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable"}
    assert b"refused" not in response.content


def test_code_only_commands_run_without_a_secret_key(tmp_path):
    """`manage.py makemigrations` works in a bare checkout; serving still needs the key."""
    env = production_env(tmp_path, SECRET_KEY="")
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
    refused = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode != 0
    assert "SECRET_KEY" in refused.stderr
