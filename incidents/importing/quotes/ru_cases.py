"""Russian names and titles given in the genitive ("по словам официального представителя МИД
Марии Захаровой") put back in the nominative, as an editor would write them for a new actor
("официальный представитель МИД", "Мария Захарова").

Hand-written, on purpose: pymorphy3 (the maintained Russian morphology library) knows first
names but guesses foreign surnames badly (Хаяси → Хаяся, Ноздрева left as it is) and would be
a new dependency with a 16 MB dictionary for a dozen endings. The rules cover the endings of
Russian first names and surnames and leave anything else as written; callers use them only
where the sentence puts the name in the genitive (по словам, по мнению, слова X, в заявлении X).
"""

from __future__ import annotations

import re

# First names whose genitive does not come from the nominative by an ending alone.
_IRREGULAR = {"петра": "Пётр", "павла": "Павел", "льва": "Лев"}
# Head nouns of titles with a fleeting vowel (посла → посол).
_IRREGULAR_TITLE = {"посла": "посол"}
_VELAR = "гкхжшщч"


def _with_case_of(word: str, new: str) -> str:
    return new[:1].upper() + new[1:] if word[:1].isupper() else new


def _first_name(word: str) -> tuple[str, str]:
    """The nominative of a first name in the genitive, and the person's gender ("m", "f" or
    "" when the name is not Russian-looking or not in the genitive)."""
    low = word.lower()
    if low in _IRREGULAR:
        return _with_case_of(word, _IRREGULAR[low]), "m"
    for ending, replacement, gender in (
        ("ии", "ия", "f"),  # Марии
        ("ьи", "ья", "f"),  # Натальи
        ("ия", "ий", "m"),  # Дмитрия, Юрия
        ("ея", "ей", "m"),  # Сергея, Андрея
        ("ая", "ай", "m"),  # Николая
        ("ы", "а", "f"),  # Анны, Ёсимасы
    ):
        if low.endswith(ending):
            return word[: -len(ending)] + replacement, gender
    if low.endswith("и") and len(low) > 2 and low[-2] in _VELAR:
        return word[:-1] + "а", "f"  # Ольги
    if low.endswith("а") and len(low) > 2 and low[-2] not in "аеёиоуыэюя":
        return word[:-1], "m"  # Ивана, Михаила
    return word, ""


def _surname(word: str, gender: str) -> str:
    low = word.lower()
    if gender == "f":
        for ending, replacement in (("ской", "ская"), ("цкой", "цкая"), ("ой", "а"), ("ы", "а")):
            if low.endswith(ending):
                return word[: -len(ending)] + replacement  # Захаровой, Кисиды
        return word
    for ending, replacement in (
        ("ского", "ский"),
        ("цкого", "цкий"),
        ("ова", "ов"),
        ("ева", "ев"),
        ("ёва", "ёв"),
        ("ина", "ин"),
        ("ына", "ын"),
    ):
        if low.endswith(ending):
            return word[: -len(ending)] + replacement  # Лаврова, Галузина
    return _a_declension(word)


def _a_declension(word: str) -> str:
    """A surname ending in -а declines like a noun whoever bears it (Кисида → Кисиды,
    Лиина → Лиины); no nominative name ends in -ы, so the genitive is told by it alone."""
    return word[:-1] + "а" if len(word) > 3 and word.lower().endswith("ы") else word


def nominative_name(name: str) -> str:
    """'Марии Захаровой' → 'Мария Захарова', 'Сергея Лаврова' → 'Сергей Лавров'; a surname
    alone is changed only when its gender shows ('Захаровой'); anything unknown (Хаяси,
    Руденко, initials) is kept."""
    tokens = name.split()
    if not tokens:
        return name
    initials = re.fullmatch(r"((?:[А-ЯЁ]\.\s?)+)([А-ЯЁ][а-яё-]+)", name.strip())
    if initials:
        # "Н.Ю.Ноздрева", "М. Захаровой": initials tell no gender; in the genitive a woman's
        # surname ends in -ой, so "-ова"/"-ина" is a man's (Ноздрева → Ноздрев).
        surname = initials[2]
        gender = "f" if surname.lower().endswith(("ой", "ской")) else "m"
        return initials[1] + _surname(surname, gender)
    if len(tokens) == 1:
        low = tokens[0].lower()
        return (
            _surname(tokens[0], "f") if low.endswith(("ой", "ской")) else _a_declension(tokens[0])
        )
    first, gender = _first_name(tokens[0])
    if re.fullmatch(r"(?:[А-ЯЁ]\.\s?)+", tokens[0]):
        first, gender = tokens[0], ""
    if not gender:  # "Фумио Кисиды": the first name tells nothing, the surname may
        return " ".join([first, *(_a_declension(t) for t in tokens[1:])])
    return " ".join([first, *(_surname(t, gender) for t in tokens[1:])])


def nominative_title(title: str) -> str:
    """'официального представителя МИД России' → 'официальный представитель МИД России': the
    adjectives and the head noun before the words that depend on it."""
    tokens = title.split()
    out: list[str] = []
    for index, token in enumerate(tokens):
        low = token.lower()
        if low.endswith(("ого", "его")) and len(low) > 4:  # an adjective before the head
            stem = token[:-3]
            ending = "ий" if low[-4] in _VELAR or low.endswith("его") else "ый"
            out.append(stem + ending)
            if low.startswith(("командующ", "заведующ", "управляющ")):
                # a participle that is the title's head ("командующего флотом")
                return " ".join([*out, *tokens[index + 1 :]])
            continue
        if low in _IRREGULAR_TITLE:
            head = _with_case_of(token, _IRREGULAR_TITLE[low])
        elif low.endswith("я"):
            head = token[:-1] + "ь"  # представителя, секретаря
        elif low.endswith("ы"):
            head = token[:-1] + "а"  # главы
        elif low.endswith("а"):
            head = token[:-1]  # министра, эксперта, политолога
        else:
            return title  # not a genitive title: left as written
        return " ".join([*out, head, *tokens[index + 1 :]])
    return title


# The head of a title in the genitive: "премьер-министра", "председателя", "посла", "главы".
# "замминистра" and "замглавы" never decline, and "глава" is the nominative.
_GENITIVE_HEAD = re.compile(
    r"(?!зам)[а-яё-]*(?:министр|секретар|представител|председател|президент|заместител|"
    r"директор|руководител|губернатор|депутат|сенатор|эксперт|спикер|генсек|посл|профессор|"
    r"консул|дипломат|политик|чиновник|адмирал|генерал|командующ(?:его)?)[аяу]|глав[ыу]"
)


def is_genitive_title(title: str) -> bool:
    """Whether a title stands in the genitive ("Выступление премьер-министра Японии Санаэ
    Такаити"): an adjective in -ого/-его before its head, or a head noun with a genitive
    ending. The name after such a title is in the genitive too."""
    for token in title.lower().split():
        if _GENITIVE_HEAD.fullmatch(token):
            return True
        if not re.fullmatch(r"[а-яё-]+(?:ого|его)", token):
            return False
    return False


# The head of a body's name in the genitive: "пресс-службы", "министерства", "правительства".
_BODY_GENITIVE = ((r"служб[ыи]", "служба"), (r"ств[ау]", "ство"), (r"аппарата", "аппарат"))


def nominative_body(name: str) -> str:
    """'пресс-службы Тихоокеанского флота' → 'пресс-служба Тихоокеанского флота': the body's
    head noun in the nominative, the words depending on it as written (they stay genitive)."""
    head, _, rest = name.partition(" ")
    for ending, nominative in _BODY_GENITIVE:
        match = re.search(rf"(?:{ending})$", head, re.I)
        if match:
            head = head[: match.start()] + nominative
            break
    return f"{head} {rest}".strip()
