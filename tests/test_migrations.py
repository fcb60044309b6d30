"""Migrations apply forwards, backwards to zero, and forwards again — on a fresh database of
whichever backend the suite runs on (SQLite by default, PostgreSQL with DATABASE_URL).

Each run happens in a separate interpreter so that unapplying migrations never disturbs the
test database the rest of the suite uses.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent

ROUND_TRIP = r"""
import json, django
django.setup()
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from incidents.models import Actor, Event, EventActor, EventSource, Source, Statement

MODELS = (Actor, Event, EventActor, EventSource, Source, Statement)
def counts():
    return {m.__name__: m.objects.count() for m in MODELS}
def incident_tables():
    return sorted(t for t in connection.introspection.table_names() if t.startswith("incidents_"))

leaves = sorted(n for app, n in MigrationLoader(connection).disk_migrations if app == "incidents")
report = {"migrations": leaves}

# Forwards on an empty database, then the seed data.
call_command("migrate", verbosity=0)
call_command("load_seed", verbosity=0)
report["seeded"] = counts()

# Undo the latest migration and re-apply it (a rolled-back deployment): every row survives.
call_command("migrate", "incidents", leaves[-2], verbosity=0)
call_command("migrate", "incidents", leaves[-1], verbosity=0)
report["after_last_step_round_trip"] = counts()

# Backwards one migration at a time, with the data present, down to zero.
for target in reversed(leaves[:-1]):
    call_command("migrate", "incidents", target, verbosity=0)
call_command("migrate", "incidents", "zero", verbosity=0)
report["tables_at_zero"] = incident_tables()

# Forwards again: the schema comes back and the seed reloads to the same content.
call_command("migrate", verbosity=0)
call_command("load_seed", verbosity=0)
report["reseeded"] = counts()
report["pending"] = bool(
    __import__("django.db.migrations.executor", fromlist=["x"])
    .MigrationExecutor(connection)
    .migration_plan(MigrationLoader(connection).graph.leaf_nodes())
)
print(json.dumps(report))
"""


def _base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SQLITE_PATH"}}
    env.update(TESTING="1", DJANGO_SETTINGS_MODULE="timeline.settings")
    return env


@pytest.fixture
def fresh_database(tmp_path) -> Iterator[dict[str, str]]:
    """Environment pointing at a brand-new, empty database of the suite's backend."""
    db = settings.DATABASES["default"]
    env = _base_env()
    if db["ENGINE"] != "django.db.backends.postgresql":
        env["SQLITE_PATH"] = str(tmp_path / "migrations.sqlite3")
        yield env
        return

    import psycopg

    name = f"rjt_migrations_{uuid.uuid4().hex[:10]}"
    params = {
        "host": db.get("HOST") or "127.0.0.1",
        "port": db.get("PORT") or 5432,
        "user": db.get("USER") or "postgres",
        "password": db.get("PASSWORD") or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**params) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = params["user"] + (f":{params['password']}" if params["password"] else "")
    env["DATABASE_URL"] = f"postgres://{auth}@{params['host']}:{params['port']}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(**params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migrations_run_forwards_backwards_to_zero_and_forwards_again(fresh_database):
    result = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP],
        cwd=BASE_DIR,
        env=fresh_database,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])

    assert len(report["migrations"]) >= 3
    assert report["tables_at_zero"] == []
    seeded = report["seeded"]
    assert seeded["Event"] > 0 and seeded["Statement"] > 0 and seeded["Source"] > 0
    assert report["after_last_step_round_trip"] == seeded
    assert report["reseeded"] == seeded
    assert report["pending"] is False
