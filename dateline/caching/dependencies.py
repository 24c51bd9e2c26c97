"""What a page showed, recorded while it renders, so a change purges exactly those pages.

Any code that puts something on a page (a view, `get_context`, a listing, a template tag, a
menu) calls `record()` with the keys of what it used. The page cache (`dateline.caching`)
opens a recording around each anonymous render, stores the keys with the cached response and
sends them as a header to a front cache (Varnish xkey / Surrogate-Key). A service that changes
something calls `invalidate()` with the same keys, after commit.

Keys are short strings, one vocabulary for the whole project:

- ``page:<id>``: one Wagtail page (story, section, show, standard page...), whatever shows it:
  its own URL, a card in a listing, a breadcrumb, a menu link.
- ``placement:<id>``: where one page stands (its listings, publication, restrictions and
  the fields its type lists in ``placement_fields``), for the blocks around it on its own
  page that never show the page itself (`dateline.caching.placement`).
- ``list:<name>[:<id>]``: a listing whose membership or order can change when a new item
  joins it: ``list:articles`` (latest news), ``list:section:<id>``, ``list:tag:<id>``,
  ``list:author:<id>``, ``list:agency:<id>``, ``list:videos``, ``list:shorts``...
- ``<app_label>.<model>:<pk>``: any other model instance (an author, a tag, an image, a
  menu snippet); ``<app_label>.<model>`` alone for a whole model (site settings).
- ``list:<app_label>.<model>``: the coarse listing of a whole model. Recording is by
  construction (`dateline.caching.autodeps`): inside a recording every instance loaded records
  its own key and every SELECT records the coarse key of each reader-visible table it reads,
  unless the code narrows it on purpose (`narrow()`, `narrowed()`: a section's stories record
  ``list:section:<id>`` instead of ``list:articles.articlepage``). Invalidation is by
  construction too (`dateline.caching.signal_handlers`): every write purges its instance key,
  its model's coarse keys and the narrowed listings the model declares.
- ``until:<unix seconds>``: not a thing but a moment: what was rendered changes by itself
  then (an embargo lifts, a pin expires). `record_until()` notes it; `lifetime()` turns the
  earliest such moment into the entry's timeout, so the clock needs no purge. Markers travel
  with the other keys (a cached fragment replays them into the page that shows it) and are
  never sent to front caches as keys (they bound `s-maxage` instead).

Invalidation writes its keys to an outbox row in the transaction of the change
(`dateline.caching.outbox`: a crash before the purge loses nothing), and after the commit first
deletes the entries of core's own store (`dateline.caching.cachestore`: pages and fragments,
with a reverse index from key to entry kept with the cache), then hands the keys and the
purged URLs to the invalidators chosen in settings (`DATELINE_INVALIDATORS`: front caches),
so core stays at the bottom of the layers.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import logging
import math
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils.module_loading import import_string

from . import outbox

logger = logging.getLogger("dateline.caching.dependencies")


class Recorded(set):
    """The keys a recording collected. `own`: those the render read itself, as opposed to
    the keys a cached value it showed brought with it (`replay`): a fragment that depends
    on the page's context but not on the fragments beside it inherits `own` only
    (`context_keys`)."""

    __slots__ = ("own",)

    def __init__(self) -> None:
        super().__init__()
        self.own: set[str] = set()

    def add(self, key: str) -> None:
        super().add(key)
        self.own.add(key)

    def update(self, *iterables: Iterable[str]) -> None:
        for keys in iterables:
            keys = list(keys)
            super().update(keys)
            self.own.update(keys)

    def replay(self, keys: Iterable[str]) -> None:
        """Keys a cached value showed: the page depends on them, its context does not."""
        super().update(keys)


_recording: contextvars.ContextVar[Recorded | None] = contextvars.ContextVar(
    "dateline_dependencies", default=None
)
# The keys the queries of a `narrow()` block record instead of their coarse model keys.
_narrowing: contextvars.ContextVar[tuple[str, ...] | None] = contextvars.ContextVar(
    "dateline_narrowing", default=None
)
_batch: contextvars.ContextVar[_Collected | None] = contextvars.ContextVar(
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


UNTIL_PREFIX = "until:"


def record_until(moment: dt.datetime | None) -> None:
    """Note that what is being rendered changes by itself at `moment` (None: never)."""
    if moment is not None:
        record(f"{UNTIL_PREFIX}{math.ceil(moment.timestamp())}")


def without_moments(keys: Iterable[str]) -> set[str]:
    """The keys that name things (what a front cache or the reverse index is given)."""
    return {key for key in keys if not key.startswith(UNTIL_PREFIX)}


def lifetime(keys: Iterable[str], default: int, *, now: float | None = None) -> int:
    """Seconds an entry that recorded `keys` may live: `default`, or less when a recorded
    moment comes sooner (0: it has already passed; do not store)."""
    # A home page has hundreds of keys and few moments: one cheap test a key.
    moments = [int(key[len(UNTIL_PREFIX) :]) for key in keys if key.startswith(UNTIL_PREFIX)]
    if not moments:
        return default
    remaining = min(moments) - (time.time() if now is None else now)
    return max(0, min(default, math.floor(remaining)))


def record_objects(objects: Iterable[models.Model]) -> None:
    """Note every object shown (cards in a listing, links in a menu)."""
    recorded = _recording.get()
    if recorded is not None:
        recorded.update(key_for(obj) for obj in objects if obj is not None)


def replay(*keys: str) -> None:
    """Note the keys a cached value showed (`Recorded.replay`; no-op outside a recording)."""
    recorded = _recording.get()
    if recorded is not None:
        recorded.replay(keys)


@contextlib.contextmanager
def recording(*, value: bool = False, alone: bool = False) -> Iterator[Recorded]:
    """Collect the keys recorded while the block runs (nested recordings feed the outer one).
    `value`: the block builds a cached value; its keys are the value's, replayed into the
    outer recording, not read by the outer render's context. `alone`: they feed no outer
    recording (`apart`)."""
    outer = None if alone else _recording.get()
    keys = Recorded()
    token = _recording.set(keys)
    try:
        yield keys
    finally:
        _recording.reset(token)
        if outer is not None:
            outer.replay(keys)
            if not value:
                outer.own.update(keys.own)


def apart() -> contextlib.AbstractContextManager[Recorded]:
    """Collect the keys recorded while the block runs without recording them anywhere else:
    the caller records them itself, where they belong (a load shared by two fragments)."""
    return recording(alone=True)


def remembered(memo: dict | None, name: str, build: Callable[[], Any]) -> Any:
    """`build()` once per `memo` (a request's or a render's), its recorded keys recorded again
    at every later use: a fragment that does not inherit the fragments before it (`depends=`)
    still depends on a value first read inside one of them. `memo` None: built each time."""
    if memo is not None and name in memo:
        value, keys = memo[name]
        record(*keys)
        return value
    with recording() as keys:
        value = build()
    if memo is not None:
        memo[name] = (value, frozenset(keys))
    return value


def current_keys() -> frozenset[str]:
    """The keys recorded so far by the innermost recording (empty outside any)."""
    recorded = _recording.get()
    return frozenset(recorded) if recorded is not None else frozenset()


def context_keys() -> frozenset[str]:
    """The keys the innermost recording read itself so far, not those cached values it
    showed brought with them (empty outside any recording)."""
    recorded = _recording.get()
    return frozenset(recorded.own) if recorded is not None else frozenset()


def current_narrowing() -> tuple[str, ...] | None:
    """The keys of the innermost `narrow()` block running now (None outside any)."""
    return _narrowing.get()


@contextlib.contextmanager
def narrow(*keys: str) -> Iterator[None]:
    """Queries run inside the block record `keys` instead of the coarse keys of the tables
    they read: the hand-written statement of what a listing really depends on. Instances
    loaded inside still record their own keys. `narrow()` with no keys says that what the
    queries found is all the result depends on (routing: the page found)."""
    record(*keys)
    token = _narrowing.set(tuple(keys))
    try:
        yield
    finally:
        _narrowing.reset(token)


NARROW_ATTRIBUTE = "dateline_narrow"


def narrowed(queryset: models.QuerySet, *keys: str) -> models.QuerySet:
    """`queryset`, narrowed to `keys` wherever it is evaluated (a lazy listing read by a
    template), its clones included: the keys ride on the SQL query, which clones copy."""
    clone = queryset.all()
    setattr(clone.query, NARROW_ATTRIBUTE, tuple(keys))
    return clone


class PurgeAfterCommit:
    """The purge `invalidate()` and `batch()` leave for after the commit (then settle their
    outbox rows). A type of its own so tests can tell it from other callbacks
    (`dateline.core.testing.purges_as_in_production` runs it when the test's own atomic
    block ends, as the commit would)."""

    __slots__ = ("keys", "rows", "ran")

    def __init__(self, keys: set[str], rows: list[int]):
        self.keys, self.rows = set(keys), list(rows)
        # Run already: nothing may join it (a test's captured callbacks stay listed after
        # they ran; a commit clears the list).
        self.ran = False

    def __call__(self) -> None:
        self.ran = True
        error, urls = purge(self.keys)
        outbox.settle(self.rows, error, urls)


class _Collected(set):
    """The keys a `batch()` collected, and the outbox rows already written for them."""

    def __init__(self, in_transaction: bool) -> None:
        super().__init__()
        # Opened inside a transaction: one outbox row at the end, in that transaction.
        # Outside one, each change commits on its own, so each invalidation writes its row.
        self.in_transaction = in_transaction
        self.rows: list[int] = []


def invalidate(*keys: str) -> None:
    """Purge every cached page that recorded any of these keys, once the transaction commits.

    The keys are written to the outbox in the same transaction (dateline.caching.outbox): a
    crash between the commit and the purge loses nothing. Inside `batch()` the keys are
    collected; the batch purges them once at its end."""
    keys_set = {key for key in keys if key}
    if not keys_set:
        return
    collected = _batch.get()
    if collected is not None:
        collected.update(keys_set)
        if not collected.in_transaction:
            collected.rows.append(outbox.write(keys_set))
        return
    _purge_after_commit(keys_set, [outbox.write(keys_set)])


def _purge_after_commit(keys: set[str], rows: list[int]) -> None:
    """One purge per commit: a change's later invalidations in the same transaction (a
    publish also writes the API's change row) join the purge already waiting.
    Each purge moves the generation, and a render that started after the first purge (fresh
    data) but finishes after a second one would be dropped and refused to front caches; each
    also costs a round trip to Varnish. A purge waiting in a savepoint that may still roll
    back without this one is left alone: a rollback must still drop only its own."""
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        # Django drops a callback when a savepoint it was registered in rolls back. The
        # savepoints open now are `savepoints`; of the waiting purge's, only those can still
        # roll back (one released since, like Wagtail's publish's own, cannot): it shares
        # this invalidation's fate when it was registered inside every one of them.
        savepoints = set(connection.savepoint_ids)
        for waiting_savepoints, callback, _robust in connection.run_on_commit:
            if (
                isinstance(callback, PurgeAfterCommit)
                and not callback.ran
                and savepoints <= waiting_savepoints
            ):
                callback.keys |= keys
                callback.rows.extend(rows)
                return
    transaction.on_commit(PurgeAfterCommit(keys, rows))


@contextlib.contextmanager
def batch() -> Iterator[set[str]]:
    """Collect the keys invalidated while the block runs and purge each of them once, after
    commit, when the block ends (a wire poll filing hundreds of stories into one section
    purges that section's pages once, not once per story).

    A block that raises purges nothing of its own: its changes were rolled back with it
    (the caller's savepoint); outbox rows of changes that did commit (a batch outside a
    transaction) stay for the periodic retry. Nested batches feed the outer one.
    """
    outer = _batch.get()
    keys = _Collected(in_transaction=_in_transaction())
    token = _batch.set(keys)
    try:
        yield keys
    finally:
        _batch.reset(token)
    # Reached only when the block succeeded.
    if keys and keys.in_transaction and not (outer is not None and outer.in_transaction):
        keys.rows.append(outbox.write(keys))  # still inside the transaction of the changes
    if outer is not None:
        outer.update(keys)
        outer.rows.extend(keys.rows)
    elif keys:
        _purge_after_commit(set(keys), keys.rows)


def _in_transaction() -> bool:
    return transaction.get_connection().in_atomic_block


def purge(keys: Iterable[str], urls: Iterable[str] = ()) -> tuple[str, set[str]]:
    """Purge now: core's store, then every invalidator. Returns ("", urls) when all of it
    worked, else (what failed, urls) so the caller keeps the purge for a retry."""
    from . import cachestore

    keys_set = set(keys)
    urls_set = set(urls)
    error = ""
    try:
        _entries, found = cachestore.purge_keys(keys_set)
        urls_set |= found
    except Exception as failure:  # a purge must never fail the change that asked for it
        logger.exception("Purging %d keys from the page cache failed", len(keys_set))
        error = f"page cache: {failure}"
    for path in getattr(settings, "DATELINE_INVALIDATORS", []):
        try:
            import_string(path)(keys_set, urls_set)
        except Exception as failure:
            logger.exception("Invalidator %s failed for %d keys", path, len(keys_set))
            error = error or f"{path}: {failure}"
    return error, urls_set


def invalidate_now(keys: Iterable[str]) -> None:
    """Purge at once (callers already outside a transaction, and tests); a purge that fails
    goes to the outbox for the periodic retry."""
    keys_set = set(keys)
    error, urls = purge(keys_set)
    if error:
        try:
            row = outbox.write(keys_set)
        except Exception:
            logger.exception("Could not keep a failed purge of %d keys", len(keys_set))
        else:
            outbox.settle([row], error, urls)
