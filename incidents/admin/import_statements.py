"""The quotations half of the import pages: each quotation found, with its speaker, title and
date said, and the event the kept ones belong to (an existing one, or a new draft event
offered from the article's headline). Shared by "Add source from article" and "Find
quotations" (incidents/admin/importing.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.http import HttpRequest

from .. import importing, publishing
from ..models import Actor, Event, EventType, Language, Statement

# Dates shown as they are typed (the help says YYYY-MM-DD), whatever the locale.
ISO_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"size": 12, "placeholder": "YYYY-MM-DD"})


def _actor_widget(model, field_name: str) -> AutocompleteSelect:
    return AutocompleteSelect(model._meta.get_field(field_name), admin.site)


SPEAKER_KINDS = [
    (Actor.Kind.PERSON, "Person"),
    (Actor.Kind.ORGANISATION, "Organisation"),
    (Actor.Kind.STATE, "State"),
]


class DraftStatementForm(forms.Form):
    keep = forms.BooleanField(label="Keep", required=False, initial=True)
    text = forms.CharField(
        label="Quotation", max_length=10000, widget=forms.Textarea(attrs={"rows": 4, "cols": 46})
    )
    speaker = forms.ModelChoiceField(
        Actor.objects.all(), required=False, widget=_actor_widget(Statement, "speaker")
    )
    new_speaker_name = forms.CharField(
        label="…or new actor",
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"size": 24}),
    )
    new_speaker_kind = forms.ChoiceField(label="kind", choices=SPEAKER_KINDS, required=False)
    speaker_title = forms.CharField(
        label="Title at the time",
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 24}),
    )
    said_on = forms.DateField(
        label="Date said",
        required=False,
        widget=ISO_DATE,
        help_text="The article’s date unless it says the words were spoken earlier.",
    )
    language = forms.ChoiceField(choices=Language.choices, widget=forms.HiddenInput)
    context = forms.CharField(required=False, widget=forms.HiddenInput)
    # The quotation as the article words it, sent back unchanged: when the editor translates
    # the text above, these words are kept as the statement's original.
    found_text = forms.CharField(required=False, max_length=10000, widget=forms.HiddenInput)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("keep"):
            if not data.get("speaker") and not (data.get("new_speaker_name") or "").strip():
                self.add_error(
                    "speaker", "Choose who said this (or name a new actor), or untick Keep."
                )
            if data.get("speaker") and (data.get("new_speaker_name") or "").strip():
                self.add_error(
                    "new_speaker_name", "Choose an existing actor or name a new one, not both."
                )
        return data

    def confirmed(
        self, article_language: str = "", article_date: dt.date | None = None
    ) -> importing.ConfirmedStatement:
        """The kept row as a statement, in ``article_language`` (the article's, as corrected
        on the page) unless the editor translated it, and said on ``article_date`` unless
        the row gives a date."""
        data = self.cleaned_data
        return importing.ConfirmedStatement.worded(
            data["text"],
            data.get("found_text") or "",
            article_language or data["language"],
            speaker=data.get("speaker"),
            new_speaker_name=(data.get("new_speaker_name") or "").strip(),
            new_speaker_kind=data.get("new_speaker_kind") or Actor.Kind.PERSON,
            speaker_title=data.get("speaker_title", "").strip(),
            said_on=data.get("said_on") or article_date,
        )


# No more rows than the importer ever offers: each kept row costs several queries inside the
# saving transaction, and a hand-made POST could otherwise send the formset's default 1,000.
DraftStatementFormSet = forms.formset_factory(
    DraftStatementForm,
    extra=0,
    max_num=importing.MAX_QUOTES,
    absolute_max=importing.MAX_QUOTES,
    validate_max=True,
)


def statement_initial(
    drafts: Sequence[importing.DraftStatement], said_on: dt.date | None = None
) -> list[dict]:
    """The confirmation rows: each quotation with its speaker (an existing actor, or the name
    and title the article gives, offered as a new actor) and the article's date as the date
    it was said."""
    return [
        {
            "keep": True,
            "text": draft.text,
            "speaker": draft.speaker,
            "new_speaker_name": "" if draft.speaker else draft.speaker_name,
            "new_speaker_kind": draft.speaker_kind
            if draft.speaker_kind in dict(SPEAKER_KINDS)
            else Actor.Kind.ORGANISATION,
            "speaker_title": draft.speaker_title,
            "said_on": said_on,
            "language": draft.language,
            "context": draft.context,
            "found_text": draft.text,
        }
        for draft in drafts
    ]


class EventChoiceForm(forms.Form):
    """The event the confirmed statements belong to: an existing one or a new draft."""

    event = forms.ModelChoiceField(
        Event.objects.all(),
        required=False,
        widget=_actor_widget(Statement, "event"),
        label="Existing event",
    )
    new_event_title = forms.CharField(
        label="…or a new draft event titled",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"size": 80}),
        # The article's headline is offered; an event chosen above wins over it unless the
        # editor changed it (then they are asked to choose).
        show_hidden_initial=True,
        help_text="Offered from the article’s headline: edit it, or choose an existing event "
        "above instead.",
    )
    new_event_type = forms.ModelChoiceField(EventType.objects.all(), required=False, label="Type")
    new_event_date = forms.DateField(
        label="Date", required=False, help_text="YYYY-MM-DD", widget=ISO_DATE
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self) -> dict:
        data = super().clean()
        event = data.get("event")
        if (
            event is not None
            and self.user is not None
            and not publishing.can_edit(self.user, event)
        ):
            self.add_error(
                "event", "This event is published: only a reviewer can add statements to it."
            )
        title = (data.get("new_event_title") or "").strip()
        if event is None and title and self._title_typed():
            self.check_new_event()
        elif event is not None and title:
            if self._title_typed():
                self.add_error(
                    "new_event_title", "Choose an existing event or name a new one, not both."
                )
            else:
                data["new_event_title"] = ""  # the headline offered, not the editor's choice
        return data

    def check_new_event(self) -> bool:
        """A new draft event needs the permission, a type and a date. Checked when the editor
        names one, or keeps quotations with the offered headline as the new event."""
        data = self.cleaned_data
        if self.user is not None and not self.user.has_perm("incidents.add_event"):
            self.add_error("new_event_title", "You may not create events.")
        if not data.get("new_event_type"):
            self.add_error("new_event_type", "Choose the new event’s type.")
        if not data.get("new_event_date"):
            self.add_error("new_event_date", "Give the new event’s date.")
        return not self.errors

    def _title_typed(self) -> bool:
        """Whether the editor typed or changed the new event's title, rather than leaving
        the article's headline offered (sent back in a hidden field)."""
        offered = (
            self.fields["new_event_title"]
            .hidden_widget()
            .value_from_datadict(self.data, self.files, self.add_initial_prefix("new_event_title"))
        )
        title = (self.cleaned_data.get("new_event_title") or "").strip()
        return not offered or title != offered.strip()

    def has_target(self) -> bool:
        return bool(self.cleaned_data.get("event") or self.cleaned_data.get("new_event_title"))

    def target(self) -> tuple[Event | None, importing.NewEvent | None]:
        data = self.cleaned_data
        if data.get("event"):
            return data["event"], None
        if (data.get("new_event_title") or "").strip():
            return None, importing.NewEvent(
                title=data["new_event_title"].strip(),
                event_type=data["new_event_type"],
                date=data["new_event_date"],
            )
        return None, None


def _kept(
    formset, article_language: str = "", article_date: dt.date | None = None
) -> list[importing.ConfirmedStatement]:
    """The rows the editor kept, as statements; ``article_language`` and ``article_date``
    are the article's as the page last showed them."""
    return [
        form.confirmed(article_language, article_date)
        for form in formset.forms
        if form.cleaned_data.get("keep")
    ]


def _check_statements(
    request: HttpRequest, formset, event_form: EventChoiceForm, creating: bool = False
) -> bool:
    """Cross-form rules: kept statements need an event; new actors need the permission. With
    ``creating`` (the editor asked for a new event from the source) the new event is checked
    even with no quotation kept."""
    kept = _kept(formset)
    if creating and event_form.target()[0] is None:
        if not event_form.has_target():
            event_form.add_error("new_event_title", "Give the new event a title.")
            return False
        if not event_form.check_new_event():
            return False
    if kept and not event_form.has_target():
        event_form.add_error(
            None,
            "Statements belong to an event: choose an existing event or name a new draft event "
            "(or untick the quotations you do not want).",
        )
        return False
    if kept and event_form.target()[0] is None and not event_form.check_new_event():
        return False
    if any(item.new_speaker_name for item in kept) and not request.user.has_perm(
        "incidents.add_actor"
    ):
        event_form.add_error(None, "You may not create actors: choose existing speakers.")
        return False
    return True
