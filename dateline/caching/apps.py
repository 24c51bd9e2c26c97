from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The freshness model: dependency keys recorded by construction, the page and fragment
    store with its reverse index, the purge outbox, exact purge (see docs/architecture.md)."""

    name = "dateline.caching"
    label = "caching"
    verbose_name = "Page cache"

    def ready(self) -> None:
        from . import autodeps
        from .signal_handlers import register_signal_handlers

        autodeps.install()  # recording by construction (see its docstring)
        register_signal_handlers()
