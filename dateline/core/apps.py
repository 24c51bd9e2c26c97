import logging

from django.apps import AppConfig
from django.conf import settings


class CoreConfig(AppConfig):
    name = "dateline.core"
    label = "core"

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from wagtail.images import get_image_model

        # Imported for what they register: the system checks, and the StreamField form
        # field that turns a broken post into a form error.
        from . import checks, streamforms  # noqa: F401
        from .clusters import install as keep_child_relations_per_model
        from .renditions import on_image_created

        keep_child_relations_per_model()  # page rows load without re-listing their fields

        # A new picture's sizes are made by the task worker, not by its first reader.
        post_save.connect(on_image_created, sender=get_image_model(), dispatch_uid="renditions")
        if not getattr(settings, "DATELINE_MAIL_CONFIGURED", True):
            logging.getLogger("dateline.mail").warning(
                "Mail is not configured (set EMAIL_HOST): workflow notifications and "
                "password-reset emails are not sent."
            )
