"""Soak test: 64 connections on pages, feeds and search for SOAK_SECONDS (default 600)
against gunicorn with the production settings, while an editor publishes, the scheduler and
the worker run under `dateline supervise`, Redis (a private redis-server) is stopped and
restarted mid-run and the task worker is killed once.

Pass: no 5xx and no failed connection. Reports p50/p95/p99 latency (overall and per kind of
URL, with the slowest requests), each gunicorn worker's memory (RSS) at the start, the middle
and the end, and the machine's load average during the run, as JSON in var/soak/report.json.

    make soak                    # 10 minutes
    SOAK_SECONDS=60 make soak    # the CI form

Everything runs on 127.0.0.1: ports 8140 (gunicorn) and 6391 (Redis).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WORK = ROOT / "var" / "soak"
PORT = int(os.environ.get("SOAK_PORT", "8140"))
REDIS_PORT = int(os.environ.get("SOAK_REDIS_PORT", "6391"))
SECONDS = float(os.environ.get("SOAK_SECONDS", "600"))
CONNECTIONS = int(os.environ.get("SOAK_CONNECTIONS", "64"))
WORKERS = int(os.environ.get("SOAK_WORKERS", "4"))
SEARCH_TERMS = ["monsoon", "election", "court", "market", "rain", "budget", "cricket", "river"]


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="dateline.settings.production",
        SECRET_KEY=env.get("SOAK_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=os.environ.get("SOAK_DATABASE_URL", f"sqlite:///{WORK / 'soak.sqlite3'}"),
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/6",
        MEDIA_ROOT=str(WORK / "media"),
        STATIC_ROOT=str(WORK / "static"),
        DATELINE_SERVE_MEDIA="true",
        SECURE_COOKIES="false",
        DATELINE_BASE_URL=f"http://127.0.0.1:{PORT}",
        DATELINE_LOG_LEVEL="WARNING",
    )
    return env


def run(*args: str, env: dict[str, str], settings: str | None = None) -> None:
    command_env = {**env, "DJANGO_SETTINGS_MODULE": settings or env["DJANGO_SETTINGS_MODULE"]}
    subprocess.run([str(BIN / "dateline"), *args], env=command_env, check=True, cwd=ROOT)


def prepare(env: dict[str, str]) -> None:
    if WORK.exists():
        shutil.rmtree(WORK)
    WORK.mkdir(parents=True)
    run("migrate", "--noinput", "-v0", env=env)
    # The demo newsroom is development content: loaded with the development settings.
    run("demo", env=env, settings="dateline.settings.dev")
    run("collectstatic", "--noinput", "-v0", env=env)


def wait_for_port(port: int, process: subprocess.Popen, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process on port {port} exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/robots.txt")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answered on port {port}")


def children_of(pid: int) -> list[int]:
    result = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(line) for line in result.stdout.split()]


def rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def kind_of(path: str) -> str:
    if path.startswith("/search/"):
        return "search"
    if path.startswith(("/feeds/", "/sitemap")):
        return "feed or sitemap"
    if "soak-" in path:
        return "story just published"
    return "story" if path.count("/") >= 5 else "home or listing"


class Load:
    def __init__(self, paths: list[str], published: list[str] | None = None):
        self.paths = paths
        # Stories the editor just published: pages no cache has seen yet.
        self.published = published if published is not None else []
        self.by_kind: dict[str, list[float]] = {}
        self.by_window: dict[int, list[float]] = {}  # 30-second windows of the run, by start
        self.slowest: list[tuple[float, float, str]] = []
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.errors: Counter = Counter()
        self.five_xx: list[tuple[float, str, int]] = []
        self.started = time.monotonic()

    def pick(self, rng: random.Random) -> str:
        roll = rng.random()
        if roll < 0.2:
            return f"/search/?q={rng.choice(SEARCH_TERMS)}"
        if roll < 0.25 and self.published:
            return rng.choice(self.published[-20:])
        return rng.choice(self.paths)

    def client(self, seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        while not self.stop.is_set():
            path = self.pick(rng)
            began = time.monotonic()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                status = response.status
                if response.getheader("Connection", "").lower() == "close":
                    conn.close()
            except (OSError, http.client.HTTPException) as error:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                with self.lock:
                    self.errors[type(error).__name__] += 1
                continue
            elapsed = time.monotonic() - began
            with self.lock:
                self.latencies.append(elapsed)
                self.by_kind.setdefault(kind_of(path), []).append(elapsed)
                window = int((began - self.started) // 30) * 30
                self.by_window.setdefault(window, []).append(elapsed)
                if len(self.slowest) < 15 or elapsed > self.slowest[0][0]:
                    self.slowest.append((elapsed, round(began - self.started, 1), path))
                    self.slowest.sort()
                    del self.slowest[:-15]
                self.statuses[status] += 1
                if status >= 500:
                    self.five_xx.append((round(began - self.started, 1), path, status))


def editor(stop: threading.Event, published: list[str], env: dict[str, str]) -> None:
    """Publishes a story every 3 s and schedules one to go live 5 s later (the scheduler
    publishes it), through the same services the admin uses."""
    os.environ.update(env)
    import django

    django.setup()
    from django.utils import timezone

    from dateline.articles.models import Agency, ArticlePage, SectionPage
    from dateline.articles.services import file_article

    sections = list(SectionPage.objects.live())
    desk, _ = Agency.objects.get_or_create(slug="desk", defaults={"name": "Dateline Desk"})
    number = 0
    while not stop.wait(3):
        number += 1
        section = sections[number % len(sections)]
        story = ArticlePage(
            title=f"Soak desk story {number}",
            slug=f"soak-desk-story-{number}",
            dek="Filed during the soak test.",
            agency=desk,  # a story goes out under a byline
            body=[("paragraph", "<p>Published while readers load the site.</p>")],
        )
        file_article(section, story)
        published.append(story.url)
        later = ArticlePage(
            title=f"Soak scheduled story {number}",
            slug=f"soak-scheduled-story-{number}",
            dek="Scheduled during the soak test.",
            agency=desk,
            body=[("paragraph", "<p>Goes live a few seconds later.</p>")],
        )
        file_article(section, later, publish=False)
        later.go_live_at = timezone.now() + dt.timedelta(seconds=5)
        later.save_revision().publish()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else 0.0


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from dateline.core.testing import RedisProcess

    env = environment()
    redis = RedisProcess(REDIS_PORT)
    redis.start()
    prepare(env)
    # The servers' own logs (JSON lines) go to a file: the console keeps the soak's report.
    server_log = (WORK / "server.log").open("w")
    gunicorn = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "dateline.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "gthread",
            "--threads",
            "4",
            "--timeout",
            "60",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    supervisor = subprocess.Popen(
        [str(BIN / "dateline"), "supervise"],
        env=env,
        cwd=ROOT,
        stdout=server_log,
        stderr=subprocess.STDOUT,
    )
    report: dict = {}
    try:
        wait_for_port(PORT, gunicorn)
        paths = discover_paths()
        for path in paths:  # warm renditions and caches once
            conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
            conn.request("GET", path)
            conn.getresponse().read()
        workers = children_of(gunicorn.pid)
        memory_start = {pid: rss_mb(pid) for pid in workers}

        stop_editor = threading.Event()
        published: list[str] = []
        load = Load(paths, published)
        threads = [
            threading.Thread(target=load.client, args=(seed,), daemon=True)
            for seed in range(CONNECTIONS)
        ]
        editor_thread = threading.Thread(
            target=editor, args=(stop_editor, published, env), daemon=True
        )
        for thread in threads:
            thread.start()
        editor_thread.start()
        events = []
        memory_middle: dict = {}
        load_average: list[float] = []
        next_load_sample = 0.0
        began = time.monotonic()
        plan = [
            (0.35, "stop redis", redis.stop),
            (0.50, "kill the task worker", lambda: kill_worker(supervisor.pid)),
            (0.60, "restart redis", redis.start),
        ]
        while (elapsed := time.monotonic() - began) < SECONDS:
            if plan and elapsed >= plan[0][0] * SECONDS:
                _, name, action = plan.pop(0)
                action()
                events.append((round(elapsed, 1), name))
                print(f"[{elapsed:6.1f} s] {name}", flush=True)
            if not memory_middle and elapsed >= 0.5 * SECONDS:
                memory_middle = {pid: rss_mb(pid) for pid in workers}
            if elapsed >= next_load_sample:  # the 1-minute load average, every 30 s
                load_average.append(os.getloadavg()[0])
                next_load_sample += 30
            time.sleep(0.5)
        load.stop.set()
        stop_editor.set()
        for thread in threads:
            thread.join(timeout=60)
        editor_thread.join(timeout=30)
        memory_end = {pid: rss_mb(pid) for pid in workers}
        total = sum(load.statuses.values())
        report = {
            "seconds": SECONDS,
            "connections": CONNECTIONS,
            "gunicorn_workers": WORKERS,
            "requests": total,
            "requests_per_second": round(total / SECONDS, 1),
            "statuses": dict(sorted(load.statuses.items())),
            "connection_errors": dict(load.errors),
            "five_xx": len(load.five_xx),
            "five_xx_samples": load.five_xx[:20],
            "latency_ms": {
                "p50": round(percentile(load.latencies, 0.50) * 1000, 1),
                "p95": round(percentile(load.latencies, 0.95) * 1000, 1),
                "p99": round(percentile(load.latencies, 0.99) * 1000, 1),
                "max": round(max(load.latencies, default=0) * 1000, 1),
            },
            "latency_ms_by_kind": {
                kind: {
                    "requests": len(values),
                    "p50": round(percentile(values, 0.50) * 1000, 1),
                    "p99": round(percentile(values, 0.99) * 1000, 1),
                }
                for kind, values in sorted(load.by_kind.items())
            },
            # When the slow requests happened (a stall shows as one window's p99).
            "latency_ms_by_30s_window": {
                str(window): {
                    "requests": len(values),
                    "p99": round(percentile(values, 0.99) * 1000, 1),
                    "max": round(max(values) * 1000, 1),
                }
                for window, values in sorted(load.by_window.items())
            },
            "slowest": [
                {"ms": round(ms * 1000, 1), "at_s": at, "path": path}
                for ms, at, path in reversed(load.slowest)
            ],
            "worker_rss_mb": {
                str(pid): {
                    "start": round(memory_start[pid] or 0, 1),
                    "middle": round(memory_middle.get(pid) or 0, 1),
                    "end": round(end or 0, 1),
                }
                for pid, end in memory_end.items()
            },
            "load_average_1min": {
                "samples": [round(value, 2) for value in load_average],
                "mean": round(sum(load_average) / max(len(load_average), 1), 2),
                "max": round(max(load_average, default=0), 2),
                "cores": os.cpu_count(),
            },
            "stories_published_by_editor": len(published),
            "events": events,
            "healthz_after": healthz(),
        }
    finally:
        for process in (supervisor, gunicorn):
            process.send_signal(signal.SIGTERM)
        for process in (supervisor, gunicorn):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.close()
        server_log.close()
    (WORK / "report.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    failed = report.get("five_xx", 1) or report.get("connection_errors")
    return 1 if failed else 0


def kill_worker(supervisor_pid: int) -> None:
    for pid in children_of(supervisor_pid):
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        if b"db_worker" in cmdline:
            os.kill(pid, signal.SIGKILL)


def healthz() -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    conn.request("GET", "/healthz")
    response = conn.getresponse()
    return {"status": response.status, "body": json.loads(response.read() or b"{}")}


def discover_paths() -> list[str]:
    """Home, sections, stories, topics, feeds and sitemaps, read from the sitemaps."""
    import re

    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    found: list[str] = []
    for sitemap in ["/sitemap-pages.xml", "/sitemap-news.xml", "/sitemap-topics.xml"]:
        conn.request("GET", sitemap)
        response = conn.getresponse()
        body = response.read().decode()
        found += [
            re.sub(r"^https?://[^/]+", "", loc) for loc in re.findall(r"<loc>([^<]+)</loc>", body)
        ]
    stories = [path for path in found if path.count("/") >= 5][:60]
    listings = [path for path in found if path.count("/") < 5][:30]
    feeds = ["/feeds/latest/rss/", "/feeds/latest/atom/", "/sitemap.xml", "/sitemap-news.xml"]
    return sorted(set(["/", *listings, *stories, *feeds]))


if __name__ == "__main__":
    sys.exit(main())
