"""The article and the home page at the three temperatures of issue 21 point 3, in-process.

    DJANGO_SETTINGS_MODULE=dateline.settings.production DATABASE_URL=... CACHE_DIR=... \\
        .venv/bin/python benchmarks/temperatures.py [--repeat 9] [--profile "article:warm"]

Against an existing database with the demo loaded (the environment of `make run`, or of
`dateline.core.testing.production_env`), the page cache off and the fragments on, as
production renders a page its page cache missed. For each page and temperature: the median
CPU time of the process per request (time.process_time, which a busy machine inflates less
than wall time) and the queries of one request.

- warm: every fragment cached (a new query string on a cached story);
- own fragments cold: the story's own entries purged (its first request, or the first after
  its update), the shared ones (menus, rails) warm;
- all cold: the whole cache cleared before each request (after a deploy or a flush).

`--profile PAGE:TEMPERATURE` prints a pyinstrument profile of one such request (`.[bench]`).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _counter(queries: list[str]):
    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connections
    from django.test import Client

    from dateline.articles.models import ArticlePage
    from dateline.caching import cachestore
    from dateline.caching.dependencies import key_for

    options = settings.DATELINE_PAGE_CACHE
    settings.DATELINE_PAGE_CACHE = {**options, "ENABLED": False, "FRAGMENTS": True}
    story = ArticlePage.objects.published().order_by("-published_at")[3]
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])

    def own_cold() -> None:
        cachestore.purge_keys([key_for(ArticlePage, story.pk)])

    temperatures = {"warm": None, "own fragments cold": own_cold, "all cold": cache.clear}
    print("| page | temperature | CPU ms (median) | queries |\n| --- | --- | ---: | ---: |")
    for name, path in [("article", story.url), ("home", "/")]:
        for temperature, prepare in temperatures.items():
            if name == "home" and temperature == "own fragments cold":
                continue  # the home page is a shared fragment's page
            assert client.get(path).status_code == 200
            if prepare:
                prepare()
            queries: list[str] = []
            with connections["default"].execute_wrapper(_counter(queries)):
                client.get(path)
            cpu = []
            for _ in range(args.repeat):
                if prepare:
                    prepare()
                started = time.process_time()
                assert client.get(path).status_code == 200
                cpu.append((time.process_time() - started) * 1000)
            print(f"| {name} | {temperature} | {statistics.median(cpu):.1f} | {len(queries)} |")
            if args.profile == f"{name}:{temperature}":
                from pyinstrument import Profiler

                if prepare:
                    prepare()
                profiler = Profiler(interval=0.0005)
                with profiler:
                    client.get(path)
                print(profiler.output_text(unicode=False, color=False, show_all=False))


if __name__ == "__main__":
    main()
