"""The headline of a plain-text copy: a scored choice among the lines above the article.

Every line that stands before the first paragraph and is neither a date line, a byline nor
a label is a candidate. Each is scored on what tells a headline from the chrome around it on
any site, rather than on one site's layout:

- it is shaped like a headline (several words, no full stop at the end, not too long);
- it stands next to the story's byline or date line (a headline does, a menu does not);
- it is not chrome: an outlet's name, a row of section names, a numbered section heading
  ("2. Questions and Answers"), a photo caption ("…外相＝22日午後、東京・霞が関"), a prompt to
  subscribe or follow ("テレグラムでスプートニクを購読");
- it is not a standfirst (a longer line right under the headline);
- the page repeats it elsewhere with a site's name after it ("Headline | Site");
- among equals, the line nearest the article (a site's description, section name or feed
  label stands above the headline, never between it and the text).
"""

from __future__ import annotations

import re

from .article_dates import find_date
from .boilerplate import is_boilerplate
from .metadata import outlet_alone, outlet_in_line
from .outlets import outlet_named
from .reading import without_site_name
from .text import _is_cjk, _words, is_headline, is_prose

# "2. Questions and Answers", "1．冒頭発言", "(1) Overview", "II. Summary", "第2部": a
# section of a press conference or a release, never its headline.
_SECTION_HEADING = re.compile(
    r"^(?:\(?[0-9０-９]{1,2}[.．)）、]\s*|[IVX]{1,4}\.\s+|[（(][0-9０-９一二三四五六七八九十]{1,2}[)）]\s*|"
    r"第[0-9０-９一二三四五六七八九十]{1,2}[部章節])"
)
# A time or a year: a section's date line ("Политика, 12 июн 2023, 14:20"), not a headline.
_CLOCK_OR_YEAR = re.compile(r"\d{1,2}[:：]\d{2}|\b(?:19|20)\d{2}\b")
_CLOCK = re.compile(r"\b\d{1,2}[:：]\d{2}\b|\d{1,2}時\d{1,2}分")
# A line of Japanese or Chinese this short is a label ("政治", "国際ニュース"), never a headline.
CJK_LABEL_MAX = 6
# Short words a title-case headline holds and a row of section names does not.
_FUNCTION_WORDS = frozenset(
    {
        *("a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "by", "with"),
        *("from", "as", "over", "after", "into", "amid", "against", "is", "are", "was", "be"),
        *("near", "off", "under", "before", "about", "without", "despite", "across", "between"),
        *("says", "said", "will", "may", "not", "no", "vs"),
    }
)


def is_outlet(unit: str) -> bool:
    """An outlet's name alone on its line ("毎日新聞", "KYODO NEWS")."""
    name = outlet_in_line(unit.strip())
    return bool(name) and (len(unit.strip()) <= len(name) + 4 or outlet_alone(unit))


def reads_as_chrome(unit: str) -> bool:
    """A candidate line that names the site or lists its sections, not an article: an
    outlet's name alone ("毎日新聞"), or a row of five or more capitalised words with no
    number, punctuation or function word ("Japan Politics World Business Sports Videos
    Latest", "Новости Сахалин Курилы Экономика Рыбалка Погода")."""
    stripped = unit.strip()
    if is_outlet(stripped):
        return True
    items = [item for item in re.split(r"[\u3000|｜>＞/]+", stripped) if item.strip()]
    if _is_cjk(stripped) and len(items) >= 3 and all(len(item.strip()) <= 6 for item in items):
        return True  # "ニュース　国際　欧州・ロシア"
    words = stripped.split()
    return len(words) >= 5 and all(
        word[:1].isupper() and word.isalpha() and word.lower() not in _FUNCTION_WORDS
        for word in words
    )


def is_title_shaped(unit: str) -> bool:
    return is_headline(unit) and (_words(unit) >= 3 or (_is_cjk(unit) and len(unit) >= 8))


def not_a_headline(unit: str) -> bool:
    """A line that no headline is, whatever stands around it: a numbered section heading,
    or chrome (a photo caption, a prompt to subscribe or follow: boilerplate.py)."""
    stripped = unit.strip()
    return bool(_SECTION_HEADING.match(stripped) or is_boilerplate(stripped))


def without_trailing_date(unit: str) -> tuple[str, object]:
    """A headline sharing its line with the date and time after it ("露外務次官、日本大使に
    抗議　防衛装備移転で　2025年04月22日19時14分"): the headline, and the date."""
    found, match = find_date(unit)
    if not found or match.start() < 8:
        return unit, None
    rest = unit[match.end() :].strip()
    if rest and not re.fullmatch(r"[\s\d:：時分()（）更新配信]*", rest):
        return unit, None
    head = unit[: match.start()].rstrip(" \u3000|,-–—・")
    if head.count("(") > head.count(")") or head.count("（") > head.count("）"):
        return unit, None  # "Press Conference … (10:32-10:47 March 11, 2025)"
    return (head, found) if head and is_headline(head) else (unit, None)


def is_dek(units: list[str], i: int, candidates: list[int]) -> bool:
    """A standfirst (dek) right under its headline: a line at least as long as the headline
    just above it ("Japan and Russia fail to agree on salmon quota" / "Talks held online
    ended without a deal for the second year in a row, leaving…"). Never the headline, even
    when it sits next to the byline."""
    above = i - 1
    if above not in candidates or not is_title_shaped(units[above]):
        return False
    # The line above must read as a headline, not a site's name, a section label or chrome.
    if (
        outlet_in_line(units[above])
        or find_date(units[above])[0]
        or _CLOCK_OR_YEAR.search(units[above])
        or reads_as_chrome(units[above])
        or not_a_headline(units[above])
        or (len(units[above]) < 12 if _is_cjk(units[above]) else _words(units[above]) < 4)
    ):
        return False
    if _is_cjk(units[i]):
        return len(units[i]) >= 25 and len(units[i]) >= 1.3 * len(units[above])
    return _words(units[i]) >= 6 and _words(units[i]) >= _words(units[above])


def _fold(text: str) -> str:
    return re.sub(r"\W+", " ", text.casefold()).strip()


def _repeated_with_site(unit: str, lines: list[str]) -> bool:
    """The page repeats the line elsewhere with a site's name after it: its <title> as a
    browser's copy keeps it ("Headline | Site", "Headline - Site", "Headline：Site")."""
    folded = _fold(unit)
    if len(folded) < 12:
        return False
    return any(
        line != unit and _fold(line).startswith(folded) and len(line) > len(unit) + 2
        for line in lines
    )


def _site_line(unit: str, units: list[str], i: int) -> bool:
    """The line names the site: the page's footer repeats it ("Ministry of Defense" over
    the page and in "Copyright Ministry of Defense. All Rights Reserved.")."""
    folded = _fold(unit)
    if len(folded) < 4:
        return False
    return any(
        folded in _fold(line) and not is_prose(line)
        for line in units[i + 1 :]
        if line != unit and len(line) <= 200
    ) and any(folded in _fold(line) for line in units[-8:] if line != unit)


def headline_score(units: list[str], i: int, candidates: list[int], near: dict[int, int]) -> float:
    """How much line ``i`` reads as the article's headline (see the module's docstring);
    below 0, it is not one."""
    unit = units[i]
    if not is_headline(unit) or not (
        _words(unit) >= 3 or (_is_cjk(unit) and len(unit.strip()) >= CJK_LABEL_MAX)
    ):
        # A label of one or two words next to the byline ("STAFF WRITER", a section's name
        # over the date line: "政治") is not a headline.
        return -100.0
    if (
        is_outlet(unit)
        or not_a_headline(unit)
        or is_dek(units, i, candidates)
        or _site_line(unit, units, i)
    ):
        return -50.0
    score = 0.0
    if reads_as_chrome(unit) and near.get(i, 0) == 0:
        # A row of capitalised words is a menu unless it stands by the byline or date line
        # (a title-case headline).
        score -= 40
    score += 10 * near.get(i, 0)
    score += 5 if is_title_shaped(unit) and (not _is_cjk(unit) or len(unit) >= 8) else 0
    score += 8 if _repeated_with_site(unit, units) else 0
    # A headline is rarely a sentence with its full stop, nor a run of 25 words.
    score -= 5 if is_prose(unit) else 0
    # A date with its time is a credit or timestamp line ("KYODO NEWS - Jun 24, 2025 - 17:42
    # | Japan, World"), though a press conference's title may hold one.
    if _CLOCK.search(unit) and find_date(unit)[0] and re.search(r"\s[|｜·•\-–—]\s", unit):
        score -= 8
    # Among equals, the line nearest the article.
    return score + i / 1000


def _site_only(title: str, sites: list[str]) -> str:
    """The site's name, when ``title`` is nothing else."""
    if outlet := outlet_named(title):
        return outlet.name
    return title if _fold(title) in {_fold(name) for name in sites if name} else ""


def page_headline(titles: list[str], h1s: list[str], sites: list[str]) -> tuple[str, str]:
    """An HTML page's headline and, when one of its titles is nothing but the site's name,
    that name.

    ``titles`` are the page's own (og:title, <title>), best first. The headline is the <h1>
    that agrees with any title that is not only the site's name (a title may carry the
    site's name after it: "… | Site", "…：日本経済新聞", "… — РИА Новости"); without one,
    that title without a known site's name; without a title, the page's <h1>."""
    site = next((name for title in titles if title and (name := _site_only(title, sites))), "")
    usable = [t for t in titles if t and not _site_only(t, sites)]
    # The site's logo as an <h1> is no headline; a heading of several words that a guess
    # took for the site's name (the last part of "Site | Headline") may well be.
    headings = [
        h1
        for h1 in h1s
        if is_headline(h1)
        and not is_outlet(h1)
        and not (_site_only(h1, sites) and (_words(h1) < 4 and not _is_cjk(h1)))
    ]
    for title in usable:
        stripped, whole = _fold(without_site_name(title, *sites)), _fold(title)
        for h1 in headings:
            folded = _fold(h1)
            if folded and (
                folded == stripped
                # "Site | Headline", "Headline - Section - Site": the <h1> inside the title.
                or (folded in whole and len(folded) >= 0.5 * len(stripped))
            ):
                return h1, site
    if not usable:
        named = [h1 for h1 in headings if _words(h1) >= 3 or (_is_cjk(h1) and len(h1) >= 8)]
        return (named[0] if named else ""), site
    return without_site_name(usable[0], *sites), site
