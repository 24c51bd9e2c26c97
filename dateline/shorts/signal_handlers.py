"""Listen to Wagtail; each handler hands over to a service."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from . import services
from .models import ShortPage


def on_short_changed(sender, instance: ShortPage, **kwargs) -> None:
    services.short_changed(instance)


page_published.connect(on_short_changed, sender=ShortPage, dispatch_uid="shorts-published")
page_unpublished.connect(on_short_changed, sender=ShortPage, dispatch_uid="shorts-unpublished")
post_delete.connect(on_short_changed, sender=ShortPage, dispatch_uid="shorts-deleted")
