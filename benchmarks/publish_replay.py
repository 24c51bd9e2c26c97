"""What an editor's title edit purges, and what each affected page rebuilds after it, in-process.

    DJANGO_SETTINGS_MODULE=dateline.settings.production DATABASE_URL=... CACHE_DIR=... \\
        .venv/bin/python benchmarks/publish_replay.py [--rounds 3] [--profile PATH]

The sequence of `http_front.py`'s publish-to-visible, replayed in one process against an
existing demo database (the environment of `make run` or `dateline.core.testing.production_env`)
with the page cache on: warm the five affected URLs, change the story's headline as the admin
does, then request each URL once. Prints, per round, the entries the purge deleted (by name:
page URLs and fragment names), and for each URL its CPU time (time.process_time), its queries
and every cached value it rebuilt with the CPU that build took (inclusive of nested ones).
A value rebuilt by more than one URL is what concurrent renders after a purge would all build
at once. `--profile PATH` prints a pyinstrument profile of that URL's first request after the
edit (`.[bench]`).
"""

from __future__ import annotations

import argparse
import collections
import secrets
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _instrument(
    names: dict[str, str], built: list[tuple[str, float]], stored: dict[str, set[str]]
) -> None:
    """Name entries as they are made, and time every build of a cached value (rebinding the
    functions in the modules that imported them by name)."""
    from dateline.caching import cachestore, middleware

    original_entry = cachestore.fragment_entry
    original_cached = cachestore.cached
    original_each = cachestore.cached_each
    original_page_entry = middleware.page_entry_key
    original_store = cachestore.store

    def store(entry, value, keys, **kwargs):
        keys = set(keys)
        stored[entry] = keys
        return original_store(entry, value, keys, **kwargs)

    cachestore.store = store  # called through the module's globals

    def fragment_entry(*parts, kind="fragment"):
        entry = original_entry(*parts, kind=kind)
        names[entry] = f"{kind}:" + ":".join(str(part) for part in parts)[:70]
        return entry

    def page_entry_key(request, query=None):
        entry = original_page_entry(request, query)
        names[entry] = f"page {request.path}"
        return entry

    def cached(entry, build, **kwargs):
        def timed():
            started = time.process_time()
            try:
                return build()
            finally:
                built.append((names.get(entry, entry), time.process_time() - started))

        return original_cached(entry, timed, **kwargs)

    def cached_each(entries, load, **kwargs):
        def timed_load(missing):
            builds = load(missing)
            out = {}
            for item, build in builds.items():

                def timed(build=build, item=item):
                    started = time.process_time()
                    try:
                        return build()
                    finally:
                        name = str(entries[item]).rsplit(":", 3)[0]
                        built.append((name, time.process_time() - started))

                out[item] = timed
            return out

        return original_each(entries, timed_load, **kwargs)

    replacements = {
        original_entry: fragment_entry,
        original_cached: cached,
        original_each: cached_each,
        original_page_entry: page_entry_key,
    }
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("dateline"):
            continue
        for attribute, value in list(vars(module).items()):
            if callable(value) and value in replacements:
                setattr(module, attribute, replacements[value])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", default="")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connections, transaction
    from django.test import Client

    from dateline.articles.models import ArticlePage
    from dateline.caching import cachestore

    names: dict[str, str] = {}
    built: list[tuple[str, float]] = []
    stored: dict[str, set[str]] = {}
    story = (
        ArticlePage.objects.published()
        .filter(tagged_items__isnull=False)
        .order_by("-published_at")[3]
    )
    paths = [story.url, story.top_section.url, "/", f"/topic/{story.tags.first().slug}/"]
    paths.append("/feeds/latest/rss/")
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    for path in paths:  # imports every template tag module before the rebinding
        assert client.get(path).status_code == 200
    _instrument(names, built, stored)
    purged: list[str] = []
    original_purge = cachestore.purge_keys

    def purge_keys(keys):
        entries, urls = original_purge(keys)
        for entry in sorted(entries, key=lambda entry: names.get(entry, entry)):
            why = sorted(set(keys) & stored.get(entry, set()))
            purged.append(f"{names.get(entry, entry[:40])} (by {', '.join(why) or '?'})")
        print(f"purged keys: {sorted(keys)}")
        return entries, urls

    cachestore.purge_keys = purge_keys
    totals: dict[str, list[float]] = collections.defaultdict(list)
    for round_number in range(args.rounds):
        for path in paths:  # warm again, every name known
            client.get(path)
        built.clear()
        purged.clear()
        story = ArticlePage.objects.get(pk=story.pk)
        story.title = f"Corrected headline {secrets.token_hex(3)}"
        started = time.process_time()
        with transaction.atomic():
            story.save_revision().publish()
        edit_ms = (time.process_time() - started) * 1000
        print(f"\n## round {round_number + 1}: the edit and its purge {edit_ms:.0f} ms CPU")
        print(f"purged {len(purged)} entries:")
        for line in purged:
            print(f"  {line}")
        by_name: dict[str, list[str]] = collections.defaultdict(list)
        for path in paths:
            built.clear()
            queries: list[str] = []

            def count(execute, sql, params, many, context, queries=queries):
                queries.append(sql)
                return execute(sql, params, many, context)

            profiler = None
            if args.profile == path and round_number == 0:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0005)
                profiler.start()
            started = time.process_time()
            with connections["default"].execute_wrapper(count):
                response = client.get(path)
            cpu_ms = (time.process_time() - started) * 1000
            if profiler is not None:
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
            assert story.title.encode() in response.content, path
            totals[path].append(cpu_ms)
            rebuilt = ", ".join(f"{name} {seconds * 1000:.1f}" for name, seconds in built)
            print(f"{path}: {cpu_ms:.1f} ms CPU, {len(queries)} queries; rebuilt: {rebuilt}")
            for name, _ in built:
                by_name[name].append(path)
        shared = {name: where for name, where in by_name.items() if len(set(where)) > 1}
        print(f"rebuilt by more than one URL: {shared or 'none'}")
    print("\n| URL | CPU ms after the edit (median) |\n| --- | ---: |")
    for path, values in totals.items():
        print(f"| {path} | {statistics.median(values):.1f} |")
    print(f"| all five | {sum(statistics.median(v) for v in totals.values()):.1f} |")


if __name__ == "__main__":
    main()
