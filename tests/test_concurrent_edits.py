"""Lost updates in inline rows: two editors on one event (or one source) never silently
overwrite each other's statements, actor roles or source links.

Per row the admin compares what the editor opened, what is stored now and what they
submitted: rows only the other editor changed are taken over, and where both changed a row
nothing is overwritten unless the editor explicitly chooses "use mine" for that row.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from incidents.models import Actor, Event, EventActor, EventSource, Statement, Status
from tests import factories
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def record(make):
    speaker = make.actor("Maria Zakharova")
    other_speaker = make.actor("Yoshimasa Hayashi")
    outlet = make.actor("Yomiuri Shimbun", kind=Actor.Kind.MEDIA)
    source = make.source(title="Russia summons ambassador", publisher=outlet)
    event = make.event(
        "Russia summons Japan's ambassador",
        status=Status.DRAFT,
        actors=[(speaker, "initiator"), (other_speaker, "target")],
        sources=[source],
    )
    make.statement(event, speaker, "Japan will answer for this.", source=source)
    make.statement(event, other_speaker, "We regret the summons.", source=source)
    return event


@pytest.fixture
def second_client(db, django_user_model):
    client = Client()
    client.force_login(factories.staff_user(django_user_model, "second-editor"))
    return client


def event_url(event: Event) -> str:
    return reverse("admin:incidents_event_change", args=(event.pk,))


def row(data: dict, prefix: str, pk: int) -> str:
    """The form prefix ("statements-1") of the inline row holding object ``pk``."""
    for key, value in data.items():
        if key.startswith(prefix + "-") and key.endswith("-id") and value == str(pk):
            return key.removesuffix("-id")
    raise AssertionError(f"No row for #{pk} in {prefix}")


def open_both(first_client, second_client, url: str, form_id: str = "event_form"):
    return form_data(first_client.get(url), form_id), form_data(second_client.get(url), form_id)


def _errors(response) -> str:
    """The form errors of a refused save, for the failure message."""
    context = response.context
    if context is None or "adminform" not in context:
        return response.content.decode()[:500]
    errors = [context["adminform"].form.errors]
    for inline in context["inline_admin_formsets"]:
        errors += [inline.formset.non_form_errors(), inline.formset.errors]
    return repr(errors)


def first_statement(event: Event) -> Statement:
    return event.statements.order_by("pk").first()


# --- the issue as reported ------------------------------------------------------------------


def test_resubmitting_the_conflict_page_as_shown_keeps_the_first_editors_statement(
    editor_client, second_client, record
):
    url = event_url(record)
    statement = first_statement(record)
    first, second = open_both(editor_client, second_client, url)
    key = row(first, "statements", statement.pk)

    first[f"{key}-text"] = "A's corrected quotation."
    assert editor_client.post(url, first).status_code == 302
    second[f"{key}-text"] = "B's version of the quotation."
    refused = second_client.post(url, second)

    assert refused.status_code == 200
    page = refused.content.decode()
    # Per row, the three versions: as opened, as stored now, as submitted.
    assert "Japan will answer for this." in page
    assert "A&#x27;s corrected quotation." in page
    assert "B&#x27;s version of the quotation." in page
    assert "Keep theirs" in page and "Use mine" in page
    statement.refresh_from_db()
    assert statement.text == "A's corrected quotation."

    # Submitting the page exactly as shown overwrites nothing.
    shown = form_data(refused, "event_form")
    assert shown[f"{key}-resolve"] == "theirs"
    again = second_client.post(url, shown)
    assert again.status_code == 302, _errors(again)
    statement.refresh_from_db()
    assert statement.text == "A's corrected quotation."


def test_use_mine_is_an_explicit_choice_per_row(editor_client, second_client, record):
    url = event_url(record)
    statement = first_statement(record)
    first, second = open_both(editor_client, second_client, url)
    key = row(first, "statements", statement.pk)
    first[f"{key}-text"] = "A's corrected quotation."
    editor_client.post(url, first)
    second[f"{key}-text"] = "B's version of the quotation."

    shown = form_data(second_client.post(url, second), "event_form")
    assert shown[f"{key}-text"] == "B's version of the quotation."  # nothing typed is lost
    shown[f"{key}-resolve"] = "mine"
    assert second_client.post(url, shown).status_code == 302
    statement.refresh_from_db()
    assert statement.text == "B's version of the quotation."
    assert statement.history.latest().history_user.username == "second-editor"


def test_rows_only_the_other_editor_changed_are_taken_over(editor_client, second_client, record):
    url = event_url(record)
    statement = first_statement(record)
    first, second = open_both(editor_client, second_client, url)
    key = row(first, "statements", statement.pk)
    first[f"{key}-text"] = "A's corrected quotation."
    editor_client.post(url, first)
    second["summary"] = "B's summary."

    refused = second_client.post(url, second)
    assert refused.status_code == 200
    shown = form_data(refused, "event_form")
    assert shown[f"{key}-text"] == "A's corrected quotation."
    assert f"{key}-resolve" not in shown or shown[f"{key}-resolve"] == ""
    assert second_client.post(url, shown).status_code == 302
    statement.refresh_from_db()
    record.refresh_from_db()
    assert statement.text == "A's corrected quotation."
    assert record.summary == "B's summary."


def test_different_fields_of_one_row_changed_by_each_are_both_kept(
    editor_client, second_client, record
):
    url = event_url(record)
    statement = first_statement(record)
    first, second = open_both(editor_client, second_client, url)
    key = row(first, "statements", statement.pk)
    first[f"{key}-text"] = "A's corrected quotation."
    editor_client.post(url, first)
    second[f"{key}-speaker_title"] = "Spokeswoman"

    shown = form_data(second_client.post(url, second), "event_form")
    assert shown[f"{key}-text"] == "A's corrected quotation."
    assert shown[f"{key}-speaker_title"] == "Spokeswoman"
    assert second_client.post(url, shown).status_code == 302
    statement.refresh_from_db()
    assert (statement.text, statement.speaker_title) == ("A's corrected quotation.", "Spokeswoman")


def test_a_change_made_on_the_statement_page_is_not_overwritten_from_the_event_page(
    editor_client, second_client, record
):
    """The event itself is untouched (same version): only the row's own stamp can tell."""
    statement = first_statement(record)
    event_page = event_url(record)
    second = form_data(second_client.get(event_page), "event_form")
    key = row(second, "statements", statement.pk)
    statement_page = reverse("admin:incidents_statement_change", args=(statement.pk,))
    first = form_data(editor_client.get(statement_page), "statement_form")
    first["text"] = "A's corrected quotation."
    assert editor_client.post(statement_page, first).status_code == 302

    second[f"{key}-text"] = "B's version of the quotation."
    refused = second_client.post(event_page, second)
    assert refused.status_code == 200
    assert "changed by" in refused.content.decode()
    statement.refresh_from_db()
    assert statement.text == "A's corrected quotation."


def test_a_change_made_in_the_event_page_is_not_overwritten_from_the_statement_page(
    editor_client, second_client, record
):
    statement = first_statement(record)
    statement_page = reverse("admin:incidents_statement_change", args=(statement.pk,))
    second = form_data(second_client.get(statement_page), "statement_form")
    first = form_data(editor_client.get(event_url(record)), "event_form")
    first[f"{row(first, 'statements', statement.pk)}-text"] = "A's corrected quotation."
    assert editor_client.post(event_url(record), first).status_code == 302

    second["text"] = "B's version of the quotation."
    refused = second_client.post(statement_page, second)
    assert refused.status_code == 200
    assert "changed by someone else" in refused.content.decode()
    statement.refresh_from_db()
    assert statement.text == "A's corrected quotation."


@pytest.mark.parametrize(
    ("prefix", "model", "field", "mine", "theirs"),
    [
        ("actor_roles", EventActor, "title", "B's title", "A's title"),
        ("source_links", EventSource, "locator", "para. 9", "para. 4"),
    ],
)
def test_actor_roles_and_source_links_are_guarded_the_same_way(
    editor_client, second_client, record, prefix, model, field, mine, theirs
):
    url = event_url(record)
    obj = model.objects.filter(event=record).order_by("pk").first()
    first, second = open_both(editor_client, second_client, url)
    key = row(first, prefix, obj.pk)
    first[f"{key}-{field}"] = theirs
    assert editor_client.post(url, first).status_code == 302
    second[f"{key}-{field}"] = mine

    refused = second_client.post(url, second)
    assert refused.status_code == 200
    assert "Keep theirs" in refused.content.decode()
    assert second_client.post(url, form_data(refused, "event_form")).status_code == 302
    obj.refresh_from_db()
    assert getattr(obj, field) == theirs


# --- deleted and added rows ----------------------------------------------------------------


@pytest.mark.parametrize("choice", ["as shown", "mine"])
def test_a_row_deleted_by_one_while_the_other_edits_it_is_a_conflict(
    editor_client, second_client, record, choice
):
    url = event_url(record)
    statement = first_statement(record)
    first, second = open_both(editor_client, second_client, url)
    key = row(first, "statements", statement.pk)
    first[f"{key}-DELETE"] = "on"
    assert editor_client.post(url, first).status_code == 302
    second[f"{key}-text"] = "B's version of the quotation."

    refused = second_client.post(url, second)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Deleted by editor" in page and "Use mine" in page
    assert "B&#x27;s version of the quotation." in page
    assert "Select a valid choice" not in page

    shown = form_data(refused, "event_form")
    if choice == "mine":
        shown[f"{key}-resolve"] = "mine"
    again = second_client.post(url, shown)
    assert again.status_code == 302, _errors(again)
    assert not Statement.objects.filter(pk=statement.pk).exists()
    added_back = record.statements.filter(text="B's version of the quotation.")
    # As shown, it stays deleted; "Use mine" adds it back with B's text.
    assert added_back.count() == (1 if choice == "mine" else 0)


def test_a_row_deleted_by_the_other_editor_and_untouched_here_stays_deleted(
    editor_client, second_client, record
):
    url = event_url(record)
    statement = first_statement(record)
    statement_page = reverse("admin:incidents_statement_delete", args=(statement.pk,))
    second = form_data(second_client.get(url), "event_form")
    assert editor_client.post(statement_page, {"post": "yes"}).status_code == 302

    second["summary"] = "B's summary."
    response = second_client.post(url, second)
    if response.status_code == 200:  # shown once, saying what happened; then saved as shown
        assert "Select a valid choice" not in response.content.decode()
        response = second_client.post(url, form_data(response, "event_form"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.summary == "B's summary."
    assert record.statements.count() == 1
    assert not Statement.objects.filter(text=statement.text).exists()


def test_a_row_added_by_the_other_editor_is_kept(editor_client, second_client, record):
    url = event_url(record)
    first, second = open_both(editor_client, second_client, url)
    speaker = Actor.objects.get(name_en="Maria Zakharova")
    source = record.source_links.first().source
    total = int(first["statements-TOTAL_FORMS"])
    first.update(
        {
            "statements-TOTAL_FORMS": str(total + 1),
            f"statements-{total}-speaker": str(speaker.pk),
            f"statements-{total}-text": "A's new statement.",
            f"statements-{total}-kind": "quote",
            f"statements-{total}-language": "en",
            f"statements-{total}-source": str(source.pk),
        }
    )
    assert editor_client.post(url, first).status_code == 302
    second["summary"] = "B's summary."

    response = second_client.post(url, second)
    if response.status_code == 200:
        assert "A&#x27;s new statement." in response.content.decode()
        response = second_client.post(url, form_data(response, "event_form"))
    assert response.status_code == 302
    assert record.statements.filter(text="A's new statement.").exists()
    assert record.statements.count() == 3


def test_deleting_a_row_the_other_editor_changed_is_a_conflict(
    editor_client, second_client, record
):
    url = event_url(record)
    statement = first_statement(record)
    first, second = open_both(editor_client, second_client, url)
    key = row(first, "statements", statement.pk)
    first[f"{key}-text"] = "A's corrected quotation."
    editor_client.post(url, first)
    second[f"{key}-DELETE"] = "on"

    refused = second_client.post(url, second)
    assert refused.status_code == 200
    assert "Keep theirs" in refused.content.decode()
    assert Statement.objects.filter(pk=statement.pk).exists()
    shown = form_data(refused, "event_form")
    assert second_client.post(url, shown).status_code == 302
    statement.refresh_from_db()
    assert statement.text == "A's corrected quotation."

    # Deleting it after all is an explicit choice.
    again = form_data(second_client.get(url), "event_form")
    again[f"{row(again, 'statements', statement.pk)}-DELETE"] = "on"
    assert second_client.post(url, again).status_code == 302
    assert not Statement.objects.filter(pk=statement.pk).exists()


# --- the source form's inlines -------------------------------------------------------------


def test_the_source_forms_statements_are_guarded_too(editor_client, second_client, record):
    statement = first_statement(record)
    source_url = reverse("admin:incidents_source_change", args=(statement.source_id,))
    second = form_data(second_client.get(source_url), "source_form")
    key = row(second, "statements", statement.pk)
    first = form_data(editor_client.get(event_url(record)), "event_form")
    first[f"{row(first, 'statements', statement.pk)}-text"] = "A's corrected quotation."
    assert editor_client.post(event_url(record), first).status_code == 302

    second[f"{key}-text"] = "B's version of the quotation."
    refused = second_client.post(source_url, second)
    assert refused.status_code == 200
    assert "Keep theirs" in refused.content.decode()
    assert second_client.post(source_url, form_data(refused, "source_form")).status_code == 302
    statement.refresh_from_db()
    assert statement.text == "A's corrected quotation."


# --- the check that counts: on the locked row, while saving ---------------------------------


def test_a_row_changed_between_the_check_and_the_save_is_refused(
    editor_client, second_client, record, monkeypatch
):
    """The check that counts runs on the locked row while saving, not only in clean()."""
    from incidents.concurrency import RowGuardForm

    url = event_url(record)
    statement = first_statement(record)
    second = form_data(second_client.get(url), "event_form")
    key = row(second, "statements", statement.pk)
    statement_page = reverse("admin:incidents_statement_change", args=(statement.pk,))
    first = form_data(editor_client.get(statement_page), "statement_form")
    first["text"] = "A's corrected quotation."
    assert editor_client.post(statement_page, first).status_code == 302

    missed = set()
    checks = []
    original = RowGuardForm.compare

    def first_check_misses(self, pk, cleaned_data):
        # Simulates losing the race: the other save lands between clean() and the save.
        checks.append((self._meta.model, pk))
        if (self._meta.model, pk) not in missed:
            missed.add((self._meta.model, pk))
            return
        original(self, pk, cleaned_data)

    monkeypatch.setattr(RowGuardForm, "compare", first_check_misses)
    second[f"{key}-text"] = "B's version of the quotation."
    refused = second_client.post(url, second)
    assert refused.status_code == 200
    assert "Keep theirs" in refused.content.decode()
    # Refused at save time, then shown again with the comparison.
    assert checks.count((Statement, statement.pk)) == 2
    statement.refresh_from_db()
    assert statement.text == "A's corrected quotation."


def test_a_plain_save_of_rows_still_works(editor_client, record):
    url = event_url(record)
    statement = first_statement(record)
    data = form_data(editor_client.get(url), "event_form")
    key = row(data, "statements", statement.pk)
    data[f"{key}-text"] = "Edited."
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    statement.refresh_from_db()
    assert statement.text == "Edited."


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_one_row_cannot_both_win(django_user_model, monkeypatch):
    """Two saves that both passed the friendly check, released at the same moment (PostgreSQL:
    real row locks): exactly one is stored, the other is refused with the comparison."""
    import threading

    from django.db import connection

    from incidents.admin.statements import StatementAdmin
    from incidents.concurrency import RowGuardFormSet

    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL")
    speaker = factories.actor("Maria Zakharova")
    source = factories.source(title="Russia summons ambassador")
    event = factories.event(status=Status.DRAFT, actors=[(speaker, "initiator")], sources=[source])
    statement = factories.statement(event, speaker, "Japan will answer for this.", source=source)
    first_client, second_client = Client(), Client()
    first_client.force_login(factories.staff_user(django_user_model, "editor"))
    second_client.force_login(factories.staff_user(django_user_model, "second-editor"))

    statement_page = reverse("admin:incidents_statement_change", args=(statement.pk,))
    first = form_data(first_client.get(statement_page), "statement_form")
    first["text"] = "A's corrected quotation."
    second = form_data(second_client.get(event_url(event)), "event_form")
    second[f"{row(second, 'statements', statement.pk)}-text"] = "B's version of the quotation."

    # Both saves wait here, past their checks in clean(), until the other one arrives too.
    both_ready = threading.Barrier(2, timeout=30)
    waited = threading.local()

    def meet(original):
        def wrapper(*args, **kwargs):
            if not getattr(waited, "done", False):
                waited.done = True
                both_ready.wait()
            return original(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(StatementAdmin, "save_model", meet(StatementAdmin.save_model))
    monkeypatch.setattr(RowGuardFormSet, "lock_rows", meet(RowGuardFormSet.lock_rows))
    responses = {}

    def post(name, client, url, data):
        try:
            responses[name] = client.post(url, data)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=("A", first_client, statement_page, first)),
        threading.Thread(target=post, args=("B", second_client, event_url(event), second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    codes = sorted((responses["A"].status_code, responses["B"].status_code))
    assert codes == [200, 302]
    winner = "A" if responses["A"].status_code == 302 else "B"
    loser_page = responses["B" if winner == "A" else "A"].content.decode()
    assert "changed by" in loser_page or "Keep theirs" in loser_page
    statement.refresh_from_db()
    assert statement.text == (
        "A's corrected quotation." if winner == "A" else "B's version of the quotation."
    )
