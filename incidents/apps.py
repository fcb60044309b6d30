from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"
    verbose_name = "Incident record"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # publishing: the publishing rules on every save, statements' sources auto-linked.
        from . import publishing, signals  # noqa: F401
