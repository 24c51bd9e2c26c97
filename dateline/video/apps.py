from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "dateline.video"
    label = "video"
    verbose_name = "Video and live TV"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401  (connects Wagtail's signals)
