from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "dateline.distribution"
    label = "distribution"

    def ready(self) -> None:
        from .signal_handlers import register_signal_handlers

        register_signal_handlers()
