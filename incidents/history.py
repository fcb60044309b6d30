"""Reading the revision history (django-simple-history) for people: what changed, who, when.

Used by the admin's history pages (an event's own changes and those of its actor roles,
source links and statements), by the lost-update refusal ("what the other editor changed")
and by the recovery of deleted records.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import publishing, revisions
from .models import Actor, Event, EventActor, EventSource, Source, Statement, Status

TEXT_LIMIT = 400
EMPTY = "—"
# The parts of an event that have their own history and are shown on the event's history.
EVENT_PARTS = (EventActor, EventSource, Statement)
# Children deleted this close to their event were deleted with it (one cascade, one
# transaction) and are restored with it.
CASCADE_WINDOW = dt.timedelta(seconds=10)


@dataclass
class Change:
    field: str
    old: str
    new: str
    name: str = ""
    # In the lost-update refusal: what the second editor's form holds for this field, and
    # whether their value was taken over (untouched by this editor) or both changed it.
    yours: str | None = None
    merged: bool = False
    both: bool = False


@dataclass
class Revision:
    """One historical record, described for people."""

    record: models.Model
    what: str
    kind: str  # "added", "changed", "deleted"
    changes: list[Change] = field(default_factory=list)

    @property
    def user(self):
        return self.record.history_user

    @property
    def date(self) -> dt.datetime:
        return self.record.history_date

    @property
    def reason(self) -> str:
        return self.record.history_change_reason or ""


KINDS = {"+": "added", "~": "changed", "-": "deleted"}


class Labels:
    """str() of related objects by primary key, fetched once per model (deleted ones too)."""

    def __init__(self) -> None:
        self.cache: dict[tuple[type, object], str] = {}

    def __call__(self, model: type[models.Model], pk) -> str:
        if pk is None:
            return EMPTY
        key = (model, pk)
        if key not in self.cache:
            obj = model._default_manager.filter(pk=pk).first()
            if obj is None and hasattr(model, "history"):
                last = model.history.filter(id=pk).order_by("-history_id").first()
                label = f"{last.instance} (deleted)" if last else f"#{pk} (deleted)"
            else:
                label = str(obj) if obj is not None else f"#{pk} (deleted)"
            self.cache[key] = label
        return self.cache[key]


def display(model_field: models.Field, value, labels: Labels) -> str:
    """A stored value as an editor would read it: choice labels, names, no raw ids."""
    if value is None or value == "":
        return EMPTY
    if model_field.is_relation and model_field.many_to_one:
        return labels(model_field.related_model, getattr(value, "pk", value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).strftime("%d %b %Y %H:%M")
    text = str(value)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 1] + "…"


def field_changes(new_record, old_record, labels: Labels | None = None) -> list[Change]:
    """Field-by-field differences between two historical records of one object."""
    labels = labels or Labels()
    delta = new_record.diff_against(old_record, foreign_keys_are_objs=False)
    model = new_record.instance_type
    changes = []
    for change in delta.changes:
        model_field = model._meta.get_field(change.field)
        changes.append(
            Change(
                field=str(model_field.verbose_name).capitalize(),
                old=display(model_field, change.old, labels),
                new=display(model_field, change.new, labels),
                name=change.field,
            )
        )
    return changes


def describe(record, labels: Labels) -> str:
    """A short name for a historical record of an event's part."""
    model = record.instance_type
    if model is EventActor:
        role = dict(EventActor._meta.get_field("role").flatchoices).get(record.role, record.role)
        return f"Actor role: {labels(Actor, record.actor_id)} ({str(role).lower()})"
    if model is EventSource:
        return f"Source link: {labels(Source, record.source_id)}"
    if model is Statement:
        excerpt = record.text if len(record.text) <= 60 else record.text[:59] + "…"
        return f"Statement by {labels(Actor, record.speaker_id)}: “{excerpt}”"
    return str(record.instance)


def part_revisions(event_pk: int, since: dt.datetime | None = None) -> list[Revision]:
    """Changes to an event's actor roles, source links and statements, newest first."""
    labels = Labels()
    revisions: list[Revision] = []
    for model in EVENT_PARTS:
        records = list(
            model.history.filter(event_id=event_pk)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = {}
        for record in records:
            before = previous.get(record.id)
            previous[record.id] = record
            if since is not None and record.history_date <= since:
                continue
            kind = KINDS[record.history_type]
            changes = field_changes(record, before, labels) if kind == "changed" and before else []
            if kind == "changed" and not changes:
                continue
            revisions.append(Revision(record, describe(record, labels), kind, changes))
    revisions.sort(key=lambda revision: revision.date, reverse=True)
    return revisions


# --- Lost-update protection -----------------------------------------------------------------


def edit_token(obj: models.Model) -> str:
    """What a form remembers of the record it was opened on (see ConflictGuardForm)."""
    if isinstance(obj, Event):
        return str(obj.version)
    return obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else ""


def stored_token(model: type[models.Model], pk, *, lock: bool = False) -> str | None:
    """The token of the stored row (locked until the end of the transaction when ``lock``)."""
    # No ordering: a model ordered by a relation (statements by event) would join that table,
    # and FOR UPDATE would lock the related row too (a deadlock with the event's own form).
    queryset = model._default_manager.filter(pk=pk).order_by()
    if lock:
        # NO KEY UPDATE: a statement saved meanwhile may still link a source to the event.
        queryset = queryset.select_for_update(no_key=True)
    name = "version" if model is Event else "updated_at"
    value = queryset.values_list(name, flat=True).first()
    if value is None:
        return None
    return str(value) if model is Event else value.isoformat()


def _record_for_token(model: type[models.Model], pk, token: str):
    history = model.history.filter(id=pk)
    try:
        if model is Event:
            history = history.filter(version=int(token))
        else:
            history = history.filter(updated_at=dt.datetime.fromisoformat(token))
    except ValueError:
        return None
    return history.order_by("-history_id").first()


@dataclass
class ConflictReport:
    """What happened to a record since a form was opened on it."""

    changes: list[Change]
    revisions: list[Revision]
    part_revisions: list[Revision]
    base: models.Model | None = None  # the historical record the form was opened on

    @property
    def editors(self) -> list[str]:
        names = []
        for revision in self.revisions:
            name = str(revision.user) if revision.user else "someone (no user recorded)"
            if name not in names:
                names.append(name)
        return names

    @property
    def last_date(self) -> dt.datetime | None:
        return self.revisions[0].date if self.revisions else None

    def summary(self) -> str:
        who = ", ".join(self.editors) or "someone"
        when = (
            timezone.localtime(self.last_date).strftime("%d %b %Y %H:%M")
            if self.last_date
            else "a moment ago"
        )
        fields = [change.field for change in self.changes]
        if self.part_revisions:
            fields.append("its actors, sources or statements")
        what = f" They changed: {', '.join(fields)}." if fields else ""
        return f"{who} saved it at {when}, after you opened it.{what}"


def changes_since(model: type[models.Model], pk, token: str) -> ConflictReport:
    labels = Labels()
    latest = model.history.filter(id=pk).select_related("history_user").order_by("-history_id")
    base = _record_for_token(model, pk, token)
    newer = list(latest.filter(history_id__gt=base.history_id) if base else latest[:1])
    changes = field_changes(newer[0], base, labels) if base and newer else []
    revisions = [
        Revision(record, str(record.instance), KINDS[record.history_type]) for record in newer
    ]
    parts = part_revisions(pk, since=base.history_date) if model is Event and base else []
    return ConflictReport(changes, revisions, parts, base)


# --- Deleted records ------------------------------------------------------------------------


def deleted_records(model: type[models.Model], limit: int = 200) -> list:
    """The last deletion record of each object of ``model`` that no longer exists."""
    records = (
        model.history.filter(history_type="-")
        .exclude(id__in=model._default_manager.values("pk"))
        .select_related("history_user")
        .order_by("-history_date", "-history_id")
    )
    seen: set = set()
    latest = []
    for record in records.iterator():
        if record.id in seen:
            continue
        seen.add(record.id)
        latest.append(record)
        if len(latest) >= limit:
            break
    return latest


class RestoreError(Exception):
    pass


def _missing_references(obj: models.Model) -> list[str]:
    missing = []
    for model_field in obj._meta.concrete_fields:
        if not (model_field.is_relation and model_field.many_to_one):
            continue
        pk = getattr(obj, model_field.attname)
        if model_field.related_model._meta.app_label != "incidents" or pk is None:
            continue
        if not model_field.related_model._default_manager.filter(pk=pk).exists():
            missing.append(f"its {model_field.verbose_name} (#{pk}) no longer exists")
    return missing


def _restore(record, user, reason: str) -> models.Model:
    obj = record.instance
    if type(obj)._default_manager.filter(pk=obj.pk).exists():
        raise RestoreError(f"{obj} exists already.")
    missing = _missing_references(obj)
    if missing:
        raise RestoreError(f"{obj} cannot be restored: {'; '.join(missing)}. Restore those first.")
    if isinstance(obj, Event):
        # A restored event is checked again before it is public.
        obj.status = Status.DRAFT
    try:
        # A statement brought back onto a published event would be public unreviewed.
        publishing.check_editable(user, obj, lock=True)
    except publishing.EditRefused as exc:
        raise RestoreError(f"{obj} cannot be restored: {exc}") from None
    taken = _taken_values(obj)
    if taken:
        raise RestoreError(f"{obj} cannot be restored: {'; '.join(taken)}.")
    obj._history_user = user
    obj._change_reason = reason
    try:
        with transaction.atomic():
            obj.save(force_insert=True)
    except IntegrityError:
        # Taken between the check and the save, or by a rule checked only by the database.
        raise RestoreError(
            f"{obj} cannot be restored: another record already has one of its values."
        ) from None
    return obj


def _taken_values(obj: models.Model) -> list[str]:
    """The unique values of ``obj`` (a source's URL, a slug, a name) that another record has
    taken since it was deleted: restoring it would collide."""
    taken = []
    manager = type(obj)._default_manager
    for model_field in obj._meta.concrete_fields:
        if not model_field.unique or model_field.primary_key:
            continue
        value = getattr(obj, model_field.attname)
        if value in (None, ""):
            continue
        other = manager.filter(**{model_field.attname: value}).exclude(pk=obj.pk).first()
        if other is not None:
            taken.append(
                f"its {model_field.verbose_name} “{value}” is already used by “{other}” "
                f"(#{other.pk}): change or delete that record first"
            )
    return taken


@dataclass
class Restored:
    obj: models.Model
    parts: list[models.Model] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def restore_deleted(record, user) -> Restored:
    """Bring back a deleted record from its history; an event comes back with the actor
    roles, source links and statements deleted with it, as a draft. Raises RestoreError
    when ``user`` may not change what the record would come back to (a published event's
    statement, for an editor)."""
    when = timezone.localtime(record.history_date).strftime("%d %b %Y %H:%M")
    reason = f"Restored after deletion on {when}"
    with transaction.atomic():
        revisions.note(reason)  # the one-line summary of this save (incidents/revisions.py)
        result = Restored(_restore(record, user, reason))
        if record.instance_type is Event:
            # Links first: restoring a statement links its source, which must not collide.
            for model in (EventSource, EventActor, Statement):
                for part in _parts_deleted_with(model, record):
                    try:
                        with transaction.atomic():
                            result.parts.append(_restore(part, user, reason))
                    except RestoreError as exc:
                        result.skipped.append(str(exc))
    return result


def _parts_deleted_with(model: type[models.Model], event_record) -> list:
    deleted = (
        model.history.filter(
            event_id=event_record.id,
            history_type="-",
            history_date__gte=event_record.history_date - CASCADE_WINDOW,
            history_date__lte=event_record.history_date + dt.timedelta(seconds=1),
        )
        .exclude(id__in=model._default_manager.values("pk"))
        .order_by("-history_id")
    )
    seen: set = set()
    parts = []
    for part in deleted:
        if part.id not in seen:
            seen.add(part.id)
            parts.append(part)
    return sorted(parts, key=lambda part: part.id)
