"""Invalidation by construction: every write purges what it changed, from this one place.

Django's and Wagtail's signals carry every kind of write (save, delete, queryset delete
and snippet bulk delete, m2m changes, publish and unpublish through the page's save,
revision publish, page move, slug change, view restrictions, redirects, sites, settings,
an image whose file was replaced). For a reader-visible model (`caching.autodeps.classify`)
a write purges, after commit:

- the instance's own key (`page:12`, `articles.author:3`) and the coarse keys of its model
  and of its concrete parents (`list:articles.articlepage`, `list:wagtailcore.page`, and
  the bare model label for code that records a whole model, e.g. `site.sitesettings`);
- the narrowed listings the model declares (`freshness_listings()`: the listings it belongs
  to, read before the save and after it: joining or leaving one purges it, moving within
  them (`freshness_position()` changed) purges them all) and the keys it always touches
  (`freshness_touches()`: a story's sitemap months, a menu's handle).

Saves that change nothing a reader sees purge nothing: page saves of bookkeeping fields only
(draft saves, autosave, locks, revisions), saves of pages that are not live and were not,
and saves of a page's child rows (bylines, topics, corrections) while the page is not live
(a page's own listings cover its children's membership).

Models this project does not own declare their keys in `THIRD_PARTY_TOUCHES`.

`QuerySet.update()`, `bulk_create()` and `bulk_update()` send no signals: every call in the
project carries a `# freshness:` comment saying why it needs no purge or what it purges
(`caching/tests/test_by_construction.py` scans the code for unmarked calls).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from django.db import models
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_slug_changed, post_page_move, pre_page_move

from dateline.caching.autodeps import coarse_keys, is_content, own_keys, parent_page_field
from dateline.caching.dependencies import invalidate, key_for, listing_key
from dateline.caching.placement import page_and_placement_keys, placement_key, placement_state

# Page fields whose change alone shows nothing new to readers.
PAGE_BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "numchild",
        "locked",
        "locked_at",
        "locked_by",
        "live_revision",
        "wagtail_admin_comments",
    }
)

_BEFORE = "_dateline_freshness_before"
_SKIP = "_dateline_freshness_skip"
# Set on a page by its own post_save: its child rows, which modelcluster saves right after,
# are covered by the page's keys (one purge per publish, not one per byline and topic).
_COVERS_CHILDREN = "_dateline_freshness_covers_children"
# Listings and touches of pages being moved, read before the move (pk -> keys).
_moving: dict[int, set[str]] = {}


def restricted_subtree_keys(restriction: PageViewRestriction) -> set[str]:
    """A restriction added or removed changes the page and everything under it, and where
    they stand (who may see them). Restrictions are rare; one query of ids."""
    page_path = Page.objects.filter(pk=restriction.page_id).values_list("path", flat=True)
    ids = Page.objects.filter(path__startswith=page_path.first() or "-").values_list(
        "pk", flat=True
    )
    return page_and_placement_keys(ids.iterator())


def _tag_touches(tag) -> set[str]:
    return {listing_key("tags")}


def _third_party_touches() -> dict[type, Callable[[models.Model], Iterable[str]]]:
    from taggit.models import TagBase

    return {PageViewRestriction: restricted_subtree_keys, TagBase: _tag_touches}


@cache
def _touches_for(model: type) -> tuple[Callable, ...]:
    return tuple(
        function for base, function in _third_party_touches().items() if issubclass(model, base)
    )


def touches(instance: models.Model) -> set[str]:
    keys = set(getattr(instance, "freshness_touches", lambda: ())())
    for function in _touches_for(type(instance)):
        keys.update(function(instance))
    return keys


def listings(instance: models.Model) -> set[str]:
    """The narrowed listings the instance belongs to now (none for a page not live)."""
    declared = getattr(instance, "freshness_listings", None)
    if declared is None or (isinstance(instance, Page) and not instance.live):
        return set()
    return set(declared())


def _child_row_keys(instance: models.Model, field: models.ForeignKey) -> set[str]:
    """What a write to a page's child row purges: nothing when its page's own save covers
    it or its page is not live; else its own keys."""
    parent = instance._state.fields_cache.get(field.name)
    if parent is not None and parent.__dict__.get(_COVERS_CHILDREN):
        return set()
    parent_id = getattr(instance, field.attname)
    if not Page.objects.filter(pk=parent_id, live=True).exists():
        return set()
    # Reads of a page's child rows record the page's key (`caching.autodeps.anchored_keys`);
    # a row written on its own (a topic added) may move the page too.
    return own_keys(instance) | page_and_placement_keys([parent_id])


def _parent_id(page: Page) -> int | None:
    if page.depth is None or page.depth <= 1:
        return None
    cached_parent = page.__dict__.get("_cached_parent_obj")
    if cached_parent is not None:
        return cached_parent.pk
    return Page.objects.filter(path=page.path[: -page.steplen]).values_list("pk", flat=True).first()


def _position(instance: models.Model):
    position = getattr(instance, "freshness_position", None)
    return position() if position else None


# --- saves


def before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not is_content(sender):
        return
    instance.__dict__.pop(_BEFORE, None)
    instance.__dict__.pop(_COVERS_CHILDREN, None)
    if (
        update_fields is not None
        and isinstance(instance, Page)
        and set(update_fields) <= PAGE_BOOKKEEPING_FIELDS
    ):
        instance.__dict__[_SKIP] = True
        return
    instance.__dict__.pop(_SKIP, None)
    if instance._state.adding or instance.pk is None:
        return
    declares = hasattr(instance, "freshness_listings") or hasattr(instance, "freshness_touches")
    is_page = isinstance(instance, Page)
    if not declares and not (is_page and not instance.live):
        return
    old = type(instance)._base_manager.filter(pk=instance.pk).first()
    if old is None:
        return
    instance.__dict__[_BEFORE] = (
        bool(getattr(old, "live", True)),
        listings(old),
        touches(old),
        _position(old),
        placement_state(old) if is_page else None,
    )


def after_save(sender, instance, created=False, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not is_content(sender):
        return
    if isinstance(instance, Page):
        instance.__dict__[_COVERS_CHILDREN] = True
    if instance.__dict__.pop(_SKIP, False):
        return
    before = instance.__dict__.pop(_BEFORE, None)
    was_live, listed_before, touched_before, position_before, placed_before = before or (
        (False, set(), (), None, None)
    )
    if isinstance(instance, Page) and not instance.live and not was_live:
        return  # a draft that never was public: nothing a reader saw changed
    parent_field = parent_page_field(type(instance))
    if parent_field is not None:
        # A child row of a page: its page's listings cover membership.
        invalidate(*_child_row_keys(instance, parent_field))
        return
    keys = own_keys(instance) | touches(instance) | set(touched_before)
    listed_after = listings(instance)
    live_changed = isinstance(instance, Page) and bool(instance.live) != was_live
    moved = before is None or created or live_changed or _position(instance) != position_before
    if moved:
        keys |= listed_after | listed_before
    else:
        keys |= listed_after ^ listed_before
    if (
        isinstance(instance, Page)
        and not moved
        and listed_after == listed_before
        and placed_before is not None
        and placement_state(instance) == placed_before
    ):
        # It stands where it stood (a title or body edit): the blocks around it on its page
        # (`{% fragment depends="placement" %}`) showed nothing that changed.
        keys.discard(placement_key(instance.pk))
    if isinstance(instance, Page) and (created or live_changed):
        keys |= _page_membership_keys(instance)
    invalidate(*keys)


def _page_membership_keys(page: Page, parent_id: int | None = None) -> set[str]:
    """A page joining or leaving its parent: the parent's children (index pages, routing's
    404s under it) and the list of all pages (sitemaps)."""
    parent_id = parent_id or _parent_id(page)
    keys = {listing_key("pages")}
    if parent_id:
        keys.add(listing_key("children", parent_id))
    return keys


# --- deletes (model and queryset deletes alike: snippet bulk actions send these too)


def before_delete(sender, instance, **kwargs) -> None:
    if not is_content(sender):
        return
    if isinstance(instance, Page) and not instance.live:
        return
    parent_field = parent_page_field(type(instance))
    if parent_field is not None:
        invalidate(*_child_row_keys(instance, parent_field))
        return
    keys = own_keys(instance) | touches(instance) | listings(instance)
    if isinstance(instance, Page):
        keys |= _page_membership_keys(instance)
    invalidate(*keys)


# --- many-to-many changes


def m2m_changed_handler(sender, instance, action, model=None, pk_set=None, **kwargs) -> None:
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not is_content(type(instance)) or (isinstance(instance, Page) and not instance.live):
        return
    keys = own_keys(instance) | set(coarse_keys(sender))
    if model is not None and is_content(model):
        keys.update(key_for(model, pk) for pk in pk_set or ())
        keys.update(coarse_keys(model) if action == "post_clear" else ())
    invalidate(*keys)


# --- tree changes


def before_move(sender, instance, **kwargs) -> None:
    specific = instance.specific_deferred
    _moving[instance.pk] = listings(specific) | touches(specific)


def after_move(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs) -> None:
    listed_before = _moving.pop(instance.pk, set())
    if not instance.live:
        return
    specific = Page.objects.get(pk=instance.pk).specific  # fresh: its tree columns moved
    keys = own_keys(specific) | listings(specific) | touches(specific) | listed_before
    keys.add(listing_key("pages"))
    keys.update(
        listing_key("children", parent.pk)
        for parent in (parent_page_before, parent_page_after)
        if parent is not None
    )
    invalidate(*keys)


def slug_changed(sender, instance, **kwargs) -> None:
    """The old address now answers 404, the new one a page: the parent's routing changed."""
    if instance.live:
        invalidate(*page_and_placement_keys([instance.pk]), *_page_membership_keys(instance))


def register_signal_handlers() -> None:
    pre_save.connect(before_save, dispatch_uid="dateline-freshness-pre-save")
    post_save.connect(after_save, dispatch_uid="dateline-freshness-post-save")
    pre_delete.connect(before_delete, dispatch_uid="dateline-freshness-pre-delete")
    m2m_changed.connect(m2m_changed_handler, dispatch_uid="dateline-freshness-m2m")
    pre_page_move.connect(before_move, dispatch_uid="dateline-freshness-pre-move")
    post_page_move.connect(after_move, dispatch_uid="dateline-freshness-post-move")
    page_slug_changed.connect(slug_changed, dispatch_uid="dateline-freshness-slug")
