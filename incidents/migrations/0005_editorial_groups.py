"""The two editorial groups, with exactly the permissions their work needs.

Editors record the incident data (actors, sources, events, their actor roles and source
links, statements), may tag events and read the controlled vocabulary of event types, and
move events between draft and review. Reviewers can do all of that and also publish and
unpublish (``incidents.publish_event``). Neither group can manage users or event types.

Permissions are normally created after all migrations have run (post_migrate); they are
created here first so that a fresh database gets complete groups in one ``migrate``.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CURATED = ("actor", "event", "eventactor", "source", "eventsource", "statement")
EDITOR_PERMISSIONS = [
    *(f"{action}_{model}" for model in CURATED for action in ("add", "change", "delete", "view")),
    "add_tag",
    "change_tag",
    "view_tag",
    "view_eventtype",
]
REVIEWER_PERMISSIONS = [*EDITOR_PERMISSIONS, "publish_event"]
GROUPS = {"Editors": EDITOR_PERMISSIONS, "Reviewers": REVIEWER_PERMISSIONS}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        permissions = Permission.objects.filter(
            content_type__app_label="incidents", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Permissions missing for group {name}: {sorted(missing)}")
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_event_publish_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_groups, remove_groups)]
