"""Admin forms: lost-update protection, and the event statuses a user may choose.

Lost updates: every guarded form carries a hidden ``edit_token`` — the event's ``version``,
or ``updated_at`` for other records — taken when the form was opened. ``clean()`` compares it
with the stored row and refuses the save when someone else saved in between, listing what
they changed (from the history) while the form keeps everything the second editor typed.
The token in the re-shown form is the new one, so saving again after reading the changes is
a deliberate overwrite. ``clean()`` is only the friendly first check: the admin repeats the
comparison on the locked row in the saving transaction (``GuardedAdmin.save_model``), which
is what makes it race-free. Inline rows (actor roles, source links, statements) carry a token
of their own: see incidents/concurrency.py.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from . import publishing
from .concurrency import RowEditConflict, RowGuardFormSet, lock_events
from .dates import parse_partial_date
from .history import ConflictReport, Labels, changes_since, display, edit_token, stored_token
from .models import Event, Statement, Status

CONFLICT_HELP = (
    "Nothing has been saved yet: check the form below, then save again, or reload the page "
    "to start from the stored version."
)


def _same(submitted, stored) -> bool:
    """Whether a submitted value is the stored one (as a browser sends it back)."""
    submitted = getattr(submitted, "pk", submitted)
    if isinstance(submitted, str) or isinstance(stored, str):
        return (submitted or "").replace("\r\n", "\n").strip() == (stored or "").replace(
            "\r\n", "\n"
        ).strip()
    return submitted == stored


def _listed(names: list[str]) -> str:
    names = [name.lower() for name in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _is(names: list[str]) -> str:
    return "is" if len(names) == 1 else "are"


def _it(names: list[str]) -> str:
    return "it" if len(names) == 1 else "them"


class EditConflict(Exception):
    """The stored record changed between the form's check and the save (a lost race)."""


# Fields a restore from history leaves as they are now: publication is decided separately,
# and the token must be the current one.
KEEP_ON_RESTORE = (*publishing.STATUS_FIELDS, "version", "updated_at")


class ConflictGuardForm(forms.ModelForm):
    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    # Set by the admin on the class it builds for each request (see GuardedAdmin.get_form).
    user = None
    refusal: Exception | None = None

    def __init__(self, *args, instance=None, **kwargs) -> None:
        if instance is not None and instance.pk and getattr(instance, "_history", None):
            # A version from the history, shown for restoring: its content, today's state.
            stored = type(instance)._default_manager.filter(pk=instance.pk).first()
            if stored is not None:
                for name in KEEP_ON_RESTORE:
                    if hasattr(stored, name):
                        setattr(instance, name, getattr(stored, name))
        super().__init__(*args, instance=instance, **kwargs)
        self.conflict: ConflictReport | None = None
        if self.instance.pk:
            self.fields["edit_token"].initial = edit_token(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        if self.refusal is not None and not isinstance(
            self.refusal, (EditConflict, RowEditConflict)
        ):
            self.add_error(self.refusal_field(), self.refusal.messages)
        if self.instance.pk and not self.instance._state.adding:
            self.check_conflict(cleaned_data.get("edit_token") or "")
        return cleaned_data

    def refusal_field(self) -> str | None:
        return None

    def check_conflict(self, token: str) -> None:
        model = type(self.instance)
        current = stored_token(model, self.instance.pk)
        if current is None or current == token:
            if isinstance(self.refusal, EditConflict):
                self.add_error(
                    None, "Someone else saved this record at the same moment. " + CONFLICT_HELP
                )
            return
        self.conflict = changes_since(model, self.instance.pk, token)
        data = self.data.copy()
        data[self.add_prefix("edit_token")] = current
        self.merge_untouched(data)
        self.data = data
        merged = [change.field for change in self.conflict.changes if change.merged]
        both = [change.field for change in self.conflict.changes if change.both]
        message = (
            f"This {model._meta.verbose_name} was changed by someone else while you were "
            f"editing it: {self.conflict.summary()}"
        )
        if merged:
            message += (
                f" Their {_listed(merged)} {_is(merged)} now in the form "
                f"(you had not changed {_it(merged)})."
            )
        if both:
            message += f" You both changed {_listed(both)}: the form holds your version."
        self.add_error(None, ValidationError(f"{message} {CONFLICT_HELP}", code="edit_conflict"))

    def merge_untouched(self, data) -> None:
        """Put the other editor's value into the form for every field this editor left as it
        was, so that saving again keeps both edits; where both changed a field, this editor's
        value stays and the table shows theirs."""
        model = type(self.instance)
        base = self.conflict.base
        stored = model._default_manager.get(pk=self.instance.pk)
        labels = Labels()
        for change in self.conflict.changes:
            form_field = self.fields.get(change.name)
            if form_field is None or change.name not in self.cleaned_data:
                continue
            model_field = model._meta.get_field(change.name)
            yours = self.cleaned_data[change.name]
            change.yours = display(model_field, yours, labels)
            value = getattr(stored, model_field.attname)
            if _same(yours, value):  # both made the same change
                change.merged = True
            elif (
                base is not None
                and not isinstance(form_field.widget, forms.MultiWidget)
                and _same(yours, getattr(base, model_field.attname))
            ):
                key = self.add_prefix(change.name)
                if value is True:
                    data[key] = "on"
                elif value is False:
                    data.pop(key, None)
                else:
                    data[key] = "" if value is None else str(value)
                change.merged = True
                change.yours = change.new
            else:
                change.both = True


DATE_HELP = "Enter the date as YYYY-MM-DD, or YYYY-MM / YYYY when only the month or year is known."


def typed_precision(value) -> str | None:
    """``year`` or ``month`` when ``value`` is a partial ISO date (``2023``, ``2023-05``)."""
    text = value.strip() if isinstance(value, str) else ""
    if not text or text.count("-") >= 2:
        return None
    try:
        return parse_partial_date(text).precision
    except ValueError:
        return None


class EventDateField(forms.DateField):
    """An event's date in ISO form, the way every admin form takes dates: ``YYYY-MM-DD``, or
    ``YYYY-MM`` / ``YYYY`` for an event known to the month or year (stored as its first day;
    the form then sets the precision to match)."""

    default_error_messages = {"invalid": DATE_HELP}

    def to_python(self, value):
        if typed_precision(value):
            return parse_partial_date(value.strip()).lower
        return super().to_python(value)


class EventAdminForm(ConflictGuardForm):
    class Meta:
        model = Event
        fields = (
            "title", "slug", "event_type", "summary", "title_ja", "summary_ja",
            "translation_ja_state", "title_ru", "summary_ru", "translation_ru_state",
            "date_lower", "date_precision", "end_date",
            "location_name", "latitude", "longitude", "tags", "responds_to", "status",
            "review_note",
        )  # fmt: skip
        field_classes = {"date_lower": EventDateField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        date = self.fields.get("date_lower")
        if date is not None:
            date.widget.attrs.setdefault("placeholder", "YYYY-MM-DD")
        status = self.fields.get("status")
        if status is not None and not publishing.can_publish(self.user):
            # Not offered, and refused if posted anyway (the choice list is checked).
            status.choices = [
                (value, label) for value, label in status.choices if value != Status.PUBLISHED
            ]
            status.error_messages["invalid_choice"] = (
                "Only reviewers can publish events: choose Draft or In review."
            )
            status.help_text = "Send the event to review when it is ready; a reviewer publishes it."

    def refusal_field(self) -> str | None:
        return "status" if "status" in self.fields else None

    def clean(self):
        cleaned_data = super().clean()
        # "2023-05" typed as the date means May 2023, whatever the precision menu says.
        if "date_lower" in self.fields and "date_precision" in self.fields:
            precision = typed_precision(self["date_lower"].data)
            if precision and cleaned_data.get("date_lower"):
                cleaned_data["date_precision"] = precision
        return cleaned_data

    def clean_status(self) -> str:
        status = self.cleaned_data["status"]
        stored = self.initial.get("status") if self.instance.pk else Status.DRAFT
        if publishing.needs_publish_permission(stored or Status.DRAFT, status) and not (
            publishing.can_publish(self.user)
        ):
            raise ValidationError("Only reviewers can publish or unpublish events.")
        return status


def check_event_editable(user, event: Event | None, what: str) -> None:
    if event is not None and not publishing.can_edit(user, event):
        raise ValidationError(
            f"“{event.title}” is published: only a reviewer can change its {what} directly. "
            "Propose the change on the event’s page, where it waits for a reviewer."
        )


class StatementAdminForm(ConflictGuardForm):
    class Meta:
        model = Statement
        fields = (
            "event", "speaker", "speaker_title", "text", "kind", "language", "translation_by",
            "original_text", "original_language", "said_on", "source", "position",
        )  # fmt: skip

    def clean_event(self) -> Event:
        event = self.cleaned_data["event"]
        check_event_editable(self.user, event, "statements")
        return event


class PublishedEventGuardFormSet(RowGuardFormSet):
    """For inlines on a source's page whose rows belong to events: an editor may not change
    the statements or source links of a published event from there either."""

    user = None
    what = "statements and sources"

    def touched_events(self) -> set[int]:
        """The events whose rows this save adds, changes, moves or deletes."""
        touched = set()
        for form in self.forms:
            if not form.has_changed() and not self._should_delete_form(form):
                continue
            touched.add(form.initial.get("event"))
            chosen = getattr(form, "cleaned_data", {}).get("event")
            touched.add(getattr(chosen, "pk", chosen))
        touched.discard(None)
        return touched

    def clean(self) -> None:
        super().clean()
        for event in Event.objects.filter(pk__in=self.touched_events(), status=Status.PUBLISHED):
            check_event_editable(self.user, event, self.what)

    def lock_events(self) -> None:
        """The race-free check, in the saving transaction before any write: the events
        touched are locked and asked again, since a reviewer may have published one after
        ``clean`` (refused as PublicationRefused, so the page is shown again with why)."""
        touched = self.touched_events()
        lock_events(touched)
        for event in Event.objects.filter(pk__in=touched, status=Status.PUBLISHED):
            try:
                check_event_editable(self.user, event, self.what)
            except ValidationError as exc:
                raise publishing.PublicationRefused(exc.messages, code="unpublishable") from None
