"""Wire ingest throughput: N synthetic ninjs stories through the real publish path.

Each item is its own file, parsed, sanitised, checked for near-duplicates and filed with
`dateline.articles.services.file_article` (published), exactly as a polled source does.

    .venv/bin/python benchmarks/ingest.py --items 10000
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
        .venv/bin/python benchmarks/ingest.py

A throw-away SQLite database is used unless BENCH_DATABASE_URL is set (that database is
flushed first). Prints stories/s; exits non-zero below --target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
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
    from dateline.sections.services import add_section
    from dateline.wires.models import WireSource
    from dateline.wires.services import BATCH_FILES, ingest_files

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
    started = time.perf_counter()
    # As a poll of the source's drop folder files them: BATCH_FILES files per transaction.
    for start in range(0, items, BATCH_FILES):
        chunk = [(f"{i}.json", files[i]) for i in range(start, min(start + BATCH_FILES, items))]
        created += ingest_files(chunk, source=source).counts["created"]
        done = start + len(chunk)
        if done % 1000 == 0 or done == items:
            elapsed = time.perf_counter() - started
            print(f"  {done} items, {done / elapsed:.1f} stories/s", flush=True)
    seconds = time.perf_counter() - started
    if profiler is not None:
        profiler.stop()
        Path(profile).write_text(profiler.output_text(unicode=False, show_all=False))
        print(f"  profile written to {profile}")
    return {"items": items, "created": created, "seconds": seconds, "rate": created / seconds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--target", type=float, default=100.0, help="stories/s to pass")
    parser.add_argument("--profile", default="", help="write a pyinstrument profile here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
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
        if os.environ.get("BENCH_DATABASE_URL"):
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", interactive=False, verbosity=0)
        engine = url.split(":", 1)[0]
        backend = type(task_backends["default"]).__name__
        print(f"Ingesting {args.items} ninjs items on {engine} (tasks: {backend})...", flush=True)
        result = measure_ingest(args.items, profile=args.profile)
    print(
        f"ingest: {result['created']:.0f} stories in {result['seconds']:.1f} s = "
        f"{result['rate']:.1f} stories/s (target {args.target:g})"
    )
    return 0 if result["rate"] >= args.target else 1


if __name__ == "__main__":
    sys.exit(main())
