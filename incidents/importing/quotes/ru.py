"""Russian: names (declined: Захарова / Захаровой), titles before them, and who said a
quotation («…», — заявила Захарова / Как заявил X, «…»)."""

from __future__ import annotations

import re

from ...models import Actor
from .common import _Mention, _Speaker, _wordset

RU_VERBS = (
    r"(?:заявил[аи]?|сказал[аи]?|отметил[аи]?|подчеркнул[аи]?|добавил[аи]?|сообщил[аи]?|"
    r"пояснил[аи]?|заключил[аи]?|написал[аи]?|указал[аи]?|констатировал[аи]?|предупредил[аи]?|"
    r"заверил[аи]?|напомнил[аи]?|признал[аи]?|ответил[аи]?|уточнил[аи]?|рассказал[аи]?|"
    r"высказал(?:ся|ась|ись)|считает|считают|уверен[аы]?|говорится|цитирует|передает|передаёт|"
    r"приводит|пишет|объяснил[аи]?|призвал[аи]?|потребовал[аи]?|назвал[аи]?)"
)
POST_RU = re.compile(rf"^\s*[,.]?\s*[—–-]\s*{RU_VERBS}\s+(?P<subj>[^.!?]+)", re.I)
PRE_RU_AS = re.compile(
    rf"(?:^|[\s,])(?:как|по\s+словам)\s+(?:{RU_VERBS}\s+)?(?P<subj>[^,:«»]+?)\s*[,:]?\s*$", re.I
)
PRE_RU_VERB = re.compile(rf"(?:^|\s){RU_VERBS}(?=[\s,:])", re.I)
RU_NOT_NAME = _wordset(
    """
    россия россии россию россией япония японии японию японией украина украины украину киев
    киева москва москвы москву москве токио сша китай китая рф мид ранее как по в на и но а
    также при после кроме однако между это эти он она они мы кремль кремля нато ес
    """
)
RU_TITLE_HEADS = re.compile(
    r"эксперт|политик|чиновник|собеседник|министр|представитель|пресс-секретар|посол|глава|президент|премьер|заместител|директор|спикер|"
    r"руководител|генсек|секретар|председател|депутат|сенатор|замминистра|дипломат|консул",
    re.I,
)
RU_STOP = _wordset(
    """
    и что на в с по к о об за от до у при как ранее также же а но
    """
)


class RussianQuotes:
    """The Russian half of the quote finder (mixed into it; uses its mentions and speakers)."""

    def _collect_ru_mentions(self) -> None:
        text = self.text
        for match in re.finditer(
            r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?)+", text
        ):
            tokens = match.group(0).split()
            while tokens and tokens[0].lower() in RU_NOT_NAME:
                tokens.pop(0)
            while tokens and tokens[-1].lower() in RU_NOT_NAME:
                tokens.pop()
            if len(tokens) >= 2 and not any(t.lower() in RU_NOT_NAME for t in tokens):
                name = " ".join(tokens)
                start = match.start() + match.group(0).find(name)
                before = re.split(r"[.!?«»]", text[max(0, start - 120) : start])[-1]
                after = text[start + len(name) : start + len(name) + 40]
                speaking = bool(
                    PRE_RU_VERB.search(" " + before) or re.match(rf"\s+{RU_VERBS}\b", after)
                )
                title = self._ru_title_before(text[max(0, start - 200) : start])
                self.mentions.append(_Mention(start, name, title, speaking=speaking))
        for match in re.finditer(
            r"МИД\s+(?:России|РФ|Японии)|Министерств[оа]\s+[а-яё ]+(?:России|Японии)", text
        ):
            self.mentions.append(
                _Mention(match.start(), match.group(0), "", Actor.Kind.ORGANISATION)
            )

    def _ru_title_before(self, before: str) -> str:
        tokens = before.split()[-7:]
        start = 0
        for i, token in enumerate(tokens):
            bare = token.strip(",.:;«»").lower()
            if (
                token.endswith((",", ".", ":", ";"))
                or bare in RU_STOP
                or re.fullmatch(RU_VERBS, bare)
            ):
                start = i + 1
        tokens = tokens[start:]
        while tokens and tokens[0][:1].isupper() and tokens[0].lower() in RU_NOT_NAME:
            tokens.pop(0)
        title = " ".join(tokens)
        return title if RU_TITLE_HEADS.search(title) else ""

    def _resolve_ru(self, chunk: str, pos: int) -> _Speaker | None:
        chunk = chunk.strip(" ,;:—–-")
        chunk = re.sub(
            r"^(?:в|во)\s+(?:заявлении|сообщении|комментарии|документе|публикации|ноте)\s+",
            "",
            chunk,
            flags=re.I,
        )
        chunk = re.sub(r"\s+(?:на|в|во|журналистам|агентству|изданию|РИА)\b.*$", "", chunk)
        if re.fullmatch(r"(?:он|она)", chunk, re.I):
            return self._last_speaker(pos, Actor.Kind.PERSON) or self._mention_speaker(
                pos, Actor.Kind.PERSON
            )
        if re.fullmatch(r"(?:они|ведомство|министерство|дипмиссия|посольство)", chunk, re.I):
            return self._last_speaker(pos, Actor.Kind.ORGANISATION) or self._mention_speaker(
                pos, Actor.Kind.ORGANISATION
            )
        if re.match(r"^(?:МИД|Министерств|Посольств|Кремл|Правительств|Минобороны)", chunk):
            return _Speaker(chunk, "", Actor.Kind.ORGANISATION)
        if re.fullmatch(r"[а-яё -]+", chunk) and RU_TITLE_HEADS.search(chunk):
            # "— сказал дипломат": the last person speaking, preferably with that title.
            return self._last_speaker(pos, Actor.Kind.PERSON, chunk.split()[-1][:6])
        tokens = chunk.split()
        name_tokens: list[str] = []
        while (
            tokens
            and re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?", tokens[-1])
            and tokens[-1].lower() not in RU_NOT_NAME
        ):
            name_tokens.insert(0, tokens.pop())
        if not name_tokens:
            return None
        title = self._ru_title_before(" ".join(tokens) + " ") if tokens else ""
        return self._expand_person(" ".join(name_tokens), pos, title)

    def _attribute_ru(self, pre: str, post: str, pos: int) -> _Speaker | None:
        if match := POST_RU.match(post):
            speaker = self._resolve_ru(match["subj"], pos)
            if speaker:
                return speaker
        if match := PRE_RU_AS.search(pre):
            speaker = self._resolve_ru(match["subj"], pos)
            if speaker:
                return speaker
        verbs = list(PRE_RU_VERB.finditer(pre))
        if verbs:
            return self._resolve_ru(pre[: verbs[-1].start()], pos)
        return None
