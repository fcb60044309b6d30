"""Russian: names (declined: Захарова / Захаровой), titles before them, and who said a
quotation («…», — заявила Захарова / Как заявил X, «…»)."""

from __future__ import annotations

import itertools
import re

from ...models import Actor
from .common import _Mention, _Speaker, _wordset, title_fits
from .ru_cases import is_genitive_title, nominative_body, nominative_name, nominative_title

RU_VERBS = (
    r"(?:заявил[аи]?|сказал[аи]?|отметил[аи]?|подчеркнул[аи]?|добавил[аи]?|сообщил[аи]?|"
    r"пояснил[аи]?|заключил[аи]?|написал[аи]?|указал[аи]?|констатировал[аи]?|предупредил[аи]?|"
    r"заверил[аи]?|напомнил[аи]?|признал[аи]?|ответил[аи]?|уточнил[аи]?|рассказал[аи]?|"
    r"высказал(?:ся|ась|ись)|считает|считают|уверен[аы]?|говорится|цитирует|передает|передаёт|"
    r"приводит|пишет|объяснил[аи]?|призвал[аи]?|потребовал[аи]?|назвал[аи]?|"
    r"прокомментировал[аи]?|заметил[аи]?|говорил[аи]?|заявлял[аи]?|резюмировал[аи]?|"
    r"парировал[аи]?|посетовал[аи]?|возмутил(?:ся|ась|ись)|выразил[аи]?|обвинил[аи]?|"
    # The present tense a press service or a daily's summary uses: "— сообщает пресс-служба".
    r"сообща(?:ет|ют)|отмеча(?:ет|ют)|подчеркива(?:ет|ют)|заявля(?:ет|ют)|говор(?:ит|ят)|"
    r"указыва(?:ет|ют)|добавля(?:ет|ют)|высказал[аи]?|повторил[аи]?|повторял[аи]?)"
)
POST_RU = re.compile(rf"^\s*[,.]?\s*[—–-]\s*{RU_VERBS}\s+(?P<subj>[^.!?]+)", re.I)
# An outlet carrying someone's words: "— приводит его слова ТАСС", "— цитирует слова
# Захаровой РИА Новости"; the speaker is whose words they are.
RU_WORDS_CARRIED = re.compile(
    r"^\s*[,.]?\s*[—–-]\s*(?:приводит|приводят|цитирует|цитируют|передает|передаёт)\s+"
    r"(?:[^\s.!?]+\s+){0,3}?(?:(?P<whose>его|её|ее|их)\s+слова|слова\s+(?P<subj>[^.!?]+))",
    re.I,
)
# Passive attributions: «…», — как отмечается в документе / говорится в заявлении МИД.
RU_PASSIVE = (
    r"(?:говорится|отмечается|подчеркивается|подчёркивается|указывается|сообщается|заявляется|"
    r"утверждается|констатируется|особо\s+отмечается)"
)
POST_RU_PASSIVE = re.compile(
    rf"^\s*[,.]?\s*[—–-]\s*(?:как\s+)?(?:также\s+)?{RU_PASSIVE}\s+(?P<subj>[^.!?]+)", re.I
)
# The document a passive attribution names: "в заявлении", "в документе", "в тексте ноты".
RU_DOCUMENT = re.compile(
    r"^(?:в|во)\s+(?:(?:[а-яё]+(?:ом|ем|ой|ей)|позднее|ранее|вчера|сегодня)\s+){0,3}"
    r"(?:заявлени\w*|сообщени\w*|комментари\w*|документ\w*|публикаци\w*|нот\w*|"
    r"тексте|материал\w*|релиз\w*|пресс-релиз\w*|обращени\w*|докладе|письме|ответе)"
    r"(?:\s+(?:ноты|заявления|документа))?\s*",
    re.I,
)
# A body named by what it is rather than by its name ("ведомство", "в заявлении министерства").
RU_BODY_WORD = re.compile(
    r"(?:они|ведомств[оа]|министерств[оа]|дипмисси[яи]|посольств[оа]|внешнеполитическ\w+\s+"
    r"ведомств[оа]|МИД|МИДа|документ\w*|заявлени\w*|текст\w*)",
    re.I,
)
# The kind of body a word names, and what the name of such a body holds.
RU_BODY_KINDS = {
    "посольств": ("посольств",),
    "дипмисси": ("посольств", "дипмисси", "консульств"),
    "консульств": ("консульств",),
    "министерств": ("министерств", "мид"),
}
# A document and who issued it: "в распространенном японским МИД документе".
RU_ISSUED_DOCUMENT = re.compile(
    r"(?:^|\s)(?:в|во)\s+(?:распространенн|распространённ|опубликованн|обнародованн|"
    r"выпущенн|подготовленн)\w*\s+(?P<body>(?:[^\s,.]+\s+){0,3}?(?:МИД\w*|министерств\w*|"
    r"посольств\w*|правительств\w*|ведомств\w*|Кремл\w*))\s+(?:документе|заявлении|"
    r"сообщении|комментарии|тексте)\b",
    re.I,
)
# A woman's surname: Захарова, Матвиенко is either; Волкова, Ильина, Троицкая.
RU_FEMALE_SURNAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ая)$")
_CYRILLIC_NAME = re.compile(r"^[А-ЯЁ]")
RU_IN_WORDS_OF = r"(?P<marker>как|по\s+(?:словам|мнению|оценке|оценкам|убеждению))"
PRE_RU_AS = re.compile(
    rf"(?:^|[\s,]){RU_IN_WORDS_OF}\s+(?:(?:{RU_VERBS}|{RU_PASSIVE})\s+)?"
    r"(?P<subj>[^,:«»]+?)\s*[,:]?\s*$",
    re.I,
)
# "По ее словам, Токио «…»": whose words a possessive names (the last woman or man named).
PRE_RU_WHOSE = re.compile(
    r"(?:^|[\s,])по\s+(?P<whose>его|её|ее)\s+(?:словам|мнению|оценке|оценкам|убеждению)\s*,",
    re.I,
)
# "Как заявил посол, российские компании «…»": the attribution leads the sentence.
PRE_RU_AS_LEAD = re.compile(
    rf"(?:^|[\s,]){RU_IN_WORDS_OF}\s+(?:{RU_VERBS}\s+)?(?P<subj>[^,:«»]+?)\s*,[^«»]*$", re.I
)
# Words that put the name after them in the genitive: "по словам", "слова", "в заявлении"
# (with the person's title in between).
RU_GENITIVE_BEFORE = re.compile(
    r"(?:по\s+(?:словам|мнению|оценке|оценкам)|слова|(?:в|во)\s+(?:заявлении|комментарии|"
    r"сообщении|обращении|посте|выступлении))\s+(?:[^\s,.;:«»]+\s+){0,8}$",
    re.I,
)
RU_DOCUMENT_OF = re.compile(r"^(?:в|во)\s", re.I)
PRE_RU_VERB = re.compile(rf"(?:^|\s){RU_VERBS}(?=[\s,:])", re.I)
RU_NOT_NAME = _wordset(
    """
    россия россии россию россией япония японии японию японией украина украины украину киев
    киева москва москвы москву москве токио сша китай китая рф мид ранее как по в на и но а
    также при после кроме однако между это эти он она они мы кремль кремля нато ес риа
    новости тасс интерфакс интерфаксу кремле кремлем кремлём
    """
)
RU_TITLE_HEADS = re.compile(
    r"эксперт|политик|чиновник|собеседник|министр|представител|пресс-секретар|посол(?!ьств)|"
    r"посл[ау](?![а-яё])|глав[аыеу](?![а-яё])|президент|премьер|заместител|директор|спикер|"
    r"руководител|генсек|секретар|председател|депутат|сенатор|замминистра|дипломат|консул|"
    r"парламентари|губернатор|мэр(?![а-яё]{2})|командующ|адмирал|генерал|профессор|"
    r"политолог|аналитик|военачальник|замглавы",
    re.I,
)
# A body by its name: "МИД России", "Министерство обороны", "Кремль", "посольство Японии".
RU_BODY_NAME = (
    r"(?:МИД|[Мм]инистерств|[Пп]осольств|[Кк]онсульств|Кремл|[Пп]равительств|Минобороны|"
    r"[Пп]ресс-служб|[Вв]едомств|[Аа]ппарат)"
)
RU_ADVERBS = re.compile(
    r"\s+(?:также|тоже|ранее|же|вновь|уже|сегодня|вчера|накануне|в\s+свою\s+очередь|"
    r"неоднократно|не\s+раз|публично|открыто|прямо|недавно|постоянно|ещ[её])(?=\s|$)",
    re.I,
)
RU_IN_BODY = re.compile(rf"^(?:[Вв]|[Вв]о)\s+(?P<body>{RU_BODY_NAME}\S*)(?P<rest>.*)$")
# "в посольстве" → "посольство": a body named after "в" is offered in the nominative.
RU_BODY_NOMINATIVE = {
    "посольстве": "посольство",
    "министерстве": "министерство",
    "кремле": "Кремль",
    "правительстве": "правительство",
    "пресс-службе": "пресс-служба",
    "консульстве": "консульство",
    "ведомстве": "ведомство",
    "аппарате": "аппарат",
    "минобороны": "Минобороны",
}
# The outlet someone spoke to, before the speaker: "заявил РИА Новости посол…", "сообщили
# ТАСС в посольстве", "сказал журналистам".
RU_TOLD_OUTLET = re.compile(
    r"^(?:РИА\s+Новости|ТАСС|Интерфаксу|журналистам|агентству\s+\S+(?:\s+Новости)?|"
    r"изданию\s+\S+|газете\s+\S+|телеканалу\s+\S+)\s+"
)
# Capitalised words that continue a title before a name: the bodies it names ("Председателя
# Совета Федерации", "Министр Обороны", "Посол России в Японии").
RU_INSTITUTION = re.compile(
    r"(?:Совет|Федерац|Государствен|Дум|Комитет|Министерств|Правительств|Российск|Собрани|"
    r"Федеральн|Безопасност|Администрац|Кремл|Япони|Росси|Палат|Парламент|Посольств|"
    r"Генеральн|Штаб|Управлени|Служб|Обороны|Иностранных|Дел|МИД|СФ|РФ|Госдум|Совфед)"
)
# Bodies by their short names, capitalised like a name and standing before one in a title
# ("депутат Госдумы Алексей Чепа", "председатель комитета Совфеда Григорий Карасин").
RU_BODY_SHORT = re.compile(r"(?:Госдум|Совфед|Минобороны|Генштаб|Росгвард|Минфин|Минюст)\w*")
# A verb of saying after its subject, perhaps past an aside: "Хаяси, в свою очередь, заявил".
RU_SUBJECT_AFTER = re.compile(rf"^(?:\s*,[^,.!?«»]{{1,60}},)?\s+{RU_VERBS}\b")
# Bodies called by where they sit: "как подчеркнули на Смоленской площади" (the foreign
# ministry), "в Белом доме" (Russia's government), "на Касумигасеки" (Japan's foreign ministry).
RU_SEAT_OF = {
    "смоленской площади": "МИД России",
    "старой площади": "Администрация президента России",
    "краснопресненской набережной": "Правительство России",
    "белом доме": "Правительство России",
    "лубянке": "ФСБ России",
    "фрунзенской набережной": "Минобороны России",
    "касумигасеки": "МИД Японии",
    "нагататё": "Правительство Японии",
    "нагататэ": "Правительство Японии",
}
RU_SEAT = re.compile(
    r"^(?:на|в)\s+(?P<seat>" + "|".join(RU_SEAT_OF).replace(" ", r"\s+") + r")\b", re.I
)
# A press service and whose it is: "пресс-службе ведомства".
RU_PRESS_SERVICE = re.compile(r"^(?:в\s+)?пресс-служб\w*\s+(?P<of>\S.*)$", re.I)
# A name after its initials: "Н.Ю.Ноздрев", "М. Захарова".
RU_INITIALS_NAME = re.compile(
    r"(?<![А-ЯЁа-яё.])(?:[А-ЯЁ]\.\s?){1,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
)
RU_STOP = _wordset(
    """
    и что как ранее также же а но
    """
)
# Adjectives that stand in a title before its head ("Генеральный секретарь", "официальный
# представитель"); any other word before the head (an agency, "в интервью") is not part of it.
RU_ADJECTIVE = re.compile(r"[а-яё-]+(?:ый|ий|ой|ая|яя|ого|его|ей|ых|их)", re.I)
# Adjectives that say when someone holds an office, not which ("Новый премьер-министр").
RU_WHEN_ADJECTIVE = re.compile(r"(?:нов|нынешн|действующ|недавн)\w*", re.I)
# An adjective in an oblique case ("Сахалинской", "Приморского"), which no surname is.
RU_OBLIQUE_ADJECTIVE = re.compile(r"(?:ской|цкой|ной|ого|его|ых|их)$")


# The subject just before a verb, past up to three adverbs in lower case (not prepositions,
# which would make the name their object): a body, or a name of one or two words.
_ADVERBS_BEFORE_VERB = (
    r"(?:\s+(?!(?:в|во|на|по|с|к|о|об|из|от|для|при|за|до|у|и)\s)[а-яё]+){0,3}\s*$"
)
RU_BODY_SUBJECT = re.compile(
    rf"(?:^|\s)(?P<body>(?:МИД|Минобороны|Кремль|[Пп]равительство|[Пп]осольство)"
    rf"(?:\s+(?:России|РФ|Японии))?){_ADVERBS_BEFORE_VERB}"
)
RU_NAME_SUBJECT = re.compile(
    rf"(?<![А-ЯЁа-яё.])(?P<name>(?:[А-ЯЁ]\.\s?){{0,2}}[А-ЯЁ][а-яё]{{2,}}(?:-[А-ЯЁ][а-яё]+)?"
    rf"(?:\s+[А-ЯЁ][а-яё]{{2,}}(?:-[А-ЯЁ][а-яё]+)?)?){_ADVERBS_BEFORE_VERB}"
)


# A sentence pointing back at the words before it, its speaker after the verb: "Такое мнение
# высказал …", "Об этом заявил …", "Такую оценку дал …".
RU_THIS_SAID = re.compile(
    r"^\s*(?:Такое\s+(?:мнение|заявление)|Такую\s+(?:оценку|точку\s+зрения|позицию)|"
    r"Такие\s+слова|Эти\s+слова|Об\s+этом)\s+"
    rf"(?:{RU_VERBS}|дал[аи]?|привел[аи]?|выразил[аи]?)\s+(?P<subj>[^.!?«»]+)",
)


class RussianQuotes:
    """The Russian half of the quote finder (mixed into it; uses its mentions and speakers)."""

    def _collect_ru_mentions(self) -> None:
        text = self.text
        for match in re.finditer(
            r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)+", text
        ):
            tokens = match.group(0).split()
            while tokens and (
                tokens[0].lower() in RU_NOT_NAME or RU_BODY_SHORT.fullmatch(tokens[0])
            ):
                tokens.pop(0)
            while tokens and tokens[-1].lower() in RU_NOT_NAME:
                tokens.pop()
            # "Заместитель Председателя Совета Федерации Константин Косачев": the title and
            # the bodies it names, all capitalised, run into the name; the name is what follows.
            titled = [i for i, t in enumerate(tokens) if RU_TITLE_HEADS.match(t.lower())]
            if titled:
                k = titled[-1]
                while k + 1 < len(tokens) and RU_INSTITUTION.match(tokens[k + 1]):
                    k += 1
                tokens = tokens[k + 1 :]
                if not tokens:
                    continue
            if len(tokens) == 1 and RU_OBLIQUE_ADJECTIVE.search(tokens[0]):
                continue  # "Губернатор Сахалинской области": the title's own words, no name
            if (len(tokens) >= 2 or titled) and not any(t.lower() in RU_NOT_NAME for t in tokens):
                name = " ".join(tokens)
                start = match.start() + match.group(0).find(name)
                before = re.split(r"[.!?«»]", text[max(0, start - 120) : start])[-1]
                after = text[start + len(name) : start + len(name) + 100]
                speaking = bool(PRE_RU_VERB.search(" " + before) or RU_SUBJECT_AFTER.match(after))
                title = self._ru_title_before(text[max(0, start - 200) : start])
                genitive = RU_GENITIVE_BEFORE.search(before)
                if genitive or is_genitive_title(title):
                    name, title = nominative_name(name), nominative_title(title)
                mention = _Mention(start, name, title, speaking=speaking)
                mention.document = bool(genitive and RU_DOCUMENT_OF.search(genitive.group(0)))
                self.mentions.append(mention)
        for match in RU_INITIALS_NAME.finditer(text):
            # "Н.Ю.Ноздрев", "М.Захарова", "С. В. Лавров": a name after its initials, as
            # official sites write it.
            start, name = match.start(), match.group(0)
            before = re.split(r"[.!?«»]", text[max(0, start - 120) : start])[-1]
            after = text[match.end() : match.end() + 100]
            speaking = bool(PRE_RU_VERB.search(" " + before) or RU_SUBJECT_AFTER.match(after))
            title = self._ru_title_before(text[max(0, start - 200) : start])
            if RU_GENITIVE_BEFORE.search(before) or re.search(
                r"(?:посла|министра|представителя|главы|председателя)\s+(?:[^\s.,]+\s+){0,4}$",
                before,
                re.I,
            ):
                name, title = nominative_name(name), nominative_title(title)
            self.mentions.append(_Mention(start, name, title, speaking=speaking))
        for match in re.finditer(
            r"МИД\s+(?:России|РФ|Японии)|Министерств[оа]\s+[а-яё ]+(?:России|Японии)|"
            r"Минобороны(?:\s+(?:России|РФ|Японии))?|"
            r"[Пп]осольств[оаеу]\s+(?:России|РФ|Японии)(?:\s+в\s+(?:Японии|России|Токио|Москве))?",
            text,
        ):
            # An embassy in the nominative, whatever case the sentence put it in.
            name = re.sub(r"^([Пп]осольств)[оаеу]", r"\1о", match.group(0))
            self.mentions.append(_Mention(match.start(), name, "", Actor.Kind.ORGANISATION))

    def _ru_title_before(self, before: str) -> str:
        """The title standing just before a name: from its head word ("посол",
        "заместитель", "секретарь") and the adjectives before it to the name; an agency
        ("РИА Новости") or other words before that are not part of it."""
        tokens = before.split()[-10:]
        start = 0
        for i, token in enumerate(tokens):
            bare = token.strip(",.:;«»").lower()
            if (
                token.endswith((",", ".", ":", ";", "»", "«"))
                or bare in RU_STOP
                or re.fullmatch(RU_VERBS, bare)
                or re.fullmatch(RU_PASSIVE, bare)
            ):
                start = i + 1
        tokens = tokens[start:]
        head = next(
            (i for i, t in enumerate(tokens) if RU_TITLE_HEADS.match(t.strip("«»").lower())), None
        )
        if head is None:
            return ""
        while (
            head > 0
            and RU_ADJECTIVE.fullmatch(tokens[head - 1])
            and not RU_WHEN_ADJECTIVE.fullmatch(tokens[head - 1])
        ):
            head -= 1
        return " ".join(tokens[head:])

    def _resolve_ru(
        self,
        chunk: str,
        pos: int,
        *,
        after: bool = True,
        document: bool = False,
        genitive: bool = False,
    ) -> _Speaker | None:
        """Who ``chunk`` names: after the quotation ("— заявил X, добавив…") the words up to
        the first comma; before it ("X, выступая…, заявил") the words after the last one."""
        chunk = chunk.strip(" ,;:—–-")
        if not after and "," in chunk:
            # "Захарова, выступая на брифинге, заявила": the subject may stand before the
            # participle phrase; the words after the last comma are tried first.
            last, first = chunk.rsplit(",", 1)[-1], chunk.split(",")[0]
            return self._resolve_ru(last, pos, after=False) or self._resolve_ru(first, pos)
        chunk = chunk.split(",")[0]
        chunk = chunk.strip(" ;:—–-")
        if seat := RU_SEAT.match(chunk):
            name = RU_SEAT_OF[" ".join(seat["seat"].lower().split())]
            return _Speaker(name, "", Actor.Kind.ORGANISATION)
        if match := RU_ISSUED_DOCUMENT.search(chunk):
            # "В распространенном японским МИД документе говорится: «…»": who issued it.
            return _Speaker(match["body"], "", Actor.Kind.ORGANISATION)
        if match := RU_DOCUMENT.match(chunk):
            document = True
            chunk = chunk[match.end() :]
        chunk = re.sub(r"^(?:также|же|ранее)\s+", "", chunk, flags=re.I)
        chunk = re.sub(RU_ADVERBS, "", chunk)  # "В Кремле также заявили"
        chunk = RU_TOLD_OUTLET.sub("", chunk)
        chunk = re.sub(r"\s+(?:на|в|во|журналистам|агентству|изданию|РИА)\b.*$", "", chunk)
        press = RU_PRESS_SERVICE.match(chunk)
        if press and re.fullmatch(RU_BODY_WORD, press["of"].strip()):
            # "— заявили в пресс-службе ведомства": the press service of the body named
            # before speaks for it ("пресс-служба Минобороны" stays as the article names it).
            named = self._last_speaker(pos, Actor.Kind.ORGANISATION) or self._mention_speaker(
                pos, Actor.Kind.ORGANISATION
            )
            if named:
                return named
        if match := RU_IN_BODY.match(chunk):
            # "— сообщили в МИД России", "В Кремле заявили": the body itself; "заявили в
            # министерстве": the one named before.
            head = RU_BODY_NOMINATIVE.get(match["body"].lower(), match["body"])
            if not match["rest"].strip() and head.islower():
                named = self._last_speaker(pos, Actor.Kind.ORGANISATION) or self._mention_speaker(
                    pos, Actor.Kind.ORGANISATION
                )
                if named:
                    return named
            return _Speaker(head + match["rest"], "", Actor.Kind.ORGANISATION)
        # "по его словам", "по ее словам": his, hers.
        chunk = {"его": "он", "ее": "она", "её": "она"}.get(chunk.lower(), chunk)
        if re.fullmatch(r"(?:он|она)", chunk, re.I):
            # "она" is a woman: the last woman named or speaking (Захарова, not the Кисида
            # her words answered), by the surname's ending; "он" likewise a man.
            female = chunk.lower() == "она"
            fits = self._last_mention(
                pos,
                lambda m: (
                    m.kind == Actor.Kind.PERSON
                    and bool(RU_FEMALE_SURNAME.search(m.name)) == female
                    and bool(_CYRILLIC_NAME.search(m.name))
                ),
            )
            last = self._last_speaker(pos, Actor.Kind.PERSON) or self._mention_speaker(
                pos, Actor.Kind.PERSON
            )
            # A person named since the last one spoke is whom the pronoun picks up ("Документ
            # представил … Слуцкий. «…», — отметил он"), as is the only one of its gender.
            if fits and (
                last is None
                or bool(RU_FEMALE_SURNAME.search(last.name)) != female
                or fits.pos > self._last_spoke_at(pos)
            ):
                return _Speaker(fits.name, fits.title)
            return last
        if document and not chunk and (owner := self._document_owner(pos)):
            # "говорится в комментарии официального представителя МИД Марии Захаровой" …
            # «…», — говорится в комментарии: hers.
            return owner
        if chunk and (body := self._body_of_kind(chunk, pos)):
            # "— отмечается в сообщении посольства": the embassy named before, not the last
            # body that spoke (the ministry).
            return body
        if (document and not chunk) or re.fullmatch(RU_BODY_WORD, chunk):
            # "как отмечается в документе", "— говорится в заявлении министерства": the body
            # that issued it, named earlier, or the ministry whose own page this is.
            return (
                self._last_speaker(pos, Actor.Kind.ORGANISATION)
                or self._mention_speaker(pos, Actor.Kind.ORGANISATION)
                or self._publisher_speaker()
                or (
                    _Speaker(chunk, "", Actor.Kind.ORGANISATION)
                    if chunk.startswith("МИД")
                    else None
                )
            )
        if re.match(rf"^{RU_BODY_NAME}", chunk):
            # "— отмечается в сообщении пресс-службы флота": the issuer, in the nominative.
            name = nominative_body(chunk) if document else chunk
            return _Speaker(name, "", Actor.Kind.ORGANISATION)
        tokens = chunk.split()
        name_tokens: list[str] = []
        while tokens and (
            re.fullmatch(r"(?:[А-ЯЁ]\.\s?){0,2}[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", tokens[-1])
            and tokens[-1].lower() not in RU_NOT_NAME
            # "— подчеркнул Посол": a title with a capital, as official sites write it.
            and not RU_TITLE_HEADS.fullmatch(tokens[-1].lower())
            and not RU_BODY_SHORT.fullmatch(tokens[-1])
        ):
            name_tokens.insert(0, tokens.pop())
        if not name_tokens:
            if RU_TITLE_HEADS.search(chunk):
                return self._ru_by_title(chunk, pos)
            return None
        title = self._ru_title_before(" ".join(tokens) + " ") if tokens else ""
        name = " ".join(name_tokens)
        if genitive:  # по словам официального представителя Марии Захаровой
            name, title = nominative_name(name), nominative_title(title)
        return self._expand_person(name, pos, title)

    def _last_spoke_at(self, pos: int) -> int:
        """Where a person last spoke (was quoted, or said something) before ``pos``; -1 if
        nobody did."""
        return max(
            (at for at, _ in itertools.chain(self._said[True], self._speaking[True]) if at < pos),
            default=-1,
        )

    def _subject_before_verb(self, clause: str, pos: int) -> _Speaker | None:
        """The subject standing just before a verb of saying, past a few adverbs: "Накануне
        МИД Японии заявил", "Такаити несколько раз говорила"."""
        if match := RU_BODY_SUBJECT.search(clause):
            return _Speaker(match["body"], "", Actor.Kind.ORGANISATION)
        match = RU_NAME_SUBJECT.search(clause)
        if match and match["name"].split()[-1].lower() not in RU_NOT_NAME:
            return self._expand_person(match["name"], pos)
        return None

    def _body_of_kind(self, word: str, pos: int) -> _Speaker | None:
        """The body of the kind a word names ("посольства", "дипмиссии"), named before: the
        newest such body that spoke or was mentioned, else the embassy of the ambassador
        who spoke ("посол России в Японии" → "посольство России в Японии")."""
        stems = next((v for k, v in RU_BODY_KINDS.items() if word.lower().startswith(k)), None)
        if stems is None or " " in word.strip():
            return None

        def fits(name: str) -> bool:
            return any(stem in name.lower() for stem in stems)

        said = [(at, s) for at, s in self._said[False] if at < pos and fits(s.name)]
        mention = self._last_mention(
            pos, lambda m: m.kind == Actor.Kind.ORGANISATION and fits(m.name)
        )
        if said and (mention is None or said[-1][0] >= mention.pos):
            return said[-1][1]
        if mention:
            return _Speaker(mention.name, "", Actor.Kind.ORGANISATION)
        if "посольств" in stems:
            envoy = self._last_mention(
                pos, lambda m: m.kind == Actor.Kind.PERSON and m.title.lower().startswith("посол ")
            )
            if envoy:
                return _Speaker(
                    "посольство " + envoy.title[len("посол ") :], "", Actor.Kind.ORGANISATION
                )
        return None

    def _document_owner(self, pos: int) -> _Speaker | None:
        """The person whose statement or comment the article named before ("в заявлении
        посла Николая Ноздрева"), unless a body has spoken since."""
        owner = self._last_mention(pos, lambda m: m.document)
        bodies = [at for at, _ in self._said[False] if at < pos]
        if owner is None or (bodies and bodies[-1] > owner.pos):
            return None
        return _Speaker(owner.name, owner.title)

    def _ru_by_title(self, description: str, pos: int) -> _Speaker | None:
        """ "— сказал министр", "— отметила официальный представитель МИД": the last person
        speaking or named whose title has the head word and every body named in the
        description; with no body named, else the last person speaking or named. A
        description naming a body nobody here belongs to ("представитель Кремля") is an
        unnamed person, offered as described."""
        words = description.split()
        head = next(w for w in words if RU_TITLE_HEADS.search(w.lower()))
        bodies = tuple(w[:5] for w in words if w[:1].isupper() and w.lower() not in RU_STOP)
        role = (RU_TITLE_HEADS.search(head.lower()).group(0)[:6], *bodies)
        fits = self._last_speaker(pos, Actor.Kind.PERSON, role, strict=True)
        if fits:
            return fits
        mention = self._last_mention(
            pos, lambda m: m.kind == Actor.Kind.PERSON and title_fits(m.title, role)
        )
        if mention:
            return _Speaker(mention.name, mention.title)
        if bodies:
            return _Speaker(description, "")
        return self._last_speaker(pos, Actor.Kind.PERSON) or self._mention_speaker(
            pos, Actor.Kind.PERSON
        )

    def _attribute_ru(self, pre: str, post: str, pos: int, following: str = "") -> _Speaker | None:
        """Who said the quotation, from its own sentence, else from the next one when that
        sentence points back at it ("… «…». Такое мнение высказал RT Леонид Слуцкий.")."""
        speaker = self._attribute_ru_in_sentence(pre, post, pos)
        if speaker is None and (match := RU_THIS_SAID.match(following)):
            speaker = self._resolve_ru(match["subj"], pos)
        return speaker

    def _attribute_ru_in_sentence(self, pre: str, post: str, pos: int) -> _Speaker | None:
        if match := RU_WORDS_CARRIED.match(post):
            # "— приводит его слова агентство Киодо": his words, not the agency's.
            if match["whose"]:
                return self._last_speaker(pos, Actor.Kind.PERSON) or self._mention_speaker(
                    pos, Actor.Kind.PERSON
                )
            return self._resolve_ru(match["subj"], pos, genitive=True)
        if match := POST_RU.match(post):
            speaker = self._resolve_ru(match["subj"], pos)
            if speaker:
                return speaker
        if match := POST_RU_PASSIVE.match(post):
            return self._resolve_ru(match["subj"], pos, document=True)
        if (match := PRE_RU_WHOSE.search(pre)) and (
            speaker := self._resolve_ru(match["whose"], pos)
        ):
            return speaker
        if match := PRE_RU_AS.search(pre) or PRE_RU_AS_LEAD.search(pre):
            genitive = match["marker"].lower() != "как"
            speaker = self._resolve_ru(match["subj"], pos, genitive=genitive)
            if speaker:
                return speaker
        verbs = list(PRE_RU_VERB.finditer(pre))
        if verbs:
            # "Захарова, выступая…, заявила: «…»", else with the subject after the verb:
            # "Об этом написала Мария Захарова: «…»".
            clause = pre[: verbs[-1].start()]
            return (
                self._resolve_ru(clause, pos, after=False)
                or self._subject_before_verb(clause, pos)
                or self._resolve_ru(pre[verbs[-1].end() :], pos)
            )
        return None
