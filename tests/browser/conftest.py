"""Playwright + Debian Chromium for the browser tests.

Rule: when /usr/bin/chromium is missing the browser tests are skipped on a developer's
machine, but FAIL when CI=true or REQUIRE_BROWSER=1 (CI must never pass by skipping them).
Every test in this folder carries the ``browser`` marker (``-m "not browser"`` skips them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def browser_required() -> bool:
    return os.environ.get("CI", "").lower() == "true" or os.environ.get("REQUIRE_BROWSER") == "1"


def pytest_collection_modifyitems(config, items) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _restore_migration_data(request) -> None:
    """live_server makes a test transactional, and the database is flushed after each such
    test, which also deletes the rows that data migrations created (event types, editorial
    groups). Re-run those data migrations (they are idempotent) before the test.

    Django's serialized rollback cannot be used here: once Playwright's event loop runs in
    this thread, Django hands out different connection objects (asgiref's Local switches to
    context-local storage), and they lack the serialized copy made at setup."""
    if not {"live_server", "transactional_db"} & set(request.fixturenames):
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader
    from django.db.migrations.operations import RunPython

    from incidents.models import EventType

    if EventType.objects.exists():
        return
    migrations = MigrationLoader(connection, ignore_no_migrations=True).disk_migrations
    with connection.schema_editor() as schema_editor:
        for key in sorted(k for k in migrations if k[0] == "incidents"):
            for operation in migrations[key].operations:
                if isinstance(operation, RunPython):
                    operation.code(apps, schema_editor)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if browser_required():
            pytest.fail(message + " (required: CI=true or REQUIRE_BROWSER=1)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def context(browser) -> Iterator:
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context) -> Iterator:
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def artifacts() -> Path:
    """Folder for screenshots and reports a person can look at after the run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
