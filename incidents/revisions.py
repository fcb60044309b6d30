"""Revisions: every historical record one database transaction writes for one event belongs to
one ``Revision`` — who, when (to the second), which event, and a one-line summary of what
changed ("Title, date; 1 statement added; 1 source link removed").

How: django-simple-history sends ``pre_create_historical_record`` before it writes a record;
``stamp`` gives the record the revision of the current transaction and its event, creating
that revision on the first record. ``post_create_historical_record`` (``describe``) adds the
record's change to the revision's summary. This runs for every path that saves through the
ORM — the admin, the importer, restores, approved proposals, ``load_seed``, the shell.

"The current transaction" is the connection's outermost atomic block (Django's test cases
wrap each test in blocks of their own, which do not count). A revision is remembered with a
marker registered by ``transaction.on_commit``: commit runs the marker and rollback discards
it, so a missing marker means the remembered revision is gone with its transaction. Outside
any atomic block (autocommit, e.g. ``event.save()`` in a shell) every record is its own
transaction and gets a revision of its own.

Records that belong to no event (an actor, a source) share one revision per transaction,
with ``event`` empty. ``note(summary)`` replaces the computed summary of every revision of
the current transaction ("Restored revision of 3 June 10:41 by editor").
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.dispatch import receiver
from simple_history.signals import post_create_historical_record, pre_create_historical_record

from .models import UNDISPLAYED, Event, EventActor, EventSource, Revision, Statement, Status
from .models.revisions import SUMMARY_LENGTH

# Fields every save touches, or that only the software reads: never "what changed".
BOOKKEEPING = frozenset(
    {"version", "updated_at", "updated_by", "created_at", "created_by", "published_at",
     "published_by", "search_text", "search_vector", "span_end", "text_hash", "is_synthetic"}
)  # fmt: skip
# What an event's public page never shows, by model: internal notes, the publication state,
# "responds to" links (they may point at events that are not public) and the rows' order
# numbers (the page shows the order, not the numbers). A change only to these is not public.
PRIVATE_FIELDS = {
    Event: frozenset({"review_note", "status", "responds_to", *UNDISPLAYED}),
    EventActor: frozenset({"position"}),
    EventSource: frozenset({"note", "position"}),
    Statement: frozenset({"position"}),
}
# An event's parts, named as the summary counts them.
PART_NAMES = {EventActor: "actor role", EventSource: "source link", Statement: "statement"}
ACTIONS = {"+": "added", "~": "changed", "-": "removed"}
# The public summary of the revision that made an event public (first or again).
PUBLISHED = "Published"


@dataclass
class Pending:
    """What one revision of the open transaction has gathered so far."""

    revision: Revision
    created: bool = False
    deleted: bool = False
    fields: list[str] = field(default_factory=list)  # names of the event's changed fields
    public_fields: list[str] = field(default_factory=list)
    rows: dict[tuple[str, object], str] = field(default_factory=dict)  # (part, pk) -> action
    public_rows: dict[tuple[str, object], str] = field(default_factory=dict)
    records: list[str] = field(default_factory=list)  # actors' and sources' changes
    published: bool | None = None  # the event's status as the transaction left it so far
    published_now: bool = False  # went from unpublished to published in this revision


@dataclass
class OpenTransaction:
    block: object  # the outermost atomic block (held, so its id cannot be reused)
    savepoint: str | None
    marker: Callable[[], None]
    revisions: dict[int | None, Pending] = field(default_factory=dict)
    note: str = ""


_open: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _outermost(connection) -> tuple[object, str | None] | None:
    """The transaction's outermost atomic block and its savepoint id (None for a real BEGIN);
    inside a test case's blocks, the first block that is not theirs. None in autocommit."""
    for index, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            return block, connection.savepoint_ids[index - 1] if index else None
    return None


def _current(using: str | None, create: bool = True) -> OpenTransaction | None:
    connection = transaction.get_connection(using or DEFAULT_DB_ALIAS)
    outermost = _outermost(connection)
    if outermost is None:
        return None
    block, savepoint = outermost
    state = _open.get(connection)
    if (
        state is not None
        and state.block is block
        and state.savepoint == savepoint
        and _pending(connection, state.marker)
    ):
        return state
    if not create:
        return None

    def forget() -> None:
        if _open.get(connection) is state:
            del _open[connection]

    state = OpenTransaction(block, savepoint, forget)
    _open[connection] = state
    transaction.on_commit(forget, using=connection.alias)
    return state


def _pending(connection, marker) -> bool:
    return any(func is marker for _sids, func, _robust in connection.run_on_commit)


def event_id_of(record) -> int | None:
    """The event a historical record concerns (an event's own record, or one of its parts)."""
    model = record.instance_type
    if model is Event:
        return record.id
    if model in PART_NAMES:
        return record.event_id
    return None


@receiver(pre_create_historical_record)
def stamp(sender, history_instance, using=None, **kwargs) -> None:
    """Give a record the revision of its transaction (and event), made on the first record."""
    if not hasattr(history_instance, "revision_id"):
        return
    event_id = event_id_of(history_instance)
    state = _current(using)
    pending = state.revisions.get(event_id) if state else None
    if pending is None:
        revision = Revision.objects.using(using or DEFAULT_DB_ALIAS).create(
            event_id=event_id,
            user=history_instance.history_user,
            summary=state.note if state else "",
            noted=bool(state and state.note),
        )
        pending = Pending(revision)
        if state is not None:
            state.revisions[event_id] = pending
    history_instance.revision = pending.revision
    history_instance._pending_revision = pending


@receiver(post_create_historical_record)
def describe(sender, history_instance, using=None, **kwargs) -> None:
    """Add the record's change to its revision's summary (and to the public one)."""
    pending: Pending | None = getattr(history_instance, "_pending_revision", None)
    if pending is None:
        return
    before = (pending.revision.summary, pending.revision.public_summary)
    gather(pending, history_instance)
    revision = pending.revision
    if not revision.noted:
        revision.summary = summarise(pending)
    revision.public_summary = summarise(pending, public=True)
    if history_instance.history_user_id and not revision.user_id:
        revision.user_id = history_instance.history_user_id
        Revision.objects.filter(pk=revision.pk).update(user_id=revision.user_id)
    if (revision.summary, revision.public_summary) != before:
        Revision.objects.filter(pk=revision.pk).update(
            summary=revision.summary, public_summary=revision.public_summary
        )


def changed_fields(record) -> list[str]:
    """The names of the fields a "changed" record changed, bookkeeping left out."""
    previous = (
        type(record)
        .objects.filter(id=record.id, history_id__lt=record.history_id)
        .order_by("-history_id")
        .first()
    )
    if previous is None:
        return []
    delta = record.diff_against(previous, foreign_keys_are_objs=False)
    return [name for name in delta.changed_fields if name not in BOOKKEEPING]


def _label(model: type[models.Model], name: str) -> str:
    return str(model._meta.get_field(name).verbose_name)


def _lowered(label: str) -> str:
    return label[:1].lower() + label[1:]


def gather(pending: Pending, record) -> None:
    model = record.instance_type
    kind = record.history_type
    if model is Event:
        _gather_event(pending, record)
    elif model in PART_NAMES:
        if pending.published is None:
            status = Event.objects.filter(pk=record.event_id).values_list("status", flat=True)
            pending.published = status.first() == Status.PUBLISHED
        names = changed_fields(record) if kind == "~" else []
        if kind == "~" and not names:
            return
        key = (PART_NAMES[model], record.id)
        pending.rows[key] = _merge(pending.rows.get(key), ACTIONS[kind])
        if pending.published and (kind != "~" or set(names) - PRIVATE_FIELDS[model]):
            pending.public_rows[key] = _merge(pending.public_rows.get(key), ACTIONS[kind])
    else:
        what = f"{model._meta.verbose_name} “{record.instance}”"
        if kind == "~":
            names = changed_fields(record)
            if not names:
                return
            what += ": " + ", ".join(_label(model, name) for name in names)
        else:
            what += f" {ACTIONS[kind]}"
        if what not in pending.records:
            pending.records.append(what)


def _gather_event(pending: Pending, record) -> None:
    was_published = pending.published
    pending.published = record.status == Status.PUBLISHED
    if record.history_type == "+":
        pending.created = True
    elif record.history_type == "-":
        pending.deleted = True
    else:
        for name in changed_fields(record):
            if name not in pending.fields:
                pending.fields.append(name)
            if name not in PRIVATE_FIELDS[Event] and name not in pending.public_fields:
                pending.public_fields.append(name)
        if was_published is None:
            was_published = _was_published_before(record)
    if pending.published and not was_published:
        pending.published_now = True


def _was_published_before(record) -> bool:
    previous = (
        type(record)
        .objects.filter(id=record.id, history_id__lt=record.history_id)
        .order_by("-history_id")
        .values_list("status", flat=True)
        .first()
    )
    return previous == Status.PUBLISHED


def _merge(earlier: str | None, later: str) -> str:
    """One row's action over a transaction: added then changed is added, and so on."""
    if not earlier:
        return later
    if earlier == "added":
        return "" if later == "removed" else "added"
    return later if later == "removed" else earlier


def summarise(pending: Pending, public: bool = False) -> str:
    """One line: event fields, then counts of parts added/changed/removed, then other records.
    The public line names only what the event's page shows, and only once it is published."""
    if public:
        if pending.published_now:
            return PUBLISHED
        if not pending.published:
            return ""
    parts: list[str] = []
    if pending.created and not public:
        parts.append("created")
    if pending.deleted and not public:
        parts.append("deleted")
    # A new event's fields are all new: "created" says it.
    fields = [] if pending.created else pending.public_fields if public else pending.fields
    if fields:
        order = [f.name for f in Event._meta.get_fields()]
        names = sorted(fields, key=order.index)
        # Lower-cased as words of the line, not as names: "title (Japanese)".
        parts.append(", ".join(_lowered(_label(Event, name)) for name in names))
    counts: dict[tuple[str, str], int] = {}
    for (part, _pk), action in (pending.public_rows if public else pending.rows).items():
        if action:
            counts[part, action] = counts.get((part, action), 0) + 1
    for (part, action), number in counts.items():
        parts.append(f"{number} {part}{'' if number == 1 else 's'} {action}")
    if not public:
        parts.extend(pending.records)
    text = "; ".join(parts)
    text = text[:1].upper() + text[1:]
    return text if len(text) <= SUMMARY_LENGTH else text[: SUMMARY_LENGTH - 1] + "…"


def note(summary: str, using: str | None = None) -> None:
    """Give every revision of the current transaction ``summary`` instead of the computed
    one — those written so far and those still to come ("Approved correction #7 by editor")."""
    state = _current(using)
    if state is None:
        raise transaction.TransactionManagementError(
            "revisions.note() describes a transaction: call it inside transaction.atomic()."
        )
    summary = summary.strip()[:SUMMARY_LENGTH]
    state.note = summary
    for pending in state.revisions.values():
        pending.revision.summary = summary
        pending.revision.noted = True
    ids = [pending.revision.pk for pending in state.revisions.values()]
    if ids:
        Revision.objects.filter(pk__in=ids).update(summary=summary, noted=True)


def current(event_id: int | None, using: str | None = None) -> Revision | None:
    """The revision the current transaction has written for ``event_id`` so far, if any."""
    state = _current(using, create=False)
    pending = state.revisions.get(event_id) if state else None
    return pending.revision if pending else None
