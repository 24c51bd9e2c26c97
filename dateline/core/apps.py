from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dateline.core"
    label = "core"

    def ready(self) -> None:
        # Imported for what they register: the system checks, and the StreamField form
        # field that turns a broken post into a form error.
        from . import checks, streamforms  # noqa: F401
        from .twofactor import policy

        policy.connect_signals()
