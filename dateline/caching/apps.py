from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The page cache, cached fragments and exact purge (see docs/architecture.md)."""

    name = "dateline.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
