from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incident record"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # publishing: the publishing rules on every save, statements' sources auto-linked;
        # revisions: every historical record stamped with its save.
        from django.db.models.signals import post_migrate

        from . import publishing, revisions, signals  # noqa: F401
        from .search_index import rebuild_after_migrate

        # A migration that changes the search documents' form leaves them to be rewritten.
        post_migrate.connect(rebuild_after_migrate, sender=self)


class CurationAdminConfig(admin_apps.AdminConfig):
    """Django's admin with the review queue on its index (incidents/adminsite.py)."""

    default = False  # "incidents" in INSTALLED_APPS still means IncidentsConfig

    default_site = "incidents.adminsite.CurationSite"
