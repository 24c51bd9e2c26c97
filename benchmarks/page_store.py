"""What a reader's page costs with the page cache on: a hit, and a miss that stores.

Builds a throw-away SQLite database with the demo, turns the page cache on with the cache
chosen by --cache (DiskCache in a temporary directory, the default of production, or Redis
at REDIS_URL), then for one story page measures, interleaved, CPU milliseconds
(`time.process_time`, this process only: a cache or database server's own work is not in
it) of a cached hit, of a page-cache miss with warm fragments (the page's own entry is
deleted before each render, so the render stores it again with its dependencies) and of a
cold render (the whole cache emptied: every fragment stored too), the queries of each, and
which of them write.

    python benchmarks/page_store.py [--cache disk|redis] [--repeat 40]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _environment(cache: str, workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ.setdefault("BENCH_MEDIA_ROOT", str(workdir / "media"))
    if cache == "disk":
        os.environ.pop("REDIS_URL", None)
    elif not os.environ.get("REDIS_URL"):
        raise SystemExit("--cache redis needs REDIS_URL")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", choices=["disk", "redis"], default="disk")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="dateline-page-store-"))
    _environment(args.cache, workdir)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory, override_settings
    from django.test.utils import CaptureQueriesContext

    from dateline.articles.models import ArticlePage
    from dateline.caching import cachestore
    from dateline.caching.middleware import page_entry_key

    disk = {
        "BACKEND": "dateline.caching.cache.GuardedCache",
        "GUARDED": {
            "BACKEND": "dateline.caching.cache.DiskCache",
            "LOCATION": str(workdir / "cache"),
            "SHARDS": 8,
            "DATABASE_TIMEOUT": 0.25,
        },
    }
    cache_settings = {"default": disk} if args.cache == "disk" else {}
    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    story = ArticlePage.objects.live().order_by("-published_at").first()
    path = story.url
    page_cache = {
        **django.conf.settings.DATELINE_PAGE_CACHE,
        "ENABLED": True,
        "FRAGMENTS": True,
    }
    with override_settings(
        DATELINE_PAGE_CACHE=page_cache,
        **({"CACHES": {**django.conf.settings.CACHES, **cache_settings}} if cache_settings else {}),
    ):
        caches["default"].clear()
        entry = page_entry_key(RequestFactory().get(path))
        reader = Client()

        missed_hits = []

        def hit():
            response = reader.get(path)
            if response["X-Cache"] != "HIT":  # purged meanwhile (a sweep, a moment): re-stored
                missed_hits.append(response["X-Cache"])
                raise LookupError

        def miss():
            caches["default"].delete(entry)
            response = reader.get(path)
            assert response["X-Cache"] == "MISS", response.get("X-Cache")

        def cold():
            caches["default"].clear()
            forget = getattr(cachestore, "forget_everything", None)  # absent before the index
            if forget is not None:
                forget()
            response = reader.get(path)
            assert response["X-Cache"] == "MISS", response.get("X-Cache")

        miss()
        miss()  # renditions, per-process caches, warm fragments
        runs = (("hit", hit), ("miss", miss), ("cold", cold))
        counts = {}
        for name, run in runs:
            with CaptureQueriesContext(connection) as captured:
                run()
            sql = [q["sql"].split(None, 1)[0].upper() for q in captured.captured_queries]
            counts[name] = (len(sql), sum(1 for s in sql if s in {"INSERT", "UPDATE", "DELETE"}))
        timings: dict[str, list[float]] = {name: [] for name, _run in runs}
        for _ in range(args.repeat):
            for name, run in runs:
                started = time.process_time()
                try:
                    run()
                except LookupError:
                    continue  # not a hit: not timed as one
                timings[name].append((time.process_time() - started) * 1000)
    print(f"page-store bench: {args.cache}, {path}, {args.repeat} interleaved rounds")
    print(f"(hits that found no entry, not timed: {len(missed_hits)})")
    print("| request | CPU ms (median) | CPU ms (p90) | queries | of which writes |")
    print("| --- | ---: | ---: | ---: | ---: |")
    labels = {
        "hit": "cached hit",
        "miss": "miss, warm fragments (stores the page)",
        "cold": "cold: cache emptied (stores the page and its fragments)",
    }
    for name, label in labels.items():
        values = sorted(timings[name])
        p90 = values[int(len(values) * 0.9) - 1]
        total, writes = counts[name]
        print(f"| {label} | {statistics.median(values):.2f} | {p90:.2f} | {total} | {writes} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
