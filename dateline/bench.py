"""`make bench`: does a page cost the same at 120 stories and at tens of thousands?

Builds a throw-away SQLite database (or uses BENCH_DATABASE_URL), loads the demo, measures
each reader page in-process, bulk-generates more stories and measures again. Figures are
reported as ratios within this one run (the machines are shared and noisy), next to the
median times and query counts they come from.

    python -m dateline.bench [--articles 20000] [--repeat 25]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _setup(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.test")
    import django

    django.setup()


def _pages() -> dict[str, str]:
    from taggit.models import Tag

    from dateline.articles.models import ArticlePage
    from dateline.sections.models import SectionPage

    world = SectionPage.objects.get(slug="world")
    article = ArticlePage.objects.published().in_section(world).order_by("-published_at").first()
    tag = Tag.objects.filter(articles_articlepagetag_items__isnull=False).first()
    return {
        "home": "/",
        "section": world.url,
        "section page 2": world.url + "?page=2",
        "article": article.url,
        "topic": f"/topic/{tag.slug}/",
        "latest feed": "/feeds/latest/rss/",
        "sitemap index": "/sitemap.xml",
        "news sitemap": "/sitemap-news.xml",
    }


def _measure(paths: dict[str, str], repeat: int) -> dict[str, tuple[float, int]]:
    from django.core.cache import cache
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    results = {}
    for name, path in paths.items():
        cache.clear()
        response = client.get(path)  # warm renditions and caches once
        assert response.status_code == 200, (path, response.status_code)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        query_count = len(queries)  # read now: the log is a window that reset_queries() empties
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(path)
            timings.append(time.perf_counter() - started)
        reset_queries()
        results[name] = (statistics.median(timings) * 1000, query_count)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000, help="stories to add in bulk")
    parser.add_argument("--repeat", type=int, default=25, help="timed requests per page")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="dateline-bench-"))
    _setup(os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}"))
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = workdir / "media"
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    demo_seconds = time.perf_counter() - started

    from dateline.articles.models import ArticlePage

    paths = _pages()
    small_count = ArticlePage.objects.count()
    small = _measure(paths, args.repeat)

    started = time.perf_counter()
    call_command("generate", articles=args.articles, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    generate_seconds = time.perf_counter() - started
    large_count = ArticlePage.objects.count()
    large = _measure(paths, args.repeat)

    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}")
    print(
        f"demo load: {demo_seconds:.1f} s; generate: {args.articles} stories in "
        f"{generate_seconds:.1f} s ({args.articles / generate_seconds:.0f}/s)"
    )
    print(f"\n{'page':<16}{small_count:>9} stories{large_count:>10} stories   ratio   queries")
    for name in paths:
        (small_ms, small_q), (large_ms, large_q) = small[name], large[name]
        print(
            f"{name:<16}{small_ms:>12.1f} ms{large_ms:>13.1f} ms   {large_ms / small_ms:5.2f}   "
            f"{small_q} → {large_q}"
        )
    print("\nratio = median time at the larger size / median time at the smaller size, same run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
