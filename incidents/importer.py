"""Article import: one importer behind the admin's "Add source from article" and
``manage.py import_articles``.

The pipeline is: read the input (pasted text, an uploaded .txt/.html file, or a page fetched
on request) → extract the article (trafilatura for HTML) → clean the text of the boilerplate
news sites wrap around it → read the metadata (title, publisher, author, date, language) →
find quotations and who said them → match names to existing actors → check for duplicates.
Nothing is written to the database until ``save_import`` runs, in one transaction.

The cleaning rules describe *kinds* of boilerplate (link lists under a "popular / ranking /
related" heading, sign-up and share prompts, legal disclaimers, navigation, wire IDs) rather
than the phrasing of particular sites, and the article's own paragraphs are recognised as
prose, so that unknown sites are handled too. ``tests/import_cases/`` holds the cases it is
scored on.
"""

from __future__ import annotations

import bisect
import calendar
import contextlib
import contextvars
import datetime as dt
import functools
import http.client
import ipaddress
import itertools
import re
import socket
import ssl
import threading
import time
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Length
from django.utils.text import slugify

from .models import (
    Actor,
    Event,
    EventSource,
    EventType,
    Source,
    Statement,
    Status,
    text_fingerprint,
)
from .urls import normalise_url, validate_http_url

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
FETCH_TIMEOUT_SECONDS = 10
ALLOWED_EXTENSIONS = (".txt", ".html", ".htm")
SIMILARITY_THRESHOLD = 0.8
USER_AGENT = "rj-timeline-importer/1.0 (+editor-initiated fetch)"


class ImportRejected(Exception):
    """Input that cannot be imported; the message is written for the editor."""


# --- Time limit -----------------------------------------------------------------------------

# One import (reading, fetching, cleaning, quotations, matching, the duplicate check) gets
# this long in all (settings.IMPORT_TIME_LIMIT_SECONDS), so that no input can hold a web
# worker for minutes. The stages check the clock between steps of bounded size.
IMPORT_TIME_LIMIT_SECONDS = 30
_deadline: contextvars.ContextVar[tuple[float, float] | None] = contextvars.ContextVar(
    "import_deadline", default=None
)


class ImportTooSlow(ImportRejected):
    """The import went over its overall time limit."""


def import_time_limit() -> float:
    return float(getattr(settings, "IMPORT_TIME_LIMIT_SECONDS", IMPORT_TIME_LIMIT_SECONDS))


@contextlib.contextmanager
def time_limit(seconds: float | None = None):
    """Run one import under an overall time limit; inside another, the outer one holds."""
    if _deadline.get() is not None:
        yield
        return
    seconds = import_time_limit() if seconds is None else seconds
    token = _deadline.set((time.monotonic() + seconds, seconds))
    try:
        yield
    finally:
        _deadline.reset(token)


def time_left() -> float | None:
    """Seconds left for the current import (None outside one)."""
    current = _deadline.get()
    return None if current is None else current[0] - time.monotonic()


def limited(func):
    """Decorator: the function runs under the import's time limit (its own if none is set)."""

    @functools.wraps(func)
    def run(*args, **kwargs):
        with time_limit():
            check_time()
            return func(*args, **kwargs)

    return run


def check_time() -> None:
    current = _deadline.get()
    if current is not None and time.monotonic() > current[0]:
        raise ImportTooSlow(
            f"Reading this article took longer than the {current[1]:g}-second limit for one "
            "import, so it was stopped and nothing was saved. Paste just the article's own "
            "text, or save the page without its comments and link lists, and try again."
        )


# --- Results --------------------------------------------------------------------------------


@dataclass
class DraftStatement:
    """A quotation found in the article, not saved until an editor confirms it."""

    text: str
    speaker_name: str = ""
    speaker_title: str = ""
    speaker_kind: str = Actor.Kind.PERSON
    speaker: Actor | None = None
    language: str = "en"
    context: str = ""


@dataclass
class Article:
    text: str
    title: str = ""
    title_guessed: bool = False
    url: str = ""
    publisher_name: str = ""
    publisher: Actor | None = None
    credit: str = ""
    author: str = ""
    published_on: dt.date | None = None
    language: str = "en"
    kind: str = Source.Kind.NEWS
    statements: list[DraftStatement] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    # An existing actor of another kind with the publisher's name (a ministry publishing its
    # own statement): not offered as a new outlet, which would duplicate it.
    publisher_other_kind: Actor | None = None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


# --- Reading input --------------------------------------------------------------------------

_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"GIF8": "a GIF image",
    b"\xff\xd8\xff": "a JPEG image",
    b"PK\x03\x04": "a ZIP archive (or a Word/OpenDocument file)",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
    b"\x7fELF": "a program",
}
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|article|main|div|p)[\s>]", re.I)


def check_size(size: int) -> None:
    if size > MAX_ARTICLE_BYTES:
        raise ImportRejected(
            f"The file is too large ({size / 1024 / 1024:.1f} MB); articles are accepted up to "
            f"{MAX_ARTICLE_BYTES // 1024 // 1024} MB. Save just the article page, "
            "or paste its text."
        )


def decode_bytes(data: bytes) -> str:
    """Text from bytes, refusing anything that is not text."""
    if not data.strip():
        raise ImportRejected("The file is empty.")
    check_size(len(data))
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            raise ImportRejected(
                f"This looks like {what}, not an article. Upload the page saved as .html or .txt, "
                "or paste its text."
            )
    head = data[:8192]
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected("This file is binary, not text. Upload an .html or .txt file.")
    text = None
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            pass
    if text is None:
        declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", head)
        if declared:
            try:
                text = data.decode(declared.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                text = None
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise ImportRejected("The file's text encoding could not be recognised.")
        text = str(best)
    controls = sum(
        1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if controls > max(20, len(text[:20000]) // 50):
        raise ImportRejected("This file is binary, not text. Upload an .html or .txt file.")
    if not text.strip():
        raise ImportRejected("The file is empty.")
    return text


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.search(text[:5000]))


@limited
def read_file(name: str, data: bytes) -> Article:
    """An uploaded or local file (.txt or .html) → article."""
    lower = name.lower()
    if not lower.endswith(ALLOWED_EXTENSIONS):
        raise ImportRejected("Only .txt and .html files can be imported.")
    text = decode_bytes(data)
    is_html = lower.endswith((".html", ".htm")) or looks_like_html(text)
    return parse_article(text, is_html=is_html)


# --- Fetching -------------------------------------------------------------------------------
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


def _fetch_once(url: str, deadline: _Deadline) -> tuple[str | None, FetchedPage | None]:
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
        if content_type not in PAGE_TYPES:
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


def fetch_url(url: str, timeout: float | None = None) -> FetchedPage:
    """Fetch one page, only when an editor asks: http(s), public addresses, one deadline
    (``timeout``, else settings.IMPORT_FETCH_SECONDS, never past the import's time limit),
    redirects checked again, size cap."""
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
            target, page = _fetch_once(url, deadline)
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


@limited
def read_url(url: str) -> Article:
    page = fetch_url(url)
    text = decode_bytes(page.data)
    article = parse_article(text, is_html=page.content_type != "text/plain", url=page.url)
    article.url = article.url or page.url
    return article


# --- Text helpers ---------------------------------------------------------------------------

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")
_KANA = re.compile(r"[\u3040-\u30ff\uff66-\uff9f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UKRAINIAN = re.compile(r"[іїєґІЇЄҐ]")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")
# Control characters except tab and newline, lone surrogates, private-use characters.
_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\U000f0000-\U0010ffff]"
)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\ufeff]")
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”’»」』)）]*$|[\"”»」』]$")


def plain(text: str) -> str:
    """Plain text: NFC, no control characters, no markup that slipped through."""
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return _TAG.sub("", text)


def detect_language(text: str, hint: str = "") -> str:
    sample = text[:20000]
    cjk, kana = len(_CJK.findall(sample)), len(_KANA.findall(sample))
    cyrillic, latin = len(_CYRILLIC.findall(sample)), len(_LATIN.findall(sample))
    letters = cjk + cyrillic + latin or 1
    if cjk / letters > 0.3:
        return "ja" if kana else "zh"
    if cyrillic / letters > 0.3:
        return "uk" if len(_UKRAINIAN.findall(sample)) > cyrillic / 100 else "ru"
    hint = (hint or "").lower()[:2]
    if hint in {"de", "fr"}:
        return hint
    return "en"


def _words(text: str) -> int:
    return len(text.split())


def _is_cjk(text: str) -> bool:
    return len(_CJK.findall(text)) > len(text) / 3


def is_prose(unit: str) -> bool:
    """A real paragraph: several words that end like a sentence (or a long run of them)."""
    if _is_cjk(unit):
        return len(unit) >= 20 and bool(_SENTENCE_END.search(unit))
    words = _words(unit)
    if words >= 25:
        return True
    ending = _SENTENCE_END.search(unit)
    # A question is also how headlines in link lists end; it needs more words to count.
    return bool(ending) and words >= (8 if unit.rstrip().endswith("?") else 4)


def is_headline(unit: str) -> bool:
    """A heading or a link in a list: short, and does not end like a sentence."""
    if _is_cjk(unit):
        return len(unit) <= 80 and not unit.endswith(("。", "」"))
    return (
        _words(unit) <= 30 and len(unit) <= 250 and not unit.rstrip().endswith((".", ":", ";", ","))
    )


# --- Boilerplate ----------------------------------------------------------------------------

# Headings that introduce a list of links to other articles (the items are dropped too).
LIST_HEADING = re.compile(
    r"\b(?:popular(?:\s+(?:articles?|stories|news|now))?|most\s+(?:read|viewed|popular|shared|"
    r"commented)|access\s+ranking|ranking|trending(?:\s+now)?|related(?:\s+(?:articles?|stories|"
    r"news|coverage|content|links|materials|posts|topics))?|read\s+(?:more|also|next)|also\s+read|"
    r"see\s+also|more\s+(?:from|on|stories|news|in|articles|headlines)\b.*|recommended(?:\s+for\s+you)?|"
    r"you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)|editor[’']?s\s+picks|"
    r"latest\s+(?:news|stories|headlines)|top\s+(?:stories|news)|further\s+reading|"
    r"around\s+the\s+web|don[’']t\s+miss|what\s+to\s+read\s+next|in\s+other\s+news)\b"
    r"|читайте\s+также|по\s+теме|популярное|самое\s+(?:читаемое|популярное|интересное)|"
    r"новости\s+партн[её]ров|ещ[её]\s+по\s+теме|рекомендуем|"
    r"関連(?:記事|ニュース|リンク|情報)?|アクセスランキング|ランキング|人気(?:記事|ニュース)?|"
    r"おすすめ(?:記事)?|こちらもおすすめ|あわせて読みたい|注目(?:記事|ニュース)",
    re.I,
)
# A single line pointing elsewhere: "Read more: <headline>".
LINK_PROMPT = re.compile(
    r"^(?:read\s+(?:more|also|next)|also\s+read|related|see\s+also|more|watch|listen|"
    r"читайте\s+также|関連記事)\s*[:：|»›>\-–—]\s*\S",
    re.I,
)
# Whole-line chrome: navigation, share prompts, ads, sign-up buttons.
CHROME_LINE = re.compile(
    r"^(?:home|menu|search|skip\s+to\s+(?:main\s+)?content|back\s+to\s+top|top|next|previous|"
    r"next\s+article|previous\s+article|print(?:\s+version)?|e-?mail|tweet|share|"
    r"share\s+(?:this|on|us|via)\b.*|on\s+your\s+social\s+networks:?|follow\s+us\b.*|"
    r"like\s+us\s+on\b.*|copy\s+link|advertisement|sponsored(?:\s+content)?|"
    r"sign\s*(?:up|in)\b.*|log\s*in|register|subscribe\b.*|no\s+thanks|accept(?:\s+all)?|"
    r"comments?(?:\s*\(\d+\))?|leave\s+a\s+comment|tags?:.*|topics?:.*|filed\s+under:?.*|"
    r"explore\s+more\b.*|discover\s+more\b.*|get\s+the\s+(?:latest|best)\b.*|"
    r"(?:facebook|twitter|x|linkedin|whatsapp|telegram|vk|vkontakte|reddit|line|email|"
    r"print|copy link)(?:\s+(?:facebook|twitter|x|linkedin|whatsapp|telegram|vk|vkontakte|"
    r"reddit|line|email|print|copy link))*|"
    r"поделиться|реклама|главная|подписывайтесь\b.*|подпишитесь\b.*|"
    r"ホーム|本文へ(?:移動|スキップ)|(?:この)?ページの(?:トップ|先頭)へ(?:戻る)?|この記事をシェア(?:する)?|"
    r"シェア(?:する)?|広告|印刷|メールで送る|#{3,}|-{3,}|\*{3,}|•|-|–|—|·|\|)$",
    re.I,
)
# Phrases that mark a whole block as legal, sign-up or cookie boilerplate wherever it is.
BOILERPLATE_PHRASE = re.compile(
    r"legal\s+disclaimer|without\s+warranty|(?:do|does)\s+not\s+(?:accept|assume)\s+any\s+"
    r"(?:responsibility|liability)|all\s+rights\s+reserved|no\s+reproduction|"
    r"reproduction\s+(?:is\s+)?(?:prohibited|forbidden)|^\s*(?:©|\(c\)|copyright\b)|"
    r"views\s+(?:and\s+opinions\s+)?expressed|auto-generated\s+from\s+a\s+syndicated\s+feed|"
    r"has\s+not\s+been\s+edited\s+by|"
    r"reference\s+to\s+the\s+source\s+is\s+required|\d\s*min(?:ute)?s?\s+read\b|"
    r"^media\s+(?:contact|enquiries|inquiries)|^(?:tel|phone|fax|e-?mail)\s*[:.]|"
    r"все\s+права\s+защищены|при\s+(?:использовании|цитировании)\s+материалов|"
    r"подписывайтесь\s+на|無断(?:転載|複製)|著作権",
    re.I,
)
# Sign-up and cookie prompts: these words also occur in news ("the ministry's newsletter"),
# so they count only in text that speaks to the reader.
READER_PROMPT = re.compile(
    r"newsletter|e-?mail\s+alert|sign(?:ing)?[\s-]*up\b|subscri(?:be|ption|ber)|unsubscribe|"
    r"terms\s*(?:&|and)\s*conditions|terms\s+of\s+(?:use|service)|privacy\s+policy|cookies?\b|"
    r"inbox|free\s+trial|unlimited\s+access",
    re.I,
)
READER_ADDRESS = re.compile(
    r"\b(?:you|your|our|us)\b|^(?:sign|subscribe|get|join|follow|download|register|click|"
    r"read|don[’']t|never|stay|try|start|enter|accept)\b",
    re.I,
)
# Photo captions ("… (Photo: Japan Coast Guard)", "Photo: Reuters") and advert markers.
CAPTION = re.compile(
    r"^(?:photo|file\s+photo|image|picture|фото|写真)\s*[:：]|"
    r"[(（]\s*(?:photo|file\s+photo|image|picture|фото|写真)\b[^)）]*[)）]\s*$",
    re.I,
)
ADVERT = re.compile(
    r"\badvertisement\b|story\s+continues\s+below|continue\s+reading\b|^sponsored\b|"
    r"реклама|広告",
    re.I,
)
WIRE_ID = re.compile(r"^(?:MENAFN\d{8,}ID\d+|[A-Z]{3,10}\d{10,}(?:ID\d+)?|\[?ID:\s*\d+\]?)$")
BARE_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
BREADCRUMB = re.compile(r"^[^.!?。]{1,40}(?:\s*[>›»/]\s*[^.!?。]{1,40}){2,}$")
SOURCE_URL_LINE = re.compile(
    r"^(?:(?P<label>url|source|link|original|источник|ссылка|出典|出所|URL)\s*[:：]\s*)?"
    r"(?P<url>https?://\S+)$",
    re.I,
)
RANK_ITEM = re.compile(r"^(?:\d{1,2}[.)]?\s+|[-•*·–]\s+)")
REPORTING_CREDIT = re.compile(
    r"^\(\s*(?:reporting|writing|additional\s+reporting|compiled)\s+by\s+(?P<who>[^;)]+?)"
    r"(?:\s+in\s+[A-Z][\w ]+?)?(?:;.*)?\)$",
    re.I,
)
LEADING_LABEL = re.compile(
    r"^(?:press\s+release|news\s+release|for\s+immediate\s+release|statement|comment|"
    r"breaking(?:\s+news)?|exclusive|update\d*|analysis|opinion|пресс-релиз|報道発表|談話)$",
    re.I,
)


def is_boilerplate(unit: str) -> bool:
    stripped = unit.strip()
    if CHROME_LINE.match(stripped) or WIRE_ID.match(stripped) or BARE_URL.match(stripped):
        return True
    if CAPTION.search(stripped) and not is_prose(CAPTION.sub("", stripped)):
        return True
    if ADVERT.search(stripped) and _words(stripped) <= 8:
        return True
    if LINK_PROMPT.match(stripped) and _words(stripped) <= 25:
        return True
    if BREADCRUMB.match(stripped) and not is_prose(stripped):
        return True
    # Legal, sign-up and cookie text is short-to-medium; a long paragraph that merely
    # mentions one of these words is article text.
    if _words(stripped) > 80 and not _is_cjk(stripped):
        return False
    if BOILERPLATE_PHRASE.search(stripped):
        return True
    return bool(READER_PROMPT.search(stripped) and READER_ADDRESS.search(stripped))


def is_list_heading(unit: str) -> bool:
    stripped = unit.strip().rstrip(":：")
    if len(stripped) > 60 or (_SENTENCE_END.search(stripped) and not stripped.endswith(('"', "”"))):
        return False
    if _is_cjk(stripped):
        return len(stripped) <= 15 and bool(LIST_HEADING.search(stripped))
    return _words(stripped) <= 6 and bool(LIST_HEADING.search(stripped))


# --- Dates ----------------------------------------------------------------------------------

_EN_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_EN_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_EN_MONTHS["sept"] = 9
_RU_MONTHS = {
    "января": 1,
    "февраля": 2,
    "марта": 3,
    "апреля": 4,
    "мая": 5,
    "июня": 6,
    "июля": 7,
    "августа": 8,
    "сентября": 9,
    "октября": 10,
    "ноября": 11,
    "декабря": 12,
}
_MONTH_EN = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_MONTH_RU = "|".join(_RU_MONTHS)
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
DATE_PATTERNS = [
    (
        re.compile(
            rf"\b(?P<month>{_MONTH_EN})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\b",
            re.I,
        ),
        "en",
    ),
    (
        re.compile(
            rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>{_MONTH_EN})\.?,?\s+(?P<year>\d{{4}})\b",
            re.I,
        ),
        "en",
    ),
    (re.compile(rf"\b(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_RU})\s+(?P<year>\d{{4}})", re.I), "ru"),
    (re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?!\d)"), "num"),
    (re.compile(r"\b(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})\b"), "num"),
    (re.compile(r"(?P<year>\d{4})年\s*(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日"), "num"),
    (
        re.compile(
            r"(?P<era>令和|平成|昭和)\s*(?P<year>\d{1,2}|元)年\s*(?P<month>\d{1,2})月\s*(?P<day>\d{1,2})日"
        ),
        "era",
    ),
]
MENAFN_ID = re.compile(r"MENAFN(?P<day>\d{2})(?P<month>\d{2})(?P<year>\d{4})\d*ID\d+")
# What may surround a date on a line that is only a dateline: times, zones, labels.
DATELINE_NOISE = re.compile(
    r"T?\d{1,2}[:.]\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?\s*(?:[ap]\.?m\.?)?|\d{1,2}時\d{1,2}分|\b(?:[A-Z]{2,4}|UTC|GMT)"
    r"(?:[+-]\d{1,2})?\b|\b(?:published|updated|posted|last\s+updated|on|at|date)\b|"
    r"опубликовано|обновлено|更新|公開|\b\d{1,2}\s*min(?:ute)?s?\s+read\b|[|,:·•()\-–—]",
    re.I,
)


def _date_from_match(match: re.Match, style: str) -> dt.date | None:
    try:
        parts = match.groupdict()
        if style == "en":
            month = _EN_MONTHS[parts["month"].lower().rstrip(".")]
        elif style == "ru":
            month = _RU_MONTHS[parts["month"].lower()]
        else:
            month = int(parts["month"])
        if style == "era":
            year = 1 if parts["year"] == "元" else int(parts["year"])
            year += _ERAS[parts["era"]]
        else:
            year = int(parts["year"])
        return dt.date(year, month, int(parts["day"]))
    except (KeyError, ValueError):
        return None


def find_date(text: str) -> tuple[dt.date | None, re.Match | None]:
    """The first full date written in ``text`` (English, Russian, Japanese or numeric)."""
    best: tuple[int, dt.date, re.Match] | None = None
    for pattern, style in DATE_PATTERNS:
        for match in pattern.finditer(text):
            found = _date_from_match(match, style)
            if found and 1900 < found.year < 2200 and (best is None or match.start() < best[0]):
                best = (match.start(), found, match)
            if found:
                break
    return (best[1], best[2]) if best else (None, None)


def is_dateline(unit: str) -> dt.date | None:
    """The date, when ``unit`` is nothing but a date (with time, zone or a label)."""
    if len(unit) > 80:
        return None
    found, match = find_date(unit)
    if not found:
        return None
    rest = DATELINE_NOISE.sub(" ", unit[: match.start()] + " " + unit[match.end() :])
    return found if not rest.strip() else None


def date_from_menafn(text: str) -> dt.date | None:
    match = MENAFN_ID.search(text)
    if not match:
        return None
    try:
        return dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
    except ValueError:
        return None


# --- Outlets --------------------------------------------------------------------------------

# Markers that name the outlet a plain-text copy came from.
OUTLET_MARKERS = [
    (re.compile(r"\bJN\s+ACCESS\s+RANKING\b|\bjapannews\.yomiuri\b"), "The Japan News"),
    (re.compile(r"^\(MENAFN\)|MENAFN\d{8,}ID\d+", re.M), "MENAFN"),
    (re.compile(r"—\s*РИА\s+Новости\.|\bРИА\s+Новости\b"), "РИА Новости"),
    (re.compile(r"/ТАСС/|\bТАСС\b"), "ТАСС"),
    (re.compile(r"/TASS/"), "TASS"),
]
WIRE_AGENCIES = {
    "reuters": "Reuters",
    "ap": "AP",
    "associated press": "AP",
    "afp": "AFP",
    "kyodo": "Kyodo",
    "kyodo news": "Kyodo",
    "jiji": "Jiji Press",
    "jiji press": "Jiji Press",
    "tass": "TASS",
    "xinhua": "Xinhua",
    "bloomberg": "Bloomberg",
    "interfax": "Interfax",
    "ria novosti": "RIA Novosti",
    "yonhap": "Yonhap",
    "efe": "EFE",
    "dpa": "dpa",
    "ians": "IANS",
    "ani": "ANI",
    "риа новости": "РИА Новости",
    "тасс": "ТАСС",
    "интерфакс": "Интерфакс",
    "共同": "共同通信",
    "時事": "時事通信",
}
KNOWN_DOMAINS = {
    "reuters.com": "Reuters",
    "apnews.com": "AP",
    "afp.com": "AFP",
    "kyodonews.net": "Kyodo News",
    "japantimes.co.jp": "The Japan Times",
    "japannews.yomiuri.co.jp": "The Japan News",
    "asahi.com": "The Asahi Shimbun",
    "mainichi.jp": "The Mainichi",
    "nhk.or.jp": "NHK",
    "nippon.com": "Nippon.com",
    "japantoday.com": "Japan Today",
    "tass.com": "TASS",
    "tass.ru": "ТАСС",
    "ria.ru": "РИА Новости",
    "interfax.ru": "Интерфакс",
    "themoscowtimes.com": "The Moscow Times",
    "menafn.com": "MENAFN",
    "mid.ru": "The Ministry of Foreign Affairs of the Russian Federation",
    "mofa.go.jp": "Ministry of Foreign Affairs of Japan",
    "kremlin.ru": "President of Russia",
    "kantei.go.jp": "Prime Minister's Office of Japan",
    "mod.go.jp": "Ministry of Defense of Japan",
}
OFFICIAL_DOMAINS = (
    "mid.ru",
    "mofa.go.jp",
    "kremlin.ru",
    "kantei.go.jp",
    "mod.go.jp",
    "mil.ru",
    "government.ru",
    "go.jp",
    "gov.ru",
    ".gov",
)
OFFICIAL_PUBLISHER = re.compile(
    r"\b(?:ministry|embassy|consulate|government|cabinet|office\s+of|president\s+of|"
    r"prime\s+minister)\b|министерств|посольств|правительств|外務省|防衛省|大使館|官邸|政府",
    re.I,
)
WIRE_DATELINE = re.compile(
    r"^(?:[A-ZА-ЯЁ][A-ZА-ЯЁ .'’-]{1,40},\s*)?(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?\s*)?"
    r"\((?P<agency>[A-Za-z][A-Za-z .-]{1,30})\)\s*[-–—]{1,2}"
)
RU_DATELINE = re.compile(
    r"^[А-ЯЁ][А-ЯЁ -]{1,40},\s*\d{1,2}\s+\w+\s*[—–-]\s*(?P<agency>[^.]{2,30})\."
)
COPYRIGHT_HOLDER = re.compile(
    r"^(?:copyright\s*)?(?:©|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?P<who>[^.]{2,80}?)"
    r"(?:\.|\s+all\s+rights|$)",
    re.I,
)


def _agency(name: str) -> str:
    return WIRE_AGENCIES.get(name.strip().lower().rstrip("."), "")


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def _known_domain(url: str) -> str:
    host = _host(url)
    for domain, name in KNOWN_DOMAINS.items():
        if host == domain or host.endswith("." + domain):
            return name
    return ""


# --- Cleaning -------------------------------------------------------------------------------


def _units(text: str) -> list[str]:
    """Paragraph units: one per line, except hard-wrapped blocks, which are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        # Collapse spaces but keep the ideographic space (U+3000), which Japanese text uses
        # as punctuation ("…か　防衛省が発表").
        lines = [re.sub(r"[^\S\n\u3000]+", " ", line).strip(" \t") for line in block.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            continue
        body = lines[:-1]
        wrapped = (
            len(lines) >= 2
            and all(40 <= len(line) <= 100 for line in body)
            and max(len(line) for line in lines) <= 100
            and sum(not _SENTENCE_END.search(line) for line in body) >= len(body) / 2
            and not any(RANK_ITEM.match(line) for line in lines)
        )
        if wrapped:
            units.append(" ".join(lines))
        else:
            units.extend(lines)
    return units


@dataclass
class _Cleaned:
    paragraphs: list[str]
    dropped: list[str]
    title: str = ""
    author: str = ""
    dateline: dt.date | None = None
    labels: list[str] = field(default_factory=list)
    copyright_holder: str = ""
    leading_org: str = ""
    url: str = ""


def clean_text(text: str, known_title: str = "") -> _Cleaned:
    """Split the text into units and keep the article's paragraphs."""
    units = _units(plain(text))
    drop: dict[int, str] = {}
    result = _Cleaned(paragraphs=[], dropped=[])

    # 0. A saved copy may name its address at the top ("URL: https://…").
    for i, unit in enumerate(units[:5]):
        if is_prose(unit):
            break
        match = SOURCE_URL_LINE.match(unit.strip())
        if match and (match["label"] or i == 0):
            result.url = match["url"]
            drop[i] = "url"
            break

    # 1. Blocks recognised by what they are, wherever they stand.
    index = 0
    while index < len(units):
        check_time()
        unit = units[index]
        if index in drop:
            index += 1
            continue
        if is_list_heading(unit):
            drop[index] = "list"
            index += 1
            # The list items: bullets, numbers and headlines, up to the next real paragraph.
            while index < len(units) and not (
                is_prose(RANK_ITEM.sub("", units[index])) and not RANK_ITEM.match(units[index])
            ):
                if not (
                    is_headline(units[index])
                    or RANK_ITEM.match(units[index])
                    or is_boilerplate(units[index])
                    or is_list_heading(units[index])
                ):
                    break
                drop[index] = "list"
                index += 1
            continue
        if is_boilerplate(unit):
            holder = COPYRIGHT_HOLDER.match(unit)
            if holder and not result.copyright_holder:
                result.copyright_holder = holder["who"].strip(" ,")
            drop[index] = "boilerplate"
        index += 1

    kept = [i for i in range(len(units)) if i not in drop]
    prose = [i for i in kept if is_prose(units[i])]
    first_prose = prose[0] if prose else len(units)

    # A short heading over a sign-up or legal block ("Get the Morning Brief") belongs to it.
    for i in kept:
        if (
            i > first_prose
            and drop.get(i + 1) == "boilerplate"
            and (BOILERPLATE_PHRASE.search(units[i + 1]) or READER_PROMPT.search(units[i + 1]))
            and is_headline(units[i])
            and (_words(units[i]) <= 8 or _is_cjk(units[i]))
        ):
            drop[i] = "boilerplate"
    kept = [i for i in kept if i not in drop]
    prose = [i for i in prose if i not in drop]
    last_prose = prose[-1] if prose else -1

    # 2. Before the article: title, dateline, byline, labels; everything else is chrome.
    title_candidates = []
    for i in kept:
        if i >= first_prose:
            break
        unit = units[i]
        date = is_dateline(unit)
        if date:
            result.dateline = result.dateline or date
            drop[i] = "dateline"
        elif byline := _byline(unit):
            result.author = result.author or byline
            drop[i] = "byline"
        elif LEADING_LABEL.match(unit.strip()):
            result.labels.append(unit.strip())
            drop[i] = "label"
        elif known_title and _same_title(unit, known_title):
            drop[i] = "title"
        else:
            title_candidates.append(i)
            drop[i] = "leading"
    if not known_title and title_candidates:
        # The headline sits next to its byline or date line; otherwise take the longest.
        meta = {i for i, reason in drop.items() if reason in {"byline", "dateline"}}
        best = max(
            (i for i in title_candidates if is_headline(units[i])),
            key=lambda i: (
                bool({i - 1, i + 1} & meta),
                len(units[i].split()) if not _is_cjk(units[i]) else len(units[i]) / 4,
                -i,
            ),
            default=None,
        )
        if best is not None and (_words(units[best]) >= 3 or _is_cjk(units[best])):
            result.title = units[best]
            drop[best] = "title"
            for i in title_candidates:
                if i != best and OFFICIAL_PUBLISHER.search(units[i]) and is_headline(units[i]):
                    result.leading_org = result.leading_org or units[i]

    # 3. After the article: whatever is not prose (credits, tags, buttons, stray words).
    for i in kept:
        if i > last_prose:
            credit = REPORTING_CREDIT.match(units[i])
            if credit and not result.author:
                result.author = credit["who"].strip()
            drop[i] = "trailing"
        elif first_prose <= i and REPORTING_CREDIT.match(units[i]):
            drop[i] = "credit"

    result.paragraphs = [units[i] for i in range(len(units)) if i not in drop]
    # What the editor is shown as removed: not what became metadata.
    metadata = {"title", "dateline", "url", "byline"}
    result.dropped = [units[i] for i in sorted(drop) if drop[i] not in metadata]
    return result


# Case matters in the names (only they are capitalised), not in the label before them.
_BYLINE = re.compile(
    r"^(?i:by|written\s+by|author:|автор:?|текст:)\s+"
    r"(?P<who>[A-ZА-ЯЁ][\w.'’-]+(?:\s+[A-ZА-ЯЁ][\w.'’-]+){0,3}"
    r"(?:\s*(?:,|and|и)\s+[A-ZА-ЯЁ][\w.'’-]+(?:\s+[A-ZА-ЯЁ][\w.'’-]+){0,3})*)"
)


def _byline(unit: str) -> str:
    if len(unit) > 120:
        return ""
    match = _BYLINE.match(unit.strip())
    if not match:
        return ""
    who = match["who"].strip()
    agency = _agency(who.removesuffix(" Staff").removesuffix(" staff"))
    return agency or who


def _same_title(unit: str, title: str) -> bool:
    def fold(value: str) -> str:
        return re.sub(r"\W+", " ", value.casefold()).strip()

    return fold(unit) == fold(title) or (len(title) > 20 and fold(unit).startswith(fold(title)))


def guess_title(paragraphs: Sequence[str], limit: int = 120) -> str:
    """The first sentence, without its dateline, shortened: a suggestion for the editor."""
    if not paragraphs:
        return ""
    first = paragraphs[0]
    first = re.sub(
        r"^(?:[A-ZА-ЯЁ][A-ZА-ЯЁ .'’-]+,\s*(?:[A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?)?\s*)?"
        r"(?:\([^)]{1,30}\)\s*)?[-–—]{1,2}\s*",
        "",
        first,
    )
    first = re.sub(r"^\([A-Za-z ]{2,20}\)\s*", "", first)
    sentence = re.split(r"(?<=[.!?。])\s", first, maxsplit=1)[0].strip()
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return sentence


# --- Parsing --------------------------------------------------------------------------------


@dataclass
class _HtmlMeta:
    title: str = ""
    site_name: str = ""
    author: str = ""
    published: dt.date | None = None
    url: str = ""
    lang: str = ""


def _html_meta(html: str) -> _HtmlMeta:
    """The page's own metadata, read from its meta tags (more reliable than guessing)."""
    from lxml import html as lxml_html

    meta = _HtmlMeta()
    try:
        tree = lxml_html.fromstring(html.encode("utf-8"))
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return meta
    values: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = (tag.get("content") or "").strip()
        if key and content and key not in values:
            values[key] = content
    meta.title = values.get("og:title") or values.get("twitter:title") or ""
    meta.site_name = values.get("og:site_name") or values.get("application-name") or ""
    meta.author = values.get("author") or values.get("article:author") or ""
    if meta.author.startswith(("http://", "https://")):
        meta.author = ""
    for key in (
        "article:published_time",
        "datepublished",
        "pubdate",
        "date",
        "dc.date",
        "dc.date.issued",
        "og:published_time",
        "publish-date",
        "sailthru.date",
    ):
        if values.get(key):
            found, _ = find_date(values[key])
            if found:
                meta.published = found
                break
    if meta.published is None:
        meta.published = _date_element(tree)
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            meta.url = link.get("href").strip()
            break
    meta.url = meta.url or values.get("og:url", "")
    meta.lang = tree.get("lang") or ""
    return meta


def _date_element(tree) -> dt.date | None:
    """The first element after the headline that holds nothing but a date.

    Extraction libraries drop a page's date line together with the rest of its chrome;
    government pages in particular carry the date only there ("令和4年9月27日").
    """
    seen_h1 = False
    first: dt.date | None = None
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in {"script", "style", "head", "title"}:
            continue
        if element.tag == "h1":
            seen_h1 = True
            continue
        if element.tag == "time" and element.get("datetime"):
            found, _ = find_date(element.get("datetime"))
        else:
            own = " ".join((element.text or "").split())
            found = is_dateline(own) if own and len(element) == 0 else None
        if found:
            if seen_h1:
                return found
            first = first or found
    return first


def _extract_html(html: str, url: str = ""):
    import trafilatura

    # Recall first: every paragraph of the article must survive; the text cleaner below
    # removes what trafilatura lets through. Comments and tables are never article text here.
    return trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        favor_recall=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        deduplicate=False,
    )


@limited
def parse_article(content: str, *, is_html: bool | None = None, url: str = "") -> Article:
    """Clean text and metadata from a page or a plain-text copy (no database writes)."""
    if is_html is None:
        is_html = looks_like_html(content)
    meta = _HtmlMeta()
    body = content
    if is_html:
        meta = _html_meta(content)
        doc = _extract_html(content, url)
        if doc is None or not (doc.text or "").strip():
            raise ImportRejected("No article text could be found in this page.")
        body = doc.text
        meta.title = meta.title or (doc.title or "")
        # trafilatura falls back to the host name ("japantimes.co.jp"); a known outlet's
        # proper name is better.
        meta.site_name = meta.site_name or _known_domain(url or meta.url) or (doc.sitename or "")
        meta.author = meta.author or (doc.author or "")
        if meta.published is None and doc.date:
            meta.published, _ = find_date(doc.date)
    cleaned = clean_text(body, known_title=plain(meta.title).strip())
    text = "\n\n".join(cleaned.paragraphs)
    if not text.strip():
        raise ImportRejected(
            "No article text was found: the input holds only boilerplate or nothing readable."
        )

    article = Article(text=text, dropped=cleaned.dropped)
    article.url = _preferred_url(url, meta.url) or cleaned.url
    if article.url:
        try:
            article.url = normalise_url(article.url)
        except ValidationError:
            article.url = ""
    article.language = detect_language(text, meta.lang)

    # Title: the page's own, else a headline line, else a suggestion from the first sentence.
    article.title = plain(meta.title).strip() or cleaned.title
    if not article.title:
        article.title = guess_title(cleaned.paragraphs)
        article.title_guessed = bool(article.title)

    # Date: meta tags, then a dateline, then a wire ID, then the first date in the text.
    raw = plain(content if not is_html else body)
    article.published_on = (
        meta.published
        or cleaned.dateline
        or date_from_menafn(raw)
        or find_date("\n".join(cleaned.paragraphs[:3]))[0]
    )

    # Publisher, credit and author.
    first = cleaned.paragraphs[0] if cleaned.paragraphs else ""
    credit = ""
    if (match := WIRE_DATELINE.match(first)) or (match := RU_DATELINE.match(first)):
        credit = _agency(match["agency"]) or match["agency"].strip()
    publisher = plain(meta.site_name).strip() or _known_domain(article.url)
    if not publisher:
        scan = raw if not is_html else content
        for pattern, name in OUTLET_MARKERS:
            if pattern.search(scan):
                publisher = name
                break
    publisher = (
        publisher or cleaned.leading_org or _copyright_outlet(cleaned.copyright_holder) or ""
    )
    if not publisher and credit:
        publisher, credit = _wire_publisher(credit), ""
    if credit and publisher and _same_outlet(credit, publisher):
        credit = ""
    article.publisher_name = publisher
    article.credit = credit
    author = plain(meta.author).strip() or cleaned.author
    if _agency(author.removesuffix(" Staff")) or _same_outlet(author, publisher):
        author = ""
    article.author = author

    article.kind = _kind(article, cleaned.labels)
    article.statements = find_quotes(text, article.language)
    return article


def _preferred_url(fetched: str, canonical: str) -> str:
    """The page's canonical address when it is on the same site (AMP and mobile copies,
    tracking variants), otherwise the address it was fetched from."""
    if not fetched:
        return canonical
    if canonical:
        site = re.compile(r"^(?:www|m|amp|mobile)\.")
        if site.sub("", _host(fetched)) == site.sub("", _host(canonical)):
            return canonical
    return fetched


def _copyright_outlet(holder: str) -> str:
    # "© 2003-2026 The Ministry … All rights reserved" names the outlet; a site's legal
    # entity with "Inc."/"LLC" is still the best we have.
    return holder if holder and len(holder) <= 80 and not holder.islower() else ""


def _wire_publisher(credit: str) -> str:
    return {"Kyodo": "Kyodo News"}.get(credit, credit)


def _same_outlet(a: str, b: str) -> bool:
    fold_a, fold_b = a.casefold().strip(), b.casefold().strip()
    if not fold_a or not fold_b:
        return False
    return fold_a == fold_b or fold_b.startswith(fold_a + " ") or fold_a.startswith(fold_b + " ")


def _kind(article: Article, labels: Iterable[str]) -> str:
    host = _host(article.url)
    if host and any(
        host == d.lstrip(".") or host.endswith("." + d.lstrip(".")) for d in OFFICIAL_DOMAINS
    ):
        return Source.Kind.OFFICIAL
    if article.publisher_name and OFFICIAL_PUBLISHER.search(article.publisher_name):
        return Source.Kind.OFFICIAL
    if any(
        re.search(r"press\s+release|statement|пресс-релиз|報道発表|談話", label, re.I)
        for label in labels
    ):
        return Source.Kind.OFFICIAL
    if article.publisher_name and _agency(article.publisher_name):
        return Source.Kind.WIRE
    return Source.Kind.NEWS


# --- Quotations: see the end of this module ---------------------------------------------


# --- Actors ---------------------------------------------------------------------------------


def _fold_name(name: str) -> str:
    name = unicodedata.normalize("NFKC", name).casefold()
    name = re.sub(r"^(?:the)\s+", "", name)
    return " ".join(re.sub(r"[^\w\s]", " ", name).split())


class ActorIndex:
    """Every actor's names and aliases, for matching names found in an article."""

    def __init__(self, actors: Iterable[Actor] | None = None) -> None:
        self.by_name: dict[str, list[Actor]] = {}
        self.by_last: dict[str, list[Actor]] = {}
        for actor in actors if actors is not None else Actor.objects.all():
            for name in actor.all_names:
                folded = _fold_name(name)
                if folded:
                    self.by_name.setdefault(folded, []).append(actor)
                if actor.kind == Actor.Kind.PERSON:
                    last = re.split(r"[\s・=]", name.strip())[-1]
                    if last:
                        self.by_last.setdefault(_fold_name(last), []).append(actor)

    def match(self, name: str, kind: str = "") -> Actor | None:
        folded = _fold_name(name)
        if not folded:
            return None
        for candidates in (self.by_name.get(folded, []),):
            unique = {a.pk: a for a in candidates if not kind or _kind_fits(a.kind, kind)}
            if len(unique) == 1:
                return next(iter(unique.values()))
        if kind in ("", Actor.Kind.PERSON):
            last = re.split(r"[\s・=]", name.strip())[-1]
            unique = {a.pk: a for a in self.by_last.get(_fold_name(last), [])}
            if len(unique) == 1:
                return next(iter(unique.values()))
            # Russian surnames change with case (Захарова / Захаровой): compare stems.
            if _CYRILLIC.search(last) and len(last) > 4:
                stem = _fold_name(last)[:-2]
                unique = {
                    a.pk: a
                    for key, actors in self.by_last.items()
                    if key.startswith(stem)
                    for a in actors
                }
                if len(unique) == 1:
                    return next(iter(unique.values()))
        return None


def _kind_fits(actual: str, wanted: str) -> bool:
    if wanted == Actor.Kind.PERSON:
        return actual == Actor.Kind.PERSON
    return actual != Actor.Kind.PERSON


@limited
def match_actors(article: Article, index: ActorIndex | None = None) -> Article:
    """Attach existing actors to the publisher and the statements' speakers."""
    index = index or ActorIndex()
    if article.publisher_name:
        found = index.match(article.publisher_name)
        article.publisher = found if found and found.kind == Actor.Kind.MEDIA else None
        article.publisher_other_kind = found if found and found.kind != Actor.Kind.MEDIA else None
        if article.publisher is None and found is None:
            # Outlets are often stored under their English name or a short form.
            for alias in _publisher_aliases(article.publisher_name):
                found = index.match(alias)
                if found and found.kind == Actor.Kind.MEDIA:
                    article.publisher = found
                    break
    for draft in article.statements:
        check_time()
        if draft.speaker_name:
            draft.speaker = index.match(draft.speaker_name, draft.speaker_kind)
    return article


def _publisher_aliases(name: str) -> list[str]:
    aliases = [re.sub(r"^the\s+", "", name, flags=re.I)]
    if name.startswith("The "):
        aliases.append(name[4:])
    return aliases


# --- Duplicates -----------------------------------------------------------------------------


def _shingles(text: str, size: int = 4) -> set[str]:
    folded = text.casefold()
    if _is_cjk(folded):
        chars = re.sub(r"\s+", "", folded)
        return {chars[i : i + size + 1] for i in range(max(1, len(chars) - size))}
    words = re.findall(r"\w+", folded)
    return {" ".join(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def similarity(a: str | set[str], b: str | set[str]) -> float:
    """Jaccard similarity of word 4-shingles (character shingles for Japanese)."""
    sa = a if isinstance(a, set) else _shingles(a)
    sb = b if isinstance(b, set) else _shingles(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


@limited
def find_duplicate(article: Article, recent: int = 500) -> Source | None:
    """An existing source with the same normalised URL or (nearly) the same text."""
    if article.url:
        found = Source.objects.filter(url=article.url).first()
        if found:
            return found
    fingerprint = text_fingerprint(article.text)
    if fingerprint:
        found = Source.objects.filter(text_hash=fingerprint).order_by("pk").first()
        if found:
            return found
    length = len(article.text)
    if length < 200:
        return None
    # Only sources of similar length can reach the threshold; compare the latest few hundred.
    candidates = (
        Source.objects.annotate(text_length=Length("text"))
        .filter(text_length__gte=int(length * 0.75), text_length__lte=int(length / 0.75) + 1)
        .order_by("-created_at", "-pk")
        .only("pk", "title", "text", "url")[:recent]
    )
    shingles = _shingles(article.text)
    for candidate in candidates:
        check_time()
        if similarity(shingles, candidate.text) >= SIMILARITY_THRESHOLD:
            return candidate
    return None


# --- Saving ---------------------------------------------------------------------------------


@dataclass
class ConfirmedStatement:
    text: str
    speaker: Actor | None = None
    new_speaker_name: str = ""
    new_speaker_kind: str = Actor.Kind.PERSON
    speaker_title: str = ""
    language: str = "en"


@dataclass
class NewEvent:
    title: str
    event_type: EventType
    date: dt.date


@dataclass
class SavedImport:
    source: Source
    event: Event | None = None
    statements: list[Statement] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)


class DuplicateSource(ImportRejected):
    def __init__(self, source: Source) -> None:
        self.source = source
        super().__init__(
            f"This article is already recorded as source #{source.pk} (“{source.title}”)."
        )


def _unique_slug(model, base: str, max_length: int) -> str:
    base = (slugify(base, allow_unicode=False) or "imported")[: max_length - 8].strip(
        "-"
    ) or "imported"
    slug, n = base, 2
    while model.objects.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


def get_or_create_actor(name: str, kind: str, user=None) -> tuple[Actor, bool]:
    name = " ".join(name.split())[:200]
    existing = ActorIndex().match(name, kind)
    if existing:
        return existing, False
    fields: dict = {"kind": kind, "created_by": user, "updated_by": user}
    if _CYRILLIC.search(name):
        fields["name_ru"] = name
    elif _CJK.search(name):
        fields["name_ja"] = name
    # Names in Cyrillic or Japanese have no ASCII slug: a short hash of the name stands in.
    base = name if slugify(name) else f"actor-{text_fingerprint(name)[:8]}"
    actor = Actor(name_en=name, slug=_unique_slug(Actor, base, 120), **fields)
    actor.save()
    return actor, True


@transaction.atomic
def save_import(
    article: Article,
    *,
    user=None,
    publisher: Actor | None = None,
    new_publisher_name: str = "",
    statements: Sequence[ConfirmedStatement] = (),
    event: Event | None = None,
    new_event: NewEvent | None = None,
) -> SavedImport:
    """Write the source, and the statements the editor confirmed, all or nothing.

    Everything is a draft: a new event is created with status draft, and a source only
    becomes public once a reviewer publishes an event it backs.
    """
    if not article.url:
        raise ImportRejected("The article's web address (URL) is needed to record it as a source.")
    try:
        article.url = normalise_url(article.url)
    except ValidationError as exc:
        raise ImportRejected(" ".join(exc.messages)) from None
    duplicate = find_duplicate(article)
    if duplicate:
        raise DuplicateSource(duplicate)
    if not article.text.strip():
        raise ImportRejected("There is no article text to save.")

    created_actors: list[Actor] = []
    if publisher is None and new_publisher_name.strip():
        publisher, created = get_or_create_actor(new_publisher_name, Actor.Kind.MEDIA, user)
        if created:
            created_actors.append(publisher)
    if publisher is not None and publisher.kind != Actor.Kind.MEDIA:
        raise ImportRejected(f"“{publisher}” is not a media outlet; choose an outlet as publisher.")

    source = Source(
        url=article.url,
        title=(article.title or article.url)[:500],
        publisher=publisher,
        credit=article.credit[:200],
        author=article.author[:300],
        published_on=article.published_on,
        language=article.language,
        kind=article.kind,
        text=article.text,
        created_by=user,
        updated_by=user,
    )
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError:
        existing = Source.objects.filter(url=article.url).first()
        if existing:
            raise DuplicateSource(existing) from None
        raise
    saved = SavedImport(source=source, actors=created_actors)
    if statements:
        saved.event = event_for(event, new_event, user)
        EventSource.objects.get_or_create(
            event=saved.event,
            source=source,
            defaults={"position": saved.event.source_links.count()},
        )
        saved.statements = add_statements(saved.event, source, statements, user, saved.actors)
    return saved


def event_for(event: Event | None, new_event: NewEvent | None, user) -> Event:
    if event is not None:
        return event
    if new_event is None:
        raise ImportRejected("Statements belong to an event: choose an event or name a new one.")
    created = Event(
        title=new_event.title[:300],
        slug=_unique_slug(Event, f"{new_event.date.isoformat()}-{new_event.title}", 200),
        summary="",
        event_type=new_event.event_type,
        status=Status.DRAFT,
        review_note="Created by article import: write the summary and check the date.",
        created_by=user,
        updated_by=user,
    )
    created.set_date(new_event.date.isoformat())
    created.save()
    return created


def add_statements(
    event: Event,
    source: Source,
    statements: Sequence[ConfirmedStatement],
    user=None,
    created_actors: list[Actor] | None = None,
) -> list[Statement]:
    """Statements confirmed by an editor, skipping ones already recorded for this event."""
    saved = []
    start = event.statements.count()
    for position, item in enumerate(statements, start=start):
        speaker = item.speaker
        if speaker is None:
            if not item.new_speaker_name.strip():
                raise ImportRejected(f"Choose who said “{item.text[:60]}…”, or discard it.")
            speaker, created = get_or_create_actor(
                item.new_speaker_name, item.new_speaker_kind, user
            )
            if created and created_actors is not None:
                created_actors.append(speaker)
        if Statement.objects.filter(event=event, speaker=speaker, text=item.text).exists():
            continue
        # said_on stays empty: when it was said is not known from the article alone.
        saved.append(
            Statement.objects.create(
                event=event,
                speaker=speaker,
                speaker_title=item.speaker_title[:200],
                text=item.text,
                language=item.language,
                kind=Statement.Kind.QUOTE,
                source=source,
                position=position,
                created_by=user,
                updated_by=user,
            )
        )
    return saved


# --- Quotations -----------------------------------------------------------------------------
#
# A quotation is offered with the speaker named around it: after it ("…," Zakharova said /
# said Foreign Minister X / — заявила Захарова / 」と述べた), or before it (X told Y that
# "…" / Как заявил X, «…» / X大臣は「…」). Pronouns and short references ("he", "the
# ministry", "the Ambassador", "Zakharova", 同氏) are resolved against the people and bodies
# named earlier in the same article.

QUOTE_PATTERNS = (
    re.compile(r"“([^“”]+)”"),
    re.compile(r"«((?:[^«»]|«[^«»]*»)+)»"),
    re.compile(r"„([^„“”]+)[“”]"),
    re.compile(r"「((?:[^「」]|「[^「」]*」)+)」"),
    re.compile(r"『([^『』]+)』"),
    re.compile(r'"([^"\n]+)"'),
)
EN_SPEECH = (
    r"(?:said|says|told|tells|added|adds|stated|states|wrote|writes|noted|notes|warned|warns|"
    r"declared|stressed|stresses|emphasi[sz]ed|insisted|continued|explained|argued|remarked|"
    r"commented|announced|asserted|claimed|cautioned|concluded|replied|responded|underlined|"
    r"underscored|urged|maintained|vowed|pledged|complained|protested|posted|tweeted|called|"
    r"described|put\s+it|recalled|acknowledged|admitted|suggested|reiterated|saying|writing|"
    r"quoted\s+as\s+saying|according\s+to)"
)
EN_AUX = (
    r"(?:(?:has|had|have|was|were|is|also|further|then|later|earlier|repeatedly|reportedly|once|"
    r"\w+ly)\s+)*"
)
POST_EN_SUBJECT_VERB = re.compile(
    rf"^(?P<subj>[^.;!?“”\"«»]{{1,160}}?)\s+{EN_AUX}(?:{EN_SPEECH})\b", re.I
)
POST_EN_VERB_SUBJECT = re.compile(rf"^(?:{EN_SPEECH})\s+(?P<subj>[^;“”\"«»]{{1,220}})", re.I)
PRE_EN_VERB = re.compile(rf"\b{EN_SPEECH}\b", re.I)

RU_VERBS = (
    r"(?:заявил[аи]?|сказал[аи]?|отметил[аи]?|подчеркнул[аи]?|добавил[аи]?|сообщил[аи]?|"
    r"пояснил[аи]?|заключил[аи]?|написал[аи]?|указал[аи]?|констатировал[аи]?|предупредил[аи]?|"
    r"заверил[аи]?|напомнил[аи]?|признал[аи]?|ответил[аи]?|уточнил[аи]?|рассказал[аи]?|"
    r"высказал(?:ся|ась|ись)|считает|считают|уверен[аы]?|говорится|цитирует|передает|передаёт|"
    r"приводит|пишет|объяснил[аи]?|призвал[аи]?|потребовал[аи]?|назвал[аи]?)"
)
POST_RU = re.compile(rf"^\s*[,.]?\s*[—–-]\s*{RU_VERBS}\s+(?P<subj>[^.!?]+)", re.I)
PRE_RU_AS = re.compile(
    rf"(?:^|[\s,])(?:как|по\s+словам)\s+(?:{RU_VERBS}\s+)?(?P<subj>[^,:«»]+?)\s*[,:]?\s*$", re.I
)
PRE_RU_VERB = re.compile(rf"(?:^|\s){RU_VERBS}(?=[\s,:])", re.I)
JA_AFTER = re.compile(r"^\s*(?:と|など(?:と)?|とし|として|との)")
JA_TITLES = (
    r"(?:外務事務次官|事務次官|外務審議官|官房長官|官房副長官|外務大臣|防衛大臣|外務副大臣|大臣|副大臣|"
    r"外相|防衛相|首相|総理大臣|総理|大統領|副大統領|報道官|報道局長|外務報道官|大使|総領事|領事|公使|"
    r"議長|長官|次官|局長|知事|市長|委員長|司令官|外務次官|幹事長|代表|社長|会長|氏|さん)"
)
JA_ORGS = (
    r"(?:外務省|国防省|防衛省|政府|大使館|総領事館|官邸|連邦保安庁|国防総省|クレムリン|省|庁|軍|側)"
)
JA_SPEAKER = re.compile(
    rf"(?P<np>[^、。，,\s「」『』（）()はが]{{1,30}}?(?:{JA_TITLES}|{JA_ORGS}))(?:は|が)"
)
JA_ANAPHOR = re.compile(r"^(?:同氏|同大臣|同相|同報道官|同大使|同長官|彼|彼女)$")

TITLE_HEADS = (
    r"(?:spokes(?:wo)?man|spokesperson|ambassador|minister|secretary|official|envoy|diplomat|"
    r"president|vice\s+president|chairman|chairwoman|chair|director|head|chief|governor|mayor|premier|"
    r"commander|adviser|advisor|aide|deputy|consul|press\s+secretary|lawmaker|senator|"
    r"representative|negotiator|counsellor|counselor|attaché|attache|researcher|analyst|expert|"
    r"professor|scholar|fellow|editor|correspondent|lawmaker|legislator|politician)"
)
# Capitalised words (and initialisms such as U.S.) that make up a title before a name:
# "Chief Cabinet Secretary", "Ambassador of Japan to the Russian Federation", "Russian
# Foreign Ministry spokeswoman". Case matters, so a title never reaches back into the
# previous sentence.
_CAP = r"(?:[A-Z]\.(?:[A-Z]\.)+|[A-Z][\w’'-]*)"
TITLE_BEFORE = re.compile(
    rf"(?P<title>(?:{_CAP}\s+)*(?i:{TITLE_HEADS})"
    rf"(?:\s+(?:of|to|for|at|in)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP})*)*)\s*$"
)
TITLE_APPOSITIVE_BEFORE = re.compile(
    r"\bthe\s+(?P<title>(?:(?!the\b)(?!"
    + EN_SPEECH
    + r"\b)[\w’'-]+\s+){0,5}?"
    + TITLE_HEADS
    + r")\s*,\s*$",
    re.I,
)
TITLE_APPOSITIVE_AFTER = re.compile(
    r"^\s*,\s*(?P<title>(?:the\s+|a\s+)?[^,.;:“”\"«»()]{2,100}?)(?=\s*,|\s*\.|\s*$|\s+"
    + EN_SPEECH
    + r"\b)",
    re.I,
)
# A name in subject position: followed (after an optional appositive) by a verb, i.e. a
# lower-case word that is not a preposition, conjunction or article. "Zakharova rejected the
# protest" makes her the "she" of the next sentence; "told Andrei Rudenko that …" does not.
SUBJECT_OF_SAYING = re.compile(
    rf"^(?:\s*,[^,.;“”\"«»]{{1,100}},)?\s*,?\s+{EN_AUX}"
    r"(?!(?:that|and|or|of|in|on|at|to|for|with|by|from|as|who|which|whose|whom|the|a|an|but|"
    r"while|when|after|before|during|than|into|over|under|about|against|between|via|per)\b)"
    r"[a-z][a-z’'-]+\b"
)
NAME_TOKEN = r"(?:[A-Z][a-z’'\-]+(?:[A-Z][a-z]+)?|[A-Z]\.)"  # noqa: S105 - a regex, not a password
NAME_RUN = re.compile(rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN})*")


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that are not (parts of) people's names.
NOT_NAME = _wordset(
    """
    the a an as in on at by for of to and but or if when while after before during however
    meanwhile earlier later then this that these those it its he she they we our his her their
    there here what which who why how also both mr ms mrs dr prof sir monday tuesday wednesday
    thursday friday saturday sunday january february march april may june july august september
    october november december jan feb mar apr jun jul aug sep sept oct nov dec russia russian
    russians russia's russia’s japan japanese japan's japan’s ukraine ukrainian ukraine's
    ukraine’s china chinese korea korean north south east west eastern western northern
    southern far united states america american europe european eu nato un g7 g20 u.s. u.k.
    britain british soviet federation republic kingdom union nations tokyo moscow kyiv kiev
    beijing washington seoul hokkaido okinawa sakhalin vladivostok kuril kurils kurile islands
    island territories territory sea ocean pacific strait peninsula bay fleet forces force army
    navy air base guard coast self-defense ministry embassy consulate government cabinet
    kremlin office agency service council committee parliament duma diet assembly party news
    times post press shimbun network summit treaty agreement convention war world ii iii day
    prize law act bank corp inc ltd group institute university center centre foundation
    exchange security defense defence foreign affairs economy trade justice interior state
    national federal general public international presidential prime chief deputy vice minister
    secretary ambassador president spokesman spokeswoman spokesperson official director
    governor mayor envoy consul premier commander chairman head adviser advisor aide senior top
    former then-japanese then acting according reuters kyodo tass ap afp xinhua bloomberg nhk
    menafn jiji ria novosti
    """
)
LEAD_STOP = _wordset(
    """
    the a an as in on at by for of to and but or if when while after before during however
    meanwhile earlier later then also mr ms mrs dr
    """
)
PLACE_SPEAKERS = {
    "moscow": ("Russia", Actor.Kind.STATE),
    "tokyo": ("Japan", Actor.Kind.STATE),
    "kremlin": ("Kremlin", Actor.Kind.ORGANISATION),
    "russia": ("Russia", Actor.Kind.STATE),
    "japan": ("Japan", Actor.Kind.STATE),
    "kyiv": ("Ukraine", Actor.Kind.STATE),
    "beijing": ("China", Actor.Kind.STATE),
    "washington": ("United States", Actor.Kind.STATE),
}
COUNTRY_ADJ = {
    "russia": "Russian",
    "japan": "Japanese",
    "ukraine": "Ukrainian",
    "china": "Chinese",
    "u.s.": "U.S.",
    "america": "American",
    "korea": "Korean",
}
ORG_MENTION = re.compile(
    r"(?:\bthe\s+)?(?:(?P<country>Russia[’']s|Japan[’']s|Ukraine[’']s|China[’']s|Russian|Japanese|"
    r"Ukrainian|Chinese|U\.S\.)\s+)?(?P<branch>(?:[Ff]oreign|[Dd]efen[cs]e|[Ff]inance|[Ee]conomy|[Jj]ustice|"
    r"[Ii]nterior|[Ee]mergencies|[Tt]rade|[Ee]nergy)\s+)?(?P<head>[Mm]inistry|[Ee]mbassy|[Gg]overnment|"
    r"[Cc]abinet|[Cc]onsulate(?:[- ][Gg]eneral)?|Kremlin|Federal\s+Security\s+Service|FSB|"
    r"Pacific\s+Fleet|[Mm]ilitary)(?P<of>\s+of\s+(?:the\s+)?(?:[A-Z][\w]+)(?:\s+[A-Z][\w]+)*)?"
)
RU_NOT_NAME = _wordset(
    """
    россия россии россию россией япония японии японию японией украина украины украину киев
    киева москва москвы москву москве токио сша китай китая рф мид ранее как по в на и но а
    также при после кроме однако между это эти он она они мы кремль кремля нато ес
    """
)
RU_TITLE_HEADS = re.compile(
    r"эксперт|политик|чиновник|собеседник|министр|представитель|пресс-секретар|посол|глава|президент|премьер|заместител|директор|спикер|"
    r"руководител|генсек|секретар|председател|депутат|сенатор|замминистра|дипломат|консул",
    re.I,
)
RU_STOP = _wordset(
    """
    и что на в с по к о об за от до у при как ранее также же а но
    """
)


@dataclass
class _Mention:
    pos: int
    name: str
    title: str = ""
    kind: str = Actor.Kind.PERSON
    speaking: bool = False  # the subject of a verb of saying ("X, the minister, told …")


@dataclass
class _Speaker:
    name: str
    title: str = ""
    kind: str = Actor.Kind.PERSON


class _QuoteFinder:
    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.language = language
        self.mentions: list[_Mention] = []
        self._collect_mentions()
        self._mention_at = [m.pos for m in self.mentions]
        # Who spoke, by position, kept apart for people (True) and bodies (False): quotations
        # attributed so far, and mentions that are the subject of a verb of saying.
        self._said: dict[bool, list[tuple[int, _Speaker]]] = {True: [], False: []}
        self._speaking: dict[bool, list[tuple[int, _Speaker]]] = {True: [], False: []}
        for m in self.mentions:
            if m.speaking:
                person = m.kind == Actor.Kind.PERSON
                self._speaking[person].append((m.pos, _Speaker(m.name, m.title, m.kind)))

    # Mentions of people and bodies, with their titles, in reading order.
    def _collect_mentions(self) -> None:
        text = self.text
        for match in NAME_RUN.finditer(text):
            check_time()
            parsed = self._person_from_run(match.group(0))
            if parsed is None:
                continue
            name, leading_title = parsed
            start = match.start() + match.group(0).rfind(name.split()[0])
            end = start + len(name)
            title = leading_title or self._title_around(start, end)
            if len(name.split()) >= 2:
                speaking = bool(SUBJECT_OF_SAYING.match(text[end : end + 160]))
                self.mentions.append(_Mention(start, name, title, speaking=speaking))
        for match in ORG_MENTION.finditer(text):
            name = self._org_name(match)
            if name:
                speaking = bool(SUBJECT_OF_SAYING.match(text[match.end() : match.end() + 160]))
                self.mentions.append(
                    _Mention(match.start(), name, "", Actor.Kind.ORGANISATION, speaking)
                )
        for match in re.finditer(
            r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)+", text
        ):
            tokens = match.group(0).split()
            while tokens and tokens[0].lower() in RU_NOT_NAME:
                tokens.pop(0)
            while tokens and tokens[-1].lower() in RU_NOT_NAME:
                tokens.pop()
            if len(tokens) >= 2 and not any(t.lower() in RU_NOT_NAME for t in tokens):
                name = " ".join(tokens)
                start = match.start() + match.group(0).find(name)
                before = re.split(r"[.!?«»]", text[max(0, start - 120) : start])[-1]
                after = text[start + len(name) : start + len(name) + 40]
                speaking = bool(
                    PRE_RU_VERB.search(" " + before) or re.match(rf"\s+{RU_VERBS}\b", after)
                )
                title = self._ru_title_before(text[max(0, start - 200) : start])
                self.mentions.append(_Mention(start, name, title, speaking=speaking))
        for match in re.finditer(
            r"МИД\s+(?:России|РФ|Японии)|Министерств[оа]\s+[а-яё ]+(?:России|Японии)", text
        ):
            self.mentions.append(
                _Mention(match.start(), match.group(0), "", Actor.Kind.ORGANISATION)
            )
        self.mentions.sort(key=lambda m: m.pos)

    def _person_from_run(self, run: str) -> tuple[str, str] | None:
        tokens = run.split()
        lead: list[str] = []
        while (tokens and tokens[0].lower().rstrip("’'s") in NOT_NAME | {""}) or (
            tokens and tokens[0].lower() in NOT_NAME
        ):
            lead.append(tokens.pop(0))
        if not tokens or any(
            t.lower() in NOT_NAME or t.lower().endswith(("’s", "'s")) for t in tokens
        ):
            return None
        if len(tokens) > 4:
            return None
        while lead and lead[0].lower() in LEAD_STOP:
            lead.pop(0)
        title = " ".join(lead) if lead and re.search(TITLE_HEADS, " ".join(lead), re.I) else ""
        return " ".join(tokens), title

    def _title_around(self, start: int, end: int) -> str:
        before = self.text[max(0, start - 120) : start]
        after = self.text[end : end + 140]
        if match := TITLE_APPOSITIVE_AFTER.match(after):
            candidate = match["title"].strip()
            if re.search(TITLE_HEADS, candidate, re.I) and not PRE_EN_VERB.search(candidate):
                return re.sub(r"^(?:the|a)\s+", "", candidate, flags=re.I)
        if match := TITLE_APPOSITIVE_BEFORE.search(before):
            return match["title"].strip()
        if match := TITLE_BEFORE.search(before):
            title = match["title"].strip()
            title = re.sub(
                r"^(?:(?:The|As|In|On|At|But|And|However|Meanwhile|During|After|Earlier|Later|Then)\s+)+",
                "",
                title,
            )
            title = re.sub(r"\s+(?:the|of|to|for|and)$", "", title)
            if title and title[0].isupper() and re.search(TITLE_HEADS, title, re.I):
                return title
        return ""

    def _ru_title_before(self, before: str) -> str:
        tokens = before.split()[-7:]
        start = 0
        for i, token in enumerate(tokens):
            bare = token.strip(",.:;«»").lower()
            if (
                token.endswith((",", ".", ":", ";"))
                or bare in RU_STOP
                or re.fullmatch(RU_VERBS, bare)
            ):
                start = i + 1
        tokens = tokens[start:]
        while tokens and tokens[0][:1].isupper() and tokens[0].lower() in RU_NOT_NAME:
            tokens.pop(0)
        title = " ".join(tokens)
        return title if RU_TITLE_HEADS.search(title) else ""

    @staticmethod
    def _org_name(match: re.Match) -> str:
        head = match["head"]
        if head.lower() == "military" and not match["country"]:
            return ""
        country = match["country"] or ""
        key = country.lower().replace("’s", "").replace("'s", "")
        country = COUNTRY_ADJ.get(key, country)
        branch = (match["branch"] or "").strip()
        parts = [
            country,
            branch.title() if branch else "",
            " ".join(w.capitalize() if w.islower() else w for w in head.split()),
        ]
        name = " ".join(p for p in parts if p)
        if match["of"]:
            name += match["of"]
        if (
            not country
            and not branch
            and not match["of"]
            and head.lower() not in {"kremlin", "fsb", "federal security service"}
        ):
            return ""
        return name

    # Resolution of what stands around a quotation.
    def _last_speaker(self, pos: int, kind: str, role: str = "") -> _Speaker | None:
        """Who "he", "the diplomat" or "ведомство" most likely is: the last one speaking.

        Speaking means quoted, or the subject of a verb of saying; people merely mentioned
        (the minister someone "told") are passed over. With a role word, the last speaker
        whose title contains it is preferred.
        """
        person = kind == Actor.Kind.PERSON
        said, speaking = self._said[person], self._speaking[person]
        i = bisect.bisect_left(said, pos, key=lambda item: item[0])
        j = bisect.bisect_left(speaking, pos, key=lambda item: item[0])
        latest = None
        # Newest first, merging the two lists; a mention wins a tie (it was listed later).
        # Looking back for a role stops after LOOKBACK speakers.
        for _ in range(LOOKBACK):
            if j > 0 and (i == 0 or speaking[j - 1][0] >= said[i - 1][0]):
                j -= 1
                speaker = speaking[j][1]
            elif i > 0:
                i -= 1
                speaker = said[i][1]
            else:
                break
            latest = latest or speaker
            if not role or role.lower() in speaker.title.lower():
                return speaker
        return latest

    def _last_mention(self, pos: int, test) -> _Mention | None:
        end = bisect.bisect_left(self._mention_at, pos)
        for index in range(end - 1, max(-1, end - 1 - LOOKBACK), -1):
            if test(self.mentions[index]):
                return self.mentions[index]
        return None

    def _expand_person(self, name: str, pos: int, title: str = "") -> _Speaker:
        """'Zakharova' → 'Maria Zakharova' (and her title) when named in full earlier."""
        last = name.split()[-1]

        def same(m: _Mention) -> bool:
            if m.kind != Actor.Kind.PERSON:
                return False
            other = m.name.split()[-1]
            if other == last:
                return True
            return (
                bool(_CYRILLIC.search(last))
                and len(last) > 4
                and other[:-2] == last[: len(other) - 2]
                and other[:-2] != ""
            )

        mention = self._last_mention(pos, same) or next(
            (m for m in itertools.islice(self.mentions, LOOKBACK) if same(m)), None
        )
        if mention and len(mention.name) >= len(name):
            return _Speaker(mention.name, title or mention.title)
        return _Speaker(name, title)

    def _resolve_en(self, chunk: str, pos: int, *, first: bool) -> _Speaker | None:
        chunk = chunk.strip(" ,;:—–-")
        if not chunk:
            return None
        candidates: list[tuple[int, _Speaker]] = []
        for match in re.finditer(r"\b(?:he|she|him|her)\b", chunk, re.I):
            speaker = self._last_speaker(pos, Actor.Kind.PERSON)
            if speaker is None:
                mention = self._last_mention(pos, lambda m: m.kind == Actor.Kind.PERSON)
                speaker = _Speaker(mention.name, mention.title) if mention else None
            if speaker:
                candidates.append((match.start(), speaker))
        for match in re.finditer(r"\b(?:it|they)\b", chunk):
            speaker = self._last_speaker(pos, Actor.Kind.ORGANISATION)
            if speaker:
                candidates.append((match.start(), speaker))
        for match in NAME_RUN.finditer(chunk):
            parsed = self._person_from_run(match.group(0))
            if parsed:
                name, lead_title = parsed
                offset = match.start() + match.group(0).rfind(name.split()[0])
                absolute = self._absolute(chunk, pos, offset)
                title = (
                    lead_title or self._title_around(absolute, absolute + len(name))
                    if absolute >= 0
                    else lead_title
                )
                candidates.append((offset, self._expand_person(name, pos, title)))
            else:
                word = match.group(0).split()[-1].lower().rstrip("’'s")
                if len(match.group(0).split()) == 1 and word in PLACE_SPEAKERS:
                    name, kind = PLACE_SPEAKERS[word]
                    candidates.append((match.start(), _Speaker(name, "", kind)))
        for match in ORG_MENTION.finditer(chunk):
            name = self._org_name(match)
            if name:
                candidates.append((match.start(), _Speaker(name, "", Actor.Kind.ORGANISATION)))
            else:
                head = match["head"].lower()
                mention = self._last_mention(
                    pos, lambda m, h=head: m.kind != Actor.Kind.PERSON and h in m.name.lower()
                )
                if mention:
                    candidates.append(
                        (match.start(), _Speaker(mention.name, "", Actor.Kind.ORGANISATION))
                    )
        # "the Ambassador", "the diplomat": the last person with that title, else the last
        # person speaking.
        for match in re.finditer(
            r"\bthe\s+(?:(?:senior|top|foreign|russian|japanese)\s+)?(?P<head>"
            + TITLE_HEADS
            + r")\b",
            chunk,
            re.I,
        ):
            head = match["head"].lower()
            mention = self._last_mention(
                pos, lambda m, h=head: m.kind == Actor.Kind.PERSON and h in m.title.lower()
            )
            speaker = (
                _Speaker(mention.name, mention.title)
                if mention
                else self._last_speaker(pos, Actor.Kind.PERSON, head)
            )
            if speaker:
                candidates.append((match.start(), speaker))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0])
        return candidates[0][1] if first else candidates[-1][1]

    def _absolute(self, chunk: str, pos: int, offset: int) -> int:
        found = self.text.rfind(chunk, 0, pos + 1) if chunk else -1
        return found + offset if found >= 0 else -1

    def _resolve_ru(self, chunk: str, pos: int) -> _Speaker | None:
        chunk = chunk.strip(" ,;:—–-")
        chunk = re.sub(
            r"^(?:в|во)\s+(?:заявлении|сообщении|комментарии|документе|публикации|ноте)\s+",
            "",
            chunk,
            flags=re.I,
        )
        chunk = re.sub(r"\s+(?:на|в|во|журналистам|агентству|изданию|РИА)\b.*$", "", chunk)
        if re.fullmatch(r"(?:он|она)", chunk, re.I):
            return self._last_speaker(pos, Actor.Kind.PERSON) or self._mention_speaker(
                pos, Actor.Kind.PERSON
            )
        if re.fullmatch(r"(?:они|ведомство|министерство|дипмиссия|посольство)", chunk, re.I):
            return self._last_speaker(pos, Actor.Kind.ORGANISATION) or self._mention_speaker(
                pos, Actor.Kind.ORGANISATION
            )
        if re.match(r"^(?:МИД|Министерств|Посольств|Кремл|Правительств|Минобороны)", chunk):
            return _Speaker(chunk, "", Actor.Kind.ORGANISATION)
        if re.fullmatch(r"[а-яё -]+", chunk) and RU_TITLE_HEADS.search(chunk):
            # "— сказал дипломат": the last person speaking, preferably with that title.
            return self._last_speaker(pos, Actor.Kind.PERSON, chunk.split()[-1][:6])
        tokens = chunk.split()
        name_tokens: list[str] = []
        while (
            tokens
            and re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", tokens[-1])
            and tokens[-1].lower() not in RU_NOT_NAME
        ):
            name_tokens.insert(0, tokens.pop())
        if not name_tokens:
            return None
        title = self._ru_title_before(" ".join(tokens) + " ") if tokens else ""
        return self._expand_person(" ".join(name_tokens), pos, title)

    def _mention_speaker(self, pos: int, kind: str) -> _Speaker | None:
        mention = self._last_mention(
            pos, lambda m: (m.kind == Actor.Kind.PERSON) == (kind == Actor.Kind.PERSON)
        )
        return _Speaker(mention.name, mention.title, mention.kind) if mention else None

    def _resolve_ja(self, pre: str, pos: int) -> _Speaker | None:
        matches = list(JA_SPEAKER.finditer(pre))
        if not matches:
            anaphor = re.search(r"(同氏|同大臣|同相|同報道官|同大使|同長官|彼女|彼)(?:は|が)", pre)
            return self._last_speaker(pos, Actor.Kind.PERSON) if anaphor else None
        np = matches[-1]["np"]
        if JA_ANAPHOR.match(np):
            return self._last_speaker(pos, Actor.Kind.PERSON)
        prefix = ""
        if "の" in np:
            prefix, np = np.rsplit("の", 1)
        title_match = re.search(rf"(?:駐[^\s、]{{1,8}}?)?{JA_TITLES}$", np)
        if title_match and title_match.start() > 0:
            name = np[: title_match.start()]
            title = (prefix + title_match.group(0)) if prefix else title_match.group(0)
            if title in {"氏", "さん"}:
                title = ""
            return _Speaker(name, title)
        return _Speaker((prefix + "の" + np) if prefix else np, "", Actor.Kind.ORGANISATION)

    # The main loop.
    def find(self) -> list[DraftStatement]:
        found: list[DraftStatement] = []
        seen: set[str] = set()
        offset = 0
        previous_paragraph = ""
        for paragraph in self.text.split("\n\n"):
            start_of_paragraph = self.text.find(paragraph, offset)
            offset = start_of_paragraph + len(paragraph)
            quotes = self._quotes(paragraph)
            sentences = _Sentences(paragraph, quotes) if quotes else None
            offered = 0
            for start, end, inner in quotes:
                check_time()
                words = len(inner.split())
                if (_is_cjk(inner) and len(inner) < 8) or (not _is_cjk(inner) and words < 4):
                    continue
                text = inner.strip().rstrip(",，、").strip()
                if text in seen:
                    continue
                seen.add(text)
                pos = start_of_paragraph + start
                sentence_start, sentence_end = sentences.bounds(start, end)
                # What stands around a quotation within its sentence, up to a bounded reach.
                sentence_start = max(sentence_start, start - QUOTE_CONTEXT_CHARS)
                sentence_end = min(sentence_end, end + QUOTE_CONTEXT_CHARS)
                pre = paragraph[sentence_start:start]
                post = paragraph[end:sentence_end]
                speaker = self._attribute(pre, post, pos, paragraph, previous_paragraph, start)
                draft = DraftStatement(
                    text=text,
                    language=self.language,
                    context=paragraph[sentence_start:sentence_end].strip(),
                )
                if speaker:
                    draft.speaker_name = speaker.name
                    draft.speaker_title = speaker.title
                    draft.speaker_kind = speaker.kind
                    self._said[speaker.kind == Actor.Kind.PERSON].append((pos, speaker))
                found.append(draft)
                offered += 1
                if len(found) >= MAX_QUOTES:
                    return found
                if offered >= MAX_QUOTES_PER_PARAGRAPH:
                    break
            previous_paragraph = paragraph
        return found

    def _attribute(
        self, pre: str, post: str, pos: int, paragraph: str, previous: str, start: int
    ) -> _Speaker | None:
        if self.language == "ja" or (
            _is_cjk(pre + post) and not _LATIN.search(pre[-20:] + post[:20])
        ):
            if JA_AFTER.match(post) or not post.strip():
                return (
                    self._resolve_ja(pre, pos) or self._last_speaker(pos, Actor.Kind.PERSON)
                    if JA_AFTER.match(post)
                    else self._resolve_ja(pre, pos)
                )
            return self._resolve_ja(pre, pos)
        if self.language in {"ru", "uk"} or _CYRILLIC.search(post[:40] + pre[-60:]):
            if match := POST_RU.match(post):
                speaker = self._resolve_ru(match["subj"], pos)
                if speaker:
                    return speaker
            if match := PRE_RU_AS.search(pre):
                speaker = self._resolve_ru(match["subj"], pos)
                if speaker:
                    return speaker
            verbs = list(PRE_RU_VERB.finditer(pre))
            if verbs:
                return self._resolve_ru(pre[: verbs[-1].start()], pos)
            return None
        tail = post.lstrip(" ,;:—–-")
        if match := POST_EN_VERB_SUBJECT.match(tail):
            subject = re.split(
                r",\s*(?:adding|saying|noting|who|which|according)\b|\s+(?:in|at|on|during|after|before|to|told)\s+(?:a|an|the)?\b",
                match["subj"],
            )[0]
            speaker = self._resolve_en(subject, pos, first=True)
            if speaker:
                return speaker
        if match := POST_EN_SUBJECT_VERB.match(tail):
            speaker = self._resolve_en(match["subj"], pos, first=False)
            if speaker:
                return speaker
        verbs = list(PRE_EN_VERB.finditer(pre))
        if verbs:
            verb = verbs[-1]
            if verb.group(0).lower() == "according to":
                return self._resolve_en(pre[verb.end() :], pos, first=True)
            chunk = pre[: verb.start()]
            earlier = list(PRE_EN_VERB.finditer(chunk))
            if earlier:
                chunk = chunk[earlier[-1].end() :]
            chunk = re.sub(rf"\s+{EN_AUX}$", " ", chunk + " ")
            speaker = self._resolve_en(chunk, pos, first=False)
            if speaker:
                return speaker
        # A quotation that fills its paragraph, introduced by the one before ("X said:").
        if not pre.strip() and previous.rstrip().endswith(":"):
            verbs = list(PRE_EN_VERB.finditer(previous))
            if verbs:
                return self._resolve_en(previous[: verbs[-1].start()], pos, first=False)
        return None

    @staticmethod
    def _quotes(paragraph: str) -> list[tuple[int, int, str]]:
        """The outermost quotations, in order: one pass over the spans sorted by start (an
        outer span before the ones inside it); a span starting inside the last one kept is
        nested in it or overlaps it, and is passed over."""
        spans = []
        for pattern in QUOTE_PATTERNS:
            for match in pattern.finditer(paragraph):
                spans.append((match.start(), match.end(), match.group(1)))
        spans.sort(key=lambda s: (s[0], -s[1]))
        outer: list[tuple[int, int, str]] = []
        reach = 0
        for span in spans:
            if span[0] < reach:
                continue
            outer.append(span)
            reach = span[1]
        return outer


class _Sentences:
    """Sentence boundaries of one paragraph, found once for all its quotations."""

    BOUNDARY = re.compile(
        r"(?<!\b[A-Z])(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bGen)(?<!\bLt)(?<!\bNo)"
        r"[.!?][\"”’»」)]*\s+(?=[\"“«「A-ZА-ЯЁ0-9(])|。"
    )

    def __init__(self, paragraph: str, quotes: Sequence[tuple[int, int, str]]) -> None:
        # Full stops inside a quotation do not end the sentence around it, except one just
        # before the closing mark.
        masked = list(paragraph)
        for s, e, _ in quotes:
            if e - 2 > s + 1:
                masked[s + 1 : e - 2] = "x" * (e - 3 - s)
            if e - 2 >= s + 1 and masked[e - 2] not in ".!?":
                masked[e - 2] = "x"
        self.length = len(paragraph)
        self.starts: list[int] = []
        self.ends: list[int] = []
        # A boundary ends the sentence before a quotation only if the character after it
        # comes before the quotation ("。" ends it wherever it stands).
        self.reach: list[int] = []
        for match in self.BOUNDARY.finditer("".join(masked)):
            self.starts.append(match.start())
            self.ends.append(match.end())
            self.reach.append(match.end() + (match.group(0) != "。"))

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        before = bisect.bisect_right(self.reach, start)
        sentence_start = self.ends[before - 1] if before else 0
        after = bisect.bisect_left(self.starts, end)
        sentence_end = self.ends[after] if after < len(self.ends) else self.length
        return sentence_start, sentence_end


# Quotations are looked for in the first 300,000 characters (a long article is ~30,000): a
# multi-megabyte paste is still cleaned and saved, without minutes spent on its quotes.
QUOTE_SCAN_LIMIT = 300_000
# More quotations than this are not offered: a paragraph with dozens is a list or a hostile
# input, and a confirmation form with hundreds of rows could not be sent back (Django's
# DATA_UPLOAD_MAX_NUMBER_FIELDS). The text itself is kept whole.
MAX_QUOTES_PER_PARAGRAPH = 20
MAX_QUOTES = 100
# A quotation's attribution is read from its sentence, up to this many characters either side.
QUOTE_CONTEXT_CHARS = 600
# How far back "he", "the ministry" or "Zakharova" is looked for, in speakers or mentions.
LOOKBACK = 1000


@limited
def find_quotes(text: str, language: str = "en") -> list[DraftStatement]:
    """Quotations in the cleaned text, with the speaker named around each one."""
    if len(text) > QUOTE_SCAN_LIMIT:
        cut = text.rfind("\n\n", 0, QUOTE_SCAN_LIMIT)
        text = text[: cut if cut > 0 else QUOTE_SCAN_LIMIT]
    return _QuoteFinder(text, language).find()
