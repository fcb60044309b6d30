"""Japanese: the speaker before a quotation (X大臣は「…」と述べた), a speaker named in an
earlier sentence (木原官房長官は…。そのうえで「…」と述べた), and 同氏-style references.

Hand-written: no maintained library attributes Japanese quotations."""

from __future__ import annotations

import re

from ...models import Actor
from .common import _Mention, _Speaker, _wordset

JA_AFTER = re.compile(r"^\s*(?:と|って|など(?:と)?|とし|として|との)")
# Longest first: a title is read from the end of the words before は, and "情報局長" must
# win over "局長", "官房長官" over "長官".
_TITLE_WORDS = sorted(
    _wordset(
        """
    外務事務次官 事務次官 外務審議官 官房長官 官房副長官 外務大臣 防衛大臣 外務副大臣
    経済産業相 経産相 財務相 法相 農相 農林水産相 国土交通相 国交相 副首相 担当相 副報道官
    統合幕僚長 幕僚長 海上幕僚長 航空幕僚長 陸上幕僚長 国家安全保障局長 安全保障会議書記
    大統領補佐官 大統領府長官 上院議長 下院議長 副知事 町長 村長 政務官 外務政務官 首席報道官
    防衛副大臣 大臣 副大臣 外相 防衛相 首相 総理大臣 総理 大統領 副大統領
    大統領報道官 報道官 報道局長 外務報道官
    情報局長 情報報道局長 大使 総領事 領事 公使 議長 副議長 長官 次官 外務次官 局長 課長 部長 知事
    市長 委員長 司令官 幹事長 代表 社長 会長 書記 事務総長 国防相 国防次官 外務次官補 補佐官 顧問
    議員 上院議員 下院議員 院長 所長 教授 氏 さん
    """
    ),
    key=len,
    reverse=True,
)
JA_TITLES = "(?:" + "|".join(_TITLE_WORDS) + ")"
# "駐日大使", "駐ロシア大使": the post is part of the title.
JA_TITLE = rf"(?:駐[^\s、。「」のはが]{{1,6}}?)?{JA_TITLES}"
JA_ORGS = (
    r"(?:外務省|国防省|防衛省|政府|大使館|総領事館|官邸|連邦保安庁|国防総省|クレムリン|軍管区|"
    r"司令部|艦隊|部隊|当局|委員会|議会|本部|省|庁|軍|側)"
)
# Words that open a sentence before its subject (また同氏は, 一方、外務省は) and a transcript's
# speaker label (大臣：ロシア国防省は…): neither is part of who speaks.
JA_LEAD_IN = re.compile(
    r"^(?:[^：:「」]{1,10}[：:]\s*)?(?:また|さらに|一方|そのうえで|その上で|なお|ただ|加えて|同時に|"
    r"これに対し|しかし|だが)?"
)
# People described, not named: 外務省幹部, 政府関係者, 防衛省筋, and people an article quotes
# by what they are ("one of" a group: …の一人; 元島民の男性, 地元の住民).
JA_PEOPLE = r"(?:幹部|高官|関係者|当局者|筋|担当者|の一人|男性|女性|住民|元島民)"
JA_UNNAMED = re.compile(rf"{JA_PEOPLE}$")
JA_SPEAKER = re.compile(
    rf"(?P<np>[^、。，,\s「」『』（）()はが]{{1,30}}?(?:{JA_TITLES}|{JA_ORGS}|{JA_PEOPLE}))(?:は|が)"
)
# An official release's "Xから Yに対し，「…」旨抗議した": the words are X's, said to Y.
JA_FROM_TO = re.compile(
    rf"(?P<np>[^、。，,\s「」『』]{{1,30}}?(?:{JA_TITLES}|{JA_ORGS}))から[^「」。]{{0,40}}?に対し[、，,]?\s*$"
)
# Verbs of saying after と: 述べた, 語った, 付け加えた, 反論した, 非難した, 警告した….
_SAYING = (
    r"(?:述べ|語っ|語り|強調|指摘|批判|話し|訴え|主張|説明|明らかに|明言|付け加え|反論|非難|警告|"
    r"表明|発言|答え|応じ|けん制|牽制|呼び掛け|呼びかけ|記し|書き込ん|投稿)"
)
# 「…」。ザハロワ情報局長は９日の会見でこう述べ、…: the speaker follows the quotation.
JA_THUS_SAID = re.compile(
    rf"^(?P<subject>[^。「」]*?(?:は|が))[^。「」]*?(?:こう|このように){_SAYING}"
)
# 林官房長官は次のように述べた。 and the quotation as the next paragraph.
JA_AS_FOLLOWS = re.compile(
    rf"(?P<subject>[^。「」]*?(?:は|が))[^。「」]*?(?:次のように|以下のように){_SAYING}[^。]*。?\s*$"
)
# A body as the subject of its sentence: ロシア外務省は, 駐日ロシア大使館が.
JA_BODY = re.compile(
    r"(?P<name>[ァ-ヶー一-龥々]{0,12}?(?:外務省|国防省|防衛省|大使館|総領事館|政府|大統領府|"
    r"クレムリン|連邦保安庁|国境警備局|艦隊|統合幕僚監部))(?:は|が)"
)
JA_BODY_ANAPHOR = re.compile(r"同(?:省|庁|国|政府|大使館|総領事館|社|党|軍|局)")
JA_ANAPHOR = re.compile(
    r"^(?:同氏|同大臣|同相|同報道官|同大使|同長官|同次官|同局長|同首相|同議長|彼|彼女)$"
)
# A foreign name in katakana, its parts joined by ・ or, as some papers write it, ＝
# (マリア＝ザハロワ).
JA_KATAKANA_NAME = r"[ァ-ヶー][ァ-ヶー・＝]{1,15}"
# A person named with a title: katakana (ザハロワ) or two to five kanji (木原, 上月豊久),
# optionally after the body they belong to (ロシア外務省の). The name is as short as it can
# be, so that the title takes every title word.
JA_PERSON = re.compile(
    rf"(?P<name>{JA_KATAKANA_NAME}|[一-龥々]{{1,5}}?)(?P<title>{JA_TITLE})(?=は|が|も|氏|、|に|の|と)"
)
# A 「」 used as a name or a term, not as a quotation: followed by a particle that makes it
# part of the sentence (「好ましからざる人物」に指定, 「タス通信」によると, 「…」の, and as the
# subject: 「ＲＩＡノーボスチ通信」は９日、…を配信した).
JA_TERM_AFTER = re.compile(r"^\s*(?:に|の|を|で|へ|から|まで|より|や|などの|は|が|も)")
# A 「」 or 『』 holding the name of an agency, paper, broadcaster or body is a name wherever
# it stands (「タス通信」, 『読売新聞』, 「インタファクス通信」と「ＲＩＡ」).
JA_NAME_END = re.compile(
    r"(?:通信|通信社|新聞|新聞社|テレビ|放送|放送局|紙|誌|電子版|省|庁|委員会|党|社|局|銀行|財団|"
    r"研究所|大学|センター|機構|協会|基金|軍|艦隊|部隊)$"
)
# Particles after a name that make it the subject of the sentence.
_SUBJECT = ("は", "が", "も")


def ja_is_term(post: str, inner: str) -> bool:
    """True when a 「」 holds a name or a term, not a sentence of its own (no 、 or 。
    inside): followed by a particle that joins it to the sentence, or ending like the name
    of an agency, paper or body."""
    if re.search(r"[、。，．！？!?]", inner):  # ， and ． as official releases write 、 and 。
        return False
    return (
        bool(JA_TERM_AFTER.match(post))
        or bool(JA_NAME_END.search(inner.strip()))
        # A noun straight after it makes it a name: 「自由で開かれたインド太平洋」構想.
        or bool(re.match(r"[一-龥々ァ-ヶ]", post))
    )


def _same_person(full: str, short: str) -> bool:
    """Whether ``short`` names the person named ``full`` here: the same name, a foreigner's
    surname after the "・" (ミハイル・ガルージン → ガルージン), or a Japanese surname that the
    full name starts with (松野博一 → 松野)."""
    if full == short:
        return True
    if "・" in full:
        return full.rsplit("・", 1)[-1] == short
    return len(short) >= 2 and full.startswith(short) and len(full) - len(short) <= 3


class JapaneseQuotes:
    """The Japanese part of the quote finder (mixed into it; uses its mentions and speakers)."""

    def _collect_ja_mentions(self) -> None:
        text = self.text
        titles: dict[str, str] = {}  # ペスコフ氏 is still the 大統領報道官 named before
        for match in JA_PERSON.finditer(text):
            name, title = match["name"], match["title"]
            if name.startswith("同") or (len(name) == 1 and title in {"氏", "さん"}):
                continue
            if title in {"氏", "さん"}:
                # ガルージン氏 is the ミハイル・ガルージン外務次官 named before: full name, title.
                name, title = next(
                    ((full, known) for full, known in titles.items() if _same_person(full, name)),
                    (name, ""),
                )
            if title:
                titles[name] = title
            after = text[match.end() : match.end() + 1]
            self.mentions.append(_Mention(match.start(), name, title, speaking=after in _SUBJECT))
        for match in JA_BODY.finditer(text):  # ロシア外務省は…: what 同省 refers back to
            if not match["name"].startswith("同"):
                self.mentions.append(
                    _Mention(match.start(), match["name"], "", Actor.Kind.ORGANISATION, True)
                )

    def _ja_person(self, name: str, title: str, pos: int) -> _Speaker:
        """A person as named here, with the title given when named in full earlier
        (ルデンコ氏 → ルデンコ, 外務次官)."""
        if not title:
            earlier = self._last_mention(
                pos,
                lambda m: m.kind == Actor.Kind.PERSON and m.title and _same_person(m.name, name),
            )
            if earlier:
                # ガルージン氏 after ミハイル・ガルージン外務次官: the name in full, and his title.
                name, title = earlier.name, earlier.title
        return _Speaker(name, title)

    def _ja_by_title(self, title: str, pos: int) -> _Speaker | None:
        """ "大使は", "同長官は": the last person with that title, else the last speaking."""
        core = title.removeprefix("同")
        mention = self._last_mention(
            pos,
            lambda m: m.kind == Actor.Kind.PERSON and bool(m.title) and m.title.endswith(core),
        )
        if mention:
            return _Speaker(mention.name, mention.title)
        return self._last_speaker(pos, Actor.Kind.PERSON)

    def _resolve_ja(self, pre: str, pos: int) -> _Speaker | None:
        matches = list(JA_SPEAKER.finditer(pre))
        # The topic (Xは) speaks; a subject with が after it is most often inside a clause
        # (日本政府が発表した制裁について): it speaks only when no topic is named.
        topics = [m for m in matches if m.group(0).endswith("は")]
        matches = topics or matches
        if not matches:
            anaphor = re.search(r"(同氏|同大臣|同相|同報道官|同大使|同長官|彼女|彼)(?:は|が)", pre)
            return self._last_speaker(pos, Actor.Kind.PERSON) if anaphor else None
        np = JA_LEAD_IN.sub("", matches[-1]["np"], count=1) or matches[-1]["np"]
        if JA_BODY_ANAPHOR.fullmatch(np):
            # 同省は声明で「…」: the body named before.
            return self._last_speaker(pos, Actor.Kind.ORGANISATION) or self._mention_speaker(
                pos, Actor.Kind.ORGANISATION
            )
        if JA_ANAPHOR.match(np):
            return (
                self._ja_by_title(np, pos)
                if np not in {"同氏", "彼", "彼女"}
                else (self._last_speaker(pos, Actor.Kind.PERSON))
            )
        if "の" in np:
            np = np.rsplit("の", 1)[1]
        if re.fullmatch(JA_TITLE, np) and np not in {"氏", "さん"}:
            return self._ja_by_title(np, pos)
        person = re.fullmatch(rf"(?P<name>.+?)(?P<title>{JA_TITLE})", np)
        if person and re.fullmatch(rf"{JA_KATAKANA_NAME}|[一-龥々]{{1,5}}", person["name"]):
            title = person["title"]
            return self._ja_person(person["name"], "" if title in {"氏", "さん"} else title, pos)
        org = JA_LEAD_IN.sub("", matches[-1]["np"], count=1) or matches[-1]["np"]
        org = re.sub(r"^【[^】]*】", "", org)
        if JA_UNNAMED.search(org):
            return _Speaker(org, "")  # 外務省幹部: an official, unnamed
        return _Speaker(org, "", Actor.Kind.ORGANISATION)

    def _attribute_ja(
        self, pre: str, post: str, pos: int, previous: str = "", following: str = ""
    ) -> _Speaker | None:
        if match := JA_FROM_TO.search(pre):
            # 外務省欧州局長から…次席公使に対し「…」旨抗議: the official by post, unnamed.
            return _Speaker(match["np"], "")
        if JA_AFTER.match(post):
            return self._resolve_ja(pre, pos) or self._last_speaker(pos, Actor.Kind.PERSON)
        if pre.strip():
            return self._resolve_ja(pre, pos)
        # The quotation opens its sentence: 「…」。ザハロワ情報局長はこう述べ、…
        if match := JA_THUS_SAID.match(following.lstrip("。 　")[:200]):
            return self._resolve_ja(match["subject"], pos)
        # A paragraph of its own after 林官房長官は次のように述べた。
        if match := JA_AS_FOLLOWS.search(previous[-200:]):
            return self._resolve_ja(match["subject"], pos)
        return None
