"""A source page's inline rows added to a draft event that a reviewer publishes while the
editor's save is being checked: the save is refused, checked again in its transaction with
the event locked (the import pages already do this), never a published event changed by an
editor."""

from __future__ import annotations

import pytest
from django.urls import reverse

from incidents import forms as incident_forms
from incidents.models import Status
from tests import factories
from tests.adminform import form_data

pytestmark = pytest.mark.django_db


def test_a_row_added_to_an_event_published_meanwhile_is_refused(editor_client, make, monkeypatch):
    speaker = make.actor("Maria Zakharova")
    event = make.event("Summons", status=Status.DRAFT, actors=[(speaker, "initiator")])
    source = factories.source(title="A second article")
    url = reverse("admin:incidents_source_change", args=(source.pk,))
    data = form_data(editor_client.get(url), "source_form")
    data.update(
        {
            "event_links-TOTAL_FORMS": "1",
            "event_links-0-event": str(event.pk),
            "event_links-0-position": "1",
            "statements-TOTAL_FORMS": "1",
            "statements-0-event": str(event.pk),
            "statements-0-speaker": str(speaker.pk),
            "statements-0-text": "Japan will answer for this.",
            "statements-0-kind": "quote",
            "statements-0-language": "en",
        }
    )
    links_before = event.source_links.count()
    real_clean = incident_forms.PublishedEventGuardFormSet.clean

    checked = []

    def clean_then_reviewer_publishes(self):
        real_clean(self)
        checked.append(self.prefix)
        if len(checked) == 2:
            # A reviewer publishes the event just after both inlines were checked.
            type(event).objects.filter(pk=event.pk).update(status=Status.PUBLISHED)

    monkeypatch.setattr(
        incident_forms.PublishedEventGuardFormSet, "clean", clean_then_reviewer_publishes
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is published: only a reviewer can change" in response.content.decode()
    assert event.source_links.count() == links_before
    assert not event.statements.exists()


def test_a_statement_added_to_an_event_published_meanwhile_is_refused(
    editor_client, make, monkeypatch
):
    speaker = make.actor("Maria Zakharova")
    event = make.event("Summons", status=Status.DRAFT)
    url = reverse("admin:incidents_statement_add")
    data = {
        "event": str(event.pk),
        "speaker": str(speaker.pk),
        "text": "Japan will answer for this.",
        "kind": "quote",
        "language": "en",
        "source": str(factories.source().pk),
    }
    real_clean = incident_forms.StatementAdminForm.clean_event

    def clean_then_reviewer_publishes(self):
        chosen = real_clean(self)
        # A reviewer publishes the event just after this form was checked.
        type(event).objects.filter(pk=event.pk).update(status=Status.PUBLISHED)
        return chosen

    monkeypatch.setattr(
        incident_forms.StatementAdminForm, "clean_event", clean_then_reviewer_publishes
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "is published: only a reviewer can change" in response.content.decode()
    assert not event.statements.exists()
