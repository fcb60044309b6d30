"""Reading the input: bytes to text (refusing what is not text), and an HTML page's own
metadata and article body (trafilatura)."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from .article_dates import find_date, is_dateline
from .limits import ImportRejected, check_size
from .metadata import _agency, _byline
from .text import is_prose

ALLOWED_EXTENSIONS = (".txt", ".html", ".htm")

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
        text = _guess_legacy(data)
    controls = sum(
        1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f"
    )
    if controls > max(20, len(text[:20000]) // 50):
        raise ImportRejected("This file is binary, not text. Upload an .html or .txt file.")
    if not text.strip():
        raise ImportRejected("The file is empty.")
    return text


# The legacy encodings of the project's three languages. A detector guesses well on a page
# but not on a sentence: a short KOI8-R text comes out as Thai (cp874) or as Shift_JIS
# half-width katakana, "café" in Windows-1252 as Central European (cp1250: "naďve") or Baltic
# (cp775), and a few bytes of English as UTF-16. Each candidate is judged by how much its
# letters look like text.
LEGACY_ENCODINGS = ("cp1251", "koi8_r", "shift_jis", "euc_jp", "cp932")
# English (or any Western text) saved by Windows: what a file that is mostly ASCII but not
# UTF-8 almost always is; tried first, so that it wins unless another reads better.
WESTERN_ENCODING = "cp1252"
_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_KANJI = re.compile(r"[\u4e00-\u9fff]")
_CYR_LOWER = re.compile(r"[а-яё]")
_CYR_UPPER = re.compile(r"[А-ЯЁ]")
# Thai, Arabic (and its presentation forms), replacement, C1 and private-use characters.
_ODD = re.compile(
    r"[\u0e00-\u0e7f\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff\ufffd\u0080-\u009f\ue000-\uf8ff]"
)
# A word that mixes Latin and Cyrillic letters ("cafй", "DЙjа"): Western text read as Russian.
_MIXED_WORD = re.compile(r"[A-Za-z][а-яёА-ЯЁ]|[а-яёА-ЯЁ][A-Za-z]")
# Letters of Central European and Baltic alphabets that English text never has ("naďve").
_NOT_WESTERN = re.compile(r"[\u0100-\u017f]")


def _plausibility(text: str) -> float:
    """Russian is mostly lower-case Cyrillic (KOI8-R read as cp1251 is mostly upper case);
    Japanese has hiragana and kanji, almost never half-width katakana; Thai or private-use
    characters in a Russian/Japanese file are a wrong guess, and so are words that mix
    Latin and Cyrillic letters or Central European letters in the project's languages."""
    sample = text[:20000]
    score = (
        2 * len(_CYR_LOWER.findall(sample))
        - len(_CYR_UPPER.findall(sample))
        + 2 * len(_HIRAGANA.findall(sample))
        + len(_KANJI.findall(sample))
        - 3 * len(_HALFWIDTH_KANA.findall(sample))
        - 5 * len(_ODD.findall(sample))
        - 5 * len(_MIXED_WORD.findall(sample))
        - 2 * len(_NOT_WESTERN.findall(sample))
    )
    return score / max(1, len(sample))


def _detected(data: bytes) -> str | None:
    """charset-normalizer's reading, unless it is UTF-16/32: those were taken from a byte
    order mark already, and without one a short Western text comes out as Chinese."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding.startswith(("utf_16", "utf_32")):
        return None
    return str(best)


def _guess_legacy(data: bytes) -> str:
    candidates = []
    high = sum(byte >= 0x80 for byte in data[:20000])
    if high < len(data[:20000].strip()) * 0.3:
        # Mostly ASCII: English with a few accented letters, or a page's markup around
        # Russian or Japanese text (which the candidates below then read better).
        with contextlib.suppress(UnicodeDecodeError):
            candidates.append(data.decode(WESTERN_ENCODING))
    if (detected := _detected(data)) is not None:
        candidates.append(detected)
    for encoding in LEGACY_ENCODINGS:
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise ImportRejected("The file's text encoding could not be recognised.")
    # max() keeps the first of equals: Windows-1252 for mostly ASCII, else the detector's.
    return max(candidates, key=_plausibility)


def looks_like_html(text: str) -> bool:
    return bool(_HTML_SNIFF.search(text[:5000]))


@dataclass
class _HtmlMeta:
    title: str = ""
    site_name: str = ""
    author: str = ""
    published: dt.date | None = None
    url: str = ""
    lang: str = ""
    # The site's name as its <title> ends ("… | Ministry of Foreign Affairs of Japan",
    # "…：朝日新聞デジタル"): the publisher when the page names none in its meta tags.
    title_site: str = ""
    # The standfirst set apart from the article's text ("article-lead"), which extraction
    # libraries drop with the chrome around it.
    lead: str = ""
    # The agency a byline block credits ("by Olga Markova, Reuters"), dropped with it.
    byline_agency: str = ""
    byline_name: str = ""
    # The page's top headings (<h1>), in page order: the headline is the one that agrees
    # with its og:title/<title>.
    h1s: list[str] = field(default_factory=list)
    # The <title> element's own text.
    html_title: str = ""


# "Headline | Site", "Headline - Site", "Headline：Site", "Headline ｜ Site".
_TITLE_SEPARATOR = re.compile(r"\s+[|–—-]\s+|\s*[｜：]\s*|\s+::\s+")


def site_name_only(name: str) -> str:
    """A site's name without the date some pages print after it ("РИА Новости, 12.06.2023",
    which trafilatura also takes for the site's name)."""
    found, match = find_date(name)
    if found and match.end() >= len(name.rstrip()) - 6:
        return name[: match.start()].rstrip(" ,|-–—")
    return name


def _title_site(title: str) -> str:
    """The last part of a page's <title>, when it reads as a site's name: short, and not a
    sentence; without a date after it ("РИА Новости, 12.06.2023")."""
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(" ".join(title.split()))]
    if len(parts) < 2:
        return ""
    site = site_name_only(parts[-1])
    if not site or len(site) > 60 or len(site.split()) > 8 or site.endswith((".", "!", "?")):
        return ""
    return site


def without_site_name(title: str, *sites: str) -> str:
    """The headline without the site's name that pages append to it ("Russia warns Japan |
    The Japan Times", "…｜読売新聞オンライン", "… — РИА Новости, 12.06.2023"): only a part
    that is one of ``sites`` is taken off."""
    names = {site.casefold() for site in sites if site}
    separators = list(_TITLE_SEPARATOR.finditer(title))
    last = _title_site(title).casefold()
    # "NHK WORLD-JAPAN News" after a title is the site "NHK WORLD" too.
    if separators and any(
        last == name or (len(name) >= 3 and last.startswith(name)) for name in names
    ):
        return title[: separators[-1].start()].strip()
    return title


def _html_meta(html: str) -> _HtmlMeta:
    """The page's own metadata, read from its meta tags (more reliable than guessing)."""
    from lxml import html as lxml_html

    meta = _HtmlMeta()
    try:
        # The text is decoded already: parsed as UTF-8 whatever the page's own <meta
        # charset> says (a Shift_JIS or Windows-1251 page's tags came out as mojibake).
        parser = lxml_html.HTMLParser(encoding="utf-8")
        tree = lxml_html.fromstring(html.encode("utf-8"), parser=parser)
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
    meta.lead = _lead_element(tree)
    meta.byline_agency = _byline_agency(tree)
    meta.byline_name = _byline_name(tree)
    for link in tree.iter("link"):
        if (link.get("rel") or "").lower() == "canonical" and link.get("href"):
            meta.url = link.get("href").strip()
            break
    meta.url = meta.url or values.get("og:url", "")
    meta.lang = tree.get("lang") or ""
    title = tree.find(".//title")
    if title is not None and title.text_content():
        meta.title_site = _title_site(title.text_content())
        meta.html_title = " ".join(title.text_content().split())
    meta.h1s = [text for h1 in tree.iter("h1") if (text := " ".join(h1.text_content().split()))]
    return meta


_LEAD_CLASS = re.compile(
    r"(?:^|[-_\s])(?:lead|standfirst|dek|intro|subtitle|subheadline|announce|anons)(?:$|[-_\s])",
    re.I,
)


def _lead_element(tree) -> str:
    """The standfirst: the first element classed as a lead ("article-lead", "standfirst",
    "dek") that holds a sentence or two of its own — the paragraph that often names the
    speaker with the title the quotations under it leave out."""
    for element in tree.iter("div", "p", "h2"):
        if not _LEAD_CLASS.search(element.get("class") or ""):
            continue
        text = " ".join(element.text_content().split())
        if 60 <= len(text) <= 600 and is_prose(text):
            return text
    return ""


_BYLINE_CLASS = re.compile(
    r"byline|writer|author|credit|article-meta|article-source|(?:^|\s)meta(?:$|\s)", re.I
)


def _byline_blocks(tree):
    """The text of each short byline block ("by Olga Markova, Reuters", "June 12, 2024 · By
    Ken Ito"); a photo's credit inside a figure is none."""
    for element in tree.iter("div", "span", "p", "a"):
        if not _BYLINE_CLASS.search(element.get("class") or ""):
            continue
        if any(parent.tag in {"figure", "figcaption"} for parent in element.iterancestors()):
            continue
        text = " ".join(element.text_content().split())
        if len(text) <= 120:
            yield text


def _byline_agency(tree) -> str:
    """A wire agency named on its own in the story's byline block."""
    for text in _byline_blocks(tree):
        for part in re.split(r"\s*(?:[,|/·•]|\band\b|\bby\b)\s*", text):
            if agency := _agency(part.strip()):
                return agency
    return ""


def _byline_name(tree) -> str:
    """The reporter a byline block names, when extraction dropped the block with the page's
    chrome."""
    for text in _byline_blocks(tree):
        for part in re.split(r"\s*[|·•]\s*", text):
            if name := _byline(part):
                return name
    return ""


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
            if (
                not found
                and seen_h1
                and own
                and len(element) == 0
                and _BYLINE_CLASS.search(element.get("class") or "")
            ):
                # The credit line under the headline: "KYODO NEWS - Jun 24, 2025 - 17:42 |
                # Japan, World" holds the date among other words.
                found = find_date(own)[0] if len(own) <= 120 else None
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
