"""The /about/ page's changelog names events as they are published now."""

from __future__ import annotations

from incidents.models import Event


def test_changelog_names_a_corrected_event_by_its_current_title(client, make):
    event = make.event("Japan sumons ambassador")  # the typo as first published
    event.title = "Japan summons ambassador"
    event.save()
    assert Event.history.filter(id=event.pk, title="Japan sumons ambassador").exists()
    changelog = client.get("/about/").content.decode().split('id="changelog"', 1)[1]
    assert "Japan sumons ambassador" not in changelog
    assert changelog.count(">Japan summons ambassador</a>") == 2  # published, then updated
