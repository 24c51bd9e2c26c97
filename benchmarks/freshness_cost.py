"""Issue 19's "cached-hit cost and uncached render cost must not get worse", measured in
two checkouts at once: the home page and a story, each as a cached hit, a page-cache miss
with warm fragments and a cold render (the whole cache emptied), in CPU milliseconds of the
rendering process (`time.process_time`: a cache or database server's own work is not in it)
and queries.

    python benchmarks/freshness_cost.py --before /work/wt-fb-before [--after .] [--rounds 20]

Each checkout runs this file as a worker under its own virtualenv (`<root>/.venv/bin/python
benchmarks/freshness_cost.py --worker <root>`), on a throw-away SQLite database with the
demo, page cache and fragments on (DiskCache, production's default). The driver alternates
the two workers round by round, so the machine's load (shared, noisy) falls on both alike:
compare the two columns as a ratio, not with figures of another run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
KINDS = ("hit", "miss", "cold")
STORY_SLUG = "monsoon-session-wraps-up-with-three-bills-passed-and-two-sent-to-committee"
LABELS = {
    "hit": "cached hit",
    "miss": "miss, warm fragments",
    "cold": "cold render (cache emptied)",
}


# --- worker: one checkout, one process ----------------------------------------------------


def worker(root: Path) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dateline-freshness-cost-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("REDIS_URL", None)
    os.chdir(root)
    sys.path.insert(0, str(root))
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, RequestFactory, override_settings
    from django.test.utils import CaptureQueriesContext

    from dateline.articles.models import ArticlePage
    from dateline.caching.middleware import page_entry_key

    try:  # the freshness model's room since issue 20; in core before it
        from dateline.caching import cachestore

        cache_module = "dateline.caching.cache"
    except ImportError:
        from dateline.core import cachestore

        cache_module = "dateline.core.cache"

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("demo", verbosity=0, stdout=quiet)
    # The same story in both checkouts (a demo story both have), not the newest one: the
    # newer demo's newest story is a live blog, another page type.
    story = ArticlePage.objects.live().get(slug=STORY_SLUG)
    pages = {"home": "/", "article": story.url}
    disk = {
        "BACKEND": f"{cache_module}.GuardedCache",
        "GUARDED": {
            "BACKEND": f"{cache_module}.DiskCache",
            "LOCATION": str(workdir / "cache"),
            "SHARDS": 8,
            "DATABASE_TIMEOUT": 0.25,
        },
    }
    page_cache = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True, "FRAGMENTS": True}
    override = override_settings(
        DATELINE_PAGE_CACHE=page_cache, CACHES={**settings.CACHES, "default": disk}
    )
    override.enable()
    reader = Client()
    entries = {name: page_entry_key(RequestFactory().get(path)) for name, path in pages.items()}

    def request(name: str, kind: str) -> bool:
        """One request of `kind`; False when a hit found no entry (not timed as a hit)."""
        if kind == "miss":
            caches["default"].delete(entries[name])
        elif kind == "cold":
            caches["default"].clear()
            forget = getattr(cachestore, "forget_everything", None)  # absent before issue 19
            if forget is not None:
                forget()
        response = reader.get(pages[name])
        assert response.status_code == 200, (pages[name], response.status_code)
        if kind == "hit":
            return response.get("X-Cache") == "HIT"
        assert response.get("X-Cache") == "MISS", (kind, response.get("X-Cache"))
        return True

    for name in pages:  # renditions, per-process caches, warm fragments
        request(name, "miss")
        request(name, "miss")
    counts = {}
    for name in pages:
        for kind in KINDS:
            if kind == "hit":  # the other page's cold request emptied the cache: store it
                request(name, "miss")
            with CaptureQueriesContext(connection) as captured:
                request(name, kind)
            counts[f"{name} {kind}"] = len(captured.captured_queries)
    print(json.dumps({"ready": True, "pages": pages, "counts": counts}), flush=True)
    for line in sys.stdin:
        if line.strip() != "round":
            break
        timings = {}
        for name in pages:
            for kind in KINDS:
                if kind == "hit":  # another page's cold request emptied the cache: store it
                    request(name, "miss")
                started = time.process_time()
                counted = request(name, kind)
                if counted:
                    timings[f"{name} {kind}"] = (time.process_time() - started) * 1000
        print(json.dumps(timings), flush=True)
    return 0


# --- driver --------------------------------------------------------------------------------


def _start(root: Path) -> subprocess.Popen:
    python = root / ".venv" / "bin" / "python"
    return subprocess.Popen(
        [str(python), str(HERE), "--worker", str(root)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
    )


def _commit(root: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%h"], capture_output=True, text=True
    ).stdout.strip()


def driver(before: Path, after: Path, rounds: int) -> int:
    trees = {"before": before, "after": after}
    started = time.time()
    load_before = os.getloadavg()
    workers = {label: _start(root) for label, root in trees.items()}  # set up side by side
    ready = {label: json.loads(worker.stdout.readline()) for label, worker in workers.items()}
    # Shown at once: on a loaded machine the set-up alone takes many minutes.
    print(f"queries: {json.dumps({k: v['counts'] for k, v in ready.items()})}", file=sys.stderr)
    samples: dict[str, dict[str, list[float]]] = {label: {} for label in trees}
    for number in range(rounds):
        print(f"round {number + 1} of {rounds}", file=sys.stderr, flush=True)
        for label, worker in workers.items():  # before, after, before, after...
            worker.stdin.write("round\n")
            worker.stdin.flush()
            for key, value in json.loads(worker.stdout.readline()).items():
                samples[label].setdefault(key, []).append(value)
    for worker in workers.values():
        worker.stdin.write("quit\n")
        worker.stdin.flush()
        worker.wait()
    load_after = os.getloadavg()
    minutes = (time.time() - started) / 60
    print(
        f"freshness cost: before {_commit(before)}, after {_commit(after)}, {rounds} "
        f"interleaved rounds, {minutes:.1f} min; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after; story {ready['after']['pages']['article']}"
    )
    print()
    print(
        "| page, request | CPU ms before (median) | CPU ms after (median) | after / before "
        "| queries before → after |"
    )
    print("| --- | ---: | ---: | ---: | --- |")
    for name in ("home", "article"):
        for kind in KINDS:
            key = f"{name} {kind}"
            old, new = samples["before"].get(key), samples["after"].get(key)
            if not old or not new:
                print(f"| {name}, {LABELS[kind]} | - | - | - | - |")
                continue
            old_ms, new_ms = statistics.median(old), statistics.median(new)
            queries = f"{ready['before']['counts'][key]} → {ready['after']['counts'][key]}"
            print(
                f"| {name}, {LABELS[kind]} | {old_ms:.2f} | {new_ms:.2f} | "
                f"{new_ms / old_ms:.2f} | {queries} |"
            )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path, default=HERE.parent.parent)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker.resolve())
    if args.before is None:
        parser.error("--before is required")
    return driver(args.before.resolve(), args.after.resolve(), args.rounds)


if __name__ == "__main__":
    raise SystemExit(main())
