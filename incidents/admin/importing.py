"""Admin pages of the article import: "Add source from article" and "Find quotations".

Step 1 (``source_import``): the editor pastes the text, uploads the saved page, or gives a
URL and asks for it to be fetched. The importer cleans it and reads its metadata; a
duplicate is shown instead of going further.

Step 2 (``source_import_confirm``): the editor checks the metadata and the cleaned text and
confirms or discards each quotation found, with its speaker and the event it belongs to.
Only then is anything saved, all in one transaction: the source, the confirmed statements,
and (if asked) a new event, always as a draft.

``source_statements`` offers the same confirmation for a source already recorded (for
example one imported with ``manage.py import_articles``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import replace

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import importing, publishing
from ..models import Actor, Event, EventType, Language, Source, SourceKind, Statement, Status
from ..urls import normalise_url

TEMPLATE_DIR = "admin/incidents/source"
# Dates shown as they are typed (the help says YYYY-MM-DD), whatever the locale.
ISO_DATE = forms.DateInput(format="%Y-%m-%d", attrs={"size": 12, "placeholder": "YYYY-MM-DD"})


# --- Forms ----------------------------------------------------------------------------------


class ImportForm(forms.Form):
    """Where the article comes from: pasted text, an uploaded file, or its web address."""

    url = forms.CharField(
        label="Article URL",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"size": 90}),
        help_text="The address of the original article (http:// or https://). Needed to record "
        "the source; with “Fetch” ticked the page is downloaded from it.",
    )
    fetch = forms.BooleanField(
        label="Fetch the page from this URL",
        required=False,
        help_text=f"Downloads the page now (timeout {importing.FETCH_TIMEOUT_SECONDS} s, "
        f"at most {importing.MAX_ARTICLE_BYTES // 1024 // 1024} MB).",
    )
    text = forms.CharField(
        label="Article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14, "cols": 100}),
        help_text="Paste the article as copied from the page; menus, rankings, share buttons "
        "and disclaimers are removed for you.",
    )
    file = forms.FileField(
        label="Or upload the saved page",
        required=False,
        help_text=f".html or .txt, at most {importing.MAX_ARTICLE_BYTES // 1024 // 1024} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".html,.htm,.txt,text/html,text/plain"}),
    )

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url:
            try:
                url = normalise_url(url)
            except ValidationError as exc:
                raise ValidationError(exc.messages) from None
        return url

    def clean(self) -> dict:
        data = super().clean()
        given = [
            name
            for name, present in (
                ("text", bool((data.get("text") or "").strip())),
                ("file", bool(data.get("file"))),
                ("fetch", bool(data.get("fetch"))),
            )
            if present
        ]
        if self.errors:
            return data
        if not given:
            raise ValidationError(
                "Paste the article’s text, upload its saved page, or give its URL and tick “Fetch”."
            )
        if len(given) > 1:
            raise ValidationError(
                "Give the article one way only: pasted text, a file, or a URL to fetch."
            )
        if data.get("fetch") and not data.get("url"):
            self.add_error("url", "Give the URL to fetch.")
        return data

    def article(self) -> importing.Article:
        """Run the importer on what was given (may raise ImportRejected)."""
        data = self.cleaned_data
        if data.get("fetch"):
            article = importing.read_url(data["url"])
        elif data.get("file"):
            upload = data["file"]
            importing.check_size(upload.size)
            article = importing.read_file(upload.name, upload.read())
        else:
            text = data["text"]
            importing.check_size(len(text.encode("utf-8")))
            article = importing.parse_article(text)
        if data.get("url") and not data.get("fetch"):
            article.url = data["url"]
        return importing.match_actors(article)


def _actor_widget(model, field_name: str) -> AutocompleteSelect:
    return AutocompleteSelect(model._meta.get_field(field_name), admin.site)


class SourceDetailsForm(forms.Form):
    """The metadata the importer read, for the editor to check and correct."""

    url = forms.CharField(label="URL", max_length=1000, widget=forms.TextInput(attrs={"size": 90}))
    title = forms.CharField(max_length=500, widget=forms.TextInput(attrs={"size": 90}))
    publisher = forms.ModelChoiceField(
        Actor.objects.filter(kind=Actor.Kind.MEDIA),
        required=False,
        widget=_actor_widget(Source, "publisher"),
        help_text="An existing media outlet…",
    )
    new_publisher_name = forms.CharField(
        label="…or a new outlet named",
        max_length=200,
        required=False,
        help_text="Creates a media-outlet actor with this name.",
    )
    credit = forms.CharField(
        max_length=200, required=False, help_text="Original reporter, e.g. Reuters."
    )
    author = forms.CharField(max_length=300, required=False)
    published_on = forms.DateField(
        label="Published", required=False, help_text="YYYY-MM-DD", widget=ISO_DATE
    )
    language = forms.ChoiceField(choices=Language.choices)
    kind = forms.ChoiceField(choices=SourceKind.choices)
    text = forms.CharField(
        label="Cleaned text",
        max_length=500_000,
        widget=forms.Textarea(attrs={"rows": 18, "cols": 100}),
        help_text="Paragraphs separated by a blank line. Check nothing of the article is missing.",
    )

    def clean_url(self) -> str:
        try:
            return normalise_url(self.cleaned_data["url"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean(self) -> dict:
        data = super().clean()
        if data.get("publisher") and (data.get("new_publisher_name") or "").strip():
            self.add_error(
                "new_publisher_name", "Choose an existing outlet or name a new one, not both."
            )
        return data

    @classmethod
    def initial_from(cls, article: importing.Article) -> dict:
        return {
            "url": article.url,
            "title": article.title,
            "publisher": article.publisher,
            "new_publisher_name": ""
            if article.publisher or article.publisher_other_kind
            else article.publisher_name,
            "credit": article.credit,
            "author": article.author,
            "published_on": article.published_on,
            "language": article.language,
            "kind": article.kind,
            "text": article.text,
        }

    def article(self) -> importing.Article:
        data = self.cleaned_data
        return importing.Article(
            text=data["text"].replace("\r\n", "\n").strip(),
            title=data["title"].strip(),
            url=data["url"],
            publisher=data.get("publisher"),
            publisher_name=data.get("new_publisher_name", ""),
            credit=data.get("credit", ""),
            author=data.get("author", ""),
            published_on=data.get("published_on"),
            language=data["language"],
            kind=data["kind"],
        )


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

    def confirmed(self) -> importing.ConfirmedStatement:
        data = self.cleaned_data
        return importing.ConfirmedStatement(
            text=data["text"].strip(),
            speaker=data.get("speaker"),
            new_speaker_name=(data.get("new_speaker_name") or "").strip(),
            new_speaker_kind=data.get("new_speaker_kind") or Actor.Kind.PERSON,
            speaker_title=data.get("speaker_title", "").strip(),
            language=data["language"],
            said_on=data.get("said_on"),
        )


DraftStatementFormSet = forms.formset_factory(DraftStatementForm, extra=0)


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


def _kept(formset) -> list[importing.ConfirmedStatement]:
    return [form.confirmed() for form in formset.forms if form.cleaned_data.get("keep")]


def _check_statements(request: HttpRequest, formset, event_form: EventChoiceForm) -> bool:
    """Cross-form rules: kept statements need an event; new actors need the permission."""
    kept = _kept(formset)
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


# --- Views ----------------------------------------------------------------------------------


def _context(model_admin, request: HttpRequest, title: str, **extra) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": Source._meta,
        "title": title,
        "changelist_url": reverse("admin:incidents_source_changelist"),
        "import_url": reverse("admin:incidents_source_import"),
        **extra,
    }


def _require(request: HttpRequest, *perms: str) -> None:
    if not request.user.has_perms(perms):
        raise PermissionDenied


def _check_target(request: HttpRequest, event: Event | None) -> None:
    """In the saving transaction: the chosen event is locked and checked again, so that it
    cannot have been published since the form was checked (raises EditRefused)."""
    if event is not None:
        publishing.check_editable(request.user, event, lock=True)


def _confirm_page(
    model_admin, request: HttpRequest, details, statements, event_form, article=None
) -> TemplateResponse:
    context = _context(
        model_admin,
        request,
        "Check the imported article",
        details=details,
        statements=statements,
        event_form=event_form,
        article=article,
        media=details.media + statements.media + event_form.media,
        action_url=reverse("admin:incidents_source_import_confirm"),
    )
    return TemplateResponse(request, f"{TEMPLATE_DIR}/import_confirm.html", context)


def _say_if_capped(request: HttpRequest, found: Sequence[importing.DraftStatement]) -> None:
    """Tell the editor when the quotations offered are not all there are."""
    if len(found) >= importing.MAX_QUOTES:
        messages.warning(
            request,
            f"Only the first {importing.MAX_QUOTES} quotations found are offered (at most "
            f"{importing.MAX_QUOTES_PER_PARAGRAPH} a paragraph); the text is kept whole, and "
            "any further statement can be added by hand (Statements → Add).",
        )


def _duplicate_page(model_admin, request: HttpRequest, source: Source) -> TemplateResponse:
    context = _context(model_admin, request, "Already recorded", source=source)
    return TemplateResponse(request, f"{TEMPLATE_DIR}/import_duplicate.html", context)


def source_import(model_admin, request: HttpRequest) -> HttpResponse:
    """Step 1: take the article in and show what the importer made of it."""
    _require(request, "incidents.add_source")
    bound = request.method == "POST"
    form = ImportForm(request.POST if bound else None, request.FILES if bound else None)
    if request.method == "POST" and form.is_valid():
        try:
            # One time limit for the whole reading, fetch and duplicate check included.
            with importing.time_limit():
                article = form.article()
                duplicate = importing.find_duplicate(article)
        except importing.ImportRejected as exc:
            form.add_error(None, str(exc))
        else:
            if duplicate is not None:
                return _duplicate_page(model_admin, request, duplicate)
            _say_if_capped(request, article.statements)
            details = SourceDetailsForm(initial=SourceDetailsForm.initial_from(article))
            statements = DraftStatementFormSet(
                initial=statement_initial(article.statements, article.published_on),
                prefix="statements",
            )
            event_form = EventChoiceForm(
                initial={"new_event_title": article.title, "new_event_date": article.published_on},
                user=request.user,
            )
            return _confirm_page(model_admin, request, details, statements, event_form, article)
    context = _context(
        model_admin,
        request,
        "Add source from article",
        form=form,
        max_mb=importing.MAX_ARTICLE_BYTES // 1024 // 1024,
    )
    return TemplateResponse(request, f"{TEMPLATE_DIR}/import_form.html", context)


def source_import_confirm(model_admin, request: HttpRequest) -> HttpResponse:
    """Step 2: save the source and the statements the editor kept, all or nothing."""
    _require(request, "incidents.add_source")
    details = SourceDetailsForm(request.POST)
    statements = DraftStatementFormSet(request.POST, prefix="statements")
    event_form = EventChoiceForm(request.POST, user=request.user)
    valid = details.is_valid() & statements.is_valid() & event_form.is_valid()
    if valid and _check_statements(request, statements, event_form):
        article = details.article()
        # Quotations are in the article's language, as corrected on this page.
        kept = [replace(item, language=article.language) for item in _kept(statements)]
        event, new_event = event_form.target()
        if kept:
            _require(request, "incidents.add_statement")
        if details.cleaned_data.get("new_publisher_name", "").strip():
            _require(request, "incidents.add_actor")
        try:
            with transaction.atomic():
                _check_target(request, event if kept else None)
                saved = importing.save_import(
                    article,
                    user=request.user,
                    publisher=article.publisher,
                    new_publisher_name=article.publisher_name if article.publisher is None else "",
                    statements=kept,
                    event=event if kept else None,
                    new_event=new_event if kept else None,
                )
        except publishing.EditRefused as exc:
            event_form.add_error("event", str(exc))
        except importing.DuplicateSource as exc:
            return _duplicate_page(model_admin, request, exc.source)
        except importing.ImportRejected as exc:
            details.add_error(None, str(exc))
        else:
            message = f"Source “{saved.source.title}” was recorded"
            if saved.statements:
                message += (
                    f" with {len(saved.statements)} statement(s) on the draft event "
                    f"“{saved.event.title}”"
                    if saved.event.status == Status.DRAFT
                    else f" with {len(saved.statements)} statement(s) on “{saved.event.title}”"
                )
            if saved.actors:
                message += "; new actors: " + ", ".join(str(a) for a in saved.actors)
            messages.success(request, message + ".")
            if new_event is not None and saved.event is not None:
                # The new draft event is the next thing to work on: its summary.
                return HttpResponseRedirect(
                    reverse("admin:incidents_event_change", args=[saved.event.pk])
                )
            return HttpResponseRedirect(
                reverse("admin:incidents_source_change", args=[saved.source.pk])
            )
    return _confirm_page(model_admin, request, details, statements, event_form)


# Quotations found in a recorded source's text, kept a day: the page is opened again after
# every confirmation, and the text rarely changes.
QUOTES_CACHE_SECONDS = 24 * 60 * 60


def _source_quotes(source: Source) -> list[importing.DraftStatement]:
    """The quotations in a source's text, found once per text (a changed text is new)."""
    # A ministry's own statement: what "the document" says, the ministry says.
    issuer = (
        str(source.publisher) if source.kind == Source.Kind.OFFICIAL and source.publisher_id else ""
    )
    digest = hashlib.sha256(f"{issuer}\n{source.text}".encode("utf-8", "surrogatepass"))
    key = f"import:quotes:v2:{source.language}:{digest.hexdigest()}"
    drafts = cache.get(key)
    if drafts is None:
        drafts = importing.find_quotes(source.text, source.language, issuer)
        cache.set(key, drafts, QUOTES_CACHE_SECONDS)
    return drafts


def source_statements(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """Quotations found in a recorded source, for the editor to confirm or discard."""
    _require(request, "incidents.add_statement", "incidents.view_source")
    source = get_object_or_404(Source, pk=pk)
    if request.method == "POST":
        statements = DraftStatementFormSet(request.POST, prefix="statements")
        event_form = EventChoiceForm(request.POST, user=request.user)
        valid = statements.is_valid() & event_form.is_valid()
        if valid and _check_statements(request, statements, event_form):
            kept = _kept(statements)
            if not kept:
                messages.info(request, "No quotation was kept; nothing was saved.")
                return HttpResponseRedirect(reverse("admin:incidents_source_change", args=[pk]))
            event, new_event = event_form.target()
            try:
                with transaction.atomic():
                    _check_target(request, event)
                    created: list[Actor] = []
                    target = importing.event_for(event, new_event, request.user)
                    publishing.link_source(target.pk, source.pk)
                    saved = importing.add_statements(target, source, kept, request.user, created)
            except importing.ImportRejected as exc:
                event_form.add_error(None, str(exc))
            except publishing.EditRefused as exc:
                event_form.add_error("event", str(exc))
            except ValidationError as exc:
                event_form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(
                    request, f"{len(saved)} statement(s) recorded on “{target.title}”."
                )
                if new_event is not None:
                    return HttpResponseRedirect(
                        reverse("admin:incidents_event_change", args=[target.pk])
                    )
                return HttpResponseRedirect(reverse("admin:incidents_source_change", args=[pk]))
    else:
        recorded = set(Statement.objects.filter(source=source).values_list("text", flat=True))
        try:
            with importing.time_limit():
                found = _source_quotes(source)
                _say_if_capped(request, found)
                drafts = [d for d in found if d.text not in recorded]
                importing.match_actors(importing.Article(text=source.text, statements=drafts))
        except importing.ImportRejected as exc:
            messages.error(request, str(exc))
            drafts = []
        statements = DraftStatementFormSet(
            initial=statement_initial(drafts, source.published_on), prefix="statements"
        )
        linked = source.event_links.select_related("event").order_by("position").first()
        event_form = EventChoiceForm(
            initial={
                "event": linked.event if linked else None,
                "new_event_title": "" if linked else source.title,
                "new_event_date": source.published_on or dt.date.today(),
            },
            user=request.user,
        )
    context = _context(
        model_admin,
        request,
        f"Quotations in “{source.title}”",
        source=source,
        statements=statements,
        event_form=event_form,
        media=statements.media + event_form.media,
        action_url=reverse("admin:incidents_source_statements", args=[pk]),
    )
    return TemplateResponse(request, f"{TEMPLATE_DIR}/statements.html", context)


def import_urls(model_admin) -> list:
    """The import pages, to be placed before the Source admin's own URLs."""
    wrap = model_admin.admin_site.admin_view

    def bind(view, methods):
        def bound(request, *args, **kwargs):
            return view(model_admin, request, *args, **kwargs)

        return wrap(methods(bound))

    return [
        path(
            "import/",
            bind(source_import, require_http_methods(["GET", "POST"])),
            name="incidents_source_import",
        ),
        path(
            "import/confirm/",
            bind(source_import_confirm, require_POST),
            name="incidents_source_import_confirm",
        ),
        path(
            "<int:pk>/statements/",
            bind(source_statements, require_http_methods(["GET", "POST"])),
            name="incidents_source_statements",
        ),
    ]
