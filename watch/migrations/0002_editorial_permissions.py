"""Editors and reviewers work the inbox and manage the watched sources."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = [
    "add_watchedsource",
    "change_watchedsource",
    "view_watchedsource",
    "view_candidate",
    "change_candidate",
    "view_watchitem",
]
GROUPS = ("Editors", "Reviewers")


def grant(apps, schema_editor):
    config = apps.get_app_config("watch")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="watch", codename__in=PERMISSIONS
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="watch", codename__in=PERMISSIONS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("watch", "0001_initial"),
        ("incidents", "0005_editorial_groups"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
