"""Cached entries (whole pages and fragments) with the keys they depend on.

Storing an entry writes its value to the cache and one `CachedDependency` row per key;
`purge_keys()` deletes every entry that recorded a changed key, removes its rows and tells
the front caches. A hit is a single cache read: nothing is validated on the way out, because
a change deletes what it affects.

Race: a render that started before a change and finishes after it must not be stored with
old content. A purge generation counter, bumped by every purge, is read before the render
and again after storing; if it moved, the new entry is dropped (it may be stale).

Private renders (a preview, a draft or revision view, anything rendered for a signed-in
user or a session that passed a view restriction) never touch the shared cache: the guard
middleware (`dateline.core.middleware.PrivateRenderMiddleware`) opens `private_render()`
around them, and every read and write here checks `is_shared_render()` first. Keeping the
check here, not in each tag, means a new cached surface cannot forget it.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import random
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.cache import caches
from django.db import DatabaseError

logger = logging.getLogger("dateline.caching")

GENERATION_KEY = "dateline:purge-generation"
_BATCH = 500

# Set (to a per-render memo) while a private render runs; None for shareable renders.
_private_memo: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "dateline_private_render", default=None
)


@contextlib.contextmanager
def private_render() -> Iterator[None]:
    """The block renders for one person: nothing is read from or written to the shared cache.

    Values `cached()` builds are kept for the rest of the block only (one computation of a
    menu or of the restriction check per render, as a shared hit would have given)."""
    token = _private_memo.set({} if _private_memo.get() is None else _private_memo.get())
    try:
        yield
    finally:
        _private_memo.reset(token)


def is_shared_render() -> bool:
    """Whether what is rendered now may be read from and written to the shared cache."""
    return _private_memo.get() is None


def page_cache():
    return caches[settings.DATELINE_PAGE_CACHE.get("CACHE", "default")]


def _rows():
    from .models import CachedDependency  # models import this module's users

    return CachedDependency


def cache_get(key: str):
    """A cache read that treats an unreachable cache as a miss (pages render from the DB)."""
    if not is_shared_render():
        return None
    try:
        return page_cache().get(key)
    except Exception:
        logger.warning("Page cache unavailable on read", exc_info=True)
        return None


def generation() -> int | None:
    """The purge generation now (None when the cache cannot be reached: store nothing)."""
    cache = page_cache()
    try:
        value = cache.get(GENERATION_KEY)
        if value is None:
            # A random start: after an eviction the counter cannot come back to a value a
            # render in flight already read.
            cache.add(GENERATION_KEY, random.getrandbits(48), timeout=None)
            value = cache.get(GENERATION_KEY)
        return value
    except Exception:
        logger.warning("Page cache unavailable (generation)", exc_info=True)
        return None


def _bump_generation() -> None:
    cache = page_cache()
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # evicted or never set
        cache.add(GENERATION_KEY, random.getrandbits(48), timeout=None)


def store(
    entry: str,
    value,
    keys: Iterable[str],
    *,
    timeout: int,
    started_at_generation: int | None,
    url: str = "",
) -> bool:
    """Cache `value` under `entry`, remembering what it depends on. False when not stored."""
    if started_at_generation is None or not is_shared_render():
        return False
    keys = sorted({key for key in keys if key and len(key) <= 120})
    cache = page_cache()
    try:
        cache.set(entry, value, timeout)
    except Exception:
        logger.warning("Page cache unavailable on write", exc_info=True)
        return False
    try:
        # One INSERT: rows an earlier (expired) copy of this entry left stay and still point
        # at it, which can only purge it early, never late.
        _rows().objects.bulk_create(
            [_rows()(entry=entry, key=key, url=url[:500]) for key in keys],
            batch_size=_BATCH,
            ignore_conflicts=True,
        )
    except DatabaseError:
        # Without its rows the entry could never be purged: it must not stay.
        logger.warning("Could not record the dependencies of %s", entry, exc_info=True)
        _safe_delete([entry])
        return False
    if generation() != started_at_generation:
        _safe_delete([entry])  # something changed while it rendered
        return False
    return True


def _safe_delete(entries: list[str]) -> None:
    try:
        page_cache().delete_many(entries)
    except Exception:
        logger.warning("Page cache unavailable on delete", exc_info=True)


def purge_keys(keys: Iterable[str]) -> tuple[set[str], set[str]]:
    """Delete every cached entry that depends on any of `keys`; return (entries, urls).

    Front caches are told by the invalidators in `dateline.caching.invalidators`.
    """
    keys = list(set(keys))
    entries: set[str] = set()
    urls: set[str] = set()
    for start in range(0, len(keys), _BATCH):
        rows = _rows().objects.filter(key__in=keys[start : start + _BATCH])
        for entry, url in rows.values_list("entry", "url"):
            entries.add(entry)
            if url:
                urls.add(url)
    try:
        _bump_generation()
    except Exception:
        logger.warning("Page cache unavailable on purge", exc_info=True)
    if entries:
        ordered = sorted(entries)
        _safe_delete(ordered)
        for start in range(0, len(ordered), _BATCH):
            _rows().objects.filter(entry__in=ordered[start : start + _BATCH]).delete()
    return entries, urls


def fragments_enabled() -> bool:
    """Whether cached fragments are on: `FRAGMENTS` in DATELINE_PAGE_CACHE, else `ENABLED`.

    A benchmark of uncached pages turns the page cache off but keeps the fragments, as
    production renders a page the page cache missed."""
    options = settings.DATELINE_PAGE_CACHE
    return options.get("FRAGMENTS", options.get("ENABLED", True))


def cached(entry: str, build, *, timeout: int = 3600):
    """`build()`'s value, cached until a key it recorded changes; its keys are replayed into
    the page being rendered, so a page showing a cached value depends on what the value did.
    """
    from .dependencies import record, recording

    if not fragments_enabled():
        return build()
    memo = _private_memo.get()
    if memo is not None:  # a private render: its own values only
        if entry not in memo:
            with recording() as keys:
                memo[entry] = (build(), sorted(keys))
        value, keys = memo[entry]
        record(*keys)
        return value
    hit = cache_get(entry)
    if hit is not None:
        value, keys = hit
        record(*keys)
        return value
    started_at = generation()
    with recording() as keys:
        value = build()
    store(entry, (value, sorted(keys)), keys, timeout=timeout, started_at_generation=started_at)
    return value


def cached_each(entries: dict, load, *, timeout: int = 3600) -> dict:
    """`cached()` for many items at once: `entries` maps each item to its entry name;
    `load(missing_items)` returns {item: build} for the items not cached, each `build()`
    being recorded on its own (so one story's change drops only its entry). One cache read
    for all the items, one load for the misses. Returns {item: value}."""
    from .dependencies import record, recording

    if not fragments_enabled() or not is_shared_render():
        return {item: build() for item, build in load(list(entries)).items()}
    try:
        hits = page_cache().get_many(list(entries.values()))
    except Exception:
        logger.warning("Page cache unavailable on read", exc_info=True)
        hits = {}
    values = {}
    for item, entry in entries.items():
        if entry in hits:
            values[item], keys = hits[entry]
            record(*keys)
    missing = [item for item in entries if item not in values]
    if missing:
        started_at = generation()
        for item, build in load(missing).items():
            with recording() as keys:
                values[item] = build()
            store(
                entries[item],
                (values[item], sorted(keys)),
                keys,
                timeout=timeout,
                started_at_generation=started_at,
            )
    return values
