"""Fetching an article's page, only when an editor asks for it."""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from ..urlnorm import validate_http_url
from .limits import MAX_ARTICLE_BYTES, ImportRejected, check_size, time_left

FETCH_TIMEOUT_SECONDS = 10
USER_AGENT = "rj-timeline-importer/1.0 (+editor-initiated fetch)"

#
# The server fetches on an editor's behalf, so the fetch must never reach the machine itself or
# the private network behind it (SSRF). The host is looked up once per hop and the connection
# made to the very address that was checked (a second lookup could answer 127.0.0.1: DNS
# rebinding), keeping the host name for the Host header and the TLS certificate check. Every
# redirect is a new hop, checked the same way. One deadline covers the whole fetch, however
# slowly the server drips its answer, and the body is capped after decompression.

MAX_REDIRECTS = 5
REDIRECT_CODES = {301, 302, 303, 307, 308}
PAGE_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
# NAT64 addresses carry an IPv4 address inside; it is the one that is reached.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def fetch_seconds() -> float:
    return float(getattr(settings, "IMPORT_FETCH_SECONDS", FETCH_TIMEOUT_SECONDS))


def _check_fetch_target(url: str) -> None:
    try:
        validate_http_url(url)
    except ValidationError as exc:
        raise ImportRejected(" ".join(exc.messages)) from None


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return embedded.is_global
    return address.is_global


def _addresses(host: str, port: int) -> list[tuple]:
    """The host's addresses, looked up once; refused if any of them is private or local."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise ImportRejected(_unreachable(host, "its name could not be looked up")) from None
    if not getattr(settings, "IMPORT_ALLOW_PRIVATE_HOSTS", False):
        for info in infos:
            address = ipaddress.ip_address(info[4][0].split("%")[0])
            if not _public(address):
                raise ImportRejected(
                    f"{host} is a private or local address; only public web pages can be fetched."
                )
    return [(info[0], info[4]) for info in infos]


def _unreachable(host: str, reason: object) -> str:
    return (
        f"Could not reach {host} ({reason}). The network may be unavailable from this server: "
        "save the page and upload it, or paste the article's text instead."
    )


@dataclass
class FetchedPage:
    url: str
    data: bytes
    content_type: str


class _Deadline:
    """The fetch's one deadline: a watchdog shuts the connection when it passes, so that a
    server sending a byte every few seconds cannot keep it open (socket timeouts count per
    read)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self.answered = False  # the status line and headers have arrived
        self._socket: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(max(0.0, seconds), self._expire)
        self._timer.daemon = True
        self._timer.start()

    def left(self) -> float:
        left = self.at - time.monotonic()
        if left <= 0:
            self._expire()
            raise TimeoutError
        return left

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._socket = sock
            if self.expired and sock is not None:
                self._shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            if self._socket is not None:
                self._shut(self._socket)

    @staticmethod
    def _shut(sock: socket.socket) -> None:
        # On the plain socket under any TLS layer: wakes a read blocked in another thread.
        with contextlib.suppress(OSError):
            socket.socket.shutdown(sock, socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class _PinnedConnection(http.client.HTTPConnection):
    """An HTTP(S) connection to an address already checked, under the host's name."""

    def __init__(self, host: str, port: int, addresses: list[tuple], tls: bool, deadline):
        super().__init__(host, port, timeout=deadline.left())
        self.default_port = 443 if tls else 80  # no ":443" in the Host header
        self.addresses, self.tls, self.deadline = addresses, tls, deadline

    def connect(self) -> None:
        error: OSError = ConnectionRefusedError("no address")
        for family, sockaddr in self.addresses:
            sock = socket.socket(family, socket.SOCK_STREAM)
            self.deadline.watch(sock)
            try:
                sock.settimeout(self.deadline.left())
                sock.connect(sockaddr)
                break
            except OSError as exc:
                sock.close()
                error = exc
                if self.deadline.expired:
                    raise TimeoutError from None
        else:
            raise error
        if self.tls:
            # The certificate is checked against the host's name, not the address.
            context = ssl.create_default_context()
            sock = context.wrap_socket(
                sock, server_hostname=self.host, do_handshake_on_connect=False
            )
            self.deadline.watch(sock)
            sock.do_handshake()
        self.sock = sock


def _decoder(encoding: str, host: str):
    encoding = encoding.strip().lower()
    if encoding in {"", "identity"}:
        return None
    if encoding in {"gzip", "x-gzip", "deflate"}:
        # wbits 47: gzip or zlib, recognised from the header.
        return zlib.decompressobj(47)
    raise ImportRejected(
        f"{host} sent the page compressed ({encoding}), which cannot be read here; "
        "save the page and upload it instead."
    )


def _read_body(response, host: str, deadline: _Deadline) -> bytes:
    """The body, at most MAX_ARTICLE_BYTES after decompression, within the deadline."""
    decoder = _decoder(response.headers.get("Content-Encoding", ""), host)
    parts: list[bytes] = []
    size = 0
    while size <= MAX_ARTICLE_BYTES:
        deadline.left()
        chunk = response.read(64 * 1024)
        if not chunk:
            break
        if decoder is not None:
            # Never inflate more than the cap allows: a small answer can hold gigabytes.
            chunk = decoder.decompress(chunk, MAX_ARTICLE_BYTES + 1 - size)
        parts.append(chunk)
        size += len(chunk)
    if deadline.expired:
        raise TimeoutError
    if decoder is not None and size <= MAX_ARTICLE_BYTES:
        parts.append(decoder.flush())
    return b"".join(parts)


def _fetch_once(
    url: str, deadline: _Deadline, types: frozenset[str] | set[str] = PAGE_TYPES
) -> tuple[str | None, FetchedPage | None]:
    """One hop: (the redirect's target, None) or (None, the page)."""
    _check_fetch_target(url)
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        name = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ImportRejected(_unreachable(host, "its name could not be looked up")) from None
    tls = parts.scheme == "https"
    port = parts.port or (443 if tls else 80)
    addresses = _addresses(name, port)
    connection = _PinnedConnection(name, port, addresses, tls, deadline)
    try:
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection.request(
            "GET",
            path,
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "text/html,text/plain;q=0.9",
                "Accept-Encoding": "gzip, identity",
                "Connection": "close",
            },
        )
        response = connection.getresponse()
        deadline.answered = True
        if response.status in REDIRECT_CODES:
            location = response.headers.get("Location")
            if not location:
                raise ImportRejected(f"{host} answered “{response.status}” without an address.")
            return urljoin(url, location.strip()), None
        if response.status >= 300:
            raise ImportRejected(
                f"{host} answered “{response.status} {response.reason}”; nothing was imported."
            )
        content_type = response.headers.get_content_type()
        length = response.headers.get("Content-Length", "")
        if length.isdigit() and not response.headers.get("Content-Encoding"):
            check_size(int(length))
        if content_type not in types:
            raise ImportRejected(
                f"{host} sent {content_type}, not a web page; "
                "only HTML and plain-text pages are imported."
            )
        data = _read_body(response, host, deadline)
    finally:
        deadline.watch(None)
        connection.close()
    check_size(len(data))
    return None, FetchedPage(url=url, data=data, content_type=content_type)


def fetch_url(
    url: str, timeout: float | None = None, *, types: frozenset[str] | set[str] = PAGE_TYPES
) -> FetchedPage:
    """Fetch one page, only when an editor asks: http(s), public addresses, one deadline
    (``timeout``, else settings.IMPORT_FETCH_SECONDS, never past the import's time limit),
    redirects checked again, size cap. ``types``: the content types accepted (the source
    watch also reads RSS/Atom feeds)."""
    url = (url or "").strip()
    seconds = fetch_seconds() if timeout is None else timeout
    left = time_left()
    if left is not None:
        seconds = max(0.0, min(seconds, left))
    deadline = _Deadline(seconds)
    host = urlsplit(url).hostname or url
    try:
        for _ in range(MAX_REDIRECTS + 1):
            host = urlsplit(url).hostname or url
            target, page = _fetch_once(url, deadline, types)
            if page is not None:
                return page
            deadline.answered = False
            url = target
        raise ImportRejected(f"{host} redirected too many times; nothing was imported.")
    except ImportRejected:
        raise
    except (http.client.HTTPException, OSError, ValueError, zlib.error) as exc:
        reason: object = exc
        if deadline.expired or isinstance(reason, socket.timeout | TimeoutError):
            shown = round(seconds, 1)
            within = f"within {shown:g} second{'' if shown == 1 else 's'}"
            reason = (
                f"the page did not arrive {within}" if deadline.answered else f"no answer {within}"
            )
        elif isinstance(reason, socket.gaierror):
            reason = "its name could not be looked up"
        elif isinstance(reason, ConnectionRefusedError):
            reason = "the connection was refused"
        elif isinstance(reason, ssl.SSLCertVerificationError):
            reason = "its security certificate is not valid for this address"
        elif isinstance(reason, OSError) and reason.strerror:
            reason = reason.strerror
        raise ImportRejected(_unreachable(host, reason)) from None
    finally:
        deadline.cancel()
