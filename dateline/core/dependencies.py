"""What a page showed, recorded while it renders, so a change purges exactly those pages.

Any code that puts something on a page (a view, `get_context`, a listing, a template tag, a
menu) calls `record()` with the keys of what it used. The page cache (`dateline.caching`)
opens a recording around each anonymous render, stores the keys with the cached response and
sends them as a header to a front cache (Varnish xkey / Surrogate-Key). A service that changes
something calls `invalidate()` with the same keys, after commit.

Keys are short strings, one vocabulary for the whole project:

- ``page:<id>``: one Wagtail page (story, section, show, standard page...), whatever shows it:
  its own URL, a card in a listing, a breadcrumb, a menu link.
- ``list:<name>[:<id>]``: a listing whose membership or order can change when a new item
  joins it: ``list:articles`` (latest news), ``list:section:<id>``, ``list:tag:<id>``,
  ``list:author:<id>``, ``list:agency:<id>``, ``list:videos``, ``list:shorts``...
- ``<app_label>.<model>:<pk>``: any other model instance (an author, a tag, an image, a
  menu snippet); ``<app_label>.<model>`` alone for a whole model (site settings).

Invalidation first deletes the entries of core's own store (`dateline.core.cachestore`:
pages and fragments, with a reverse index from key to entry), then hands the keys and the
purged URLs to the invalidators chosen in settings (`DATELINE_INVALIDATORS`: front caches),
so core stays at the bottom of the layers.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string

logger = logging.getLogger("dateline.core.dependencies")

_recording: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "dateline_dependencies", default=None
)
_batch: contextvars.ContextVar[set[str] | None] = contextvars.ContextVar(
    "dateline_invalidation_batch", default=None
)


def key_for(obj: models.Model | type[models.Model], pk: object | None = None) -> str:
    """The dependency key of a model instance (or of a whole model when given a class)."""
    from wagtail.models import Page

    if isinstance(obj, type):
        meta = obj._meta
        return (
            f"{meta.app_label}.{meta.model_name}"
            if pk is None
            else (
                f"page:{pk}"
                if issubclass(obj, Page)
                else f"{meta.app_label}.{meta.model_name}:{pk}"
            )
        )
    if isinstance(obj, Page):
        return f"page:{obj.pk}"
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def listing_key(name: str, ident: object | None = None) -> str:
    """The key of a listing: ``list:articles``, ``list:section:12``, ``list:tag:3``."""
    return f"list:{name}" if ident is None else f"list:{name}:{ident}"


def record(*keys: str) -> None:
    """Note that the page being rendered shows these things (no-op outside a recording)."""
    recorded = _recording.get()
    if recorded is not None:
        recorded.update(keys)


def record_objects(objects: Iterable[models.Model]) -> None:
    """Note every object shown (cards in a listing, links in a menu)."""
    recorded = _recording.get()
    if recorded is not None:
        recorded.update(key_for(obj) for obj in objects if obj is not None)


@contextlib.contextmanager
def recording() -> Iterator[set[str]]:
    """Collect the keys recorded while the block runs (nested recordings feed the outer one)."""
    outer = _recording.get()
    keys: set[str] = set()
    token = _recording.set(keys)
    try:
        yield keys
    finally:
        _recording.reset(token)
        if outer is not None:
            outer.update(keys)


def invalidate(*keys: str) -> None:
    """Purge every cached page that recorded any of these keys, once the transaction commits.

    Inside `batch()` the keys are only collected; the batch purges them once at its end."""
    keys_set = {key for key in keys if key}
    if not keys_set:
        return
    collected = _batch.get()
    if collected is not None:
        collected.update(keys_set)
        return
    transaction.on_commit(lambda: invalidate_now(keys_set))


@contextlib.contextmanager
def batch() -> Iterator[set[str]]:
    """Collect the keys invalidated while the block runs and purge each of them once, after
    commit, when the block ends (a wire poll filing hundreds of stories into one section
    purges that section's pages once, not once per story).

    A block that raises purges nothing of its own: its changes were rolled back with it
    (the caller's savepoint). Nested batches feed the outer one.
    """
    outer = _batch.get()
    keys: set[str] = set()
    token = _batch.set(keys)
    try:
        yield keys
    finally:
        _batch.reset(token)
    # Reached only when the block succeeded.
    if outer is not None:
        outer.update(keys)
    elif keys:
        transaction.on_commit(lambda: invalidate_now(keys))


def invalidate_now(keys: Iterable[str]) -> None:
    """Purge at once (callers already outside a transaction, and tests)."""
    from . import cachestore

    keys_set = set(keys)
    try:
        _entries, urls = cachestore.purge_keys(keys_set)
    except Exception:  # a purge must never fail the change that asked for it
        logger.exception("Purging %d keys from the page cache failed", len(keys_set))
        urls = set()
    for path in getattr(settings, "DATELINE_INVALIDATORS", []):
        try:
            import_string(path)(keys_set, urls)
        except Exception:
            logger.exception("Invalidator %s failed for %d keys", path, len(keys_set))
