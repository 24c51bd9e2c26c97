"""The one response header that tells a front cache what a page shows, within a size budget.

A page records every key it shows (a home page: hundreds). Sent as they are, they made `/`
carry 8.5 KB of headers (three copies of the list), past nginx's default 4 KB buffer. Now:

* One header, named by `DATELINE_KEYS_HEADER`: `xkey` (Varnish's vmod-xkey, the default),
  `Surrogate-Key` (Fastly) or `Cache-Tag` (Cloudflare, comma-separated).
* At most `DATELINE_KEYS_HEADER_BUDGET` bytes (2,048 by default). A list over budget is
  collapsed, never cut: first each key becomes its kind's bucket (`page:12` -> `page:~N`, 64
  buckets a kind), then, if still over, its kind (`page`), then one key for everything.
* A purge names every level of each changed key (`purge_keys`), so a page that sent only a
  coarse key is still purged by a change of any fine key under it: over-purging a few large
  pages, never a stale one.

The app's own page cache keeps the fine keys (caching.cachestore); only the header collapses.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable

from django.conf import settings

BUCKETS = 64
EVERYTHING = "all"
SEPARATORS = {"cache-tag": ","}


def header_name() -> str:
    return getattr(settings, "DATELINE_KEYS_HEADER", "xkey") or "xkey"


def _kind(key: str) -> str:
    return key.rsplit(":", 1)[0] if ":" in key else key


# A page's keys repeat from one render to the next (a home page sends hundreds): each is
# hashed once per process, not on every render.
@functools.lru_cache(maxsize=65536)
def _bucket(key: str) -> str:
    if ":" not in key:
        return key
    return f"{_kind(key)}:~{zlib.crc32(key.encode()) % BUCKETS}"


def _joined(keys: Iterable[str]) -> str:
    return SEPARATORS.get(header_name().lower(), " ").join(sorted(keys))


def header_value(keys: Iterable[str]) -> str:
    """The header's value for a page that recorded `keys`: fine if they fit the budget,
    else the finest collapse that does."""
    budget = getattr(settings, "DATELINE_KEYS_HEADER_BUDGET", 2048)
    keys = set(keys)
    levels = (lambda: keys, lambda: {_bucket(k) for k in keys}, lambda: {_kind(k) for k in keys})
    for level in levels:  # each collapse computed only when the finer one is over budget
        value = _joined(level())
        if len(value.encode()) <= budget:
            return value
    return EVERYTHING


def purge_keys(keys: Iterable[str]) -> set[str]:
    """What to purge in a front cache when `keys` changed: each key at every level a page
    may have sent it (fine, bucket, kind, everything)."""
    keys = set(keys)
    if not keys:
        return set()
    return keys | {_bucket(k) for k in keys} | {_kind(k) for k in keys} | {EVERYTHING}
