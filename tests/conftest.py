from __future__ import annotations

import os

# Before Django's settings load: the test settings (no SECRET_KEY needed, plain static
# storage, permissive hosts). Browser tests drive the ORM from inside Playwright's loop.
os.environ.setdefault("TESTING", "1")
# Subprocesses that leave TESTING out (production-like runs) must not read a developer's
# .env either (timeline/settings.py); tests that want one name their own file.
os.environ.setdefault("ENV_FILE", os.devnull)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest
from django.test import Client

from tests import factories


def pytest_sessionstart(session):
    """Compile the translation catalogs that changed (as `make test` does), so that no test
    reads a stale or missing .mo (the .mo files are built, not checked in)."""
    import shutil
    import subprocess
    from pathlib import Path

    for po in Path(__file__).resolve().parent.parent.glob("locale/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            if not shutil.which("msgfmt"):
                raise pytest.UsageError("gettext's msgfmt is needed: apt-get install gettext")
            subprocess.run(["msgfmt", "--check-format", "-o", str(mo), str(po)], check=True)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached counts and pages (timeline/public/caching.py) must not outlive a test's settings."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _rows_from_data_migrations(request):
    """Transactional tests (live_server, ``django_db(transaction=True)``, …) flush the database,
    taking the rows that data migrations created with it: put the event-type vocabulary and
    the editorial groups back.
    """
    marker = request.node.get_closest_marker("django_db")
    by_marker = marker is not None and bool(
        marker.kwargs.get("transaction") or (marker.args and marker.args[0])
    )
    if not by_marker and not {"transactional_db", "live_server"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    importlib.import_module("incidents.migrations.0002_event_types").add_types(apps, None)
    groups = importlib.import_module("incidents.migrations.0005_editorial_groups").GROUPS
    for name, codenames in groups.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="incidents", codename__in=codenames)
        )


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
def reviewer(db, django_user_model):
    """A staff user in the Reviewers group: may also publish and unpublish."""
    return factories.staff_user(django_user_model, "reviewer", groups=("Reviewers",))


@pytest.fixture
def reviewer_client(reviewer):
    """A client of its own, logged in as ``reviewer`` (beside ``editor_client``)."""
    client = Client()
    client.force_login(reviewer)
    return client


@pytest.fixture
def seeded(db):
    """The project's seed data, loaded as `make run` loads it."""
    from django.core.management import call_command

    call_command("load_seed", verbosity=0)
