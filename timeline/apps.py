from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Public timeline"

    def ready(self) -> None:
        from .middleware import client_ip  # noqa: F401  (registers its deployment check)
