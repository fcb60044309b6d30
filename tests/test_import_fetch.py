"""Fetching an article's URL safely: the address checked is the address connected to (DNS
rebinding), every redirect is checked again, one overall deadline however the server drips,
and compressed answers are capped at the article size limit after decompression.

A local web server plays every site. A fake resolver answers for the made-up host names;
connections to the made-up public address are routed to the local server, so "reaching the
public site" and "reaching 127.0.0.1 directly" can be told apart.
"""

from __future__ import annotations

import contextlib
import gzip
import http.server
import socket
import threading
import time

import pytest

from incidents import importing
from incidents.importing import ImportRejected

PUBLIC = "93.184.215.14"  # stands for a public web server; routed to the local one
PAGE = (
    b"<!doctype html><html><head><title>Fetched</title>"
    b'<meta property="og:title" content="Russia summons Japanese envoy"></head><body><article>'
    b"<h1>Russia summons Japanese envoy</h1>"
    b"<p>Russia's foreign ministry said on Friday that it had summoned the Japanese envoy.</p>"
    b'<p>"This step will lead to an escalation," the ministry said in a statement.</p>'
    b"</article></body></html>"
)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    routes: dict = {}
    hits: list = []

    def do_GET(self):
        self.hits.append(self.path)
        route = self.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            route(self)

    def log_message(self, *args):
        pass


def _page(body: bytes, **headers):
    def send(handler):
        handler.send_response(200)
        headers.setdefault("Content-Type", "text/html; charset=utf-8")
        headers.setdefault("Content-Length", str(len(body)))
        for key, value in headers.items():
            handler.send_header(key.replace("_", "-"), value)
        handler.end_headers()
        handler.wfile.write(body)

    return send


def _redirect(location: str):
    def send(handler):
        handler.send_response(302)
        handler.send_header("Location", location.format(port=handler.server.server_port))
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    return send


def _drip_body(handler):
    """A page that arrives 100 bytes every 0.3 s (30 chunks: 9 s in all)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "text/html")
    handler.send_header("Content-Length", str(30 * 100))
    handler.end_headers()
    for _ in range(30):
        handler.wfile.write(b"<p>" + b"x" * 93 + b"</p>\n")
        handler.wfile.flush()
        time.sleep(0.3)  # the server's pace, not the test waiting


def _drip_headers(handler):
    """Headers that arrive one every 0.3 s (30 of them)."""
    handler.wfile.write(b"HTTP/1.1 200 OK\r\n")
    for i in range(30):
        handler.wfile.write(f"X-Slow-{i}: {i}\r\n".encode())
        handler.wfile.flush()
        time.sleep(0.3)  # the server's pace, not the test waiting
    handler.wfile.write(b"Content-Length: 0\r\n\r\n")


@pytest.fixture
def site():
    _Handler.hits = []
    _Handler.routes = {
        "/article": _page(PAGE),
        "/gzip": _page(gzip.compress(PAGE), Content_Encoding="gzip"),
        # 20 MB of spaces, 20 KB on the wire.
        "/bomb": _page(gzip.compress(b" " * (20 * 1024 * 1024)), Content_Encoding="gzip"),
        "/brotli": _page(b"\x0b\x03\x80abc\x03", Content_Encoding="br"),
        "/drip-body": _drip_body,
        "/drip-headers": _drip_headers,
        "/to-inside": _redirect("http://inside.example:{port}/article"),
        "/to-rebind": _redirect("http://rebind.example:{port}/article"),
        "/to-file": _redirect("file:///etc/passwd"),
        "/loop": _redirect("/loop"),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def network(monkeypatch, settings):
    """A fake resolver and a record of every address connected to."""
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = False
    answers = {
        "news.example": [[(socket.AF_INET, PUBLIC)]],
        # Public when checked, loopback when looked up again.
        "rebind.example": [[(socket.AF_INET, PUBLIC)], [(socket.AF_INET, "127.0.0.1")]],
        "inside.example": [[(socket.AF_INET, "10.0.0.7")]],
        "mapped.example": [[(socket.AF_INET6, "::ffff:127.0.0.1")]],
        "mixed.example": [[(socket.AF_INET, PUBLIC), (socket.AF_INET, "192.168.1.1")]],
    }
    real_getaddrinfo, real_connect = socket.getaddrinfo, socket.socket.connect
    lookups: list[str] = []
    connected: list[str] = []

    def getaddrinfo(host, port, family=0, type=0, proto=0, flags=0):
        if host not in answers:
            return real_getaddrinfo(host, port, family, type, proto, flags)
        lookups.append(host)
        queue = answers[host]
        current = queue.pop(0) if len(queue) > 1 else queue[0]
        return [
            (
                fam,
                socket.SOCK_STREAM,
                6,
                "",
                (ip, port or 0) if fam == socket.AF_INET else (ip, port or 0, 0, 0),
            )
            for fam, ip in current
        ]

    def connect(sock, address):
        connected.append(address[0])
        if address[0] == PUBLIC:
            address = ("127.0.0.1", address[1])
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return lookups, connected


# --- DNS rebinding and redirects ------------------------------------------------------------


def test_a_host_is_connected_to_at_the_address_that_was_checked(site, network):
    lookups, connected = network
    article = importing.read_url(f"http://rebind.example:{site}/article")
    assert article.title == "Russia summons Japanese envoy"
    assert connected == [PUBLIC]  # never 127.0.0.1, which the second lookup would give
    assert lookups == ["rebind.example"]


def test_a_redirect_to_a_rebinding_host_is_checked_and_pinned_again(site, network):
    lookups, connected = network
    article = importing.read_url(f"http://news.example:{site}/to-rebind")
    assert article.url == f"http://rebind.example:{site}/article"
    assert connected == [PUBLIC, PUBLIC]
    assert lookups == ["news.example", "rebind.example"]


@pytest.mark.parametrize(
    ("path_or_host", "message"),
    [
        ("news.example/to-inside", "inside.example is a private or local address"),
        ("news.example/to-file", "Only http:// and https://"),
        ("news.example/loop", "redirected too many times"),
        ("mapped.example/article", "mapped.example is a private or local address"),
        ("mixed.example/article", "mixed.example is a private or local address"),
    ],
)
def test_private_targets_and_bad_redirects_are_refused(site, network, path_or_host, message):
    _, connected = network
    host, path = path_or_host.split("/", 1)
    with pytest.raises(ImportRejected, match=message):
        importing.read_url(f"http://{host}:{site}/{path}")
    assert "127.0.0.1" not in connected and "10.0.0.7" not in connected
    assert "192.168.1.1" not in connected


def test_a_host_name_is_sent_as_the_host_header(site, network, monkeypatch):
    seen = []
    original = _Handler.routes["/article"]

    def record(handler):
        seen.append(handler.headers["Host"])
        original(handler)

    _Handler.routes["/article"] = record
    importing.read_url(f"http://news.example:{site}/article")
    assert seen == [f"news.example:{site}"]


# --- One overall deadline -------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/drip-body", "/drip-headers"])
def test_a_dripping_server_is_cut_off_at_the_overall_deadline(site, settings, path):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    settings.IMPORT_FETCH_SECONDS = 1
    started = time.monotonic()
    with pytest.raises(ImportRejected, match=r"within 1 second"):
        importing.read_url(f"http://127.0.0.1:{site}{path}")
    assert time.monotonic() - started < 4  # a chunk every 0.3 s kept it going for 9 s


def test_the_fetch_deadline_never_outlasts_the_import_time_limit(site, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    settings.IMPORT_FETCH_SECONDS = 60
    started = time.monotonic()
    with importing.time_limit(1), pytest.raises(ImportRejected, match=r"within 1 second"):
        importing.fetch_url(f"http://127.0.0.1:{site}/drip-body")
    assert time.monotonic() - started < 4


# --- Compressed answers ---------------------------------------------------------------------


def test_a_gzip_answer_is_read(site, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    article = importing.read_url(f"http://127.0.0.1:{site}/gzip")
    assert article.title == "Russia summons Japanese envoy"


def test_a_decompression_bomb_is_refused_at_the_size_limit(site, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(ImportRejected, match=r"too large"):
        importing.read_url(f"http://127.0.0.1:{site}/bomb")


def test_an_unknown_content_encoding_is_refused_with_a_reason(site, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    with pytest.raises(ImportRejected, match=r"compressed \(br\)"):
        importing.read_url(f"http://127.0.0.1:{site}/brotli")
