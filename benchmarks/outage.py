"""Latency with Redis stopped against Redis reachable (issue 21, point 5), in one run.

    .venv/bin/python benchmarks/outage.py [--seconds 60] [--connections 32] [--workers 2]

Builds a throw-away demo database, then serves it with granian and the production settings
(page cache and fragments on, Redis as the cache) three times, each under the same wrk load
for --seconds over every story, section and topic page, the home page, feeds and a few
searches (a Lua script walks the list):

1. Redis reachable (a private redis-server): a healthy site, its caches warmed by two
   passes over the list;
2. the same, then Redis stopped under the running server (its port closed: connections
   refused), with the per-process fallback (dateline.caching.cache.LocalFallback);
3. the same without the fallback (REDIS_FALLBACK_SECONDS=0): what an outage cost before.

Prints a Markdown table: requests, p50/p90/p99/max latency, 5xx and socket errors per
phase, and whether the outage met the target (p99 <= 1 s, no 5xx). Exits 1 when it did
not. Needs wrk (Debian's; installed when missing and root) and redis-server.
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
BIN = Path(sys.executable).parent
sys.path.insert(0, str(REPO))
from benchmarks.serving import load_demo, start_granian  # noqa: E402

TARGET_P99_MS = 1000.0
SEARCHES = ["monsoon", "election", "court", "market", "budget", "cricket"]

# wrk: each thread walks the list from its own offset; 5xx counted per thread, summed at the
# end; percentiles in microseconds.
WRK_SCRIPT = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) position = tonumber(args[1]) or 0; fivexx = 0 end
function request()
  position = position + 1
  return wrk.format("GET", paths[(position % #paths) + 1], {Host = "127.0.0.1"})
end
function response(status, headers, body) if status >= 500 then fivexx = fivexx + 1 end end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do total = total + thread:get("fivexx") end
  local errors = summary.errors
  io.write(string.format("RESULT requests=%d fivexx=%d errors=%d p50=%d p90=%d p99=%d max=%d\\n",
    summary.requests, total, errors.connect + errors.read + errors.write + errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wait_up(url: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"{url} did not come up")


def prepare(env: dict[str, str]) -> list[str]:
    """Migrate, load the demo, collect static files; the paths the load walks."""
    dateline = [str(BIN / "dateline")]
    load_demo(env)
    listing = subprocess.run(
        [
            *dateline,
            "shell",
            "-c",
            "from dateline.articles.models import ArticlePage as A\n"
            "from dateline.articles.models import SectionPage as S\n"
            "from taggit.models import Tag\n"
            "for s in A.objects.published(): print('PATH', s.url)\n"
            "for s in S.objects.live(): print('PATH', s.url)\n"
            "for t in Tag.objects.all()[:20]: print('PATH', '/topic/' + t.slug + '/')",
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    paths = [line.split(" ", 1)[1] for line in listing.splitlines() if line.startswith("PATH ")]
    paths += ["/", "/feeds/latest/rss/", "/sitemap.xml"]
    paths += [f"/search/?q={term}" for term in SEARCHES]
    return paths


def serve(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    return start_granian("dateline.wsgi:application", port, workers, env, log.open("a"))


def load(port: int, script: Path, seconds: int, connections: int) -> dict[str, float]:
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "30s",
            "-s",
            str(script),
            f"http://127.0.0.1:{port}/",
            "--",
            str(secrets.randbelow(1000)),
        ],
        capture_output=True,
        text=True,
    ).stdout
    match = re.search(r"RESULT (.*)", out)
    if not match:
        raise SystemExit(f"wrk printed no result:\n{out}")
    return {key: float(value) for key, value in re.findall(r"(\w+)=(\d+)", match.group(1))}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8421")))
    # A redis-server of its own, started and stopped here (never a shared one).
    parser.add_argument(
        "--redis-port", type=int, default=int(os.environ.get("BENCH_REDIS_PORT", "6397"))
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="keep the demo database and static files in this directory, and reuse them "
        "when it already holds them (a second run skips the ten minutes of preparation)",
    )
    parser.add_argument(
        "--phases",
        default="reachable,fallback,before",
        help="which phases to run, comma-separated (default: all three)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk") and os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
    if not shutil.which("wrk") or not shutil.which("redis-server"):
        raise SystemExit("needs wrk and redis-server (apt-get install wrk redis-server)")
    sys.path.insert(0, str(REPO))
    from dateline.core.testing import RedisProcess, production_env

    work = args.work or Path(tempfile.mkdtemp(prefix="dateline-outage-"))
    work.mkdir(parents=True, exist_ok=True)
    env = production_env(
        work,
        f"http://127.0.0.1:{args.port}",
        DATELINE_LOG_LEVEL="ERROR",
        # Searches are rate-limited per client: wrk is one client.
        DATELINE_SEARCH_RATE_LIMIT="1000000000",
    )
    redis = RedisProcess(args.redis_port)
    redis.start()
    try:
        listed_paths = work / "paths.txt"
        if args.work and listed_paths.exists():
            paths = listed_paths.read_text().split()
        else:
            paths = prepare({**env, "REDIS_URL": redis.url})
            listed_paths.write_text("\n".join(paths))
        script = work / "load.lua"
        listed = ", ".join(f'"{path}"' for path in paths)
        script.write_text(f"paths = {{{listed}}}\n{WRK_SCRIPT}")
        # Each phase: a fresh server on the private Redis, one warming pass over the list (a
        # healthy site's caches hold its pages), then, for the outage phases, Redis stopped
        # under the running server, as an outage happens.
        phases = [
            ("Redis reachable", {}, False),
            ("Redis stopped, fallback on", {}, True),
            ("Redis stopped, no fallback (before)", {"REDIS_FALLBACK_SECONDS": "0"}, True),
        ]
        chosen = dict(zip(["reachable", "fallback", "before"], phases, strict=True))
        phases = [chosen[name] for name in args.phases.split(",")]
        results = {}
        for name, extra, outage in phases:
            if redis.process is None:
                redis.start()
            server = serve(
                {**env, "REDIS_URL": redis.url, **extra},
                args.port,
                args.workers,
                work / "server.log",
            )
            try:
                wait_up(f"http://127.0.0.1:{args.port}/robots.txt", server)
                for _ in range(2):  # twice: the second pass reads what the first stored
                    for path in paths:
                        get(f"http://127.0.0.1:{args.port}{path}")
                if outage:
                    redis.stop()
                print(f"{name}: {args.seconds} s of load ...", flush=True)
                load_before = os.getloadavg()[0]
                results[name] = load(args.port, script, args.seconds, args.connections)
                results[name]["load"] = (load_before + os.getloadavg()[0]) / 2
            finally:
                server.terminate()
                try:
                    server.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    server.kill()
    finally:
        redis.close()
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)

    print(
        f"\n{len(paths)} paths, {args.connections} connections, {args.workers} granian workers, "
        f"{args.seconds} s per phase; target with Redis stopped: p99 <= {TARGET_P99_MS:.0f} ms, no 5xx\n"
    )
    print("| phase | requests/s | p50 | p90 | p99 | max | 5xx | socket errors | load |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in results.items():
        print(
            f"| {name} | {r['requests'] / args.seconds:.0f} | {r['p50'] / 1000:.0f} ms | "
            f"{r['p90'] / 1000:.0f} ms | {r['p99'] / 1000:.0f} ms | {r['max'] / 1000:.0f} ms | "
            f"{r['fivexx']:.0f} | {r['errors']:.0f} | {r['load']:.1f} |"
        )
    outage = results.get("Redis stopped, fallback on")
    if outage is None:
        return 0
    met = outage["p99"] / 1000 <= TARGET_P99_MS and outage["fivexx"] == 0
    print(
        f"- Target (p99 <= {TARGET_P99_MS:.0f} ms with Redis stopped, 0 responses 5xx): "
        f"{'met' if met else 'NOT met'}."
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
