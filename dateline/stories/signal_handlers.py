"""Listen to Wagtail; each handler hands over to a service."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from . import services
from .models import WebStoryPage


def on_web_story_changed(sender, instance: WebStoryPage, **kwargs) -> None:
    services.web_story_changed(instance)


page_published.connect(on_web_story_changed, sender=WebStoryPage, dispatch_uid="ws-published")
page_unpublished.connect(on_web_story_changed, sender=WebStoryPage, dispatch_uid="ws-unpublished")
post_delete.connect(on_web_story_changed, sender=WebStoryPage, dispatch_uid="ws-deleted")
