from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "watch"
    verbose_name = "Source watch"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # load_seed also adds the watched sources of the outlets the seed cites (switched off).
        from incidents.management.commands.load_seed import seed_loaded

        seed_loaded.connect(_seed_sources, dispatch_uid="watch_seed_sources")


def _seed_sources(sender, stdout=None, **kwargs) -> None:
    from .seeds import seed_watched_sources

    added = seed_watched_sources()
    if stdout is not None and added:
        stdout.write(f"Watched sources added (switched off): {added}.")
