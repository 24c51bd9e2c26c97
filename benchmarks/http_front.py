"""HTTP benchmark of the production stack, against the physical limit, in one run.

    .venv/bin/python benchmarks/http_front.py [--seconds 8] [--workers 2] [--port-base 8411]
    .venv/bin/python benchmarks/http_front.py --only publish --repeat 5 [--reuse DIR] [--keep DIR]

Builds a throw-away demo database, then starts on 127.0.0.1: the app under granian with the
production settings; Varnish with deploy/varnish/default.vcl in front of it; nginx serving
the same article's bytes from a file; and, for comparison, the app without its fast path for
hits (`dateline.wsgi:django_application`, Django's handler alone). Measures interleaved with
wrk: a cached article through the app alone (with and without the fast path), through
Varnish, and from nginx; the CPU per hit, one request at a time; the CPU per page-cache miss
with warm fragments (the page's own entry deleted before each request, as a purge of the page
alone would; its fragments stay); and publish-to-visible: from the commit of an editor's change (made by another process, as
the admin would) until every affected URL shows it through Varnish, one reader polling each
URL. Prints a Markdown table of ratios; exits 1 when publish-to-visible misses its target.
`--only publish` starts only the app and Varnish and measures publish-to-visible `--repeat`
times (the medians, and each run); `--keep DIR` keeps the demo's database, media and static
files in DIR and `--reuse DIR` starts from such a copy instead of loading the demo again (a
before/after comparison on one database).
Needs Debian's wrk, nginx and varnish with varnish-modules (installed if missing and root).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
from benchmarks.serving import load_demo, start_granian  # noqa: E402
from dateline.core.testing import production_env  # noqa: E402

BIN = Path(sys.executable).parent


def ensure_tools() -> None:
    missing = [
        pkg
        for tool, pkg in [("wrk", "wrk"), ("nginx", "nginx-light"), ("varnishd", "varnish")]
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists()
    ]
    if missing and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", *missing, "varnish-modules"], check=True)


def get(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wait_up(url: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def wrk(url: str, seconds: int, connections: int = 32) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url], capture_output=True, text=True
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    return float(match.group(1)) if match else 0.0


def cpu_seconds(pids: list[int]) -> float:
    total = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (FileNotFoundError, IndexError):
            pass
    return total


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    kids = [int(p) for p in out.split()]
    return kids + [k for kid in kids for k in children(kid)]


def rss_mb(pids: list[int]) -> list[float]:
    sizes = []
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        except FileNotFoundError:
            pass
    return sizes


# The editor's change, as the admin makes it, in a process of its own. It prints the
# machine's monotonic clock (CLOCK_MONOTONIC: one clock for every process) and its own CPU
# time from the first on-commit callback, right after the commit, and from the last, once
# the purges the publication registered (caching.dependencies.PurgeAfterCommit) have run.
EDITOR_SCRIPT = """
import time
from django.db import transaction
from dateline.articles.models import ArticlePage
story = ArticlePage.objects.get(pk={story_id})
story.title = {marker!r}
def say(name):
    print(name, time.monotonic(), time.process_time(), flush=True)
with transaction.atomic():
    transaction.on_commit(lambda: say("committed"))
    story.save_revision().publish()
    transaction.on_commit(lambda: say("purged"))
"""
VISIBLE_TARGET_MS = 150

# Deletes one page's entry from the app's page cache (the app's settings and cache, another
# process), leaving its fragments: the next request of it is a page miss with warm fragments.
# Reads a path per line and answers "ok" once that path's entry is gone. The entry is named as
# the app names it (`caching.middleware.page_entry_key`, for the Host the bench sends) and
# dropped as the app drops one (`cachestore.drop_entries`: the app's processes' fast-path
# copies of it go too); its reverse-index members stay, which can only purge it early later.
PAGE_DELETER_SCRIPT = """
import sys
from django.test import RequestFactory
from dateline.caching import cachestore
from dateline.caching.middleware import page_entry_key
factory = RequestFactory()
for line in sys.stdin:
    request = factory.get(line.strip(), HTTP_HOST={host!r})
    cachestore.drop_entries([page_entry_key(request)])
    print("ok", flush=True)
"""


@dataclass
class Seen:
    """The request that first showed the change at one URL: when it was sent and answered."""

    sent: float
    answered: float


@dataclass
class Publication:
    """When an editor's change committed and its purges were sent (wall clock and the
    editor's CPU), when each affected URL first showed it through Varnish (None: not within
    the time allowed), and the app's CPU in between (the renders of the purged pages)."""

    committed: tuple[float, float]
    purged: tuple[float, float]
    seen: dict[str, Seen | None]
    render_cpu_ms: float
    per_worker_ms: list[float]

    def visible_ms(self) -> float | None:
        """From the commit until the last URL showed the change; None if one never did."""
        if any(seen is None for seen in self.seen.values()):
            return None
        return (max(seen.answered for seen in self.seen.values()) - self.committed[0]) * 1000

    def met(self) -> bool:
        visible_ms = self.visible_ms()
        return visible_ms is not None and visible_ms <= VISIBLE_TARGET_MS

    def rows(self) -> list[str]:
        visible_ms = self.visible_ms()
        if visible_ms is None:
            late = ", ".join(path for path, seen in self.seen.items() if seen is None)
            return [f"| publish-to-visible via Varnish | NOT visible: {late} | missed |"]
        verdict = "met" if self.met() else "missed"
        purge_ms = (self.purged[0] - self.committed[0]) * 1000
        purge_cpu_ms = (self.purged[1] - self.committed[1]) * 1000
        rows = [
            f"| publish-to-visible via Varnish, slowest of {len(self.seen)} URLs (a reader "
            f"polling each, from the commit) | {visible_ms:.0f} ms | target "
            f"{VISIBLE_TARGET_MS} ms: {verdict} |",
            f"| commit to purges sent (the editor's process: page cache, then Varnish) | "
            f"{purge_ms:.0f} ms wall, {purge_cpu_ms:.0f} ms CPU | |",
            f"| the app's CPU from the commit until the last URL showed it (the renders) | "
            f"{self.render_cpu_ms:.0f} ms (by worker: "
            f"{', '.join(f'{ms:.0f}' for ms in self.per_worker_ms)}) | |",
        ]
        for path, seen in self.seen.items():
            rows.append(
                f"| visible at `{path}`: from the commit / the request that showed it | "
                f"{(seen.answered - self.committed[0]) * 1000:.0f} ms / "
                f"{(seen.answered - seen.sent) * 1000:.0f} ms | |"
            )
        return rows


def publish_and_watch(
    dateline: list[str],
    env: dict,
    story_id: int,
    paths: list[str],
    workers: list[int],
    timeout: float = 30,
) -> Publication:
    """Change a story's headline in another process and time, from its commit, until every
    one of `paths` shows it through Varnish: one reader per URL polling it in a thread of
    its own from the moment of the commit, as readers of different pages do. `workers`: the
    app's processes, whose CPU in that time is the renders'."""
    marker = f"Corrected headline {secrets.token_hex(3)}".encode()
    seen: dict[str, Seen | None] = dict.fromkeys(paths)

    def watch(path: str, until: float) -> None:
        while time.monotonic() < until:
            sent = time.monotonic()
            if marker in get(f"http://127.0.0.1:{VARNISH}{path}")[2]:
                seen[path] = Seen(sent, time.monotonic())
                return
            time.sleep(0.002)  # five readers spinning on hits would take a core from the app

    editor = subprocess.Popen(
        [*dateline, "shell", "-c", EDITOR_SCRIPT.format(story_id=story_id, marker=marker.decode())],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    times: dict[str, tuple[float, float]] = {}
    watchers: list[threading.Thread] = []
    cpu_before: list[float] = []
    for line in editor.stdout:
        name, *values = line.split() or [""]  # the shell prints lines of its own
        if name not in ("committed", "purged") or len(values) != 2:
            continue
        times[name] = (float(values[0]), float(values[1]))
        if name == "committed":
            cpu_before = [cpu_seconds([pid]) for pid in workers]
            watchers = [
                threading.Thread(target=watch, args=(path, time.monotonic() + timeout))
                for path in paths
            ]
            for watcher in watchers:
                watcher.start()
    if editor.wait() != 0 or len(times) != 2:
        raise SystemExit(f"the editor's process failed (exit {editor.returncode}): {times}")
    for watcher in watchers:
        watcher.join()
    per_worker = [(cpu_seconds([pid]) - cpu_before[n]) * 1000 for n, pid in enumerate(workers)]
    return Publication(times["committed"], times["purged"], seen, sum(per_worker), per_worker)


def start_varnish(work: Path, vcl: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            "varnishd",
            "-F",
            "-n",
            str(work / "varnish"),
            "-a",
            f"127.0.0.1:{VARNISH}",
            "-f",
            str(vcl),
            "-s",
            "malloc,256m",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def miss_cpu_ms(dateline: list[str], env: dict, path: str, workers: list[int], n: int) -> float:
    """The app's CPU per request of `path` when its page entry is missing and its fragments
    are warm: the entry is deleted (by another process, with the app's settings) before each
    of `n` requests."""
    deleter = subprocess.Popen(
        [*dateline, "shell", "-c", PAGE_DELETER_SCRIPT.format(host=f"127.0.0.1:{APP}")],
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def delete() -> None:
        deleter.stdin.write(path + "\n")
        deleter.stdin.flush()
        while deleter.stdout.readline().strip() != "ok":  # the shell prints lines of its own
            pass

    try:
        url = f"http://127.0.0.1:{APP}{path}"
        get(url)  # its fragments warm
        delete()
        headers = {name.lower(): value for name, value in get(url)[1].items()}
        if headers.get("x-cache") != "MISS":
            raise SystemExit(f"deleting the page entry of {path} did not make a miss")
        before = cpu_seconds(workers)
        for _ in range(n):
            delete()
            get(url)
        return (cpu_seconds(workers) - before) / n * 1000
    finally:
        deleter.stdin.close()
        deleter.wait(timeout=30)


def report_publications(publications: list[Publication]) -> int:
    """`--only publish`: the medians over the runs, then each run's rows."""
    visible = [p.visible_ms() for p in publications]
    shown = [v for v in visible if v is not None]
    cpu = [p.render_cpu_ms for p in publications]
    median_visible = statistics.median(shown) if shown else float("nan")
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"load average {load}; {len(publications)} runs")
    print("| measure | value | target |\n|---|---|---|")
    print(
        f"| publish-to-visible via Varnish, median of {len(publications)} runs (each: the "
        f"slowest of {len(publications[0].seen)} URLs) | {median_visible:.0f} ms "
        f"({', '.join('never' if v is None else f'{v:.0f}' for v in visible)}) | "
        f"{VISIBLE_TARGET_MS} ms: {'met' if median_visible <= VISIBLE_TARGET_MS else 'missed'} |"
    )
    print(
        f"| the app's CPU from the commit until the last URL showed it, median | "
        f"{statistics.median(cpu):.0f} ms ({', '.join(f'{c:.0f}' for c in cpu)}) | |"
    )
    for number, publication in enumerate(publications, 1):
        print(f"\nrun {number}:")
        for row in publication.rows():
            print(row)
    return 0 if shown and median_visible <= VISIBLE_TARGET_MS else 1


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port-base", type=int, default=8411, help="four ports from here")
    parser.add_argument("--only", choices=["publish"], help="only publish-to-visible")
    parser.add_argument("--repeat", type=int, default=1, help="publish-to-visible runs")
    parser.add_argument("--reuse", type=Path, help="start from the demo kept in this directory")
    parser.add_argument("--keep", type=Path, help="keep the demo's files in this directory")
    args = parser.parse_args()
    global APP, VARNISH, NGINX, DJANGO
    APP, VARNISH, NGINX, DJANGO = (args.port_base + n for n in range(4))
    ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="dateline-http-"))
    work.chmod(0o755)  # varnishd's worker runs as its own user
    env = production_env(work, f"http://127.0.0.1:{VARNISH}", CACHE_DIR=str(work / "cache"))
    dateline = [str(BIN / "dateline")]
    demo_files = ("db.sqlite3", "media", "static")
    if args.reuse:
        for name in demo_files:
            copy = shutil.copytree if (args.reuse / name).is_dir() else shutil.copy2
            copy(args.reuse / name, work / name)
    else:
        load_demo(env)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in demo_files:
                copy = shutil.copytree if (work / name).is_dir() else shutil.copy2
                copy(work / name, args.keep / name)
    story = (
        subprocess.run(
            [
                *dateline,
                "shell",
                "-c",
                "from dateline.articles.models import ArticlePage as A; "
                "s = A.objects.published().filter(tagged_items__isnull=False).order_by('-published_at')[3]; "
                "print(s.pk, s.url, s.top_section.url, '/topic/' + s.tags.first().slug + '/')",
            ],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-1]
        .split()
    )  # the shell may print a line of its own first
    story_id, article, section, topic = int(story[0]), story[1], story[2], story[3]

    env["VARNISH_XKEY_PURGE_URL"] = f"http://127.0.0.1:{VARNISH}/"  # the demo loaded first
    vcl = work / "default.vcl"
    vcl.write_text((REPO / "deploy/varnish/default.vcl").read_text().replace('"8000"', f'"{APP}"'))
    processes = []
    affected = [article, section, "/", topic, "/feeds/latest/rss/"]
    try:
        app = start_granian("dateline.wsgi:application", APP, args.workers, env)
        processes.append(app)
        processes.append(start_varnish(work, vcl))
        if args.only == "publish":
            wait_up(f"http://127.0.0.1:{APP}/robots.txt")
            wait_up(f"http://127.0.0.1:{VARNISH}/robots.txt")
            publications = []
            # A first publication not counted: each worker's first renders of these pages
            # (templates compiled, modules imported) are not what a publication costs.
            for _ in range(args.repeat + 1):
                for path in affected:  # cached in Varnish again (and in the app)
                    (
                        get(f"http://127.0.0.1:{VARNISH}{path}"),
                        get(f"http://127.0.0.1:{VARNISH}{path}"),
                    )
                workers = children(app.pid)
                publications.append(publish_and_watch(dateline, env, story_id, affected, workers))
            return report_publications(publications[1:])
        # The same app without the fast path for hits (dateline.core.fasthit): Django's handler.
        django_only = start_granian("dateline.wsgi:django_application", DJANGO, args.workers, env)
        processes.append(django_only)
        wait_up(f"http://127.0.0.1:{APP}/robots.txt")
        wait_up(f"http://127.0.0.1:{VARNISH}/robots.txt")
        wait_up(f"http://127.0.0.1:{DJANGO}/robots.txt")
        _, _, body = get(f"http://127.0.0.1:{APP}{article}")
        (work / "www").mkdir()
        (work / "www" / "article.html").write_bytes(body)
        (work / "nginx.conf").write_text(
            f"daemon off; worker_processes 1; pid {work}/nginx.pid; error_log /dev/null;\n"
            f"events {{ worker_connections 1024; }}\n"
            f"http {{ access_log off; server {{ listen 127.0.0.1:{NGINX}; root {work}/www; }} }}\n"
        )
        processes.append(subprocess.Popen(["nginx", "-c", str(work / "nginx.conf")]))
        wait_up(f"http://127.0.0.1:{NGINX}/article.html")
        urls = {
            "app": f"http://127.0.0.1:{APP}{article}",
            "django": f"http://127.0.0.1:{DJANGO}{article}",
            "varnish": f"http://127.0.0.1:{VARNISH}{article}",
            "nginx": f"http://127.0.0.1:{NGINX}/article.html",
        }
        for url in urls.values():
            get(url), get(url)
        rates: dict[str, list[float]] = {name: [] for name in urls}
        for _ in range(2):  # interleaved rounds: the machine's noise hits all three alike
            for name, url in urls.items():
                rates[name].append(wrk(url, args.seconds))
        best = {name: max(values) for name, values in rates.items()}

        # CPU per hit, one request at a time, with and without the fast path.
        hit_ms = {}
        for name, server in [("app", app), ("django", django_only)]:
            pids = children(server.pid)
            before = cpu_seconds(pids)
            for _ in range(200):
                get(urls[name])
            hit_ms[name] = (cpu_seconds(pids) - before) / 200 * 1000
        django_only.terminate()

        # CPU per page-cache miss with warm fragments: the page's entry deleted before each
        # request (a new query string would be a hit: unknown parameters leave the key).
        workers = children(app.pid)
        cpu = {}
        for name, path in [
            ("article", article),
            ("home", "/"),
            ("section", section),
            ("topic", topic),
            ("feed", "/feeds/latest/rss/"),
        ]:
            cpu[name] = miss_cpu_ms(dateline, env, path, workers, 20)
        # Publish-to-visible through Varnish: every affected URL shows the new headline.
        for path in affected:
            get(f"http://127.0.0.1:{VARNISH}{path}"), get(f"http://127.0.0.1:{VARNISH}{path}")
        publication = publish_and_watch(dateline, env, story_id, affected, workers)
        memory = rss_mb(workers)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
    print("| measure | value | ratio |\n|---|---|---|")
    print(f"| nginx, article file | {best['nginx']:.0f} req/s | 1.00 |")
    print(
        f"| cached article, app alone ({args.workers} granian workers) | {best['app']:.0f} req/s | {best['app'] / best['nginx']:.2f}x nginx |"
    )
    print(
        f"| cached article, app without its fast path (Django's handler) | {best['django']:.0f} req/s | {best['django'] / best['nginx']:.2f}x nginx |"
    )
    print(
        f"| CPU per hit, one at a time: fast path / Django's handler | {hit_ms['app']:.2f} ms / {hit_ms['django']:.2f} ms | {hit_ms['django'] / hit_ms['app']:.1f}x less |"
    )
    print(
        f"| cached article, through Varnish | {best['varnish']:.0f} req/s | {best['varnish'] / best['nginx']:.2f}x nginx |"
    )
    print(
        f"| article, page-cache miss with warm fragments, CPU | {cpu['article']:.1f} ms | "
        f"{cpu['article'] / 89:.2f}x WordPress's 89 ms |"
    )
    for name, value in cpu.items():
        if name != "article":
            print(f"| {name}, page-cache miss with warm fragments, CPU | {value:.1f} ms | |")
    for row in publication.rows():
        print(row)
    print(f"| memory per worker after the run | {', '.join(f'{m:.0f} MB' for m in memory)} | |")
    return 0 if publication.met() else 1


if __name__ == "__main__":
    sys.exit(main())
