"""Japanese: the speaker before a quotation (X大臣は「…」と述べた) and 同氏-style references."""

from __future__ import annotations

import re

from ...models import Actor
from .common import _Speaker

JA_AFTER = re.compile(r"^\s*(?:と|など(?:と)?|とし|として|との)")
JA_TITLES = (
    r"(?:外務事務次官|事務次官|外務審議官|官房長官|官房副長官|外務大臣|防衛大臣|外務副大臣|大臣|副大臣|"
    r"外相|防衛相|首相|総理大臣|総理|大統領|副大統領|報道官|報道局長|外務報道官|大使|総領事|領事|公使|"
    r"議長|長官|次官|局長|知事|市長|委員長|司令官|外務次官|幹事長|代表|社長|会長|氏|さん)"
)
JA_ORGS = (
    r"(?:外務省|国防省|防衛省|政府|大使館|総領事館|官邸|連邦保安庁|国防総省|クレムリン|省|庁|軍|側)"
)
JA_SPEAKER = re.compile(
    rf"(?P<np>[^、。，,\s「」『』（）()はが]{{1,30}}?(?:{JA_TITLES}|{JA_ORGS}))(?:は|が)"
)
JA_ANAPHOR = re.compile(r"^(?:同氏|同大臣|同相|同報道官|同大使|同長官|彼|彼女)$")


class JapaneseQuotes:
    """The Japanese part of the quote finder (mixed into it; uses its speakers)."""

    def _resolve_ja(self, pre: str, pos: int) -> _Speaker | None:
        matches = list(JA_SPEAKER.finditer(pre))
        if not matches:
            anaphor = re.search(r"(同氏|同大臣|同相|同報道官|同大使|同長官|彼女|彼)(?:は|が)", pre)
            return self._last_speaker(pos, Actor.Kind.PERSON) if anaphor else None
        np = matches[-1]["np"]
        if JA_ANAPHOR.match(np):
            return self._last_speaker(pos, Actor.Kind.PERSON)
        prefix = ""
        if "の" in np:
            prefix, np = np.rsplit("の", 1)
        title_match = re.search(rf"(?:駐[^\s、]{{1,8}}?)?{JA_TITLES}$", np)
        if title_match and title_match.start() > 0:
            name = np[: title_match.start()]
            title = (prefix + title_match.group(0)) if prefix else title_match.group(0)
            if title in {"氏", "さん"}:
                title = ""
            return _Speaker(name, title)
        return _Speaker((prefix + "の" + np) if prefix else np, "", Actor.Kind.ORGANISATION)

    def _attribute_ja(self, pre: str, post: str, pos: int) -> _Speaker | None:
        if JA_AFTER.match(post) or not post.strip():
            return (
                self._resolve_ja(pre, pos) or self._last_speaker(pos, Actor.Kind.PERSON)
                if JA_AFTER.match(post)
                else self._resolve_ja(pre, pos)
            )
        return self._resolve_ja(pre, pos)
