"""Cleaning: split the text into paragraph units and keep the article's own paragraphs,
taking the title, byline and dateline that stand before them as metadata."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from .article_dates import DATELINE_NOISE, YEARLESS_TIMESTAMP, find_date, is_dateline
from .boilerplate import (
    BOILERPLATE_PHRASE,
    LEADING_LABEL,
    NAV_SEPARATOR,
    RANK_ITEM,
    READER_PROMPT,
    REPORTING_CREDIT,
    SOURCE_URL_LINE,
    is_boilerplate,
    is_list_heading,
    is_navigation,
)
from .headlines import (
    CJK_LABEL_MAX,
    headline_score,
    is_title_shaped,
    reads_as_chrome,
    without_trailing_date,
)
from .limits import check_time
from .metadata import (
    COPYRIGHT_HOLDER,
    OFFICIAL_PUBLISHER,
    WIRE_MARK,
    _byline,
    _same_title,
)
from .text import _CYRILLIC, _LATIN, _SENTENCE_END, _is_cjk, _words, is_headline, is_prose, plain

# Short words a wrapped line may end on, in mid-sentence ("…on Monday" wrapped after "on").
_RUN_ON_WORDS = frozenset(
    {
        *("a", "an", "the", "of", "to", "in", "on", "at", "for", "and", "or", "but", "by"),
        *("with", "from", "that", "as", "is", "was", "are", "were", "has", "have"),
        *("и", "в", "во", "на", "с", "со", "по", "о", "об", "к", "ко", "у", "за", "из", "от"),
        *("что", "не", "но", "а", "же", "до", "для", "при"),
    }
)


def _runs_on(line: str, following: str, first: str) -> bool:
    """Whether ``line`` breaks in mid-sentence and ``following`` carries the sentence on: a
    lower-case start, a comma or hyphen at the break, or a short word left hanging. Japanese
    has no case: a wrapped block's lines are cut at one width (as long as the first)."""
    if _SENTENCE_END.search(line):
        return False
    if _is_cjk(line):
        return abs(len(line) - len(first)) <= 2
    last = line.rsplit(" ", 1)[-1].casefold()
    return (
        following[:1].islower()
        or line.endswith((",", ";", "-", "–", "—", "("))
        or (last in _RUN_ON_WORDS)
    )


def _collapse(line: str) -> str:
    """One line with its spaces collapsed, but keep the ideographic space (U+3000), which
    Japanese text uses as punctuation ("…か　防衛省が発表"). A menu whose items only wide
    spaces set apart ("Menu  World  Asia  Markets") keeps them apart with bars, or,
    collapsed, it would read as one headline of capitalised words."""
    stripped = line.strip(" \t")
    if is_navigation(stripped):
        return " | ".join(item for item in NAV_SEPARATOR.split(stripped) if item)
    return re.sub(r"[^\S\n\u3000]+", " ", line).strip(" \t")


def _units(text: str) -> list[str]:
    """Paragraph units: one per line, except hard-wrapped blocks, which are joined."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    units: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [_collapse(line) for line in block.split("\n")]
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
            # Chrome of a wrapped line's length (a breadcrumb, a date line, a byline) stands
            # on its own line: joined, it would glue itself to the headline.
            and not any(
                is_boilerplate(line) or is_dateline(line) or _byline(line) for line in lines
            )
            # Wrapped lines run on into each other (at least once: a name may be cut
            # between its words); a page's stacked headings, section lines and headline each
            # stand complete, and joining them glued chrome to the headline.
            and any(_runs_on(a, b, lines[0]) for a, b in itertools.pairwise(lines))
        )
        if wrapped:
            units.append(" ".join(lines))
        else:
            units.extend(_rejoined(lines))
    return units


def _rejoined(lines: list[str]) -> list[str]:
    """Short lines that carry one sentence on (a headline a print view broke over three
    lines: "Russia summons Japanese" / "ambassador over" / "new export curbs"): the next
    line starts in lower case and the line before it does not end like a sentence."""
    joined: list[str] = []
    for line in lines:
        if (
            joined
            and line[:1].isalpha()
            and line[:1].islower()
            and not _is_cjk(line)
            and len(joined[-1]) < 80
            and len(line) < 80
            and not _SENTENCE_END.search(joined[-1])
            and not joined[-1].endswith(":")
            and not any(is_boilerplate(part) or is_navigation(part) for part in (joined[-1], line))
        ):
            joined[-1] = f"{joined[-1]} {line}"
        else:
            joined.append(line)
    return joined


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
    # Header and footer lines around the article (navigation, site name, credits, copyright),
    # in page order: where a plain-text copy names its outlet and the agency it came from.
    chrome: list[str] = field(default_factory=list)
    # An agency's mark closing a paragraph ("…。（共同）").
    wire_mark: str = ""
    # The lines above the article's first paragraph (not the title).
    header: list[str] = field(default_factory=list)
    title_unsure: bool = False


# Japanese bylines: "（モスクワ＝山田太郎）", "（政治部・山田太郎）", "（政治部　山田太郎）",
# "【山田太郎】", "記者：山田太郎", "山田太郎記者". Without a place or desk before it, the
# name must be 3-6 kanji and not a label: 【速報】, 【独自】, （共同）, （写真） are not
# reporters.
_JA_NAME = r"[\u4e00-\u9fff\u3005\u30a0-\u30ff]{2,8}?"
_JA_KANJI_NAME = r"[\u4e00-\u9fff\u3005]{3,6}"
JA_BYLINE = re.compile(
    rf"^(?:[（(【][^＝=・（()）\s]{{1,12}}[＝=・\s](?P<a>{_JA_NAME})(?:記者)?[）)】]|"
    rf"[（(](?P<b>{_JA_KANJI_NAME}?)(?:記者)?[）)]|【(?P<c>{_JA_KANJI_NAME}?)】|"
    rf"(?:記者名?|文|筆者|取材)\s*[:：]\s*(?P<d>{_JA_NAME})|(?P<e>{_JA_KANJI_NAME}?)\s*記者)$"
)
# Words that end labels and desks, never a Japanese personal name.
_JA_NOT_A_NAME = re.compile(
    r"(?:報|説|集|稿|真|像|画|部|局|社|省|庁|班|版|共同|時事|通信|新聞|委員|特派員|編集|独自|"
    # Section labels of a press conference or a release: 【冒頭発言】, 【質疑応答】, 【概要】.
    r"発言|応答|会見|要旨|全文|概要|声明|談話|発表|動画|関連|特集|社説|解説)$"
)
# A byline closing the last paragraph: "…冷え込んだままだ。【山田花子】".
JA_TRAILING_BYLINE = re.compile(rf"(?<=[。」])\s*【(?P<who>{_JA_NAME})】$")
# A byline opening the first paragraph with the place it was written: "【モスクワ＝山田太郎】
# ロシア国防省は…" (kept in the text: it is also the paragraph's dateline).
JA_LEADING_BYLINE = re.compile(rf"^[【（(][^】）)＝=]{{1,12}}[＝=](?P<who>{_JA_NAME})[】）)]")


def _ja_byline(unit: str) -> str:
    match = JA_BYLINE.match(unit.strip())
    if not match and len(unit.strip()) <= 20 and re.search(r"^[^＝=\s]{1,10}[＝=]", unit.strip()):
        # "モスクワ＝田中一郎" on a line of its own: the bracketed form without brackets.
        match = JA_BYLINE.match(f"（{unit.strip()}）")
    if not match:
        return ""
    name = next(name for name in match.groups() if name)
    return "" if _JA_NOT_A_NAME.search(name) else name


# A person's name and nothing else: two or three capitalised words ("Анна Смирнова",
# "John A. Smith").
_BARE_NAME = re.compile(
    r"^(?P<who>[A-ZА-ЯЁ][a-zа-яё’'-]+(?:\s+[A-ZА-ЯЁ]\.)?(?:\s+[A-ZА-ЯЁ][a-zа-яё’'-]+){1,2})$"
)


def _author_note(unit: str, surname: str) -> bool:
    """A line about the reporter: their surname, then what they cover or are."""
    return _words(unit) <= 30 and bool(
        re.match(
            rf"{re.escape(surname)}\s+(?:covers|reports\s+on|writes\s+about|is\s+(?:a|an|the)\s)",
            unit.strip(),
            re.I,
        )
    )


def _trailing_name(unit: str) -> str:
    """A name alone on its line, in one script: "Магия Telegram" mixes two, so it is a
    heading, not a reporter."""
    match = _BARE_NAME.match(unit.strip())
    if not match or (_CYRILLIC.search(match["who"]) and _LATIN.search(match["who"])):
        return ""
    return match["who"]


# A headline that ends on a quotation with no full stop inside it: 'Kishida: "We will never
# accept the occupation"', 'Захарова: «Токио выбрал путь конфронтации»'. A sentence quoting
# someone closes the quotation with its full stop ('…occupation."').
_QUOTED_HEADLINE = re.compile(r"^[^.!?。]{1,60}[:：]\s*[\"“«「][^\"”»」]+(?<![.!?。…])[\"”»」]$")


def _quoted_headline(unit: str) -> bool:
    """A link in a list of other articles shaped "Speaker: «quotation»" (which the prose test
    takes for a sentence, since it ends on a closing quotation mark)."""
    return _words(unit) <= 20 and bool(_QUOTED_HEADLINE.match(unit.strip()))


def _next_kept(kept: list[int], after: int) -> int | None:
    return next((i for i in kept if i > after), None)


def _dated_byline(unit: str) -> tuple[dt.date | None, str]:
    """A byline sharing its line with the date: "モスクワ＝佐藤一郎2023年6月12日 9時00分",
    "佐藤一郎2023年6月12日", "By Taro Yamada | June 12, 2023"."""
    if len(unit) > 80:
        return None, ""
    found, match = find_date(unit)
    if not found:
        return None, ""
    rest = DATELINE_NOISE.sub(" ", unit[: match.start()] + " " + unit[match.end() :]).strip()
    who = rest and (_byline(rest) or _ja_byline(rest) or _ja_byline(f"（{rest}）"))
    return (found, who) if who else (None, "")


def _is_meta_line(unit: str) -> bool:
    """A date line or a byline: what stands between a headline and its article."""
    return bool(
        is_dateline(unit, label_words=2)
        or YEARLESS_TIMESTAMP.match(unit.strip())
        or _byline(unit)
        or _ja_byline(unit)
        or _dated_byline(unit)[1]
    )


def _meta_line_follows(units: list[str], index: int) -> bool:
    """A date line or byline comes next, perhaps past the story's section label between
    them ("ロシアが…を通告" / "政治" / "2026年3月10日(火) 12:41")."""
    following = units[index + 1 : index + 3]
    if following and _is_meta_line(following[0]):
        return True
    return len(following) == 2 and _is_label(following[0]) and _is_meta_line(following[1])


def _is_label(unit: str) -> bool:
    """A section's name: a word or two, or a few characters of Japanese ("政治", "World")."""
    stripped = unit.strip()
    if _is_cjk(stripped):
        return len(stripped) < CJK_LABEL_MAX
    return 0 < _words(stripped) <= 2 and not stripped.endswith((".", "!", "?"))


def _description_above_headline(units: list[str], kept: list[int], prose: list[int]) -> int | None:
    """The page's description sentence standing above its headline (an aggregator's or a
    feed's SEO line), when nothing above it can be the headline: the first paragraph is one
    sentence, the next line is headline-shaped, and the article follows it. Without this the
    headline, coming after the first sentence, is taken for a subheading in the text."""
    if len(prose) < 2:
        return None
    first = prose[0]
    if any(is_title_shaped(units[i]) and not reads_as_chrome(units[i]) for i in kept if i < first):
        return None
    headline = _next_kept(kept, first)
    if headline is None:
        return None
    # The article follows, after the headline's own date line or byline if it has them.
    after = _next_kept(kept, headline)
    while after is not None and after not in prose and _is_meta_line(units[after]):
        after = _next_kept(kept, after)
    if after is None or after not in prose:
        return None
    sentence = units[first].rstrip(".!?。！？ ")
    one_sentence = not re.search(r"[.!?。！？](?=\s|$)", sentence)
    if one_sentence and is_title_shaped(units[headline]) and not is_prose(units[headline]):
        return first
    return None


def _next_to_meta(drop: dict[int, str]) -> dict[int, int]:
    """How near each line stands to a byline or date line: 2 right beside one, 1 beside it
    over the chrome dropped between them (a headline stands next to its date line even with
    "有料記事" or a share row between)."""
    near: dict[int, int] = {}
    for i, reason in drop.items():
        if reason in {"byline", "dateline"}:
            for step in (-1, 1):
                near[i + step] = 2
                j = i + step
                while drop.get(j) in {"boilerplate", "label"}:
                    j += step
                near.setdefault(j, 1)
    return near


def _name_by_date_line(
    units: list[str], kept: list[int], drop: dict[int, str], i: int, first_prose: int
) -> bool:
    """Whether line ``i`` stands next to the date line that leads into the article: after it
    with the text next, or before it with the text after the date line."""
    after = _next_kept(kept, i)
    if drop.get(i - 1) == "dateline" and after == first_prose:
        return True
    return (
        after is not None
        and after < first_prose
        and bool(is_dateline(units[after], label_words=2))
        and _next_kept(kept, after) == first_prose
    )


def clean_text(text: str, known_title: str = "") -> _Cleaned:
    """Split the text into units and keep the article's paragraphs."""
    units = _units(plain(text))
    drop: dict[int, str] = {}
    result = _Cleaned(paragraphs=[], dropped=[])
    for i, unit in enumerate(units):
        match = JA_TRAILING_BYLINE.search(unit) if _is_cjk(unit) else None
        if match and not _JA_NOT_A_NAME.search(match["who"]):
            result.author = result.author or match["who"]
            units[i] = unit = unit[: match.start()].rstrip()
        match = JA_LEADING_BYLINE.match(unit) if _is_cjk(unit) and is_prose(unit) else None
        if match and not _JA_NOT_A_NAME.search(match["who"]):
            result.author = result.author or match["who"]
        # The agency's mark closing a paragraph is a credit; the paragraph stays prose.
        if match := WIRE_MARK.search(unit):
            result.wire_mark = result.wire_mark or match["agency"]
            units[i] = unit[: match.start()].rstrip()

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
            in_header = not any(is_prose(units[i]) for i in range(index))
            index += 1
            # The list items: bullets, numbers and headlines, up to the next real paragraph.
            while index < len(units) and not (
                is_prose(RANK_ITEM.sub("", units[index]))
                and not RANK_ITEM.match(units[index])
                and not _quoted_headline(units[index])
            ):
                # A feed label over the page ("Top Stories") is no list: the article's own
                # headline, with its date line or byline under it, ends it.
                if in_header and _meta_line_follows(units, index):
                    break
                if not (
                    is_headline(units[index])
                    or _quoted_headline(units[index])
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
    if not known_title and (description := _description_above_headline(units, kept, prose)):
        drop[description] = "description"
        kept.remove(description)
        prose.remove(description)
        first_prose = prose[0] if prose else len(units)
    last_prose = prose[-1] if prose else -1

    # 2. Before the article: title, dateline, byline, labels; everything else is chrome.
    title_candidates = []
    for i in kept:
        if i >= first_prose:
            break
        unit = units[i]
        date = is_dateline(unit, label_words=2)
        dated, reporter = _dated_byline(unit) if not date else (None, "")
        if date or YEARLESS_TIMESTAMP.match(unit.strip()):
            result.dateline = result.dateline or date
            drop[i] = "dateline"
        elif reporter:
            result.dateline = result.dateline or dated
            result.author = result.author or reporter
            drop[i] = "dateline"
        elif byline := _byline(unit) or _ja_byline(unit):
            result.author = result.author or byline
            drop[i] = "byline"
        elif _trailing_name(unit) and (
            _name_by_date_line(units, kept, drop, i, first_prose)
            # The name alone between the headline (or its standfirst) and the text, as a
            # print page sets it: "Токио нашел…" / "Япония расширила…" / "Марина Ковалева".
            or (_next_kept(kept, i) == first_prose and drop.get(i - 1) == "leading")
        ):
            # A name alone between the date line and the text ("14 июня 2024, 11:30" /
            # "Дарья Волкова"), or just above the date line that opens it: the reporter,
            # as Russian papers set it.
            result.author = result.author or _trailing_name(unit)
            drop[i] = "byline"
        elif LEADING_LABEL.match(unit.strip()):
            result.labels.append(unit.strip())
            drop[i] = "label"
        elif known_title and _same_title(unit, known_title):
            drop[i] = "title"
        else:
            # A date after the headline on its line is the story's date, not its title's.
            head, found = without_trailing_date(unit)
            if found:
                units[i] = head
                result.dateline = result.dateline or found
            title_candidates.append(i)
            drop[i] = "leading"
    if not known_title and title_candidates:
        # The headline sits next to its byline or date line, most often just above them (a
        # caption or standfirst comes below); otherwise take the one nearest the article: a
        # site's SEO line, section name or feed label stands above the headline, never
        # between it and the text.
        near = _next_to_meta(drop)
        scores = {i: headline_score(units, i, title_candidates, near) for i in title_candidates}
        best = max(scores, key=scores.get)
        if scores[best] < 0:
            best = None
        if best is not None:
            result.title = units[best]
            # Nothing but being first speaks for it (not shaped like a headline, beside no
            # byline or date line): the editor is told it is a guess.
            result.title_unsure = scores[best] < 5
            drop[best] = "title"
            for i in title_candidates:
                # An issuing body's name, not a line of its site's chrome that mentions one.
                if (
                    i != best
                    and OFFICIAL_PUBLISHER.search(units[i])
                    and is_headline(units[i])
                    and _words(units[i]) <= 8
                ):
                    result.leading_org = result.leading_org or units[i]

    # A standfirst of one or two sentences may stand between the headline and the byline
    # and date line ("Headline" / "A tit-for-tat expulsion shows…" / "By Helen Marsh" /
    # "September 12, 2024" / the text): those are read as above the article.
    if prose and (_words(units[first_prose]) <= 40 or _is_cjk(units[first_prose])):
        for i in [i for i in kept if first_prose < i][:4]:
            if i in prose:
                break
            if byline := _byline(units[i]) or _ja_byline(units[i]):
                result.author = result.author or byline
                drop[i] = "byline"
            elif date := is_dateline(units[i], label_words=2):
                result.dateline = result.dateline or date
                drop[i] = "dateline"

    # The reporter's note under the text ("Tanabe covers Japan and the Koreas for …"): about
    # the author, not the story.
    if result.author and prose:
        surname = result.author.split()[-1]
        for i in prose[-2:]:
            if _author_note(units[i], surname):
                drop[i] = "boilerplate"
                prose.remove(i)
        last_prose = prose[-1] if prose else -1

    # 3. After the article: whatever is not prose (credits, tags, buttons, stray words); the
    # reporter's name standing alone right under the text is the byline (Russian papers).
    for i in kept:
        if i > last_prose:
            credit = REPORTING_CREDIT.match(units[i])
            if credit and not result.author:
                result.author = credit["who"].strip()
            elif not result.author and i == _next_kept(kept, last_prose):
                result.author = (
                    _trailing_name(units[i]) or _byline(units[i]) or _ja_byline(units[i])
                )
            drop[i] = "trailing"
        elif first_prose <= i and REPORTING_CREDIT.match(units[i]):
            drop[i] = "credit"

    result.paragraphs = [units[i] for i in range(len(units)) if i not in drop]
    result.chrome = [units[i] for i in sorted(drop) if drop[i] not in {"title", "url"}]
    result.header = [
        units[i] for i in sorted(drop) if i < first_prose and drop[i] not in {"title", "url"}
    ]
    # What the editor is shown as removed: not what became metadata.
    metadata = {"title", "dateline", "url", "byline"}
    result.dropped = [units[i] for i in sorted(drop) if drop[i] not in metadata]
    return result
