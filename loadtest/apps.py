from django.apps import AppConfig


class LoadtestConfig(AppConfig):
    """Tooling, not the site: it has no models, URLs or templates, only two commands."""

    name = "loadtest"
    verbose_name = "Load-test tooling"
