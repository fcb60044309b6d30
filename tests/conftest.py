from __future__ import annotations

import os

# Before Django's settings load: the test settings (no SECRET_KEY needed, plain static
# storage, permissive hosts). Browser tests drive the ORM from inside Playwright's loop.
os.environ.setdefault("TESTING", "1")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402

from tests import factories  # noqa: E402


@pytest.fixture
def make(db):
    """Factories for test data: ``make.event(...)``, ``make.actor(...)``, …"""
    return factories


@pytest.fixture
def editor(db, django_user_model):
    """A staff user in the Editors group (when it exists) with all curation permissions."""
    return factories.staff_user(django_user_model, "editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def seeded(db):
    """The project's seed data, loaded as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
