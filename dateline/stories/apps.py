from django.apps import AppConfig


class StoriesConfig(AppConfig):
    name = "dateline.stories"
    label = "stories"
    verbose_name = "Web Stories"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401  (connects Wagtail's signals)
