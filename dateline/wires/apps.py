from django.apps import AppConfig


class WiresConfig(AppConfig):
    name = "dateline.wires"
    label = "wires"
    verbose_name = "Wire ingestion"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the backend settings check)
