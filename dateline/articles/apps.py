from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "dateline.articles"
    label = "articles"

    def ready(self) -> None:
        from . import signal_handlers  # noqa: F401  (connects Wagtail's signals)
