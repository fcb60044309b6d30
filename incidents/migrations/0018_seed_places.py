"""Seed the gazetteer, place the events already recorded, and version the places tables.

Every event's free-text location is read for the places it names (incidents.gazetteer); the
text is kept, as it often says more than the places ("Waters around Kunashiri"). The search
text of events placed here is rewritten by ``manage.py rebuild_search_index`` (a migration
cannot run the app's indexer on its historical models); ``load_seed`` does it itself. Writes to
places and to event–place links raise the data and public versions, as writes to tags do
(unconditionally: places change rarely, and a needless refresh of caches is harmless).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from incidents.gazetteer import load_gazetteer, place_events

TABLES = ("incidents_place", "incidents_event_places")
VERSIONS = {
    "postgresql": ("incidents_bump_data_version", "incidents_bump_public_version"),
    "sqlite": (
        "UPDATE incidents_dataversion SET version = abs(random()), "
        "changed_at = CURRENT_TIMESTAMP WHERE id = 1",
        "UPDATE incidents_publicversion SET version = abs(random()), "
        "changed_at = CURRENT_TIMESTAMP WHERE id = 1",
    ),
}
ACTIONS = ("INSERT", "UPDATE", "DELETE")
# Editors keep the gazetteer; deleting a place is a reviewer's.
PLACE_PERMISSIONS = {
    "Editors": ("add_place", "change_place", "view_place"),
    "Reviewers": ("add_place", "change_place", "view_place", "delete_place"),
}


def seed(apps, schema_editor):
    Place, Event = apps.get_model("incidents", "Place"), apps.get_model("incidents", "Event")
    load_gazetteer(Place)
    place_events(Event, Place)


def grant_places(apps, schema_editor):
    """Give the editorial groups (0005) the place permissions, created here first as 0005
    does, so that a fresh database is complete after one ``migrate``."""
    config = apps.get_app_config("incidents")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group, Permission = apps.get_model("auth", "Group"), apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=PLACE_PERMISSIONS):
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="incidents", codename__in=PLACE_PERMISSIONS[group.name]
            )
        )


def create_triggers(apps, schema_editor):
    run = schema_editor.execute
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            for function in VERSIONS["postgresql"]:
                run(
                    f"CREATE TRIGGER {table}_{function} AFTER INSERT OR UPDATE OR DELETE OR "
                    f"TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
                )
        else:
            bump = "; ".join(VERSIONS["sqlite"])
            for action in ACTIONS:
                run(
                    f"CREATE TRIGGER {table}_versions_{action.lower()} AFTER {action} "
                    f"ON {table} BEGIN {bump}; END"
                )


def drop_triggers(apps, schema_editor):
    run = schema_editor.execute
    for table in TABLES:
        if schema_editor.connection.vendor == "postgresql":
            for function in VERSIONS["postgresql"]:
                run(f"DROP TRIGGER IF EXISTS {table}_{function} ON {table}")
        else:
            for action in ACTIONS:
                run(f"DROP TRIGGER IF EXISTS {table}_versions_{action.lower()}")


class Migration(migrations.Migration):
    dependencies = [("incidents", "0017_places"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [
        migrations.RunPython(create_triggers, drop_triggers),
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(grant_places, migrations.RunPython.noop),
    ]
