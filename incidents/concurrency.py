"""Lost-update protection for inline rows (an event's actor roles, source links and
statements; a source's statements and event links).

Each row of an inline form carries a hidden ``row_token``: a fingerprint of the row's stored
values, for the fields that form edits, taken when the page was opened. When the page is
submitted, every row is compared three ways — what the editor opened (the historical record
with that fingerprint), what is stored now, what they submitted:

- unchanged since opened: saved as usual;
- changed or deleted by someone else, untouched here: their version is taken over;
- changed by both, in different fields: merged (their fields, your fields);
- changed by both in the same field, deleted by them and changed here, or changed by them and
  deleted here: a conflict. The page is shown again with the three versions of the row and a
  choice, "Keep theirs" (the default: nothing is overwritten) or "Use mine".

The check in ``clean()`` is the friendly one; ``lock_rows()`` repeats it on each row locked
(``select_for_update``) in the saving transaction, so two concurrent saves cannot both win.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from django import forms
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import BaseInlineFormSet

from .history import Labels, describe, display
from .models import Event

# The token of a row that had been deleted when the page was last shown.
GONE = "gone"
THEIRS, MINE = "theirs", "mine"

# What the comparison found for one row.
OK = "ok"  # nobody else touched it (or a choice was made): saved as submitted
KEEP_THEIRS = "keep-theirs"  # the editor chose the stored version: nothing written
TAKEN_OVER = "taken-over"  # changed by someone else only: their version is now in the form
MERGED = "merged"  # both changed it, in different fields: both kept in the form
CONFLICT = "conflict"  # both changed the same thing: the editor must choose
GONE_TAKEN = "gone-taken"  # deleted by someone else, untouched (or deleted) here
GONE_SKIP = "gone-skip"  # deleted, and the editor keeps it deleted
RECREATE = "recreate"  # deleted by someone else; the editor chose to add it back
STALE = (TAKEN_OVER, MERGED, CONFLICT, GONE_TAKEN)


class RowEditConflict(Exception):
    """A row changed between the form's check and the save (a lost race)."""


def _digest(values) -> str:
    text = json.dumps([str(v) if v is not None else None for v in values], cls=DjangoJSONEncoder)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def fingerprint(obj, fields: list[models.Field]) -> str:
    """The token of a row (a model instance or one of its historical records)."""
    return _digest(getattr(obj, f.attname) for f in fields)


def stored_fingerprint(model, pk, fields: list[models.Field], *, lock: bool = False) -> str | None:
    """The token of the stored row, locked until the end of the transaction when ``lock``."""
    # Unordered: ordering by a relation would join, and lock, the related row too.
    queryset = model._default_manager.filter(pk=pk).order_by()
    if lock:
        # NO KEY UPDATE: rows inserted meanwhile may still refer to it (foreign keys).
        queryset = queryset.select_for_update(no_key=True)
    values = queryset.values_list(*(f.attname for f in fields)).first()
    return None if values is None else _digest(values)


def lock_events(event_ids) -> None:
    """Lock events (in key order) before any of their rows: saving a row writes its event's
    search text in the same transaction, so every save locks the event first, then its rows,
    and two saves cannot wait for each other's locks (a deadlock)."""
    ids = sorted({pk for pk in event_ids if pk})
    if ids:
        events = Event.objects.filter(pk__in=ids).order_by("pk").select_for_update(no_key=True)
        list(events.values_list("pk", flat=True))


def base_record(model, pk, token: str, fields: list[models.Field]):
    """The historical record the editor opened (the newest one with that fingerprint)."""
    if not token or token == GONE:
        return None
    # Not a deletion record: it repeats the last values, but nobody could open it.
    records = model.history.filter(id=pk).exclude(history_type="-").order_by("-history_id")
    records = records[:200]
    return next((r for r in records if fingerprint(r, fields) == token), None)


def _as_data(value) -> str | None:
    """A stored value as a browser would send it back (None: not sent, an unticked box)."""
    if value is True:
        return "on"
    if value is False:
        return None
    return "" if value is None else str(value)


@dataclass
class RowChange:
    field: str
    old: str  # when the editor opened the page
    new: str  # stored now
    yours: str  # in their form
    both: bool = False


@dataclass
class RowReport:
    """What happened to one row, for the conflict screen."""

    form: forms.Form
    what: str
    state: str
    who: str = "someone else"
    when: object = None
    changes: list[RowChange] = field(default_factory=list)
    stored_deleted: bool = False
    you_delete: bool = False

    @property
    def needs_choice(self) -> bool:
        return self.state == CONFLICT


class RowGuardForm(forms.ModelForm):
    """The form of one inline row: the row's token, and the choice offered on a conflict."""

    row_token = forms.CharField(widget=forms.HiddenInput, required=False)
    resolve = forms.ChoiceField(
        choices=((THEIRS, "Keep theirs (nothing is overwritten)"), (MINE, "Use mine")),
        widget=forms.RadioSelect,
        required=False,
        label="Which version to keep",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Decided before the formset adds the parent's key: the same fields on every request.
        self.guarded = [
            f
            for f in self._meta.model._meta.concrete_fields
            if f.name in self.fields and not f.primary_key
        ]
        self.row_state = OK
        self.report: RowReport | None = None
        self.yours: set[str] = set()
        if self.instance.pk and not self.is_bound:
            self.fields["row_token"].initial = fingerprint(self.instance, self.guarded)

    def has_changed(self) -> bool:
        # "Keep theirs": whatever the row holds, nothing of it is written.
        return self.row_state != KEEP_THEIRS and super().has_changed()

    def posted_pk(self) -> int | None:
        pk_name = self._meta.model._meta.pk.name
        value = self.data.get(self.add_prefix(pk_name)) if self.is_bound else None
        return int(value) if value and str(value).isdigit() else None

    @property
    def guarding(self) -> bool:
        """Whether the admin shows this row with its token (an inline the user may change)."""
        return "row_token" in (self._meta.fields or ())

    def clean(self):
        cleaned_data = super().clean()
        pk = self.posted_pk()
        if pk is not None and self.guarding:
            self.compare(pk, cleaned_data)
        return cleaned_data

    # -- the three-way comparison ------------------------------------------------------------

    def _yours_differs(self, name: str, value) -> bool:
        """Whether what this editor submitted for a field differs from ``value``."""
        bound = self[name]
        data = bound.data
        if isinstance(data, str) and (isinstance(value, str) or value is None):
            return _plain(data) != _plain(value or "")
        return bound.field.has_changed(value, data)

    def compare(self, pk: int, cleaned_data: dict) -> None:
        token = cleaned_data.get("row_token") or ""
        resolve = cleaned_data.get("resolve") or ""
        deleting = bool(cleaned_data.get("DELETE"))
        gone = self.instance._state.adding
        # What is stored now (the instance takes the submitted values after clean()).
        self.stored_token = None if gone else fingerprint(self.instance, self.guarded)
        self.stored_values = (
            {} if gone else {f: getattr(self.instance, f.attname) for f in self.guarded}
        )
        if not gone and self.stored_token == token:
            self.row_state = KEEP_THEIRS if resolve == THEIRS else OK
            return
        if gone and token == GONE:
            self.row_state = RECREATE if resolve == MINE and not deleting else GONE_SKIP
            return
        base = base_record(self._meta.model, pk, token, self.guarded)
        stored = None if gone else self.instance
        reference = base if base is not None else stored
        # The fields this editor changed (compared with the stored row when what they
        # opened is not known: then every difference counts as theirs too).
        self.yours = {
            f.name
            for f in self.guarded
            if reference is None or self._yours_differs(f.name, getattr(reference, f.attname))
        }
        if gone:
            state = GONE_TAKEN if deleting or not self.yours else CONFLICT
        elif deleting:
            state = CONFLICT
        else:
            both = [
                f
                for f in self.guarded
                if f.name in self.yours
                and (base is None or getattr(stored, f.attname) != getattr(base, f.attname))
                and self._yours_differs(f.name, getattr(stored, f.attname))
            ]
            state = CONFLICT if both else (MERGED if self.yours else TAKEN_OVER)
        self.row_state = state
        self.report = RowReport(self, "", state, stored_deleted=gone, you_delete=deleting)
        self._describe(self.report, pk, base, stored)
        self.add_error(None, self._message(self.report))

    def _describe(self, report: RowReport, pk: int, base, stored) -> None:
        model = self._meta.model
        labels = Labels()
        history = model.history.filter(id=pk).select_related("history_user")
        if base is not None:
            history = history.filter(history_id__gt=base.history_id)
        latest = history.order_by("-history_id").first()
        if latest is not None and latest.history_user:
            report.who = str(latest.history_user)
        report.when = latest.history_date if latest is not None else None
        shown = latest or base
        report.what = describe(shown, labels) if shown is not None else f"Row #{pk}"
        for f in self.guarded:
            old = getattr(base, f.attname) if base is not None else None
            new = getattr(stored, f.attname) if stored is not None else None
            theirs = stored is not None and base is not None and old != new
            mine = f.name in self.yours
            if not (theirs or mine):
                continue
            yours = self.cleaned_data.get(f.name, self[f.name].data)
            report.changes.append(
                RowChange(
                    field=str(f.verbose_name).capitalize(),
                    old=display(f, old, labels) if base is not None else "(not known)",
                    new=display(f, new, labels) if stored is not None else "(deleted)",
                    yours=display(f, yours, labels),
                    both=mine and (stored is None or self._yours_differs(f.name, new)),
                )
            )

    def _message(self, report: RowReport) -> str:
        who = report.who
        if report.state == GONE_TAKEN:
            return f"{who} deleted this row while you were editing: it stays deleted."
        if report.state == TAKEN_OVER:
            return f"{who} changed this row while you were editing: their version is now shown."
        if report.state == MERGED:
            return (
                f"{who} changed other fields of this row while you were editing: it now holds "
                "their changes and yours."
            )
        return (
            f"{who} also changed this row while you were editing. Nothing has been "
            "overwritten: choose “Keep theirs” or “Use mine” for it in the box at the top "
            "of the page."
        )

    def merge_into(self, data) -> None:
        """The row as it is shown again: their value in every field this editor did not
        change, the token of what is stored now, and "Keep theirs" chosen on a conflict."""
        if self.report is None:
            return
        data.pop(self.add_prefix("resolve"), None)
        if self.report.stored_deleted:
            data[self.add_prefix("row_token")] = GONE
        else:
            data[self.add_prefix("row_token")] = self.stored_token
            for f in self.guarded:
                if f.name in self.yours:
                    continue
                value = _as_data(self.stored_values[f])
                if value is None:
                    data.pop(self.add_prefix(f.name), None)
                else:
                    data[self.add_prefix(f.name)] = value
        if self.report.state == CONFLICT:
            data[self.add_prefix("resolve")] = THEIRS


def _plain(text: str) -> str:
    return text.replace("\r\n", "\n").strip()


class RowGuardFormSet(BaseInlineFormSet):
    """Inline formset whose rows are protected from lost updates (see the module docstring)."""

    rows_locked = False

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        pk_name = self.model._meta.pk.name
        if (
            self.is_bound
            and index is not None
            and index < self.initial_form_count()
            and form.instance._state.adding
        ):
            # The row was deleted since the page was shown: keep its number for the
            # comparison instead of Django's "Select a valid choice".
            form.fields[pk_name] = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def _should_delete_form(self, form) -> bool:
        state = getattr(form, "row_state", OK)
        if state in (GONE_TAKEN, GONE_SKIP):
            return True
        if state in (RECREATE, KEEP_THEIRS, CONFLICT, TAKEN_OVER, MERGED):
            return False
        return super()._should_delete_form(form)

    @property
    def row_reports(self) -> list[RowReport]:
        return [form.report for form in self.forms if getattr(form, "report", None)]

    @property
    def recreated_forms(self) -> list:
        return [form for form in self.forms if getattr(form, "row_state", OK) == RECREATE]

    def added_since(self) -> list:
        """Rows someone else added after this page was opened (kept; not in this form)."""
        posted = {form.posted_pk() for form in self.initial_forms if hasattr(form, "posted_pk")}
        return [obj for obj in self.get_queryset() if obj.pk not in posted]

    def clean(self) -> None:
        super().clean()
        self.added = self.added_since()
        # The admin shows form i next to object i of the queryset (the row's title): once
        # rows were added or deleted by someone else, only the submitted rows line up with
        # the forms. As stored: the forms' instances hold the submitted values by now.
        forms_ = [(getattr(f, "posted_pk", lambda: None)(), f) for f in self.initial_forms]
        stored = self.model._default_manager.in_bulk([pk for pk, _ in forms_ if pk])
        self._queryset = [stored.get(pk, form.instance) for pk, form in forms_]
        stale = [form for form in self.forms if getattr(form, "row_state", OK) in STALE]
        if not stale:
            return
        data = self.data.copy()
        for form in stale:
            form.merge_into(data)
        self.data = data
        for form in self.forms:
            form.data = data

    def lock_rows(self) -> None:
        """The race-free check, in the saving transaction: every row this save writes or
        deletes must still be what the editor last saw."""
        self.rows_locked = True
        deleted = set(self.deleted_forms)
        writing = [
            form
            for form in self.initial_forms
            if getattr(form, "guarding", False)
            and not form.instance._state.adding
            and (form in deleted or form.has_changed())
        ]
        if writing and hasattr(self.model, "event_id"):
            stored = self.model._default_manager.filter(pk__in=[f.instance.pk for f in writing])
            lock_events(
                [*stored.order_by().values_list("event_id", flat=True)]
                + [form.instance.event_id for form in writing]
            )
        for form in writing:
            model, pk = type(form.instance), form.instance.pk
            token = form.cleaned_data.get("row_token") or ""
            if stored_fingerprint(model, pk, form.guarded, lock=True) != token:
                raise RowEditConflict
            # Fields this form does not show: as stored now (the row is locked).
            others = [
                f.attname
                for f in model._meta.concrete_fields
                if f not in form.guarded and not f.primary_key
            ]
            if others and form not in deleted:
                fresh = model._default_manager.filter(pk=pk).order_by().values(*others).first()
                for name, value in (fresh or {}).items():
                    setattr(form.instance, name, value)
