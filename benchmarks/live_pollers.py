"""Live blog readers polling the update endpoint, against the production stack, on 127.0.0.1.

    .venv/bin/python benchmarks/live_pollers.py [--readers 1000] [--seconds 90] [--workers 2]

Builds a throw-away database with one live blog, starts the app under granian with the
production settings (page cache on, in the DiskCache every process shares), then runs
`--readers` simulated readers (asyncio, one connection per request) that poll as live.js
does: the current 10-second bucket's address, again after the answer's `next` seconds plus up
to a second of spread. Another process (a `dateline shell`, as the desk's would be) posts an
entry every few seconds and prints when. Prints, as Markdown: requests, the CPU the app server
and the simulated readers used meanwhile, renders per bucket (responses with X-Cache MISS, by
bucket address), and the time from an entry's post until each reader first sees it (p50, p95,
max).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))
from benchmarks.serving import start_granian  # noqa: E402

PORT = 8421
BUCKET = 10
TARGET_P95 = 15.0  # seconds from an entry's post until a reader shows it (issue 23)

SETUP = """
from dateline.home.factories import make_home
from dateline.listings.factories import make_section
from dateline.live.factories import LiveBlogPageFactory
from wagtail.models import Site
home = make_home()
site = Site.objects.get(is_default_site=True)
site.hostname, site.port = "127.0.0.1", {port}
site.save()
blog = LiveBlogPageFactory(section=make_section(home, "World"), title="Results night")
print("BLOG", blog.pk)
"""

WRITER = """
import json, sys, time
from django.contrib.auth import get_user_model
from dateline.live import services
from dateline.live.models import LiveBlogPage
blog = LiveBlogPage.objects.get(pk={blog})
user = get_user_model().objects.create_superuser("bench", "bench@example.com", "x")
time.sleep({warmup})
for n in range({count}):
    entry = services.post_entry(blog, user=user, body=[("text", f"<p>Seat {{n}} declared.</p>")])
    print("POSTED", json.dumps({{"id": entry.pk, "at": time.time()}}), flush=True)
    time.sleep({every})
"""


async def get(path: str) -> tuple[str, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    raw = await reader.read()
    writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    cache = ""
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"x-cache:"):
            cache = line.split(b":", 1)[1].strip().decode()
    if b"transfer-encoding: chunked" in head.lower():
        body = _unchunk(body)
    return cache, body


def _unchunk(body: bytes) -> bytes:
    out = b""
    while body:
        size_line, _, rest = body.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            break
        out, body = out + rest[:size], rest[size + 2 :]
    return out


async def readers(blog: int, count: int, seconds: int) -> tuple[dict, Counter, Counter]:
    """Each reader records, per entry id, the time it first saw it."""
    until = time.time() + seconds
    stats, misses = Counter(), Counter()
    firsts: list[dict] = [{} for _ in range(count)]

    async def one(index: int) -> None:
        await _poll(blog, until, firsts[index], stats, misses)

    await asyncio.gather(*(one(i) for i in range(count)))
    return {"firsts": firsts}, stats, misses


async def _poll(blog: int, until: float, mine: dict, stats: Counter, misses: Counter) -> None:
    await asyncio.sleep(random.random() * BUCKET)
    while time.time() < until:
        bucket = int(time.time() // BUCKET)
        try:
            cache, body = await get(f"/live/{blog}/updates/{bucket}/")
            data = json.loads(body)
        except (OSError, ValueError):
            stats["errors"] += 1
            await asyncio.sleep(1)
            continue
        stats["requests"] += 1
        if cache == "MISS":
            misses[bucket] += 1
        now = time.time()
        for entry in data["entries"]:
            mine.setdefault(entry["id"], now)
        await asyncio.sleep(data["next"] + random.random())


def server_cpu_seconds(root: int) -> float:
    """CPU seconds (user + system) of the app server's process and its workers, from /proc."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        if int(entry.name) == root or int(fields[1]) == root:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def main() -> None:
    global PORT  # noqa: PLW0603 (the readers' connections use it)
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=90)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=float, default=7.0, help="seconds between entries")
    parser.add_argument("--port", type=int, default=PORT, help="the app's port on 127.0.0.1")
    args = parser.parse_args()
    PORT = args.port
    work = Path(tempfile.mkdtemp(prefix="dateline-live-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "CACHE_DIR": str(work / "cache"),
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
    }
    env.pop("REDIS_URL", None)
    dateline = [str(BIN / "dateline")]
    subprocess.run([*dateline, "migrate", "-v0"], env=env, check=True)
    out = subprocess.run(
        [*dateline, "shell", "-c", SETUP.format(port=PORT)],
        env=env, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    blog = int(next(line for line in out.splitlines() if line.startswith("BLOG")).split()[1])
    app = start_granian("dateline.wsgi:application", PORT, args.workers, env)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                asyncio.run(get(f"/live/{blog}/updates/{int(time.time() // BUCKET)}/"))
                break
            except OSError:
                time.sleep(0.3)
        count = int((args.seconds - 25) // args.every)
        writer = subprocess.Popen(
            [*dateline, "shell", "-c",
             WRITER.format(blog=blog, warmup=12, count=count, every=args.every)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )  # fmt: skip
        # Who used the CPU while the readers polled: the simulated readers share the machine
        # with the app server, and must not be what limits the answers.
        readers_cpu, server_cpu = time.process_time(), server_cpu_seconds(app.pid)
        result, stats, misses = asyncio.run(readers(blog, args.readers, args.seconds))
        readers_cpu = time.process_time() - readers_cpu
        server_cpu = server_cpu_seconds(app.pid) - server_cpu
        posted = {}
        for line in writer.communicate(timeout=60)[0].splitlines():
            if line.startswith("POSTED"):
                item = json.loads(line.split(" ", 1)[1])
                posted[item["id"]] = item["at"]
    finally:
        app.terminate()
        app.wait(10)
    delays = [
        firsts[entry] - at
        for firsts in result["firsts"]
        for entry, at in posted.items()
        if entry in firsts
    ]
    missed = sum(1 for firsts in result["firsts"] for entry in posted if entry not in firsts)
    delays.sort()
    per_bucket = sorted(misses.values())
    print(f"| readers | {args.readers} ({args.workers} granian workers, {args.seconds} s) |")
    print("| --- | --- |")
    print(
        f"| requests answered | {stats['requests']} ({stats['requests'] / args.seconds:.0f}/s), {stats['errors']} errors |"
    )
    answered = max(stats["requests"], 1)
    print(
        f"| CPU while polling: app server, readers | {server_cpu:.1f} s ({server_cpu / answered * 1000:.2f} ms per answer), {readers_cpu:.1f} s ({readers_cpu / answered * 1000:.2f} ms per request) |"
    )
    print(f"| buckets polled | {len(misses)} |")
    print(
        f"| renders per bucket (X-Cache MISS) | max {per_bucket[-1] if per_bucket else 0}, mean {statistics.mean(per_bucket) if per_bucket else 0:.2f} |"
    )
    print(f"| entries posted by another process | {len(posted)} |")
    if delays:
        p50 = delays[len(delays) // 2]
        p95 = delays[int(len(delays) * 0.95)]
        print(
            f"| post to reader (every reader x entry, n={len(delays)}) | p50 {p50:.1f} s, p95 {p95:.1f} s, max {delays[-1]:.1f} s |"
        )
    print(f"| (reader, entry) pairs not seen before the end | {missed} |")
    # The targets: every reader answered, every entry seen, p95 within 15 s.
    p95 = delays[int(len(delays) * 0.95)] if delays else None
    missed_target = stats["errors"] or missed or not posted or p95 is None or p95 > TARGET_P95
    if missed_target:
        print(f"Target missed: errors, unseen entries, or post-to-reader p95 > {TARGET_P95} s")
        sys.exit(1)


if __name__ == "__main__":
    main()
