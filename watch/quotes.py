"""The quotations an editor may confirm while creating an event from a candidate: those the
importer found in the candidate's draft sources whose speaker is an actor on record (others
wait for the source's "Find quotations" page, where a new speaker can be named)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from incidents import importing
from incidents.admin.importing import _source_quotes
from incidents.models import Source

from .models import Candidate

# At most this many are offered per candidate; the rest are on each source's own page.
MAX_OFFERED = 8


@dataclass
class Offered:
    source: Source
    quote: importing.DraftStatement

    @property
    def key(self) -> str:
        """What the inbox's checkbox sends: the same quotation whatever else a poll added
        to the candidate meanwhile."""
        digest = hashlib.sha256(f"{self.source.pk}:{self.quote.text}".encode())
        return digest.hexdigest()[:16]

    def confirmed(self) -> importing.ConfirmedStatement:
        return importing.ConfirmedStatement(
            text=self.quote.text,
            speaker=self.quote.speaker,
            speaker_title=self.quote.speaker_title,
            language=self.quote.language,
            said_on=self.source.published_on,
        )


def offered(candidate: Candidate, index: importing.ActorIndex | None = None) -> list[Offered]:
    """The candidate's quotations with a known speaker."""
    sources = [i.imported_source for i in candidate.items.all() if i.imported_source_id]
    found: list[Offered] = []
    for source in dict.fromkeys(sources):
        with importing.time_limit():
            drafts = list(_source_quotes(source))
            importing.match_actors(importing.Article(text="", statements=drafts), index)
        found += [Offered(source, draft) for draft in drafts if draft.speaker is not None]
    return found[:MAX_OFFERED]


def chosen(candidate: Candidate, keys: list[str]) -> list[Offered]:
    """The quotations ticked on the inbox card (unknown keys are ignored)."""
    wanted = set(keys)
    if not wanted:
        return []
    return [offer for offer in offered(candidate) if offer.key in wanted]
