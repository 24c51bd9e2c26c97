from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "dateline.alerts"
    label = "alerts"
    verbose_name = "Breaking-news alerts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the VAPID key's check)
