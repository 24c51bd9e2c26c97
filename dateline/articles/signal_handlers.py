"""Listen to Wagtail; each handler hands over to a service."""

from django.db.models.signals import post_delete, pre_delete
from wagtail.signals import (
    page_published,
    page_slug_changed,
    page_unpublished,
    post_page_move,
    pre_page_move,
)

from . import services
from .models import ArticlePage


def on_article_published(sender, instance: ArticlePage, revision=None, **kwargs) -> None:
    services.record_publication(instance, revision)  # the purge follows in ArticlePage.publish


def on_article_changed(sender, instance: ArticlePage, **kwargs) -> None:
    services.invalidate_story(instance)


def on_article_moved(sender, instance: ArticlePage, **kwargs) -> None:
    services.story_moved(instance)


def on_article_deleted(sender, instance: ArticlePage, **kwargs) -> None:
    services.story_deleted(instance)


page_published.connect(on_article_published, sender=ArticlePage)
post_delete.connect(on_article_deleted, sender=ArticlePage, dispatch_uid="story-deleted")
post_page_move.connect(on_article_moved, sender=ArticlePage)
for signal in (page_unpublished, page_slug_changed, pre_page_move, pre_delete):
    signal.connect(on_article_changed, sender=ArticlePage, dispatch_uid=f"story-{id(signal)}")
