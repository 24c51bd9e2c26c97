"""Changes outside the story path that alter what pages show: other pages (sections, events,
standard pages, shows...), snippets (authors, agencies, menus), images, topics and settings.

Stories have their own path (`articles.services.invalidate_story`); here each handler names
the keys of what changed and hands them to `dateline.core.dependencies.invalidate`."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import post_delete, post_save, pre_delete
from taggit.models import TagBase
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from dateline.articles.models import ArticlePage
from dateline.core.dependencies import invalidate, key_for, listing_key

# Saving these never changes what readers see until published (pages) or is bookkeeping.
_IGNORED = (Page, ContentType)


def page_keys(page: Page, parent_id: int | None = None) -> list[str]:
    """A page, and the listing of its parent's children (an index page lists them)."""
    if parent_id is None and page.depth > 1:
        parent_id = page.get_parent().pk
    keys = [key_for(page), listing_key("pages")]
    if parent_id:
        keys.append(listing_key("children", parent_id))
    return keys


def on_page_changed(sender, instance, **kwargs) -> None:
    if not isinstance(instance, Page) or isinstance(instance, ArticlePage):
        return  # not a page, or a story (the story path covers it)
    invalidate(*page_keys(instance))


def on_page_moved(
    sender, instance: Page, parent_page_before=None, parent_page_after=None, **kwargs
):
    if isinstance(instance, ArticlePage):
        return
    parents = [p.pk for p in (parent_page_before, parent_page_after) if p is not None]
    # `pages`: the sitemaps list pages by URL and count those under each site's root.
    keys = [key_for(instance), listing_key("pages")]
    invalidate(*keys, *(listing_key("children", pk) for pk in parents))


def on_model_saved(sender, instance, **kwargs) -> None:
    """A snippet, an image, a topic or a setting changed: pages that showed it go stale."""
    if isinstance(instance, _IGNORED) or not _is_shown_to_readers(instance):
        return
    keys = [key_for(instance)]
    if kwargs.get("signal") is post_delete or isinstance(
        instance, (BaseSiteSetting, BaseGenericSetting, PageViewRestriction)
    ):
        # A deleted author or agency leaves every list of its kind (the sitemap index).
        keys.append(key_for(type(instance)))
    if isinstance(instance, TagBase):
        keys.append(listing_key("tags"))
    if isinstance(instance, PageViewRestriction):
        keys.extend(restricted_subtree_keys(instance))
    invalidate(*keys)


def restricted_subtree_keys(restriction: PageViewRestriction) -> list[str]:
    """A restriction added or removed changes the page and everything under it: their own
    cached copies go (listings that used the public rule recorded the restrictions' model
    key, purged with it). Restrictions are rare; one query of ids."""
    page_path = Page.objects.filter(pk=restriction.page_id).values_list("path", flat=True)
    ids = Page.objects.filter(path__startswith=page_path.first() or "-").values_list(
        "pk", flat=True
    )
    return [key_for(Page, pk) for pk in ids.iterator()]


def _is_shown_to_readers(instance) -> bool:
    return isinstance(
        instance,
        (AbstractImage, TagBase, BaseSiteSetting, BaseGenericSetting, PageViewRestriction),
    ) or type(instance) in set(get_snippet_models())


def register_signal_handlers() -> None:
    for signal in (page_published, page_unpublished, page_slug_changed, pre_delete):
        signal.connect(on_page_changed, dispatch_uid=f"dateline-page-{id(signal)}")
    post_page_move.connect(on_page_moved, dispatch_uid="dateline-page-moved")
    post_save.connect(on_model_saved, dispatch_uid="dateline-model-saved")
    post_delete.connect(on_model_saved, dispatch_uid="dateline-model-deleted")
