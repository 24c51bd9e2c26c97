from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dateline.api"
    label = "api"
    verbose_name = "Content API"

    def ready(self) -> None:
        from . import changes

        changes.connect()
