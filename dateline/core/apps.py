import logging

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "dateline.core"
    label = "core"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
        from .twofactor import policy

        policy.connect_signals()
        if not getattr(settings, "DATELINE_MAIL_CONFIGURED", True):
            logging.getLogger("dateline.mail").warning(
                "Mail is not configured (set EMAIL_HOST): workflow notifications and "
                "password-reset emails are not sent."
            )
