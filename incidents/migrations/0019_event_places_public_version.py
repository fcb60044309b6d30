"""Event–place links raise the public version only when their event is published.

0018 raised it on every write to ``incidents_event_places``, as if places were a public
vocabulary like event types. But a link belongs to its event: placing a draft, or deleting
one (the cascade runs a DELETE on the links even when there are none, and PostgreSQL's
statement triggers fire for it), told anyone polling the public ETags that curators were at
work — what 0010 exists to prevent. Links are now treated as 0010 treats tag links: public
when the event is published. The data version still goes up on every write. The places
themselves stay unconditional (a gazetteer entry is vocabulary, as event types are in 0010).
"""

from django.db import migrations

TABLE = "incidents_event_places"
PUBLISHED = (
    "EXISTS (SELECT 1 FROM incidents_event e WHERE e.id = {row}.event_id "
    "AND e.status = 'published')"
)
IMAGES = {"INSERT": ("NEW",), "UPDATE": ("OLD", "NEW"), "DELETE": ("OLD",)}
PG_BUMP = (
    "UPDATE incidents_publicversion SET version = nextval('incidents_publicversion_seq'), "
    "changed_at = clock_timestamp() WHERE id = 1"
)
SQLITE_DATA_BUMP = (
    "UPDATE incidents_dataversion SET version = abs(random()), "
    "changed_at = CURRENT_TIMESTAMP WHERE id = 1"
)
SQLITE_PUBLIC_BUMP = (
    "UPDATE incidents_publicversion SET version = abs(random()), "
    "changed_at = CURRENT_TIMESTAMP WHERE id = 1"
)


def _pg_function(action: str) -> str:
    return f"incidents_public_{TABLE}_{action.lower()}"


def conditional(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(f"DROP TRIGGER IF EXISTS {TABLE}_incidents_bump_public_version ON {TABLE}")
        run(
            f"CREATE TRIGGER {TABLE}_public_truncate AFTER TRUNCATE ON {TABLE} "
            "FOR EACH STATEMENT EXECUTE FUNCTION incidents_bump_public_version()"
        )
        for action, images in IMAGES.items():
            condition = " OR ".join(
                f"EXISTS (SELECT 1 FROM {image.lower()}_rows r WHERE {PUBLISHED.format(row='r')})"
                for image in images
            )
            run(
                f"CREATE FUNCTION {_pg_function(action)}() RETURNS trigger LANGUAGE plpgsql "
                f"AS $$ BEGIN IF {condition} THEN {PG_BUMP}; END IF; RETURN NULL; END $$"
            )
            referencing = " ".join(f"{image} TABLE AS {image.lower()}_rows" for image in images)
            run(
                f"CREATE TRIGGER {TABLE}_public_{action.lower()} AFTER {action} ON {TABLE} "
                f"REFERENCING {referencing} FOR EACH STATEMENT "
                f"EXECUTE FUNCTION {_pg_function(action)}()"
            )
    else:
        for action, images in IMAGES.items():
            run(f"DROP TRIGGER IF EXISTS {TABLE}_versions_{action.lower()}")
            run(
                f"CREATE TRIGGER {TABLE}_data_{action.lower()} AFTER {action} ON {TABLE} "
                f"BEGIN {SQLITE_DATA_BUMP}; END"
            )
            condition = " OR ".join(f"({PUBLISHED.format(row=image)})" for image in images)
            run(
                f"CREATE TRIGGER {TABLE}_public_{action.lower()} AFTER {action} ON {TABLE} "
                f"WHEN {condition} BEGIN {SQLITE_PUBLIC_BUMP}; END"
            )


def unconditional(apps, schema_editor):
    """Back to 0018's triggers."""
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(f"DROP TRIGGER IF EXISTS {TABLE}_public_truncate ON {TABLE}")
        for action in IMAGES:
            run(f"DROP TRIGGER IF EXISTS {TABLE}_public_{action.lower()} ON {TABLE}")
            run(f"DROP FUNCTION IF EXISTS {_pg_function(action)}()")
        run(
            f"CREATE TRIGGER {TABLE}_incidents_bump_public_version AFTER INSERT OR UPDATE OR "
            f"DELETE OR TRUNCATE ON {TABLE} FOR EACH STATEMENT "
            "EXECUTE FUNCTION incidents_bump_public_version()"
        )
    else:
        for action in IMAGES:
            run(f"DROP TRIGGER IF EXISTS {TABLE}_data_{action.lower()}")
            run(f"DROP TRIGGER IF EXISTS {TABLE}_public_{action.lower()}")
            run(
                f"CREATE TRIGGER {TABLE}_versions_{action.lower()} AFTER {action} ON {TABLE} "
                f"BEGIN {SQLITE_DATA_BUMP}; {SQLITE_PUBLIC_BUMP}; END"
            )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0018_seed_places")]
    operations = [migrations.RunPython(conditional, unconditional)]
