from django.apps import AppConfig


class ShortsConfig(AppConfig):
    name = "dateline.shorts"
    label = "shorts"
    verbose_name = "Shorts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers checks)
