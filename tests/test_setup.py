"""`make run`'s setup step (migrate, load_seed, create_demo_users) is idempotent."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

from incidents.models import Actor, Event, EventActor, EventSource, Source, Statement

ROOT = Path(__file__).resolve().parent.parent
MODELS = (Actor, Event, EventActor, EventSource, Source, Statement)


def counts() -> dict[str, int]:
    rows = {model.__name__: model.objects.count() for model in MODELS}
    rows.update({f"history:{model.__name__}": model.history.count() for model in MODELS})
    return rows


def test_loading_the_seed_twice_changes_nothing(seeded):
    before = counts()
    versions = dict(Event.objects.values_list("slug", "version"))
    call_command("load_seed", verbosity=0)
    assert counts() == before
    assert dict(Event.objects.values_list("slug", "version")) == versions


def test_load_seed_keeps_an_editors_change(seeded):
    event = Event.objects.order_by("pk").first()
    event.title = "Edited by an editor"
    event.save()
    call_command("load_seed", verbosity=0)
    event.refresh_from_db()
    assert event.title == "Edited by an editor"


@override_settings(DEBUG=True)
def test_demo_accounts_are_created_once(db, django_user_model, capsys):
    call_command("create_demo_users")
    call_command("create_demo_users")
    assert django_user_model.objects.filter(username__in=["editor", "reviewer"]).count() == 2
    assert "editor / editor-demo-pass" in capsys.readouterr().out


def test_demo_accounts_refused_in_production(db):
    from django.core.management.base import CommandError

    with override_settings(DEBUG=False), pytest.raises(CommandError, match="development only"):
        call_command("create_demo_users")


def test_make_setup_twice_on_a_fresh_sqlite_file(tmp_path):
    """The real commands, as `make run` runs them, against a new SQLite file."""
    db_file = tmp_path / "fresh.sqlite3"
    env = {**os.environ, "SQLITE_PATH": str(db_file), "DEBUG": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("TESTING", None)

    def setup() -> None:
        for args in (["migrate", "--noinput"], ["load_seed"], ["create_demo_users"]):
            subprocess.run(
                [sys.executable, "manage.py", *args],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )

    def snapshot() -> dict[str, int]:
        with sqlite3.connect(db_file) as conn:
            tables = [
                row[0]
                for row in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                    " AND name NOT IN ('django_session', 'axes_accessattempt', 'axes_accesslog')"
                )
            ]
            return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608

    setup()
    first = snapshot()
    assert first["incidents_event"] >= 60
    setup()
    assert snapshot() == first
