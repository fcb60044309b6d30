"""A second one-row version, raised only by writes that change what the public can see.

The data version (0006) goes up on every write, drafts included; public ETag and
Last-Modified built from it told anyone polling a feed when curators were at work. This
*public version* goes up only when a write touches published data: a published event (or an
event being published or withdrawn), a row hanging from a published event (statement, actor
role, source link, tag link, response link), or an actor, source or tag that a published
event shows. Event types are a vocabulary listed publicly whatever uses them: always.

PostgreSQL checks the statement's transition tables once per statement; SQLite (development)
checks each row.
"""

import re

from django.db import migrations

TABLE = "incidents_publicversion"
PUBLISHED = "'published'"


def _published(event_id: str) -> str:
    return f"EXISTS (SELECT 1 FROM incidents_event e WHERE e.id = {event_id} AND e.status = {PUBLISHED})"


def _public_source(source_id: str) -> str:
    return (
        "(EXISTS (SELECT 1 FROM incidents_eventsource es JOIN incidents_event e ON e.id = es.event_id "
        f"WHERE es.source_id = {source_id} AND e.status = {PUBLISHED}) OR EXISTS (SELECT 1 FROM "
        "incidents_statement s JOIN incidents_event e ON e.id = s.event_id "
        f"WHERE s.source_id = {source_id} AND e.status = {PUBLISHED}))"
    )


def _public_actor(actor_id: str) -> str:
    """As Actor.objects.public(): in a published event, speaking in one, or publishing a source
    of one."""
    return (
        "(EXISTS (SELECT 1 FROM incidents_eventactor ea JOIN incidents_event e ON e.id = ea.event_id "
        f"WHERE ea.actor_id = {actor_id} AND e.status = {PUBLISHED}) OR EXISTS (SELECT 1 FROM "
        "incidents_statement st JOIN incidents_event e ON e.id = st.event_id "
        f"WHERE st.speaker_id = {actor_id} AND e.status = {PUBLISHED}) OR EXISTS (SELECT 1 FROM "
        f"incidents_source so WHERE so.publisher_id = {actor_id} AND {_public_source('so.id')}))"
    )


# For each watched table: whether a row ``r`` (as it was, or as it is) is public.
PUBLIC_ROW = {
    "incidents_event": f"r.status = {PUBLISHED}",
    "incidents_eventactor": _published("r.event_id"),
    "incidents_eventsource": _published("r.event_id"),
    "incidents_event_tags": _published("r.event_id"),
    # A link is shown only between two published events (timeline/views.py, exports.py);
    # publishing the other end raises the version then.
    "incidents_event_responds_to": (
        f"({_published('r.from_event_id')} AND {_published('r.to_event_id')})"
    ),
    "incidents_statement": _published("r.event_id"),
    "incidents_source": _public_source("r.id"),
    # An actor's page and record also name its country.
    "incidents_actor": (
        f"({_public_actor('r.id')} OR EXISTS (SELECT 1 FROM incidents_actor c "
        f"WHERE c.country_id = r.id AND {_public_actor('c.id')}))"
    ),
    "incidents_tag": (
        "EXISTS (SELECT 1 FROM incidents_event_tags et JOIN incidents_event e ON e.id = et.event_id "
        f"WHERE et.tag_id = r.id AND e.status = {PUBLISHED})"
    ),
    "incidents_eventtype": "TRUE",
}
# The time of the write itself, not of its transaction's start (CURRENT_TIMESTAMP): a long
# import must not date its changes before what readers saw while it ran.
PG_BUMP = (
    f"UPDATE {TABLE} SET version = nextval('incidents_publicversion_seq'), "
    "changed_at = clock_timestamp() WHERE id = 1"
)
SQLITE_BUMP = (
    f"UPDATE {TABLE} SET version = abs(random()), changed_at = CURRENT_TIMESTAMP WHERE id = 1"
)
# Which transition tables / row images each kind of write has.
ROW_RE = re.compile(r"\br\.")
IMAGES = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}


def _pg_condition(table: str, action: str) -> str:
    condition = PUBLIC_ROW[table]
    return " OR ".join(
        f"EXISTS (SELECT 1 FROM {image.lower()}_rows r WHERE {condition})"
        for image in IMAGES[action]
    )


def _sqlite_condition(table: str, action: str) -> str:
    # SQLite's row triggers name the row images NEW and OLD.
    conditions = [ROW_RE.sub(f"{image}.", PUBLIC_ROW[table]) for image in IMAGES[action]]
    return " OR ".join(f"({condition})" for condition in conditions)


def create(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(
            f"CREATE TABLE {TABLE} (id smallint PRIMARY KEY CHECK (id = 1), "
            "version bigint NOT NULL, changed_at timestamp with time zone NOT NULL)"
        )
        run("CREATE SEQUENCE incidents_publicversion_seq")
        run(
            f"INSERT INTO {TABLE} VALUES (1, nextval('incidents_publicversion_seq'), "
            "CURRENT_TIMESTAMP)"
        )
        run(
            "CREATE FUNCTION incidents_bump_public_version() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {PG_BUMP}; RETURN NULL; END $$"
        )
        for table in PUBLIC_ROW:
            run(
                f"CREATE TRIGGER {table}_public_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION incidents_bump_public_version()"
            )
            for action, images in IMAGES.items():
                name = f"incidents_public_{table}_{action.lower()}"
                run(
                    f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                    f"IF {_pg_condition(table, action)} THEN {PG_BUMP}; END IF; "
                    "RETURN NULL; END $$"
                )
                referencing = " ".join(f"{image} TABLE AS {image.lower()}_rows" for image in images)
                run(
                    f"CREATE TRIGGER {table}_public_{action.lower()} AFTER {action} ON {table} "
                    f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
                )
    else:
        run(
            f"CREATE TABLE {TABLE} (id integer PRIMARY KEY CHECK (id = 1), "
            "version integer NOT NULL, changed_at datetime NOT NULL)"
        )
        run(f"INSERT INTO {TABLE} VALUES (1, 1, CURRENT_TIMESTAMP)")
        for table in PUBLIC_ROW:
            for action in IMAGES:
                run(
                    f"CREATE TRIGGER {table}_public_{action.lower()} AFTER {action} ON {table} "
                    f"WHEN {_sqlite_condition(table, action)} BEGIN {SQLITE_BUMP}; END"
                )


def drop(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in PUBLIC_ROW:
            run(f"DROP TRIGGER IF EXISTS {table}_public_truncate ON {table}")
            for action in IMAGES:
                run(f"DROP TRIGGER IF EXISTS {table}_public_{action.lower()} ON {table}")
                run(f"DROP FUNCTION IF EXISTS incidents_public_{table}_{action.lower()}()")
        run("DROP FUNCTION IF EXISTS incidents_bump_public_version()")
        run("DROP SEQUENCE IF EXISTS incidents_publicversion_seq")
    else:
        for table in PUBLIC_ROW:
            for action in IMAGES:
                run(f"DROP TRIGGER IF EXISTS {table}_public_{action.lower()}")
    run(f"DROP TABLE IF EXISTS {TABLE}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0009_facet_indexes")]
    operations = [migrations.RunPython(create, drop)]
