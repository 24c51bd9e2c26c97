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
    """Unpublished, moving or deleted: its month's count follows (the purge is the write's
    own, from `caching.signal_handlers`)."""
    services.recount_story_months(instance)


def on_article_moved(sender, instance: ArticlePage, **kwargs) -> None:
    services.story_moved(instance)


def on_tree_changed(sender, instance, **kwargs) -> None:
    """A page above stories moved or took a new slug: the stories below follow."""
    if isinstance(instance, ArticlePage):
        return
    if "url_path_before" in kwargs and kwargs["url_path_before"] == kwargs.get("url_path_after"):
        return  # reordered among its siblings: no address or section changed
    services.stories_below_moved(instance.specific_deferred)


def on_article_deleted(sender, instance: ArticlePage, **kwargs) -> None:
    services.story_deleted(instance)


page_published.connect(on_article_published, sender=ArticlePage)
post_page_move.connect(on_tree_changed, dispatch_uid="stories-below-moved")
page_slug_changed.connect(on_tree_changed, dispatch_uid="stories-below-renamed")
post_delete.connect(on_article_deleted, sender=ArticlePage, dispatch_uid="story-deleted")
post_page_move.connect(on_article_moved, sender=ArticlePage)
for signal in (page_unpublished, pre_page_move, pre_delete):
    signal.connect(on_article_changed, sender=ArticlePage, dispatch_uid=f"story-{id(signal)}")
