"""A local web site for the source watch's tests: feeds and articles in English, Russian and
Japanese, written for these tests (no real article text), plus a broken feed, a slow feed
and a feed that changes between polls. Served on 127.0.0.1 by a threaded http.server."""

from __future__ import annotations

import contextlib
import http.server
import threading
from dataclasses import dataclass, field

NEW_DAY = "Fri, 20 Nov 2026 09:00:00 +0000"
SEEDED_DAY = "Thu, 24 Feb 2022 10:00:00 +0000"
# The seeded event the duplicate item reports (fixtures/seed.json).
SEEDED_EVENT = "2022-02-24-japan-summons-russian-ambassador-over-invasion"


def _article(title: str, *paragraphs: str, lang: str = "en") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title}"></head><body><nav><a href="/">Home</a>'
        f"</nav><article><h1>{title}</h1>{body}</article></body></html>"
    ).encode()


ARTICLES = {
    "/en/kunashir-summons": _article(
        "Japan summons Russian ambassador over drills near Kunashir",
        "Japan's foreign ministry summoned Russian Ambassador Mikhail Galuzin on Friday over "
        "military drills held near Kunashir, an island Tokyo claims as its own.",
        "Officials told the ambassador that the exercises on the disputed island were "
        "unacceptable, the ministry said in a short statement issued in Tokyo.",
        "&#8220;These exercises are planned and are an internal matter for our country,&#8221; "
        "Ambassador Mikhail Galuzin told reporters after the meeting.",
        "Russia has stepped up military activity on the Kuril islands this year, and Moscow "
        "says the islands are Russian territory.",
    ),
    "/ru/kunashir-summons": _article(
        "Япония вызвала посла России из-за учений на Кунашире",
        "МИД Японии в пятницу вызвал посла России Михаила Галузина в связи с учениями "
        "на острове Кунашир.",
        "Послу заявили, что такие манёвры на островах, которые Токио считает своими, "
        "неприемлемы, сообщили в японском министерстве.",
        lang="ru",
    ),
    "/ja/entry-ban": _article(
        "ロシア、日本人10人の入国禁止を発表",
        "ロシア外務省は20日、日本の研究者や記者など10人の入国を禁止すると発表した。",
        "日本政府の対ロシア制裁への対抗措置だとしている。日本政府は遺憾の意を示した。",
        lang="ja",
    ),
    "/en/stocks": _article(
        "Tokyo stocks close higher as yen weakens",
        "The Nikkei index rose for a third day on Friday, led by exporters and chip makers.",
        "Traders said a weaker yen lifted the outlook for companies that sell abroad.",
    ),
    "/ru/metro": _article(
        "Московское метро открыло три новые станции",
        "Мэр перерезал ленточку на новом участке кольцевой линии в пятницу.",
        "По новой линии ежедневно будут ездить сотни тысяч пассажиров.",
        lang="ru",
    ),
    "/ja/museum": _article(
        "大阪で新しい美術館が開館",
        "現代美術の作品約500点を展示する美術館が20日に開館した。",
        "初日から多くの来場者が訪れた。",
        lang="ja",
    ),
    "/en/hayashi-galuzin": _article(
        "Hayashi summons Galuzin as Russia attacks Ukraine",
        "Foreign Minister Yoshimasa Hayashi summoned Russian Ambassador Mikhail Galuzin on "
        "Thursday to protest the invasion of Ukraine, the ministry in Tokyo said.",
        "Hayashi told the ambassador that the attack broke international law and demanded "
        "that Russia stop it at once.",
    ),
    "/en/changed-first": _article(
        "Russian bombers fly over the Sea of Japan, Tokyo says",
        "Two Russian strategic bombers flew over the Sea of Japan on Friday and Japan's air "
        "force scrambled fighter jets, the defence ministry in Tokyo said.",
    ),
    "/en/changed-second": _article(
        "Russia protests Japan's new sanctions on its banks",
        "Russia's foreign ministry protested on Friday after Japan froze the assets of three "
        "Russian banks, warning Tokyo of countermeasures.",
    ),
}


def rss(items: list[tuple[str, str, str]], base: str) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link><pubDate>{day}</pubDate>"
        f"<description>{title}</description></item>"
        for title, path, day in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test</title>'
        f"<link>{base}/</link><description>Test feed</description>{entries}</channel></rss>"
    ).encode()


def atom(items: list[tuple[str, str, str]], base: str) -> bytes:
    entries = "".join(
        f'<entry><title>{title}</title><link href="{base}{path}"/><id>{base}{path}</id>'
        f"<updated>{day}</updated></entry>"
        for title, path, day in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Test</title><id>{base}/</id><updated>2026-11-20T09:00:00Z</updated>"
        f"{entries}</feed>"
    ).encode()


FEEDS = {
    "/feeds/en.xml": [
        (
            "Japan summons Russian ambassador over drills near Kunashir",
            "/en/kunashir-summons",
            NEW_DAY,
        ),
        ("Tokyo stocks close higher as yen weakens", "/en/stocks", NEW_DAY),
        ("Hayashi summons Galuzin as Russia attacks Ukraine", "/en/hayashi-galuzin", SEEDED_DAY),
    ],
    "/feeds/ja.xml": [
        ("ロシア、日本人10人の入国禁止を発表", "/ja/entry-ban", NEW_DAY),
        ("大阪で新しい美術館が開館", "/ja/museum", NEW_DAY),
    ],
}
ATOM_FEEDS = {
    "/feeds/ru.atom": [
        (
            "Япония вызвала посла России из-за учений на Кунашире",
            "/ru/kunashir-summons",
            "2026-11-20T10:00:00Z",
        ),
        ("Московское метро открыло три новые станции", "/ru/metro", "2026-11-20T08:00:00Z"),
    ],
}


# A ministry's list of press releases: menus and footers link with a word or two, the
# releases with their headlines; one link leaves the site.
LISTING = (
    '<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>Press</title></head>'
    '<body><nav><a href="/">Home</a> <a href="/press/">Press</a> <a href="/about/">About us</a>'
    '</nav><main><ul><li><a href="/ja/entry-ban">ロシア、日本人10人の入国禁止を発表</a></li>'
    '<li><a href="/ja/museum">大阪で新しい美術館が開館</a></li>'
    '<li><a href="https://elsewhere.example/story">An outside story with a long headline</a></li>'
    '</ul></main><footer><a href="/privacy/">Privacy policy</a></footer></body></html>'
).encode()


@dataclass
class Site:
    """The running site: ``url(path)``, the changing feed's switch, the slow feed's gate."""

    base: str = ""
    changed: threading.Event = field(default_factory=threading.Event)
    release_slow: threading.Event = field(default_factory=threading.Event)
    slow_reached: threading.Event = field(default_factory=threading.Event)
    hits: list[str] = field(default_factory=list)
    # Pages a test adds while the site runs: path → (body, content type).
    pages: dict[str, tuple[bytes, str]] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def changing_feed(self) -> bytes:
        items = [("Russian bombers fly over the Sea of Japan", "/en/changed-first", NEW_DAY)]
        if self.changed.is_set():
            items.append(("Russia protests Japan's new sanctions", "/en/changed-second", NEW_DAY))
        return rss(items, self.base)


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    site: Site

    def do_GET(self) -> None:
        site = self.server.site  # type: ignore[attr-defined]
        site.hits.append(self.path)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._answer(site)

    def _answer(self, site: Site) -> None:
        path = self.path
        if path in site.pages:
            return self._send(*site.pages[path])
        if path in ARTICLES:
            return self._send(ARTICLES[path], "text/html; charset=utf-8")
        if path in FEEDS:
            return self._send(rss(FEEDS[path], site.base), "application/rss+xml")
        if path in ATOM_FEEDS:
            return self._send(atom(ATOM_FEEDS[path], site.base), "application/atom+xml")
        if path == "/press/":
            return self._send(LISTING, "text/html; charset=utf-8")
        if path == "/feeds/changing.xml":
            return self._send(site.changing_feed(), "application/rss+xml")
        if path == "/feeds/broken.xml":
            return self._send(b"<html><body>Moved, no feed here <", "text/xml")
        if path == "/feeds/slow.xml":
            # Holds the answer until the test lets it go (after the deadline has cut it).
            site.slow_reached.set()
            site.release_slow.wait(60)
            return self._send(rss([], site.base), "application/rss+xml")
        self.send_error(404)
        return None

    def _send(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    site = Site(base=f"http://127.0.0.1:{server.server_address[1]}")
    server.site = site  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.release_slow.set()
        server.shutdown()
        server.server_close()
