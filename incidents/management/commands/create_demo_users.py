"""Demo accounts for development: an editor and a reviewer. Refuses to run with DEBUG off."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

DEMO_ACCOUNTS = (
    # username, password, group — development only; printed on every `make run`.
    ("editor", "editor-demo-pass", "Editors"),
    ("reviewer", "reviewer-demo-pass", "Reviewers"),
)


class Command(BaseCommand):
    help = "Create the development demo accounts (editor, reviewer) if they do not exist."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError("Demo accounts are for development only (DEBUG is off).")
        User = get_user_model()
        for username, password, group_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_password(password)
                user.save()
            group = Group.objects.filter(name=group_name).first()
            if group is not None:
                user.groups.add(group)
            elif created:
                # Before the workflow groups exist, a superuser keeps the demo usable.
                user.is_superuser = True
                user.save()
            self.stdout.write(
                f"Demo {group_name[:-1].lower()} login: {username} / {password}"
                + (" (created)" if created else "")
            )
