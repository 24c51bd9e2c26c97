"""Wire ingest throughput: N synthetic ninjs stories through the real publish path.

Each item is its own file, parsed, sanitised, checked for near-duplicates and published,
exactly as a polled source does: the poll's new stories are filed together with
`dateline.articles.services.file_articles`, which leaves each as the admin's
create-and-publish does (docs/architecture.md, "Many new stories at once").

    .venv/bin/python benchmarks/ingest.py --items 10000            # SQLite
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/ingest.py --items 10000        # SQLite, then PostgreSQL

Stories are filed as a poll of the source's drop folder files them (`ingest_files`,
BATCH_FILES files per transaction). SQLite runs on a throw-away database; with
BENCH_DATABASE_URL set, PostgreSQL runs next on a database of its own beside it (the named
one with `_ingest` added, made afresh), each in its own process. Prints stories/s for each;
exits non-zero if one is below --target.
--items defaults to BENCH_INGEST_ITEMS, else 10,000.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

WORDS = [
    "council", "harbour", "budget", "river", "rail", "school", "court", "market", "police",
    "weather", "farmers", "bridge", "minister", "station", "hospital", "election", "festival",
    "airport", "water", "power", "union", "port", "storm", "city", "village", "bank", "factory",
    "museum", "road", "strike", "vote", "trade", "cricket", "exam", "ferry", "tunnel", "forest",
]  # fmt: skip


def synthetic_item(index: int, rng: random.Random, when: dt.datetime) -> bytes:
    """A ninjs 3.x story with its own words, so no two are near-duplicates."""
    paragraphs = [
        " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + "." for _ in range(4)
    ]
    return json.dumps(
        {
            "uri": f"urn:bench:{index}",
            "type": "text",
            "version": "1",
            "versionCreated": when.isoformat(),
            "pubStatus": "usable",
            "headlines": [{"role": "main", "value": f"Bench story {index}: {rng.choice(WORDS)}"}],
            "bodies": [
                {"contentType": "text/html", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}
            ],
            "subjects": [{"name": rng.choice(WORDS).capitalize()}],
            "located": "Mumbai",
        }
    ).encode()


def measure_ingest(items: int, seed: int = 7, profile: str = "") -> dict[str, float]:
    """Ingest `items` synthetic stories; return counts, seconds and stories per second."""
    from dateline.articles.models import Agency
    from dateline.home.services import install_home
    from dateline.listings.services import add_section
    from dateline.wires.models import WireSource
    from dateline.wires.services.intake import BATCH_FILES, ingest_files

    home = install_home()
    section = add_section(home, "Bench")
    source = WireSource.objects.create(
        name="Bench wire",
        slug="bench",
        agency=Agency.objects.create(name="Bench Agency", slug="bench-agency"),
        transport="upload",
        default_section=section,
    )
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    files = [synthetic_item(i, rng, now - dt.timedelta(seconds=i)) for i in range(items)]
    created = 0
    profiler = None
    if profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        profiler.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    # As a poll of the source's drop folder files them: BATCH_FILES files per transaction.
    for start in range(0, items, BATCH_FILES):
        chunk = [(f"{i}.json", files[i]) for i in range(start, min(start + BATCH_FILES, items))]
        created += ingest_files(chunk, source=source).counts["created"]
        done = start + len(chunk)
        if done % 1000 == 0 or done == items:
            elapsed = time.perf_counter() - started
            cpu = time.process_time() - cpu_started
            print(
                f"  {done} items, {done / elapsed:.1f} stories/s"
                f" ({1000 * cpu / done:.1f} ms of this process's CPU per story)",
                flush=True,
            )
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    if profiler is not None:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=False, show_all=False))
        print(f"  profile written to {profile}")
    return {
        "items": items,
        "created": created,
        "seconds": seconds,
        "rate": created / seconds,
        "cpu_ms": 1000 * cpu / max(created, 1),
    }


def run_engine(url: str, items: int, profile: str = "") -> dict[str, float]:
    """Set Django up on `url` (this process: one engine per process) and measure."""
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dateline.settings.test")
    import django
    from django.core.management import call_command

    django.setup()
    from django.conf import settings

    # The product's queue (index updates are enqueued for the worker), not the test
    # settings' immediate backend that would run them inside the timed loop.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from asgiref.local import Local
    from django_tasks import task_backends

    task_backends.__dict__.pop("settings", None)  # cached at setup: read TASKS again
    task_backends._settings = None
    task_backends._connections = Local(task_backends.thread_critical)
    call_command("migrate", interactive=False, verbosity=0)
    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    backend = type(task_backends["default"]).__name__
    print(f"Ingesting {items} ninjs items on {engine} (tasks: {backend})...", flush=True)
    return {**measure_ingest(items, profile=profile), "engine": engine}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--items", type=int, default=int(os.environ.get("BENCH_INGEST_ITEMS", 10_000))
    )
    parser.add_argument("--target", type=float, default=100.0, help="stories/s to pass")
    parser.add_argument("--profile", default="", help="write a pyinstrument profile here")
    parser.add_argument(
        "--engine",
        choices=["sqlite", "postgresql", "both"],
        default="both" if os.environ.get("BENCH_DATABASE_URL") else "sqlite",
        help="both: SQLite, then PostgreSQL at BENCH_DATABASE_URL (one process each)",
    )
    args = parser.parse_args(argv)
    if args.engine == "both":
        failed = 0
        for engine in ("sqlite", "postgresql"):
            command = [sys.executable, __file__, "--engine", engine]
            command += ["--items", str(args.items), "--target", str(args.target)]
            failed |= subprocess.run(command, check=False).returncode
        return 1 if failed else 0
    with tempfile.TemporaryDirectory() as tmp:
        if args.engine == "postgresql":
            url = os.environ.get("BENCH_DATABASE_URL", "")
            if not url.startswith("postgres"):
                parser.error("--engine postgresql needs BENCH_DATABASE_URL=postgres://...")
            # A database of its own beside the named one, made afresh: the named one may
            # be the million-story archive the reader bench reuses.
            from benchmarks.run import _recreate_postgres_database

            url += "_ingest"
            _recreate_postgres_database(url)
        else:
            url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        result = run_engine(url, args.items, profile=args.profile)
    print(
        f"ingest [{result['engine']}]: {result['created']:.0f} stories in "
        f"{result['seconds']:.1f} s = {result['rate']:.1f} stories/s (target {args.target:g}); "
        f"{result['cpu_ms']:.1f} ms of this process's CPU per story, "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs",
        flush=True,
    )
    return 0 if result["rate"] >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
