"""The pipeline that ties the stages together: read the input, extract and clean the article,
read its metadata, find its quotations."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from ..models import Source
from ..urlnorm import normalise_url
from .article_dates import date_from_menafn, date_from_url, date_in_line, find_date, is_dateline
from .bylines import clean_author
from .cleaning import clean_text
from .fetch import fetch_url
from .headlines import page_headline
from .limits import ImportRejected, limited
from .metadata import (
    OUTLET_MARKERS,
    _agency,
    _copyright_outlet,
    _kind,
    _known_domain,
    _preferred_url,
    _same_outlet,
    _wire_publisher,
    credit_in,
    dateline_agency,
    guess_title,
    host_outlet,
    outlet_in_line,
    publisher_kind,
)
from .outlets import outlet_named
from .quotes import find_quotes
from .reading import (
    ALLOWED_EXTENSIONS,
    _extract_html,
    _html_meta,
    _HtmlMeta,
    decode_bytes,
    looks_like_html,
    site_name_only,
)
from .results import Article
from .text import detect_language, plain


def _date_in_header(lines: list[str], title: str, language: str = ""):
    """A date on a line of its own above or below the article, or sharing the headline's line
    (a press-conference page titled "令和5年9月11日（月）午前"). With ``language``, a date
    sharing a line above the article with other words ("World | Updated: 10th of June 2023")
    read by dateparser in that language."""
    for line in [*lines, title]:
        if found := (date_in_line(line, language) if language else is_dateline(line)):
            return found
    return None


@limited
def read_file(name: str, data: bytes) -> Article:
    """An uploaded or local file (.txt or .html) → article."""
    lower = name.lower()
    if not lower.endswith(ALLOWED_EXTENSIONS):
        raise ImportRejected("Only .txt and .html files can be imported.")
    text = decode_bytes(data)
    is_html = lower.endswith((".html", ".htm")) or looks_like_html(text)
    return parse_article(text, is_html=is_html)


@limited
def read_url(url: str) -> Article:
    page = fetch_url(url)
    text = decode_bytes(page.data)
    article = parse_article(text, is_html=page.content_type != "text/plain", url=page.url)
    article.url = article.url or page.url
    return article


@limited
def parse_article(content: str, *, is_html: bool | None = None, url: str = "") -> Article:
    """Clean text and metadata from a page or a plain-text copy (no database writes)."""
    if is_html is None:
        is_html = looks_like_html(content)
    meta = _HtmlMeta()
    body = content
    guessed_date = year_only = None
    if is_html:
        meta = _html_meta(content)
        doc = _extract_html(content, url)
        if doc is None or not (doc.text or "").strip():
            raise ImportRejected("No article text could be found in this page.")
        body = doc.text
        if meta.lead:
            # The standfirst heads the text, where the page shows it (dropped or moved last
            # by the extraction).
            lines = [line for line in body.split("\n") if " ".join(line.split()) != meta.lead]
            body = "\n".join([meta.lead, "", *lines])
        meta.title = meta.title or (doc.title or "")
        # trafilatura falls back to the host name ("japantimes.co.jp"); a known outlet's
        # proper name is better.
        meta.site_name = (
            meta.site_name
            or _known_domain(url or meta.url)
            or site_name_only(doc.sitename or "")
            or meta.title_site
        )
        meta.author = meta.author or (doc.author or "")
        # trafilatura's own date is a guess that a date line in the page's text beats; its
        # 1 January is most often a year alone (found in the address), so the last resort.
        if meta.published is None and doc.date:
            guessed_date, _ = find_date(doc.date)
            if guessed_date and (guessed_date.month, guessed_date.day) == (1, 1):
                year_only, guessed_date = guessed_date, None
    headline = ""
    if is_html:
        sites = [meta.site_name, meta.title_site, _known_domain(url or meta.url)]
        titles = [plain(meta.title).strip(), plain(meta.html_title).strip()]
        headline, site = page_headline(titles, meta.h1s, sites)
        meta.site_name = meta.site_name or site
    cleaned = clean_text(body, known_title=headline)
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

    # Title: the page's own (without the site's name after it), else a headline line, else a
    # suggestion from the first sentence.
    article.title = headline or cleaned.title
    article.title_guessed = not headline and cleaned.title_unsure
    if not article.title:
        article.title = guess_title(cleaned.paragraphs)
        article.title_guessed = bool(article.title)

    # Date: meta tags, then a dateline, then a wire ID, then the first date in the text.
    raw = plain(content if not is_html else body)
    article.published_on = (
        meta.published
        or cleaned.dateline
        or guessed_date
        or date_from_menafn(raw)
        or _date_in_header(cleaned.chrome, article.title)
        or date_from_url(article.url)
        or _date_in_header(cleaned.header, article.title, article.language)
        or _date_in_header(cleaned.chrome, "", article.language)
        or year_only
        or find_date("\n".join(cleaned.paragraphs[:3]))[0]
    )

    # Publisher, credit and author.
    # The dateline opens the lede, which a standfirst or a timestamp line may precede.
    credit = (
        next(filter(None, map(dateline_agency, cleaned.paragraphs[:3])), "")
        or _agency(cleaned.wire_mark)
        or credit_in(cleaned.chrome, text)
        or meta.byline_agency
    )
    publisher = plain(meta.site_name).strip() or _known_domain(article.url)
    # A plain-text copy names its outlet in its header or footer ("NHK", "Известия",
    # "朝日新聞デジタルに掲載の…"); an outlet that is only the credited agency comes last.
    named = [name for line in cleaned.chrome if (name := outlet_in_line(line))]
    own = [name for name in named if not (credit and _same_outlet(_agency(name) or name, credit))]
    publisher = publisher or (own[0] if own else "")
    if not publisher and not article.url:
        # Markers of a wire copy ("/ТАСС/", "— РИА Новости."): only when the copy has no
        # address of its own — a republisher's page quotes the agency too.
        scan = raw if not is_html else content
        for pattern, name in OUTLET_MARKERS:
            if pattern.search(scan):
                publisher = name
                break
    # The agency's copyright under a story it wrote (a republisher's page: "Copyright 2024
    # The Associated Press") names the credit, not the site.
    holder = _copyright_outlet(cleaned.copyright_holder)
    if _agency(credit) and _agency(holder.removeprefix("The ")) == _agency(credit):
        holder = ""
    publisher = publisher or cleaned.leading_org or holder or (named[0] if named else "")
    # A page with an address of its own is that site's, even when it carries an agency's
    # story: its domain is a name the editor can correct.
    publisher = publisher or host_outlet(article.url)
    if not publisher and credit:
        publisher, credit = _wire_publisher(credit), ""
    if (
        credit
        and publisher
        and (_same_outlet(credit, publisher) or _agency(publisher) == _agency(credit) != "")
    ):
        credit = ""
    article.publisher_name = publisher
    article.credit = credit
    author = clean_author(plain(meta.author).strip() or cleaned.author or meta.byline_name)
    if agency := _agency(author.removesuffix(" Staff")):
        # An agency as the page's author ("AFP") is the story's credit on another's site.
        if (
            not article.credit
            and agency != _agency(publisher)
            and not _same_outlet(agency, publisher)
        ):
            article.credit = agency
        author = ""
    elif _same_outlet(author, publisher) or outlet_named(author):
        author = ""  # "The Yomiuri Shimbun" as a byline: an outlet, nobody to name
    article.author = author

    article.kind = _kind(article, cleaned.labels)
    if article.kind == Source.Kind.WIRE and credit and not _same_outlet(credit, publisher):
        article.kind = Source.Kind.NEWS
    article.publisher_kind = publisher_kind(article)
    # On a ministry's own page, "the document" it quotes is its own statement.
    issuer = article.publisher_name if article.kind == Source.Kind.OFFICIAL else ""
    article.statements = find_quotes(text, article.language, issuer)
    return article
