"""A one-row table whose version changes, in the same transaction, on every write to the record.

Database triggers (not Django signals) bump it, so bulk writes, raw SQL and every app server
are covered, and the new version becomes visible exactly when the change it counts does.
Readers use it to validate cached aggregates and for HTTP Last-Modified/ETag (see
incidents/versioning.py). PostgreSQL fires once per statement; SQLite (development) has
only per-row triggers.
"""

from django.db import migrations

TABLE = "incidents_dataversion"
# The tables whose rows the public pages show or count.
WATCHED = [
    "incidents_event",
    "incidents_eventactor",
    "incidents_eventsource",
    "incidents_event_tags",
    "incidents_event_responds_to",
    "incidents_statement",
    "incidents_source",
    "incidents_actor",
    "incidents_tag",
    "incidents_eventtype",
]
# A version is never reused, even when the write that took it is rolled back (a sequence on
# PostgreSQL, a random 63-bit number on SQLite): a cache entry can never be mistaken for
# one computed from data that was rolled back (as every test's data is).
PG_BUMP = (
    f"UPDATE {TABLE} SET version = nextval('incidents_dataversion_seq'), "
    "changed_at = CURRENT_TIMESTAMP WHERE id = 1"
)
SQLITE_BUMP = (
    f"UPDATE {TABLE} SET version = abs(random()), changed_at = CURRENT_TIMESTAMP WHERE id = 1"
)


def create(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(
            f"CREATE TABLE {TABLE} (id smallint PRIMARY KEY CHECK (id = 1), "
            "version bigint NOT NULL, changed_at timestamp with time zone NOT NULL)"
        )
        run("CREATE SEQUENCE incidents_dataversion_seq")
        run(f"INSERT INTO {TABLE} VALUES (1, nextval('incidents_dataversion_seq'), CURRENT_TIMESTAMP)")
        run(
            "CREATE FUNCTION incidents_bump_data_version() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {PG_BUMP}; RETURN NULL; END $$"
        )
        for table in WATCHED:
            run(
                f"CREATE TRIGGER {table}_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION incidents_bump_data_version()"
            )
    else:
        run(
            f"CREATE TABLE {TABLE} (id integer PRIMARY KEY CHECK (id = 1), "
            "version integer NOT NULL, changed_at datetime NOT NULL)"
        )
        run(f"INSERT INTO {TABLE} VALUES (1, 1, CURRENT_TIMESTAMP)")
        for table in WATCHED:
            for action in ("INSERT", "UPDATE", "DELETE"):
                run(
                    f"CREATE TRIGGER {table}_version_{action.lower()} AFTER {action} ON {table} "
                    f"BEGIN {SQLITE_BUMP}; END"
                )


def drop(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in WATCHED:
            run(f"DROP TRIGGER IF EXISTS {table}_version ON {table}")
        run("DROP FUNCTION IF EXISTS incidents_bump_data_version()")
        run("DROP SEQUENCE IF EXISTS incidents_dataversion_seq")
    else:
        for table in WATCHED:
            for action in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS {table}_version_{action}")
    run(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0005_editorial_groups")]
    operations = [migrations.RunPython(create, drop)]
