"""Cached entries (whole pages and fragments) with the keys they depend on.

Storing an entry writes its value to the cache and adds it to the reverse index kept with
the cache (`dateline.caching.depindex`: Redis sets, a SQLite file beside DiskCache's shards,
or a dict for LocMem), under each key it recorded, with its URL; a reader's request never
writes to the newsroom's database. `purge_keys()` takes the entries of the changed keys out
of the index, deletes them and returns their URLs for the front caches. A hit is a single
cache read: nothing is validated on the way out, because a change deletes what it affects
(docs/architecture.md says why this and not versioned keys).

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
import hashlib
import logging
import random
import time
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from . import purgeclock
from .cache import DiskCache, ResilientRedisCache
from .dependencies import lifetime, without_moments
from .depindex import DependencyIndex, index_for
from .release import release

logger = logging.getLogger("dateline.caching")

GENERATION_KEY = "dateline:purge-generation"
# How many purges (and other deletes of entries) have finished: the clock of the copies kept
# outside the cache (`copy_clock`). Not the generation: a render's store that drops its own
# entry must not look like a purge to every other render in flight.
PURGES_DONE_KEY = "dateline:purges-done"
# No entry lives longer, whatever its caller asks: if its index were ever lost (see
# depindex), it would still go by itself.
MAX_LIFETIME = 24 * 3600

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


def index() -> DependencyIndex | None:
    """The page cache's reverse index (None: this kind of cache cannot keep one)."""
    backend = page_cache()
    return index_for(getattr(backend, "guarded_backend", backend))


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
    """The purge generation now (None when the cache cannot be reached, or in a private
    render, which must not read the shared cache at all: store nothing)."""
    if not is_shared_render():
        return None
    try:
        # Inside the guard: opening the cache can fail too (a corrupted DiskCache shard).
        cache = page_cache()
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
    keys = set(keys)
    timeout = lifetime(keys, min(timeout or MAX_LIFETIME, MAX_LIFETIME))
    if timeout <= 0:
        return False  # a moment it recorded has passed: it is already out of date
    keys = sorted(key for key in without_moments(keys) if key and len(key) <= 120)
    try:
        reverse = index()  # opening the cache may fail too: inside the guard
        if reverse is None:
            return False  # a cache that cannot say what depends on what caches nothing
        page_cache().set(entry, value, timeout)
    except Exception:
        logger.warning("Page cache unavailable on write", exc_info=True)
        return False
    try:
        # Index members an earlier (expired) copy of this entry left stay and still point
        # at it, which can only purge it early, never late.
        reverse.add(entry, keys, url[:500], time.time() + timeout)
    except Exception:
        # Without its index the entry could never be purged: it must not stay.
        logger.warning("Could not index the dependencies of %s", entry, exc_info=True)
        drop_entries([entry])
        return False
    if generation() != started_at_generation:
        drop_entries([entry])  # something changed while it rendered
        return False
    return True


def drop_entries(entries: list[str]) -> None:
    """Delete these entries now, by name (not by what they depend on), and tell the copies
    kept outside the cache (core.fasthit) that they are gone. Never raises."""
    try:
        page_cache().delete_many(entries)
    except Exception:
        logger.warning("Page cache unavailable on delete", exc_info=True)
    finally:
        # A fast-path copy may have been made of the entry before it went (core.fasthit).
        _purges_done(page_cache())


def purge_keys(keys: Iterable[str]) -> tuple[set[str], set[str]]:
    """Delete every cached entry that depends on any of `keys`; return (entries, urls).

    Raises when the cache or its index cannot be reached: the caller keeps the purge and
    retries it (dateline.caching.outbox). Front caches are told by the invalidators in
    `dateline.caching.invalidators`.
    """
    keys = sorted(set(keys))
    cache = page_cache()
    # Unguarded (GuardedCache.open): a failure must raise here, not look like a miss.
    backend = cache.open() if hasattr(type(cache), "open") else cache
    # The generation moves first: a render that read the data before the change and stores
    # after this point sees it move and drops what it stored.
    _bump_generation(backend)
    try:
        return _purge_entries(backend, keys)
    finally:
        # And again once the entries are gone (or some of them, on a failure): a copy made
        # outside the cache (core.fasthit) is trusted only while no purge has finished since
        # it was read, and one read between the first move and the deletes could be stale.
        # A count that did not move fails the purge: the outbox retries it, where a success
        # would leave every other process's copies of its pages trusted until they expire.
        _purges_done(backend, must=True)


def _bump_generation(backend) -> None:
    _bump(backend, GENERATION_KEY)


def _bump(backend, counter: str) -> bool:
    """Move `counter` on. False when the move did not reach the cache itself: django-redis
    answers a refused command with None (IGNORE_EXCEPTIONS), or Redis's in-process fallback
    took it, which no other process reads."""
    try:
        moved = backend.incr(counter) is not None
    except ValueError:  # evicted or never set: a random start, never a value read before
        # False when another process started it meanwhile: a move all the same.
        backend.add(counter, random.getrandbits(48), timeout=None)
        moved = True
    if isinstance(backend, ResilientRedisCache):
        return moved and not (backend.wrote_locally() or backend.breaker.is_open())
    return moved


def _purges_done(cache, *, must: bool = False) -> None:
    """Say that a purge (or a delete of entries) has finished: see `copy_clock`. `must`:
    raise when it could not be said (never raises otherwise)."""
    backend = getattr(cache, "guarded_backend", cache)
    try:
        if isinstance(backend, DiskCache):
            purgeclock.counter_for(backend.directory).bump()
            return
        if _bump(backend, PURGES_DONE_KEY):
            return
        failure: Exception = ConnectionError("the cache did not take the count")
    except Exception as error:
        failure = error
    # This process's copies are not trusted meanwhile (copy_clock answers None while Redis
    # is away); other processes' copies are, until the count moves.
    logger.warning("Could not count a finished purge", exc_info=failure)
    if must:
        raise failure


def _purge_entries(backend, keys: list[str]) -> tuple[set[str], set[str]]:
    reverse = index_for(backend)
    if reverse is None:
        return set(), set()
    try:
        entries, urls = reverse.pop(keys)
    except Exception:
        # Redis away: the process replays this purge when it answers again (the outbox is
        # the durable copy, retried later by the scheduler).
        fallback = getattr(backend, "fallback", None)
        if fallback is not None:
            fallback.remember_purge(keys)
        raise
    if entries:
        try:
            _delete_entries(backend, sorted(entries))
        except Exception:
            # Put them back under every key of this purge (early purges only, never late)
            # so the retry finds them; if even that fails, their lifetime bounds them.
            with contextlib.suppress(Exception):
                for entry in entries:
                    reverse.add(entry, keys, "", time.time() + MAX_LIFETIME)
            raise
    return entries, urls


def _delete_entries(backend, entries: list[str]) -> None:
    """Delete for sure, or raise: the guarded and the ignoring paths answer a failure with a
    quiet False, and an entry the index forgot must not stay."""
    client = getattr(backend, "client", None)
    if client is not None and hasattr(client, "get_client"):  # django-redis
        client.get_client(write=True).delete(*(client.make_key(entry) for entry in entries))
    elif isinstance(backend, DiskCache):
        backend.delete_for_sure(entries)  # waits for a busy shard (the newsroom's side)
    else:
        backend.delete_many(entries)


def prune_index() -> int:
    """Drop the index members of expired entries (a periodic job); returns how many."""
    reverse = index()
    return reverse.prune() if reverse is not None else 0


def forget_everything() -> None:
    """Empty the page cache's reverse index (a restore, which empties the cache too)."""
    reverse = index()
    if reverse is not None:
        reverse.clear()
    _purges_done(page_cache())


def copy_clock() -> Callable[[], int | None] | None:
    """How a process tells whether a copy of an entry it keeps outside the cache (the fast
    path for hits, core.fasthit) may still be served: a copy made when this read N, of an
    entry read after that, is good while it still reads N and the entry's own expiry has not
    passed. Every purge and every other delete of entries moves it once its deletes are done
    (`_purges_done`). None: trust no copy (the cache cannot be asked, or Redis is away and
    the answer came from this process's fallback, which other hosts' purges never reach).

    DiskCache: a counter in a file beside its shards, mapped into memory (caching.purgeclock),
    since every process that can purge it is on this host. Any other cache: one read of a
    counter in the cache itself (PURGES_DONE_KEY), which every host's purges move.
    None: not known yet (the cache cannot be opened now), ask again later."""
    cache = page_cache()
    backend = getattr(cache, "guarded_backend", cache)
    if backend is cache and hasattr(cache, "guarded_backend"):
        # The guard answers for a cache it cannot open: which clock to read is unknown, and
        # PURGES_DONE_KEY in a DiskCache is a key no purge moves (they move the file).
        return None
    if isinstance(backend, DiskCache):
        return purgeclock.counter_for(backend.directory).read
    return _generation_from_the_cache


def _generation_from_the_cache() -> int | None:
    cache = page_cache()  # the thread's own backend
    backend = getattr(cache, "guarded_backend", cache)
    try:
        value = backend.get(PURGES_DONE_KEY)
        if value is None:
            backend.add(PURGES_DONE_KEY, random.getrandbits(48), timeout=None)
            value = backend.get(PURGES_DONE_KEY)
    except Exception:
        return None
    if isinstance(backend, ResilientRedisCache) and backend.wrote_locally():
        return None
    return value if isinstance(value, int) else None


def read_for_copy(entry: str) -> tuple[object, float | None]:
    """`entry`'s value (None: a miss) and when it expires (time.time(); None when that is not
    known, or the value came from Redis's in-process fallback: no copy may be made of it)."""
    if not is_shared_render():
        return None, None
    cache = page_cache()
    backend = getattr(cache, "guarded_backend", cache)
    try:
        if isinstance(backend, DiskCache):
            found = backend.get(entry, None, None, False, True)  # (value, expire_time)
            # A busy shard answers the bare default (FanoutCache.get on a Timeout): a miss.
            return found if isinstance(found, tuple) else (None, None)
        if isinstance(backend, LocMemCache):
            key = backend.make_and_validate_key(entry)
            expires = backend._expire_info.get(key)
            return backend.get(entry), expires
        if isinstance(backend, ResilientRedisCache):
            # The lifetime first: an entry stored again in between gets the shorter one.
            now = time.time()
            ttl_ms = backend.pttl(entry)
            local = backend.wrote_locally()
            value = backend.get(entry)
            if local or backend.wrote_locally() or not ttl_ms or ttl_ms <= 0:
                return value, None
            return value, now + ttl_ms / 1000
    except Exception:
        logger.warning("Page cache unavailable on read", exc_info=True)
        return None, None
    return cache_get(entry), None


def fragments_enabled() -> bool:
    """Whether cached fragments are on: `FRAGMENTS` in DATELINE_PAGE_CACHE, else `ENABLED`.

    A benchmark of uncached pages turns the page cache off but keeps the fragments, as
    production renders a page the page cache missed."""
    options = settings.DATELINE_PAGE_CACHE
    return options.get("FRAGMENTS", options.get("ENABLED", True))


def fragment_entry(*parts: object, kind: str = "fragment") -> str:
    """The cache entry of a fragment named by `parts`: one entry per name and active time
    zone (times inside are rendered in it, so a zone change is a new entry) and release (a
    deploy draws its fragments anew: caching.release)."""
    from django.utils import timezone

    names = [release(), *(str(part) for part in parts), timezone.get_current_timezone_name()]
    return f"dateline:{kind}:" + hashlib.sha256(":".join(names).encode()).hexdigest()[:40]


def is_cached(entry: str) -> bool:
    """Whether `cached(entry, ...)` would find a value now, without reading it: a hint (the
    entry may come or go before it is read), for work shared with a value built later."""
    if not fragments_enabled():
        return False
    memo = _private_memo.get()
    if memo is not None:
        return entry in memo
    try:
        return bool(page_cache().has_key(entry))
    except Exception:
        return False


def cached(
    entry: str,
    build,
    *,
    timeout: int = 3600,
    with_outer_keys: bool | str = False,
    keep: Callable[[object], bool] | None = None,
    fragment: bool = False,
    placement_of: object | None = None,
):
    """`build()`'s value, cached until a key it recorded changes; its keys are replayed into
    the page being rendered, so a page showing a cached value depends on what the value did.
    `with_outer_keys`: the value depends on what the render recorded before it too (a
    template fragment shows what its context loaded earlier); "context": on what the render
    read itself, not on the cached values shown before it (`dependencies.context_keys`).
    `keep(value)`: whether a value just built may be stored (one whose change no recorded
    key would follow is not). `fragment`: the value is a part of the page's HTML (a template
    fragment), its keys the part's own: the page depends on them, but what the page reads
    later does not (unlike data such as the site's settings, read once and used anywhere).
    `placement_of`: a page's pk; the value shows where that page stands, not what it shows,
    so its keys name the page's placement instead of the page (`caching.placement`).
    """
    from .dependencies import context_keys, current_keys, record, recording, replay
    from .placement import swap_page_key

    shown = replay if fragment else record

    if not fragments_enabled():
        return build()
    outer = (
        context_keys
        if with_outer_keys == "context"
        else current_keys
        if with_outer_keys
        else frozenset
    )
    memo = _private_memo.get()
    if memo is not None:  # a private render: its own values only
        if entry not in memo:
            inherited = outer()
            with recording(value=fragment) as keys:
                keys.update(inherited)
                value = build()
                if placement_of is not None:
                    swap_page_key(keys, placement_of)
                memo[entry] = (value, sorted(keys))
        value, keys = memo[entry]
        shown(*keys)
        return value
    hit = cache_get(entry)
    if hit is not None:
        value, keys = hit
        shown(*keys)
        return value
    started_at = generation()
    inherited = outer()
    with recording(value=fragment) as keys:
        keys.update(inherited)
        value = build()
        if placement_of is not None:
            swap_page_key(keys, placement_of)
    if keep is None or keep(value):
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
