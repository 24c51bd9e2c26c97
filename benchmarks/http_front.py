"""HTTP benchmark of the production stack, against the physical limit, in one run.

    .venv/bin/python benchmarks/http_front.py [--seconds 8] [--workers 2] [--port-base 8411]

Builds a throw-away demo database, then starts on 127.0.0.1: the app under granian with the
production settings; Varnish with deploy/varnish/default.vcl in front of it; nginx serving
the same article's bytes from a file; and, for comparison, the app without its fast path for
hits (`dateline.wsgi:django_application`, Django's handler alone). Measures interleaved with
wrk: a cached article through the app alone (with and without the fast path), through
Varnish, and from nginx; the CPU per hit, one request at a time; the CPU per uncached render;
and publish-to-visible: an editor's change (made by another process, as the admin would) until
it shows on every affected URL through Varnish. Prints a Markdown table of ratios.
Needs Debian's wrk, nginx and varnish with varnish-modules (installed if missing and root).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port-base", type=int, default=8411, help="four ports from here")
    args = parser.parse_args()
    global APP, VARNISH, NGINX, DJANGO
    APP, VARNISH, NGINX, DJANGO = (args.port_base + n for n in range(4))
    ensure_tools()
    work = Path(tempfile.mkdtemp(prefix="dateline-http-"))
    work.chmod(0o755)  # varnishd's worker runs as its own user
    env = production_env(work, f"http://127.0.0.1:{VARNISH}", CACHE_DIR=str(work / "cache"))
    dateline = [str(BIN / "dateline")]
    subprocess.run([*dateline, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*dateline, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    subprocess.run(
        [*dateline, "demo"],
        env={**env, "DJANGO_SETTINGS_MODULE": "dateline.settings.dev"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
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
    try:
        app = subprocess.Popen(
            [
                str(BIN / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(APP),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "dateline.wsgi:application",
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(app)
        # The same app without the fast path for hits (dateline.core.fasthit): Django's handler.
        django_only = subprocess.Popen(
            [
                str(BIN / "granian"),
                "--interface",
                "wsgi",
                "--host",
                "127.0.0.1",
                "--port",
                str(DJANGO),
                "--workers",
                str(args.workers),
                "--log-level",
                "warning",
                "dateline.wsgi:django_application",
            ],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        processes.append(django_only)
        processes.append(
            subprocess.Popen(
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
        )
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

        # CPU per uncached render: a new query string each time, so only the page is missing.
        workers = children(app.pid)
        before = cpu_seconds(workers)
        renders = 40
        for n in range(renders):
            get(f"http://127.0.0.1:{APP}{article}?cpu={n}")
        render_ms = (cpu_seconds(workers) - before) / renders * 1000
        for path in ("/", section, topic, "/feeds/latest/rss/"):
            get(f"http://127.0.0.1:{APP}{path}")
        cpu = {}
        for name, path in [
            ("home", "/"),
            ("section", section),
            ("topic", topic),
            ("feed", "/feeds/latest/rss/"),
        ]:
            before = cpu_seconds(workers)
            for n in range(20):
                get(f"http://127.0.0.1:{APP}{path}{'&' if '?' in path else '?'}cpu={n}")
            cpu[name] = (cpu_seconds(workers) - before) / 20 * 1000

        # Publish-to-visible through Varnish: every affected URL shows the new headline.
        affected = [article, section, "/", topic, "/feeds/latest/rss/"]
        for path in affected:
            get(f"http://127.0.0.1:{VARNISH}{path}"), get(f"http://127.0.0.1:{VARNISH}{path}")
        marker = f"Corrected headline {secrets.token_hex(3)}"
        started = time.monotonic()
        subprocess.run(
            [
                *dateline,
                "shell",
                "-c",
                f"from dateline.articles.models import ArticlePage as A; s = A.objects.get(pk={story_id}); "
                f"s.title = {marker!r}; s.save_revision().publish()",
            ],
            env=env,
            check=True,
        )
        published = time.monotonic()
        pending = set(affected)
        while pending and time.monotonic() - published < 30:
            for path in list(pending):
                if marker.encode() in get(f"http://127.0.0.1:{VARNISH}{path}")[2]:
                    pending.discard(path)
        visible = time.monotonic() - published
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
        f"| uncached article render, CPU | {render_ms:.1f} ms | {render_ms / 89:.2f}x WordPress's 89 ms |"
    )
    for name, value in cpu.items():
        print(f"| uncached {name} render, CPU | {value:.1f} ms | |")
    print(
        f"| publish-to-visible on {len(affected)} URLs via Varnish | {visible:.2f} s (editor's process took {published - started:.1f} s) | {'all visible' if not pending else 'NOT visible: ' + ', '.join(sorted(pending))} |"
    )
    print(f"| memory per worker after the run | {', '.join(f'{m:.0f} MB' for m in memory)} | |")


if __name__ == "__main__":
    main()
