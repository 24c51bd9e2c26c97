import logging

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "dateline.core"
    label = "core"

    def ready(self) -> None:
        # Imported for what they register: the system checks, and the StreamField form
        # field that turns a broken post into a form error.
        from . import checks, streamforms  # noqa: F401
        from .twofactor import policy

        policy.connect_signals()
        if not getattr(settings, "DATELINE_MAIL_CONFIGURED", True):
            logging.getLogger("dateline.mail").warning(
                "Mail is not configured (set EMAIL_HOST): workflow notifications and "
                "password-reset emails are not sent."
            )
