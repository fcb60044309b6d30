"""English: names and titles ("Foreign Minister X", "X, the ministry's spokeswoman"),
bodies ("Russia's Foreign Ministry"), and who said a quotation ("…," Zakharova said / said
the minister / X told reporters that "…")."""

from __future__ import annotations

import bisect
import re

from ...models import Actor
from ..limits import check_time
from .common import _Mention, _Speaker, _wordset

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
POST_EN_CLAUSE_SUBJECT = re.compile(
    r"^[^.!?;“”\"«»]{0,200},\s+(?P<subj>(?:[A-Z][\w’'.-]*\s+){1,6})(?:said|says|told)\b"
)
PRE_EN_VERB = re.compile(rf"\b{EN_SPEECH}\b", re.I)

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
# A title word in lower case right before the name: '…," spokeswoman Maria Zakharova said'.
BARE_TITLE_BEFORE = re.compile(rf"(?:^|[\s\"”“,(])(?P<title>(?i:{TITLE_HEADS}))\s+$")
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
    telegram twitter facebook instagram youtube vkontakte vk weibo wechat tiktok rutube dzen
    """
)
# (The last line: platforms a body posts on, never a speaker; the body that posted is.)
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


# A body named as part of a person's title: "Foreign Ministry spokeswoman Maria Zakharova",
# "the ministry's spokeswoman".
ORG_IN_TITLE = re.compile(rf"(?:[’']s)?\s+(?i:{TITLE_HEADS})\b")
# "in Moscow", "to Tokyo": a place, not the capital speaking for its state.
AFTER_PREPOSITION = re.compile(
    r"\b(?:in|at|from|to|near|with|over|of|for|on|into|towards?|against|between|by|via)\s+$",
    re.I,
)
# A speaker described but not named: "…, the Russian foreign ministry's spokeswoman said."
TITLE_ONLY_SAID = re.compile(
    rf"\bthe\s+(?P<title>(?:(?!the\b)[\w’'.-]+\s+){{0,5}}?(?i:{TITLE_HEADS}))\s+{EN_AUX}"
    r"(?:said|says|told|added|stated|warned|noted)\b",
    re.I,
)
# Bodies named by what they do, and referred back to by that word: "its border service" …
# "the service said"; "Russia's coast guard" … "the guard".
BODY_HEADS = (
    r"(?:service|agency|guard|committee|council|fleet|command|office|watchdog|regulator|district)"
)
THE_BODY = re.compile(rf"\bthe\s+(?P<head>{BODY_HEADS})\b", re.I)
BODY_NAMED = re.compile(
    r"\b(?:its|their|the|Russia[’']s|Japan[’']s|Moscow[’']s|Tokyo[’']s)\s+"
    rf"(?P<name>(?:(?!said\b|says\b)[A-Za-z-]+\s+){{1,2}}(?i:(?P<head>{BODY_HEADS})))\b"
)
# A quotation signed with a dash: '"…" — Maria Zakharova, spokeswoman.'
SIGNED = re.compile(r"^\s*[—–]\s*(?P<subj>[A-Z][^.;:“”\"]{1,120})\.?\s*$")
# A speaker who asked not to be named, and how the article describes them.
ANONYMOUS = re.compile(
    r"not\s+(?:to\s+be\s+)?(?:named|identified)|(?:on|under)\s+(?:the\s+)?condition\s+of\s+"
    r"anonymity|speaking\s+anonymously|declined\s+to\s+be\s+(?:named|identified)",
    re.I,
)
DESCRIBED = re.compile(
    rf"\b(?:the|an?)\s+(?P<desc>(?:[\w-]+\s+){{0,3}}?(?i:{TITLE_HEADS}))\b", re.I
)
# An unnamed speaker introduced by description: "a ministry official", "a senior diplomat".
UNNAMED = re.compile(
    rf"\b[Aa]n?\s+(?P<desc>(?:(?!said\b|told\b)[a-z][\w-]*\s+){{0,3}}(?i:{TITLE_HEADS}))\b"
)
UNNAMED_REACH = 1000


class EnglishQuotes:
    """The English half of the quote finder (mixed into it; uses its mentions and speakers)."""

    def _collect_en_mentions(self) -> None:
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
            if name and not ORG_IN_TITLE.match(text, match.end()):
                speaking = bool(SUBJECT_OF_SAYING.match(text[match.end() : match.end() + 160]))
                self.mentions.append(
                    _Mention(match.start(), name, "", Actor.Kind.ORGANISATION, speaking)
                )

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
        if match := BARE_TITLE_BEFORE.search(before):
            return match["title"]  # '," spokeswoman Maria Zakharova said'
        return ""

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
        for match in re.finditer(r"\b(?:it|they)\b", chunk, re.I):
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
                person = self._expand_person(name, pos, title)
                person.title = person.title or self._title_said_before(pos, person.name)
                candidates.append((offset, person))
            else:
                word = match.group(0).split()[-1].lower().rstrip("’'s")
                if (
                    len(match.group(0).split()) == 1
                    and word in PLACE_SPEAKERS
                    and not AFTER_PREPOSITION.search(chunk, 0, match.start())
                    # "the Kremlin spokesman": the place is part of a person's title.
                    # "Japan's top government spokesman": likewise.
                    and not re.match(
                        rf"(?:’s|'s)?\s+(?:[\w-]+\s+){{0,3}}?(?:{TITLE_HEADS})\b",
                        chunk[match.end() :],
                        re.I,
                    )
                ):
                    name, kind = PLACE_SPEAKERS[word]
                    candidates.append((match.start(), _Speaker(name, "", kind)))
        for match in ORG_MENTION.finditer(chunk):
            if ORG_IN_TITLE.match(chunk, match.end()):
                continue  # "Foreign Ministry spokeswoman Maria Zakharova": she speaks
            name = self._org_name(match)
            if name and not match["branch"] and not match["of"]:
                # "the Russian ministry": the Russian ministry named in full before (its
                # Foreign Ministry), if one was.
                words = name.lower().split()
                mention = self._last_mention(
                    pos,
                    lambda m, w=words: (
                        m.kind != Actor.Kind.PERSON
                        and len(m.name.split()) > len(w)
                        and all(x in m.name.lower().split() for x in w)
                    ),
                )
                name = mention.name if mention else name
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
                elif re.fullmatch(r"(?:the\s+)?" + re.escape(match.group(0).strip()), chunk, re.I):
                    # "the ministry said" with no ministry named: the body as the article
                    # describes it, for the editor to name, rather than nobody.
                    described = "the " + match.group(0).strip().removeprefix("the ").lower()
                    candidates.append(
                        (match.start(), _Speaker(described, "", Actor.Kind.ORGANISATION))
                    )
        for match in THE_BODY.finditer(chunk):
            # "The service said": the body named earlier by that word ("its border service").
            if body := self._body_named_before(pos, match["head"]):
                candidates.append((match.start(), body))
        # "the Ambassador", "the diplomat": the last person with that title, else the last
        # person speaking.
        for match in re.finditer(
            r"\bthe\s+(?:(?:senior|top|government|foreign|russian|japanese|[A-Z][\w.-]+(?:’s|'s)?)"
            r"\s+){0,2}"
            r"(?P<head>" + TITLE_HEADS + r")\b",
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
            ) or self._unnamed(pos, head)
            if speaker:
                candidates.append((match.start(), speaker))
        if not candidates:
            return None
        candidates.sort(key=lambda c: c[0])
        return candidates[0][1] if first else candidates[-1][1]

    def _body_named_before(self, pos: int, head: str) -> _Speaker | None:
        """The body "the service" or "the agency" refers to: the last one named earlier
        with that word and what it does ("its border service" → "border service")."""
        before = self.text[max(0, pos - UNNAMED_REACH) : pos]
        found = [m for m in BODY_NAMED.finditer(before) if m["head"].lower() == head.lower()]
        if not found:
            return None
        return _Speaker(found[-1]["name"], "", Actor.Kind.ORGANISATION)

    def _title_said_before(self, pos: int, name: str) -> str:
        """The title a lead gave a speaker before naming them: "…, the Russian foreign
        ministry's spokeswoman said." then '"…," Maria Zakharova told a briefing' — when
        nobody else was named in between."""
        before = self.text[max(0, pos - UNNAMED_REACH) : pos]
        found = list(TITLE_ONLY_SAID.finditer(before))
        if not found:
            return ""
        start = pos - len(before) + found[-1].end()
        between = self.mentions[
            bisect.bisect_left(self._mention_at, start) : bisect.bisect_left(self._mention_at, pos)
        ]
        if any(m.kind == Actor.Kind.PERSON and m.name != name for m in between):
            return ""
        return found[-1]["title"]

    @staticmethod
    def _anonymous(sentence: str) -> _Speaker | None:
        """ "…," said the diplomat, who asked not to be named: an unnamed diplomat, not the
        last diplomat named."""
        anonymous = ANONYMOUS.search(sentence)
        if not anonymous:
            return None
        described = [m for m in DESCRIBED.finditer(sentence, 0, anonymous.start())]
        return _Speaker(described[-1]["desc"], "") if described else None

    def _unnamed(self, pos: int, head: str) -> _Speaker | None:
        """ "the official" when nobody with that title is named: the unnamed person introduced
        earlier ("A ministry official said …"), offered as described so the editor can choose
        who that stands for."""
        before = self.text[max(0, pos - UNNAMED_REACH) : pos]
        found = [
            m
            for m in UNNAMED.finditer(before)
            if m["desc"].split()[-1].lower().startswith(head.split()[-1])
        ]
        return _Speaker(found[-1]["desc"], "") if found else None

    def _absolute(self, chunk: str, pos: int, offset: int) -> int:
        found = self.text.rfind(chunk, 0, pos + 1) if chunk else -1
        return found + offset if found >= 0 else -1

    def _attribute_en(self, pre: str, post: str, pos: int, previous: str) -> _Speaker | None:
        if unnamed := self._anonymous(pre + " " + post):
            return unnamed
        tail = post.lstrip(" ,;:—–-")
        if match := SIGNED.match(post):
            # '"…" — Maria Zakharova, Russian Foreign Ministry spokeswoman.'
            speaker = self._resolve_en(match["subj"].split(",")[0], pos, first=True)
            if speaker:
                return speaker
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
        if match := POST_EN_CLAUSE_SUBJECT.match(tail):
            # '… "measures" if the United States deploys missiles, Foreign Minister X said':
            # the subject is the clause just before the verb, after a comma.
            speaker = self._resolve_en(match["subj"], pos, first=False)
            if speaker:
                return speaker
        verbs = list(PRE_EN_VERB.finditer(pre))
        if verbs and verbs[-1].group(0).lower() == "according to":
            return self._resolve_en(pre[verbs[-1].end() :], pos, first=True)
        # The subject of the last verb of saying, else of the one before ("The service
        # said in a statement posted on its website that …": "posted" has none).
        for index in range(len(verbs) - 1, max(-1, len(verbs) - 4), -1):
            chunk = pre[verbs[index - 1].end() if index else 0 : verbs[index].start()]
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
