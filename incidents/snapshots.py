"""An event's editable state as plain data: take it, compare two, merge three, make it live.

A snapshot is what a proposal stores, what a revision of the history looks like and what a
restore brings back, in one shape (JSON-able, so it can sit in a ``JSONField``)::

    {"event": {field: value, …, "tags": [tag pks], "responds_to": [event pks],
               "places": [place pks]},
     "actors": {key: {field: value}}, "sources": {key: {…}}, "statements": {key: {…}}}

Rows are keyed by their primary key as a string, or ``"new-1"``, ``"new-2"``… for rows a
proposal adds; dates are ISO strings, decimals strings, foreign keys primary keys. The fields
are the ones an editor can change (``editable`` model fields), so a snapshot never holds the
audit columns, the search index or derived dates.

``apply`` makes the live rows equal to a snapshot through ordinary ``save()`` and
``delete()`` calls, so the publishing rules, the search index, the history and the version
triggers all run as for any other save. It never changes an event's publication state:
publishing stays with ``incidents.publishing``.

Records an event shows (actors, sources, tags) have a flat form, ``values(obj)``: one dict
of the same plain values; ``field_changes`` and ``apply_values`` are their diff and apply.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
from dataclasses import dataclass, field

from django.db import models

from .history import Labels, display
from .models import Actor, Event, EventActor, EventSource, Source, Statement

# The parts of an event, in the snapshot's order.
PARTS = {"actors": EventActor, "sources": EventSource, "statements": Statement}
M2M = ("tags", "responds_to", "places")
# What apply leaves as it is now: publication is decided by a reviewer, through
# incidents.publishing, never by a proposal or a restore.
KEEP = ("status",)
# Rows of one event that may not repeat: a row a snapshot adds that matches a live row it
# removes is that row, kept and changed (a restore of a link deleted and added again).
NATURAL_KEYS = {"sources": ("source",), "actors": ("actor", "role")}
NEW = "new-"
ADDED, CHANGED, REMOVED = "added", "changed", "removed"


def editable_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns an editor changes: editable, not the key, not the event a part hangs on."""
    return [
        f
        for f in model._meta.concrete_fields
        if f.editable and not f.primary_key and f.name != "event"
    ]


def plain(value):
    """A stored value as JSON: dates as ISO strings, decimals as strings."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def values(obj: models.Model) -> dict:
    """The editable fields of one row (foreign keys as primary keys)."""
    return {f.name: plain(getattr(obj, f.attname)) for f in editable_fields(type(obj))}


def snapshot(event: Event) -> dict:
    """The event's editable state, read from the database (not from the instance)."""
    stored = Event.objects.get(pk=event.pk)
    state = {"event": values(stored)}
    for name in M2M:
        state["event"][name] = sorted(getattr(stored, name).values_list("pk", flat=True))
    for part, model in PARTS.items():
        rows = model._default_manager.filter(event_id=event.pk).order_by("pk")
        state[part] = {str(row.pk): values(row) for row in rows}
    return state


def rekey_new(proposed: dict, base: dict) -> dict:
    """``proposed`` with every row that ``base`` does not hold keyed ``new-1``, ``new-2``…

    A proposal is captured from a save that was rolled back: the keys of the rows it added
    were never committed, and may be given to other rows later."""
    result = copy.deepcopy(proposed)
    count = 0
    for part in PARTS:
        rows = {}
        for key, row in sorted(proposed[part].items(), key=lambda item: _order(item[0])):
            if key in base[part] or key.startswith(NEW):
                rows[key] = row
            else:
                count += 1
                rows[f"{NEW}{count}"] = row
        result[part] = rows
    return result


def _order(key: str) -> tuple[int, int]:
    if key.startswith(NEW):
        return (1, int(key[len(NEW) :]))
    return (0, int(key))


# --- Comparing ------------------------------------------------------------------------------


@dataclass
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass
class RowChange:
    """One row that differs between two snapshots, described for people."""

    part: str  # "event", "actors", "sources", "statements"
    key: str
    kind: str  # added, changed, removed
    label: str  # "Actor role: Japan (target)"
    fields: list[FieldChange] = field(default_factory=list)

    @property
    def part_label(self) -> str:
        return PART_LABELS[self.part]


PART_LABELS = {
    "event": "Event",
    "actors": "Actor role",
    "sources": "Source link",
    "statements": "Statement",
}
MODELS = {"event": Event, **PARTS}


def _shown(model: type[models.Model], name: str, value, labels: Labels) -> str:
    """A plain value as an editor reads it (names rather than keys, choice labels)."""
    if name in M2M:
        related = Event._meta.get_field(name).related_model
        return ", ".join(labels(related, pk) for pk in value) if value else "—"
    return display(model._meta.get_field(name), value, labels)


def field_changes(
    model: type[models.Model], old: dict | None, new: dict | None, labels: Labels | None = None
) -> list[FieldChange]:
    """Field by field, what differs between two plain rows of ``model`` (either may be None:
    a row added or removed shows each of its filled fields)."""
    labels = labels or Labels()
    old, new = old or {}, new or {}
    changes = []
    for name in dict.fromkeys([*old, *new]):
        before, after = old.get(name), new.get(name)
        if before == after or (not old and after in ("", None, [])):
            continue
        if not new and before in ("", None, []):
            continue
        label = str(model._meta.get_field(name).verbose_name)
        changes.append(
            FieldChange(
                name,
                label[:1].upper() + label[1:],
                _shown(model, name, before, labels) if old else "",
                _shown(model, name, after, labels) if new else "",
            )
        )
    return changes


def row_label(part: str, row: dict, labels: Labels) -> str:
    """How a row is named in a diff: "Actor role: Japan (target)", "Statement by …"."""
    if part == "actors":
        role = dict(EventActor._meta.get_field("role").flatchoices).get(row["role"], row["role"])
        return f"Actor role: {labels(Actor, row['actor'])} ({str(role).lower()})"
    if part == "sources":
        return f"Source link: {labels(Source, row['source'])}"
    if part == "statements":
        text = row.get("text") or ""
        excerpt = text if len(text) <= 60 else text[:59] + "…"
        return f"Statement by {labels(Actor, row['speaker'])}: “{excerpt}”"
    return "Event"


def diff(old: dict, new: dict, labels: Labels | None = None) -> list[RowChange]:
    """Every difference between two snapshots of one event: its fields first, then each
    added, changed or removed row of its actors, sources and statements."""
    labels = labels or Labels()
    result = []
    event_fields = field_changes(Event, old["event"], new["event"], labels)
    if event_fields:
        result.append(RowChange("event", "", CHANGED, "Event", event_fields))
    for part in PARTS:
        model = MODELS[part]
        before, after = old.get(part, {}), new.get(part, {})
        for key in sorted(dict.fromkeys([*before, *after]), key=_order):
            a, b = before.get(key), after.get(key)
            if a == b:
                continue
            kind = ADDED if a is None else REMOVED if b is None else CHANGED
            changes = field_changes(model, a, b, labels)
            result.append(RowChange(part, key, kind, row_label(part, b or a, labels), changes))
    return result


# --- Merging: the proposal's changes onto a live version that moved since --------------------


@dataclass
class Conflict:
    """A field (or a whole row, ``name`` empty) that the live version and the proposal both
    changed, differently, since the proposal's base."""

    part: str
    key: str
    label: str
    name: str
    base: str
    live: str
    proposed: str


def merge(base: dict, live: dict, proposed: dict, *, prefer_proposed: bool = False):
    """Three-way merge: the proposal's changes since ``base`` applied to ``live``.

    Returns ``(merged, conflicts)``. A field the proposal left as in ``base`` keeps its live
    value; one only the proposal changed takes the proposal's. Where both changed it
    differently the live value is kept and a ``Conflict`` is reported, unless
    ``prefer_proposed`` (the reviewer chose the proposal's values)."""
    labels = Labels()
    merged = copy.deepcopy(live)
    conflicts: list[Conflict] = []
    merged["event"] = _merge_row(
        Event, "event", "", base["event"], live["event"], proposed["event"], conflicts, labels,
        prefer_proposed=prefer_proposed,
    )  # fmt: skip
    for part in PARTS:
        keys = dict.fromkeys([*base[part], *live[part], *proposed[part]])
        for key in keys:
            b, lv, p = base[part].get(key), live[part].get(key), proposed[part].get(key)
            if p in (b, lv):
                continue  # untouched by the proposal, or the same change made live
            if lv == b:
                if p is None:
                    merged[part].pop(key, None)
                else:
                    merged[part][key] = copy.deepcopy(p)
                continue
            if p is None or lv is None:  # one side removed the row, the other changed it
                label = row_label(part, lv or p, labels)
                conflicts.append(Conflict(part, key, label, "", "", _row_state(lv), _row_state(p)))
                if prefer_proposed:
                    if p is None:
                        merged[part].pop(key, None)
                    else:
                        merged[part][key] = copy.deepcopy(p)
                continue
            merged[part][key] = _merge_row(
                PARTS[part], part, key, b, lv, p, conflicts, labels, prefer_proposed=prefer_proposed
            )
    return merged, conflicts


def _row_state(row: dict | None) -> str:
    return "(removed)" if row is None else "(changed)"


def merge_values(
    model: type[models.Model], base: dict, live: dict, proposed: dict, **kwargs
) -> tuple[dict, list[Conflict]]:
    """``merge`` for the flat values of one record (an actor, a source, a tag)."""
    conflicts: list[Conflict] = []
    merged = _merge_row(model, "", "", base, live, proposed, conflicts, Labels(), **kwargs)
    return merged, conflicts


def _merge_row(
    model, part, key, base, live, proposed, conflicts, labels, *, prefer_proposed=False
) -> dict:
    result = dict(live)
    label = row_label(part, live, labels) if part else str(model._meta.verbose_name).capitalize()
    for name, value in proposed.items():
        old, now = base.get(name), live.get(name)
        if value in (old, now):
            continue
        if now == old or prefer_proposed:
            result[name] = value
        if now != old:
            conflicts.append(
                Conflict(
                    part,
                    key,
                    label,
                    str(model._meta.get_field(name).verbose_name),
                    _shown(model, name, old, labels),
                    _shown(model, name, now, labels),
                    _shown(model, name, value, labels),
                )
            )
    return result


# --- Making a snapshot live -----------------------------------------------------------------


def apply_values(obj: models.Model, row: dict) -> models.Model:
    """Set the fields of ``obj`` from a plain row (values parsed back by each field)."""
    for f in editable_fields(type(obj)):
        if f.name in row and f.name not in KEEP:
            value = row[f.name]
            setattr(obj, f.attname, value if value is None else f.to_python(value))
    return obj


def apply(event: Event, state: dict, user) -> None:
    """Make ``event`` and its rows equal to ``state`` (in the caller's transaction).

    Ordinary saves and deletions, so every rule and receiver runs: a change that would break
    a publishing rule of a published event raises ``PublicationRefused``, a value the
    database refuses raises as usual, and the caller's transaction undoes everything."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    apply_values(event, state["event"])
    event.full_clean(validate_unique=True)
    event.updated_by = user
    event._history_user = user
    event.save()
    for name in M2M:
        getattr(event, name).set(state["event"].get(name, []))
    # Statements before links: a statement's source is linked on save, and a link may only
    # go once no statement is taken from it.
    removed: dict[str, list[models.Model]] = {}
    for part in ("statements", "actors", "sources"):
        removed[part] = _apply_part(event, part, state.get(part, {}), user)
    for part in ("statements", "actors", "sources"):
        for row in removed[part]:
            row._history_user = user
            row.delete()


def _apply_part(event: Event, part: str, rows: dict, user) -> list[models.Model]:
    """Create and change the rows of one part; returns the live rows ``rows`` leaves out."""
    model = PARTS[part]
    live = {str(row.pk): row for row in model._default_manager.filter(event=event)}
    leaving = {key: row for key, row in live.items() if key not in rows}
    natural = NATURAL_KEYS.get(part, ())
    for key, row in sorted(rows.items(), key=lambda item: _order(item[0])):
        obj = live.get(key)
        if obj is None and natural:
            obj = _same_row(leaving, row, natural)
        if obj is None:
            obj = model(event=event)
            if hasattr(obj, "created_by_id"):
                obj.created_by = user
        elif values(obj) == {name: row.get(name) for name in values(obj)}:
            continue
        apply_values(obj, row)
        if hasattr(obj, "updated_by_id"):
            obj.updated_by = user
        obj._history_user = user
        obj.save()
    return list(leaving.values())


def _same_row(leaving: dict, row: dict, natural: tuple[str, ...]) -> models.Model | None:
    """The live row about to be removed that ``row`` would repeat (same source, or same
    actor in the same role): taken out of ``leaving`` and changed instead."""
    wanted = {name: row.get(name) for name in natural}
    for key, other in leaving.items():
        if {name: values(other)[name] for name in natural} == wanted:
            return leaving.pop(key)
    return None
