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

from django import forms
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.views.decorators.http import require_http_methods, require_POST

from .. import importing, publishing
from ..models import Actor, Event, Language, Source, SourceKind, Statement, Status
from ..urlnorm import normalise_url
from .import_statements import (
    ISO_DATE,
    DraftStatementFormSet,
    EventChoiceForm,
    _actor_widget,
    _check_statements,
    _kept,
    statement_initial,
)

TEMPLATE_DIR = "admin/incidents/source"
# The name of the "Create event from this source" button on the "Find quotations" page.
CREATE_EVENT = "_create_event"


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
        # The address given is read with the article, not set afterwards: its host decides
        # the publisher and the kind (a mofa.go.jp page is the ministry's own statement).
        url = data.get("url") or ""
        if data.get("fetch"):
            article = importing.read_url(url)
        elif data.get("file"):
            upload = data["file"]
            importing.check_size(upload.size)
            article = importing.read_named_file(upload.name, upload.read(), url=url)
        else:
            text = data["text"]
            importing.check_size(len(text.encode("utf-8")))
            article = importing.parse_article(text, url=url)
            article.url = url or article.url
        return importing.match_actors(article)


class SourceDetailsForm(forms.Form):
    """The metadata the importer read, for the editor to check and correct."""

    url = forms.CharField(label="URL", max_length=1000, widget=forms.TextInput(attrs={"size": 90}))
    title = forms.CharField(max_length=500, widget=forms.TextInput(attrs={"size": 90}))
    publisher = forms.ModelChoiceField(
        Actor.objects.filter(kind__in=Source.PUBLISHER_KINDS),
        required=False,
        widget=_actor_widget(Source, "publisher"),
        help_text="An existing media outlet, or the official body whose own statement this is…",
    )
    new_publisher_name = forms.CharField(
        label="…or a new publisher named",
        max_length=200,
        required=False,
        help_text="Creates an actor with this name, of the kind below.",
    )
    new_publisher_kind = forms.ChoiceField(
        label="New publisher is",
        choices=[
            (Actor.Kind.MEDIA, "a media outlet"),
            (Actor.Kind.ORGANISATION, "an official body (ministry, office, embassy)"),
        ],
        required=False,
        help_text="An official body’s own page is its official statement.",
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
            "publisher": article.publisher_on_record,
            "new_publisher_name": ""
            if article.publisher or article.publisher_other_kind
            else article.publisher_name,
            "new_publisher_kind": article.publisher_kind,
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
            publisher_kind=data.get("new_publisher_kind") or Actor.Kind.MEDIA,
            credit=data.get("credit", ""),
            author=data.get("author", ""),
            published_on=data.get("published_on"),
            language=data["language"],
            kind=data["kind"],
        )


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
        # Quotations are in the article's language, as corrected on this page (unless the
        # editor translated one: then the article's words are kept as its original).
        kept = _kept(statements, article.language, article.published_on)
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
                    new_publisher_kind=article.publisher_kind,
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
    return cache.get_or_set(
        key,
        lambda: importing.find_quotes(source.text, source.language, issuer),
        QUOTES_CACHE_SECONDS,
    )


def source_statements(model_admin, request: HttpRequest, pk: int) -> HttpResponse:
    """Quotations found in a recorded source, for the editor to confirm or discard."""
    _require(request, "incidents.add_statement", "incidents.view_source")
    source = get_object_or_404(Source, pk=pk)
    if request.method == "POST":
        statements = DraftStatementFormSet(request.POST, prefix="statements")
        event_form = EventChoiceForm(request.POST, user=request.user)
        valid = statements.is_valid() & event_form.is_valid()
        # "Create event from this source": a new draft event even with no quotation kept.
        creating = CREATE_EVENT in request.POST
        if valid and _check_statements(request, statements, event_form, creating):
            kept = _kept(statements, source.language, source.published_on)
            event, new_event = event_form.target()
            if not kept and not (creating and new_event):
                messages.info(request, "No quotation was kept; nothing was saved.")
                return HttpResponseRedirect(reverse("admin:incidents_source_change", args=[pk]))
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
                    request,
                    f"Draft event “{target.title}” created from this source with "
                    f"{len(saved)} statement(s)."
                    if new_event is not None
                    else f"{len(saved)} statement(s) recorded on “{target.title}”.",
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
        create_event=CREATE_EVENT,
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
