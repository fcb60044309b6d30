"""The incident record: actors, events, sources and statements — one module each — and its
releases.

Only published events, and what hangs from them, are ever public: every public query starts
from a ``published()`` / ``public()`` queryset defined in these modules. Callers import from
``incidents.models``, never from the modules inside.
"""

from .actors import Actor, ActorKind, ActorQuerySet
from .base import Language, Status, TimestampedModel
from .events import UNDISPLAYED, Event, EventActor, EventQuerySet, Role, TranslationState
from .places import GazetteerRow, Place, PlaceKind, PlaceQuerySet, PlaceTree, gazetteer_rows
from .proposals import Proposal, ProposalQuerySet, ProposalState
from .releases import Release, ReleaseEntry, ReleaseFile, ReleaseImmutable
from .revisions import Revision, RevisionStamped
from .sources import EventSource, Source, SourceKind, SourceQuerySet, text_fingerprint
from .statements import SourceCheck, Statement, StatementKind, StatementQuerySet, TranslationBy
from .vocabulary import EventType, Tag

__all__ = [
    "UNDISPLAYED",
    "Actor",
    "ActorKind",
    "ActorQuerySet",
    "Event",
    "EventActor",
    "EventQuerySet",
    "EventSource",
    "EventType",
    "GazetteerRow",
    "Language",
    "Place",
    "PlaceKind",
    "PlaceQuerySet",
    "PlaceTree",
    "Proposal",
    "ProposalQuerySet",
    "ProposalState",
    "Release",
    "ReleaseEntry",
    "ReleaseFile",
    "ReleaseImmutable",
    "Revision",
    "RevisionStamped",
    "Role",
    "Source",
    "SourceCheck",
    "SourceKind",
    "SourceQuerySet",
    "Statement",
    "StatementKind",
    "StatementQuerySet",
    "Status",
    "Tag",
    "TimestampedModel",
    "TranslationBy",
    "TranslationState",
    "gazetteer_rows",
    "text_fingerprint",
]
