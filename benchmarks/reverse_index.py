"""Reverse index or versioned keys: what a page-cache hit, a store and a purge cost.

Two ways to find what a change makes stale, each on DiskCache (a temporary directory) and
on Redis (REDIS_URL, if set), measured interleaved in one run, with a page of ~30 KB that
recorded 150 keys:

- index: the entry is one cache value; a store adds it to the reverse index under each key
  (dateline.caching.depindex), a purge pops the keys' members and deletes the entries. A hit
  is one read.
- versions: each key has a counter; an entry stores the counters it saw; a hit reads the
  entry and then every counter it names and compares; a purge increments the counters.

    python benchmarks/reverse_index.py [--rounds 200] [--keys 150]

Prints the median and p90 wall-clock microseconds of each operation (a server's own time
is part of a request's wait) and the CPU microseconds of this process.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    settings.configure(USE_TZ=True, CACHES={})
    django.setup()


class IndexWay:
    name = "index"

    def __init__(self, cache, index) -> None:
        self.cache, self.index = cache, index

    def store(self, entry: str, value: bytes, keys: list[str]) -> None:
        self.cache.set(entry, value, 3600)
        self.index.add(entry, keys, f"https://example.test/{entry}", time.time() + 3600)

    def hit(self, entry: str, keys: list[str]) -> bool:
        return self.cache.get(entry) is not None

    def purge(self, keys: list[str]) -> None:
        entries, _urls = self.index.pop(keys)
        if entries:
            self.cache.delete_many(sorted(entries))


class VersionWay:
    name = "versions"

    def __init__(self, cache) -> None:
        self.cache = cache

    def _versions(self, keys: list[str]) -> dict[str, int]:
        names = [f"v:{key}" for key in keys]
        found = self.cache.get_many(names)
        for name in names:
            if name not in found:  # first use, or evicted: a fresh random start
                self.cache.add(name, int.from_bytes(os.urandom(6), "big"), None)
                found[name] = self.cache.get(name)
        return found

    def store(self, entry: str, value: bytes, keys: list[str]) -> None:
        self.cache.set(entry, (value, self._versions(keys)), 3600)

    def hit(self, entry: str, keys: list[str]) -> bool:
        stored = self.cache.get(entry)
        if stored is None:
            return False
        _value, seen = stored
        return self.cache.get_many(list(seen)) == seen

    def purge(self, keys: list[str]) -> None:
        for key in keys:
            with contextlib.suppress(ValueError):  # evicted: the next store starts it anew
                self.cache.incr(f"v:{key}")


def _ways(workdir: Path) -> list[tuple[str, object]]:
    from dateline.caching.cache import DiskCache, ResilientRedisCache
    from dateline.caching.depindex import RedisIndex, SQLiteIndex

    disk = DiskCache(str(workdir / "disk"), {"SHARDS": 8, "DATABASE_TIMEOUT": 0.25})
    ways = [
        ("DiskCache", IndexWay(disk, SQLiteIndex(workdir / "disk"))),
        ("DiskCache", VersionWay(disk)),
    ]
    url = os.environ.get("REDIS_URL")
    if url:
        redis = ResilientRedisCache(url, {"KEY_PREFIX": "bench-index", "OPTIONS": {}})
        redis.clear()
        ways += [
            ("Redis", IndexWay(redis, RedisIndex(redis, "bench-index"))),
            ("Redis", VersionWay(redis)),
        ]
    return ways


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--keys", type=int, default=150)
    args = parser.parse_args(argv)
    _setup()
    workdir = Path(tempfile.mkdtemp(prefix="dateline-index-bench-"))
    ways = _ways(workdir)
    value = os.urandom(15_000).hex().encode()  # ~30 KB, as a story page
    # Keys as a story page records them: shared ones (menus, settings, latest news) and its
    # own; 50 pages, so after the first 50 rounds every counter exists (the steady state).
    shared = ["site.sitesettings", "list:articles", "site.menu:main", "list:section:3"]
    wall: dict[tuple[str, str, str], list[float]] = {}
    cpu: dict[tuple[str, str, str], list[float]] = {}
    for n in range(args.rounds):
        entry = f"page-{n % 50}"
        keys = shared + [f"page:{(n % 50) * 1000 + k}" for k in range(args.keys - len(shared))]
        for cache_name, way in ways:
            for operation, call in (
                ("store", lambda w=way, e=entry, k=keys: w.store(e, value, k)),
                ("hit", lambda w=way, e=entry, k=keys: w.hit(e, k)),
                ("purge", lambda w=way, k=keys: w.purge(k[-2:])),
            ):
                started, started_cpu = time.perf_counter(), time.process_time()
                call()
                label = (cache_name, way.name, operation)
                wall.setdefault(label, []).append((time.perf_counter() - started) * 1e6)
                cpu.setdefault(label, []).append((time.process_time() - started_cpu) * 1e6)
    print(f"reverse index vs versioned keys: {args.keys} keys a page, {args.rounds} rounds")
    print("| cache | way | operation | wall µs median | wall µs p90 | CPU µs median |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for label, values in wall.items():
        ordered = sorted(values)
        p90 = ordered[int(len(ordered) * 0.9) - 1]
        print(
            f"| {' | '.join(label)} | {statistics.median(values):.0f} | {p90:.0f} "
            f"| {statistics.median(cpu[label]):.0f} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
