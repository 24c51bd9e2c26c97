"""Issue 19's "cached-hit cost and uncached render cost must not get worse", measured in
two checkouts at once: the home page and a story, each as a cached hit, a page-cache miss
with warm fragments and a cold render (the whole cache emptied), in CPU milliseconds of the
rendering process (`time.process_time`: a cache or database server's own work is not in it)
and queries.

    python benchmarks/freshness_cost.py [--before /tmp/before] [--after .] [--rounds 20]

The after checkout also runs a third worker with the freshness model switched off
(`switch_freshness_off()`: no recording, no reverse index, so no keys header), so the
table shows what the model itself costs at each temperature, apart from what the pages
gained between the two commits (`--no-off` leaves that worker out).

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


class _NeverRecording:
    """Stands in for the recording's context variable: no recording is ever open."""

    def get(self) -> None:
        return None

    def set(self, _value) -> None:
        return None

    def reset(self, _token) -> None:
        return None


def switch_freshness_off() -> None:
    """For this benchmark only: the page cache and fragments as they were before the
    freshness model, i.e. entries stored and read, but nothing recorded (no `post_init`
    hook, no query hook, `record()` and `recording()` inert), nothing added to the reverse
    index, hence an empty keys header. The purge generation (the race guard) stays: it
    predates the model. Stale pages are the price, which is the point of the comparison."""
    from django.db.models.query import QuerySet
    from django.db.models.signals import post_init, post_save
    from django.db.models.sql import compiler as sql_compiler

    from dateline.caching import autodeps, dependencies, depindex

    post_init.disconnect(dispatch_uid="dateline-autodeps-init")
    post_save.disconnect(dispatch_uid="dateline-autodeps-created")
    sql_compiler.SQLCompiler.execute_sql = sql_compiler.SQLCompiler.execute_sql.__wrapped__
    QuerySet._fetch_all = QuerySet._fetch_all.__wrapped__
    never = _NeverRecording()
    dependencies._recording = never
    autodeps._recording = never
    for index in (depindex.LocalIndex, depindex.SQLiteIndex, depindex.RedisIndex):
        index.add = lambda self, entry, keys, url, expires: None


def worker(root: Path, freshness_off: bool = False, profile: str = "") -> int:
    workdir = Path(tempfile.mkdtemp(prefix="dateline-freshness-cost-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["BENCH_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("REDIS_URL", None)
    os.chdir(root)
    sys.path.insert(0, str(root))
    import django

    django.setup()
    if freshness_off:
        switch_freshness_off()
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

    def prepare(name: str, kind: str) -> None:
        """Empty what a request of `kind` must find empty (not timed: emptying DiskCache's
        shards costs more than some renders, and only one checkout has an index to empty)."""
        if kind == "miss":
            caches["default"].delete(entries[name])
        elif kind == "cold":
            caches["default"].clear()
            forget = getattr(cachestore, "forget_everything", None)  # absent before issue 19
            if forget is not None:
                forget()

    def fetch(name: str, kind: str) -> bool:
        """One request of `kind`; False when a hit found no entry (not timed as a hit)."""
        response = reader.get(pages[name])
        assert response.status_code == 200, (pages[name], response.status_code)
        if kind == "hit":
            return response.get("X-Cache") == "HIT"
        assert response.get("X-Cache") == "MISS", (kind, response.get("X-Cache"))
        return True

    def request(name: str, kind: str) -> bool:
        prepare(name, kind)
        return fetch(name, kind)

    for name in pages:  # renditions, per-process caches, warm fragments
        request(name, "miss")
        request(name, "miss")
    counts = {}
    for name in pages:
        for kind in KINDS:
            if kind == "hit":  # the other page's cold request emptied the cache: store it
                request(name, "miss")
            prepare(name, kind)
            with CaptureQueriesContext(connection) as captured:
                fetch(name, kind)
            counts[f"{name} {kind}"] = len(captured.captured_queries)
    print(json.dumps({"ready": True, "pages": pages, "counts": counts}), flush=True)
    if profile:  # requests of PAGE:KIND[,PAGE:KIND...] under pyinstrument, then stop
        from pyinstrument import Profiler

        for wanted in profile.split(","):
            name, kind = wanted.split(":")
            request(name, "miss")
            prepare(name, kind)
            profiler = Profiler(interval=0.0002)
            with profiler:
                fetch(name, kind)
            print(f"=== {wanted}")
            print(profiler.output_text(unicode=False, color=False, show_all=False))
        return 0
    for line in sys.stdin:
        if line.strip() != "round":
            break
        timings = {}
        for name in pages:
            for kind in KINDS:
                if kind == "hit":  # another page's cold request emptied the cache: store it
                    request(name, "miss")
                prepare(name, kind)
                started = time.process_time()
                counted = fetch(name, kind)
                if counted:
                    timings[f"{name} {kind}"] = (time.process_time() - started) * 1000
        print(json.dumps(timings), flush=True)
    return 0


# --- driver --------------------------------------------------------------------------------


def _start(root: Path, freshness_off: bool = False) -> subprocess.Popen:
    python = root / ".venv" / "bin" / "python"
    return subprocess.Popen(
        [str(python), str(HERE), "--worker", str(root), *(["--off"] if freshness_off else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=root,
    )


def _commit(root: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%h"], capture_output=True, text=True
    ).stdout.strip()


def driver(before: Path | None, after: Path, rounds: int, with_off: bool = True) -> int:
    # label -> (checkout, freshness off?); run in this order every round, so the load falls
    # on all of them alike.
    trees: dict[str, tuple[Path, bool]] = {}
    if before is not None:
        trees["before"] = (before, False)
    if with_off:
        trees["off"] = (after, True)
    trees["after"] = (after, False)
    started = time.time()
    load_before = os.getloadavg()
    workers = {label: _start(root, off) for label, (root, off) in trees.items()}
    ready = {label: json.loads(worker.stdout.readline()) for label, worker in workers.items()}
    # Shown at once: on a loaded machine the set-up alone takes many minutes.
    print(f"queries: {json.dumps({k: v['counts'] for k, v in ready.items()})}", file=sys.stderr)
    samples: dict[str, dict[str, list[float]]] = {label: {} for label in trees}
    for number in range(rounds):
        print(f"round {number + 1} of {rounds}", file=sys.stderr, flush=True)
        for label, worker in workers.items():
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
    compared = f"before {_commit(before)}, " if before is not None else ""
    print(
        f"freshness cost: {compared}after {_commit(after)}"
        f"{' with the freshness model on and off' if with_off else ''}, {rounds} interleaved "
        f"rounds, {minutes:.1f} min; load average {load_before[0]:.1f} before, "
        f"{load_after[0]:.1f} after; story {ready['after']['pages']['article']}"
    )
    print()
    print(_table(samples, ready, list(trees)))
    return 0


COLUMNS = {"before": "before", "off": "after, model off", "after": "after"}


def _table(samples: dict, ready: dict, labels: list[str]) -> str:
    """CPU medians per worker, then the ratios that matter: after / model off (what the
    freshness model costs) and after / before (what the whole change costs)."""
    ratios = [(a, b) for a, b in (("after", "off"), ("after", "before")) if b in labels]
    header = [
        "page, request",
        *(f"CPU ms {COLUMNS[label]}" for label in labels),
        *(f"{COLUMNS[a]} / {COLUMNS[b]}" for a, b in ratios),
        f"queries {' → '.join(COLUMNS[label] for label in labels)}",
    ]
    rows = [
        "| " + " | ".join(header) + " |",
        "| --- |" + " ---: |" * (len(labels) + len(ratios)) + " --- |",
    ]
    for name in ("home", "article"):
        for kind in KINDS:
            key = f"{name} {kind}"
            found = {label: samples[label].get(key) for label in labels}
            if not all(found.values()):
                rows.append(f"| {name}, {LABELS[kind]} |" + " - |" * (len(header) - 1))
                continue
            medians = {label: statistics.median(values) for label, values in found.items()}
            cells = [f"{medians[label]:.2f}" for label in labels]
            cells += [f"{medians[a] / medians[b]:.2f}" for a, b in ratios]
            cells.append(" → ".join(str(ready[label]["counts"][key]) for label in labels))
            rows.append(f"| {name}, {LABELS[kind]} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--off", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--profile", default="", help="with --worker: PAGE:KIND,... profiled")
    parser.add_argument("--no-off", action="store_true", help="no freshness-off worker")
    parser.add_argument("--before", type=Path)
    parser.add_argument("--after", type=Path, default=HERE.parent.parent)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker.resolve(), freshness_off=args.off, profile=args.profile)
    if args.before is None and args.no_off:
        parser.error("nothing to compare: give --before, or leave out --no-off")
    before = args.before.resolve() if args.before else None
    return driver(before, args.after.resolve(), args.rounds, with_off=not args.no_off)


if __name__ == "__main__":
    raise SystemExit(main())
