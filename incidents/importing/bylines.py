"""An author's name as a page gives it, made into a name: without the label before it
("Текст Игорь Звягинцев", "By …", "文・…") or the agency after it ("KEN MORIYAMA Associated
Press"), and a name in capitals written as a name."""

from __future__ import annotations

import re

from .metadata import _agency
from .outlets import outlet_named

# A label word before the name: "Текст:", "Фото", "Автор", "By", "Written by", "文・", "文／".
AUTHOR_LABEL = re.compile(
    r"^(?:(?:text|words|written\s+by|by|author|reporter|текст|автор|корреспондент)\b\s*[:：]?"
    r"|文\s*[・／/:：]|記者\s*[:：])\s*",
    re.I,
)


_ROLE_AFTER = re.compile(
    r"\s*(?:[;|]|,|\s[-–—])\s*[^;|,]*\b(?:staff|writer|correspondent|reporter|editor|bureau|"
    r"columnist|contributor|корреспондент|обозреватель|редактор)\b.*$",
    re.I,
)


def clean_author(author: str) -> str:
    """The name alone; an agency named after it is the credit, not part of the name."""
    name = AUTHOR_LABEL.sub("", author.strip()).strip(" ,;|")
    # "KENJI OKADA; Nikkei staff writer", "Anna Ivanova, Moscow correspondent": the role after
    # the name is not part of it.
    name = _ROLE_AFTER.sub("", name).strip(" ,;|")
    # "Emiko Sato, CNN", "Ольга Ветрова; Би-би-си": the outlet after the name is the page's.
    head, separator, tail = name.rpartition(",") if "," in name else name.rpartition(";")
    if separator and outlet_named(tail.strip()):
        name = head.strip(" ,;|")
    words = name.split()
    for size in (3, 2, 1):
        if len(words) > size and _agency(" ".join(words[-size:])):
            words = words[:-size]
            break
    name = " ".join(words).strip(" ,;|-–—")
    if name.isupper() and re.fullmatch(r"[A-Z][A-Z.'’ -]+", name):
        name = name.title()
    return name
