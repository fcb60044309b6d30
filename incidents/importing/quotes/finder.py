"""The quote finder: quotations in reading order, each with its speaker, in linear work."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence

from ...models import Actor
from ..limits import check_time, limited
from ..results import DraftStatement
from ..text import _CYRILLIC, _LATIN, _is_cjk, is_headline
from .common import _Mention, _Speaker, title_fits
from .en import EnglishQuotes
from .ja import _SAYING, JapaneseQuotes, ja_is_term
from .ru import RU_PASSIVE, RU_VERBS, RussianQuotes

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

# Quotations are looked for in the first 300,000 characters (a long article is ~30,000): a
# multi-megabyte paste is still cleaned and saved, without minutes spent on its quotes.
QUOTE_SCAN_LIMIT = 300_000
# More quotations than this are not offered: a paragraph with dozens is a list or a hostile
# input, and a confirmation form with hundreds of rows could not be sent back (Django's
# DATA_UPLOAD_MAX_NUMBER_FIELDS). The text itself is kept whole.
MAX_QUOTES_PER_PARAGRAPH = 20
MAX_QUOTES = 100
# After a short quotation: its speaker and a verb of saying ("…," the official said).
SHORT_SAID = re.compile(
    r"^\s*(?:(?:the|a|an)\s+)?(?:[\w’'.-]+\s+){0,6}?"
    r"(?:said|says|told|added|stated|noted|explained|remarked|replied)\b"
    r"|^\s*(?:said|says|added|noted)\s+(?:the\s+)?[\w’'-]+",
    re.I,
)
# Quotation marks around a name or a title, not words someone said: the thing's kind or a
# verb of naming stands just before it ('headlined "…"', 'the "…" exercises' stands after and
# is short; «…» after газета, агентство, под названием, так называемых).
NAMED_THING_BEFORE = re.compile(
    r"(?:\b(?:headlined|titled|entitled|called|dubbed|named|nicknamed|termed|labell?ed|"
    r"so-called|known\s+as|under\s+the\s+(?:headline|title|slogan|name|banner)|the\s+(?:book|"
    r"article|op-ed|editorial|column|report|paper|daily|newspaper|weekly|magazine|agency|"
    r"channel|network|broadcaster|website|portal|film|documentary|programme|program|"
    r"operation|exercises?|drills?|campaign|project|doctrine|strategy|initiative|slogan|"
    r"motto|hashtag|headline))"
    r"|(?:под\s+(?:заголовком|названием|лозунгом)|так\s+называем\w+|газет\w+|агентств\w+|"
    r"издани\w+|телеканал\w*|радиостанци\w+|журнал\w*|стать\w+|колонк\w+|книг\w+|"
    r"фильм\w*|компани\w+|концерн\w*|корпораци\w+|операци\w+|учени\w+|программ\w+|"
    r"проект\w*|парти\w+|фонд\w*|движени\w+|форум\w*|доктрин\w+|стратеги\w+|сайт\w*|"
    r"портал\w*|центр\w*|ассоциаци\w+|обществ\w+|клуб\w*|телеграм-канал\w*|канал\w*|"
    r"хэштег\w*))\s*$",
    re.I,
)
SO_CALLED = re.compile(r"(?:\bso-called|\bтак\s+называем\w+|\bпод\s+названием)\s*$", re.I)
# A few words in quotation marks inside someone's reported words are theirs (Matsuno said
# the government was "considering various options"): lower case, after a verb of saying
# earlier in the sentence, and not after an article, a possessive or a verb of naming (the
# "red lines", Japan's "hostile course").
PARTIAL_SAID = re.compile(
    r"\b(?:said|says|told|tells|stated|added|warned|insisted|argued|noted|stressed|"
    r"maintained|declared|complained|wrote|called|described|branded|denounced|condemned)\b"
    r"[^.!?]*$",
    re.I,
)
# Words someone used to describe a thing ("described relations as "severe"") are theirs even
# after "as", which otherwise introduces a name ("known as", "such as").
DESCRIBED_AS = re.compile(
    r"\b(?:described|characteri[sz]ed|branded|denounced|condemned|criticized|criticised)\b"
    r"[^.!?]*\bas\s*$",
    re.I,
)
# The attribution after a few quoted words, later in the same sentence: '… with "military-
# technical measures" if …, Foreign Minister Sergey Lavrov said'.
SAID_LATER_IN_SENTENCE = re.compile(
    r"^[^.!?\"“”]{0,200},\s+(?:[A-Z][\w’'.-]*\s+){1,6}(?:said|says|told)\b"
)
# The same in Russian: "назвал решение «совершенно неприемлемым»", "заявил, что политика
# носит «исключительно оборонительный характер»".
RU_PARTIAL_SAID = re.compile(
    r"(?<![а-яё])(?:назва|заяв|сказа|отмети|подчеркну|говори|охарактеризова|добави|"
    r"указа|предупреди|пообеща|призва|обвини|осуди|раскритикова)[а-яё]*\b[^.!?]*$",
    re.I,
)
PARTIAL_NOT_AFTER = re.compile(
    r"(?:\b(?:a|an|the|this|that|these|those|its|their|his|her|our|your|my|of|as|word|"
    r"words|phrase|term|terms|so-called)|[’']s|так\s+называем[а-яё]*|слов[аоу]?|термин[а-я]*)\s*$",
    re.I,
)
# A word in guillemets after a preposition is a name ("партнерами по «семерке»", "в
# «Газпроме»"), not words someone said.
RU_PREPOSITION_BEFORE = re.compile(
    r"(?<![а-яё])(?:в|во|на|по|с|со|к|ко|от|из|у|о|об|для|при|за|до|без|между|перед)\s*$", re.I
)
# A sentence ending inside a paragraph: a full stop (or closing quotation) and a capital.
INNER_SENTENCE_END = re.compile(r"[.!?…»”\"][»”\"]?\s+[A-ZА-ЯЁ]")
# Closing marks stripped before asking whether a paragraph ends like a sentence.
CLOSING_MARKS = '"”’»」』)） '
# After a short quotation, a verb of saying: «…», — сказала она; 「遺憾だ」と述べた.
RU_SAID_AFTER = re.compile(rf"^\s*[,.]?\s*[—–]\s*(?:{RU_VERBS}|{RU_PASSIVE})\b", re.I)
JA_SAID_AFTER = re.compile(rf"^\s*(?:と|とも){_SAYING}")
# An attribution inside one pair of guillemets: «…, — сказал он, — …», «…, — подчеркнула
# Захарова. — …».
RU_INSIDE = re.compile(
    rf"[,!?]?\s+[—–]\s+(?P<said>(?:{RU_VERBS})\s+[^—–«»]{{1,100}}?)(?P<stop>[,.])\s+[—–]\s+"
)
# A statement, a press conference or a post named just before a 「」: its words follow.
JA_STATEMENT_BEFORE = re.compile(
    r"(?:声明|談話|会見|発表|投稿|記者団に対し|記者団に|ブリーフィング)で?\s*$"
)
# A quotation's attribution is read from its sentence, up to this many characters either side.
QUOTE_CONTEXT_CHARS = 600
# How far back "he", "the ministry" or "Zakharova" is looked for, in speakers or mentions.
LOOKBACK = 1000


class _QuoteFinder(EnglishQuotes, RussianQuotes, JapaneseQuotes):
    def __init__(self, text: str, language: str, publisher: str = "") -> None:
        self.text = text
        self.language = language
        # The body whose own page this is (a ministry's statement), for "как отмечается в
        # документе" when the document's issuer is not named in the text.
        self.publisher = publisher
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
        self._collect_en_mentions()
        self._collect_ru_mentions()
        self._collect_ja_mentions()
        self.mentions.sort(key=lambda m: m.pos)

    # Resolution of what stands around a quotation.
    def _last_speaker(
        self, pos: int, kind: str, role: str | tuple[str, ...] = "", *, strict: bool = False
    ) -> _Speaker | None:
        """Who "he", "the diplomat" or "ведомство" most likely is: the last one speaking.

        Speaking means quoted, or the subject of a verb of saying; people merely mentioned
        (the minister someone "told") are passed over. With a role word (or several, all of
        which the title must contain), the last speaker whose title fits is preferred, and
        with ``strict`` nobody else will do.
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
            if title_fits(speaker.title, role):
                return speaker
        return None if strict else latest

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

        # The last mention that gives the person's title ("Посол России в Японии Н.Ю.Ноздрев"),
        # else the last at all ("по словам Н.Ю.Ноздрева" gives none).
        mention = (
            self._last_mention(pos, lambda m: bool(m.title) and same(m))
            or self._last_mention(pos, same)
            or next((m for m in itertools.islice(self.mentions, LOOKBACK) if same(m)), None)
        )
        if mention and len(mention.name) >= len(name):
            return _Speaker(mention.name, title or mention.title)
        return _Speaker(name, title)

    def _publisher_speaker(self) -> _Speaker | None:
        return _Speaker(self.publisher, "", Actor.Kind.ORGANISATION) if self.publisher else None

    def _mention_speaker(self, pos: int, kind: str) -> _Speaker | None:
        mention = self._last_mention(
            pos, lambda m: (m.kind == Actor.Kind.PERSON) == (kind == Actor.Kind.PERSON)
        )
        return _Speaker(mention.name, mention.title, mention.kind) if mention else None

    # The main loop.
    def find(self) -> list[DraftStatement]:
        found: list[DraftStatement] = []
        seen: set[str] = set()
        offset = 0
        previous_paragraph = ""
        paragraphs = self.text.split("\n\n")
        # Quotations running on into the next paragraph, waiting for the speaker named there.
        pending: list[DraftStatement] = []
        for index, original in enumerate(paragraphs):
            start_of_paragraph = self.text.find(original, offset)
            offset = start_of_paragraph + len(original)
            # A headline (in a list of related stories, or a heading left in the text)
            # quotes someone in shorthand; the article's own sentences say it in full.
            headline = (
                is_headline(original.strip().rstrip(CLOSING_MARKS))
                and not _one_quotation(original)
                # A question closing a paragraph of sentences ("Вопрос: … говорил, что «…».
                # Видите ли Вы…?") is a reporter's question, not a headline.
                and not (original.rstrip().endswith("?") and INNER_SENTENCE_END.search(original))
            )
            # A quotation over several paragraphs closes only in the last one: each
            # paragraph before it is read as closed at its end.
            closing = _runs_on(
                original, paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
            )
            paragraph = original + closing
            quotes = [] if headline else self._quotes(paragraph)
            sentences = _Sentences(paragraph, quotes) if quotes else None
            offered = 0
            for start, end, inner in quotes:
                check_time()
                before = paragraph[max(0, start - 300) : start]
                words = len(inner.split())
                if (
                    _is_cjk(inner)
                    and len(inner) < 8
                    and not (len(inner) >= 3 and JA_SAID_AFTER.match(paragraph[end : end + 12]))
                ) or (
                    not _is_cjk(inner)
                    and words < 4
                    and not self._short_but_said(inner, paragraph[end : end + 80])
                    and not self._partial_after_saying(inner, before)
                    and not (
                        inner[:1].islower()
                        and _LATIN.match(inner)
                        and SAID_LATER_IN_SENTENCE.match(paragraph[end : end + 300])
                    )
                ):
                    continue
                if _names_a_thing(inner, before) or _title_cased(inner):
                    continue  # headlined "…", газета «…», "Rossiya Segodnya Media Group"
                if (
                    paragraph[start] in "「『"
                    and ja_is_term(paragraph[end : end + 12], inner)
                    # 同省は声明で「…に加担した人物」を対象にした: words of a statement, however
                    # the sentence goes on.
                    and not (len(inner) >= 10 and JA_STATEMENT_BEFORE.search(before[-30:]))
                ):
                    continue  # 「ＲＩＡノーボスチ通信」によると: a name, not a quotation
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
                text, inside = _split_around_attribution(text)
                speaker = (
                    inside and self._attribute_ru("", "— " + inside, pos)
                ) or self._attribute(pre, post, pos, previous_paragraph, paragraph[sentence_end:])
                if speaker and speaker.kind == Actor.Kind.PERSON and not speaker.title:
                    # "— добавил он", "said Peskov": the title the article gave them before.
                    speaker = self._expand_person(speaker.name, pos)
                draft = DraftStatement(
                    text=text,
                    language=self.language,
                    context=paragraph[sentence_start:sentence_end].strip(),
                )
                if speaker:
                    for draft_before in [*pending, draft]:
                        draft_before.speaker_name = speaker.name
                        draft_before.speaker_title = speaker.title
                        draft_before.speaker_kind = speaker.kind
                    pending.clear()
                    self._said[speaker.kind == Actor.Kind.PERSON].append((pos, speaker))
                elif closing and end == len(paragraph):
                    pending.append(draft)
                found.append(draft)
                offered += 1
                if len(found) >= MAX_QUOTES:
                    return found
                if offered >= MAX_QUOTES_PER_PARAGRAPH:
                    break
            if not closing:
                pending.clear()
            previous_paragraph = original
        return found

    @staticmethod
    def _short_but_said(inner: str, post: str) -> bool:
        """A quotation of two or three words is a quotation, not a term in quotation marks,
        when someone is said to have said it: "with strong interest," the official said."""
        if len(inner.split()) < 2:
            return False
        if RU_SAID_AFTER.match(post):  # «Это наша территория», — сказала она.
            return True
        return inner.rstrip().endswith(",") and bool(SHORT_SAID.match(post))

    @staticmethod
    def _partial_after_saying(inner: str, before: str) -> bool:
        """One to three lower-case words quoted inside reported speech are the speaker's own
        words: 'Peskov said the Kremlin "had taken note"', 'told reporters the decision was
        "unacceptable"', 'назвал решение «совершенно неприемлемым»'."""
        if not inner[:1].islower():
            return False
        if _LATIN.match(inner):
            return bool(DESCRIBED_AS.search(before)) or (
                bool(PARTIAL_SAID.search(before)) and not PARTIAL_NOT_AFTER.search(before)
            )
        return bool(
            _CYRILLIC.match(inner)
            and RU_PARTIAL_SAID.search(before)
            and not PARTIAL_NOT_AFTER.search(before)
            and not (len(inner.split()) == 1 and RU_PREPOSITION_BEFORE.search(before))
        )

    def _attribute(
        self, pre: str, post: str, pos: int, previous: str, following: str
    ) -> _Speaker | None:
        """Who said the quotation at ``pos``, from the words around it in its sentence
        (``pre``, ``post``), else the paragraph before or the sentence after it."""
        if self.language == "ja" or (
            _is_cjk(pre + post) and not _LATIN.search(pre[-20:] + post[:20])
        ):
            return self._attribute_ja(pre, post, pos, previous, following)
        if self.language in {"ru", "uk"} or _CYRILLIC.search(post[:40] + pre[-60:]):
            return self._attribute_ru(pre, post, pos, following)
        return self._attribute_en(pre, post, pos, previous)

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


def _split_around_attribution(text: str) -> tuple[str, str]:
    """«Мы не намерены, — сказал он, — вести диалог»: the words said, joined again ("Мы не
    намерены вести диалог"), and the attribution inside them ("сказал он")."""
    match = RU_INSIDE.search(text)
    if not match:
        return text, ""
    joint = ". " if match["stop"] == "." else " "
    head = text[: match.start()].rstrip(" ,")
    return head + joint + text[match.end() :].lstrip(), match["said"]


def _runs_on(paragraph: str, following: str) -> str:
    """The closing mark a paragraph lacks when the quotation it opens goes on in the next
    one (which opens with the same mark, as a quotation over several paragraphs is
    written), else ""."""
    text, after = paragraph.strip(), following.lstrip()
    for opening, closing in (("“", "”"), ("«", "»"), ("「", "」"), ('"', '"')):
        if not (text.startswith(opening) and after.startswith(opening)):
            continue
        if opening == closing:
            unbalanced = text.count(opening) % 2 == 1
        else:
            unbalanced = text.count(opening) > text.count(closing)
        return closing if unbalanced else ""
    return ""


def _one_quotation(paragraph: str) -> bool:
    """A paragraph that is one quotation (introduced by the one before: "X said:", 次のように
    述べた), not a headline."""
    text = paragraph.strip()
    return len(text) > 2 and text[0] in '「『“«"' and text.rstrip("。.")[-1] in '」』”»"'


def _names_a_thing(inner: str, before: str) -> bool:
    """A name or a title after the word for what it is (газета «Российская газета»,
    headlined "Tokyo Bets on NATO"): it starts with a capital, as names do, while words
    someone said that continue a sentence do not (российские компании «не собираются…»).
    After "so-called" or "так называемая" it is a term whatever its case."""
    before = before[-40:]
    if SO_CALLED.search(before):
        return True
    return not inner[:1].islower() and bool(NAMED_THING_BEFORE.search(before))


def _title_cased(inner: str) -> bool:
    """A name or a headline in English capitalises every longer word and ends on no stop
    ("Rossiya Segodnya Media Group", "Tokyo Is Making a Dangerous Bet"); a sentence does
    not."""
    words = re.findall(r"[A-Za-z][\w’'-]*", inner)
    long_words = [w for w in words if len(w) >= 4]
    return (
        len(words) >= 2
        and len(long_words) >= 2
        and all(w[0].isupper() for w in long_words)
        and not inner.rstrip().endswith((".", ",", "!", "?", ":", ";"))
        and not _CYRILLIC.search(inner)
        and not _is_cjk(inner)
    )


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


@limited
def find_quotes(text: str, language: str = "en", publisher: str = "") -> list[DraftStatement]:
    """Quotations in the cleaned text, with the speaker named around each one.

    ``publisher`` is the issuing body when the page is its own official statement: what
    "the document" says is then said by it."""
    if len(text) > QUOTE_SCAN_LIMIT:
        cut = text.rfind("\n\n", 0, QUOTE_SCAN_LIMIT)
        text = text[: cut if cut > 0 else QUOTE_SCAN_LIMIT]
    return _QuoteFinder(text, language, publisher).find()
