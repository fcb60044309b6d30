"""Reviewers are told by email when an event enters review, by every path, once the change is
saved — and a mail server that fails never loses the editor's work."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.urls import reverse

from incidents import notifications, publishing
from incidents.models import Event, Status
from tests import factories
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


class BrokenBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


@pytest.fixture
def reviewers(django_user_model):
    return [
        factories.staff_user(django_user_model, name, groups=("Reviewers",))
        for name in ("rita", "ren")
    ]


@pytest.fixture
def people(django_user_model, reviewers, editor):
    """Reviewers, an editor and a superuser with addresses; one reviewer without, one inactive."""
    for user in (*reviewers, editor):
        user.email = f"{user.username}@example.org"
        user.save()
    factories.staff_user(django_user_model, "nomail", groups=("Reviewers",))
    gone = factories.staff_user(django_user_model, "gone", groups=("Reviewers",))
    gone.email, gone.is_active = "gone@example.org", False
    gone.save()
    boss = factories.staff_user(django_user_model, "boss", superuser=True)
    boss.email = "boss@example.org"
    boss.save()


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_reviewers_are_told_when_an_editor_sends_an_event_to_review(
    people, editor, make, django_capture_on_commit_callbacks
):
    event = make.event("Drill near the Kuril Islands", status=Status.DRAFT)
    Event.objects.filter(pk=event.pk).update(review_note="Check the date against TASS.")
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.send_to_review(event, editor)
    # Reviewers and the superuser with an address; never the editor, nobody inactive.
    assert recipients() == ["boss@example.org", "ren@example.org", "rita@example.org"]
    message = mail.outbox[0]
    assert message.subject == "In review: Drill near the Kuril Islands"
    assert "editor sent “Drill near the Kuril Islands” (9 June 2023) to review." in message.body
    assert "Check the date against TASS." in message.body
    assert reverse("admin:incidents_event_change", args=(event.pk,)) in message.body
    assert reverse("admin:review_queue") in message.body
    # Each recipient alone: reviewers do not see each other's addresses.
    assert all(len(message.to) == 1 for message in mail.outbox)


def test_the_reviewer_who_sends_an_event_to_review_is_not_told(
    people, reviewers, make, django_capture_on_commit_callbacks
):
    event = make.event(status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.send_to_review(event, reviewers[0])
    assert "rita@example.org" not in recipients()
    assert "ren@example.org" in recipients()


def test_who_sent_an_event_to_review_and_when_is_recorded(editor, make):
    event = make.event(status=Status.DRAFT)
    publishing.send_to_review(event, editor)
    event.refresh_from_db()
    assert event.submitted_by == editor
    assert event.submitted_at is not None


def test_nothing_is_sent_for_a_change_that_is_rolled_back(
    people, editor, make, django_capture_on_commit_callbacks
):
    event = make.event(status=Status.DRAFT)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        publishing.send_to_review(event, editor)
        raise RuntimeError("a later step of the same save failed")
    assert mail.outbox == []
    assert Event.objects.get(pk=event.pk).status == Status.DRAFT


def test_a_mail_server_that_is_down_does_not_undo_the_change(
    people, editor, make, settings, django_capture_on_commit_callbacks, caplog
):
    settings.MAILERS = {"default": {"BACKEND": "tests.test_notifications.BrokenBackend"}}
    event = make.event(status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        assert publishing.send_to_review(event, editor)
    assert Event.objects.get(pk=event.pk).status == Status.REVIEW
    assert "Could not send" in caplog.text


def test_the_review_note_typed_with_the_status_change_is_in_the_mail(
    people, editor_client, make, django_capture_on_commit_callbacks
):
    event = make.event("Protest over fishing quotas", status=Status.DRAFT)
    url = reverse("admin:incidents_event_change", args=(event.pk,))
    data = form_data(editor_client.get(url), "event_form")
    data.update(status=Status.REVIEW, review_note="Is the second source reliable?")
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(url, data).status_code == 302
    assert recipients() == ["boss@example.org", "ren@example.org", "rita@example.org"]
    assert "Is the second source reliable?" in mail.outbox[0].body


def test_a_new_event_created_in_review_tells_the_reviewers(
    people, editor, editor_client, make, django_capture_on_commit_callbacks
):
    source = make.source()
    event_type = make.event(status=Status.DRAFT).event_type
    add_url = reverse("admin:incidents_event_add")
    data = form_data(editor_client.get(add_url), "event_form")
    data.update(
        title="Coast guard detains a trawler",
        slug="coast-guard-detains-a-trawler",
        summary="A trawler was detained.",
        event_type=str(event_type.pk),
        date_lower="2024-03-02",
        date_precision="day",
        status=Status.REVIEW,
        **{"source_links-0-source": str(source.pk)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert editor_client.post(add_url, data).status_code == 302
    event = Event.objects.get(slug="coast-guard-detains-a-trawler")
    assert (event.status, event.submitted_by) == (Status.REVIEW, editor)
    assert "In review: Coast guard detains a trawler" in {m.subject for m in mail.outbox}


def test_the_bulk_action_tells_the_reviewers_once_per_event(
    people, editor_client, make, django_capture_on_commit_callbacks
):
    drafts = [make.event(f"Draft {n}", status=Status.DRAFT) for n in range(2)]
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:incidents_event_changelist"),
            {"action": "send_to_review", "_selected_action": [e.pk for e in drafts]},
        )
    assert sorted(m.subject for m in mail.outbox if m.to == ["rita@example.org"]) == [
        "In review: Draft 0",
        "In review: Draft 1",
    ]


def test_send_skips_users_without_an_address(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.send([editor], "Subject", "Body") == 0
    assert mail.outbox == []


def test_links_in_mail_are_absolute_when_the_site_address_is_set(
    people, editor, make, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://timeline.example.org"
    event = make.event(status=Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.send_to_review(event, editor)
    change = reverse("admin:incidents_event_change", args=(event.pk,))
    assert f"https://timeline.example.org{change}" in mail.outbox[0].body
    assert f"https://timeline.example.org{event.get_absolute_url()}" in mail.outbox[0].body


def test_nobody_is_told_when_an_event_returns_to_draft(
    people, editor, make, django_capture_on_commit_callbacks
):
    event = make.event(status=Status.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        publishing.return_to_draft(event, editor)
    assert mail.outbox == []


SHOW_MAILER = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.MAILERS['default'].get('BACKEND'), s.MAILERS['default'].get('OPTIONS'))"
)


def mailer_settings(tmp_path, **variables: str) -> str:
    """The default mailer a fresh process gets from these environment variables."""
    env = {k: v for k, v in os.environ.items() if k not in {"TESTING", "DEBUG", "DATABASE_URL"}}
    env.update(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        ENV_FILE=str(tmp_path / "missing.env"),
        DJANGO_SETTINGS_MODULE="timeline.settings",
        SECRET_KEY="a-production-secret-key-that-is-long-enough-0123456789",
        **variables,
    )
    done = subprocess.run(
        [sys.executable, "-c", SHOW_MAILER],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.django_db(False)
def test_development_prints_mail_to_the_console(tmp_path):
    assert "console.EmailBackend" in mailer_settings(tmp_path, DEBUG="1")


@pytest.mark.django_db(False)
def test_production_sends_by_smtp_with_the_servers_settings(tmp_path):
    shown = mailer_settings(
        tmp_path,
        EMAIL_HOST="smtp.example.org",
        EMAIL_PORT="2525",
        EMAIL_HOST_USER="timeline",
        EMAIL_HOST_PASSWORD="s3cret",
        EMAIL_USE_TLS="yes",
    )
    assert "smtp.EmailBackend" in shown
    for expected in ("'smtp.example.org'", "'port': 2525", "'timeline'", "'use_tls': True"):
        assert expected in shown


@pytest.mark.django_db(False)
def test_a_mistyped_mail_setting_stops_the_site(tmp_path):
    with pytest.raises(AssertionError, match="EMAIL_USE_TLS"):
        mailer_settings(tmp_path, EMAIL_HOST="smtp.example.org", EMAIL_USE_TLS="sure")
