"""What the importer makes of an article: the article and the quotations found in it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..models import Actor, Source


@dataclass
class DraftStatement:
    """A quotation found in the article, not saved until an editor confirms it."""

    text: str
    speaker_name: str = ""
    speaker_title: str = ""
    speaker_kind: str = Actor.Kind.PERSON
    speaker: Actor | None = None
    language: str = "en"
    context: str = ""


@dataclass
class Article:
    text: str
    title: str = ""
    title_guessed: bool = False
    url: str = ""
    publisher_name: str = ""
    publisher: Actor | None = None
    # What a publisher not yet on record is proposed as: an outlet, or the official body
    # (a ministry, an office) whose own page this is.
    publisher_kind: str = Actor.Kind.MEDIA
    credit: str = ""
    author: str = ""
    published_on: dt.date | None = None
    language: str = "en"
    kind: str = Source.Kind.NEWS
    statements: list[DraftStatement] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    # An existing actor of another kind with the publisher's name (a ministry publishing its
    # own statement): not offered as a new outlet, which would duplicate it.
    publisher_other_kind: Actor | None = None

    @property
    def publisher_on_record(self) -> Actor | None:
        """The existing actor that publishes this article: a matched outlet, or the official
        body on record under the publisher's name (a ministry publishing its own page)."""
        if self.publisher is not None:
            return self.publisher
        other = self.publisher_other_kind
        return other if other is not None and other.kind in Source.PUBLISHER_KINDS else None

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]
