"""The whole reader site against the shared news audit (../shared/audit): HTML validity,
accessibility, structured data, feeds, robots.txt and sitemaps, on a live server.

The server runs in a subprocess with its own SQLite file, seeded by
`dateline seed_distribution` (factories, one page of every kind).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import missing_tool

pytestmark = pytest.mark.audit

REPO = Path(__file__).resolve().parents[1]
AUDIT = REPO.parent / "shared" / "audit" / "audit"
CHROMIUM = Path(os.environ.get("NEWSAUDIT_CHROME", "/usr/bin/chromium"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"runserver exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {timeout:.0f} s")


@pytest.fixture
def audited_site(tmp_path):
    """(base URL, seeded paths) of a running server; stopped after the test."""
    if not AUDIT.exists():
        missing_tool(f"The shared audit is not at {AUDIT}")
    if shutil.which("java") is None:
        missing_tool("Java is not installed (apt-get install default-jre-headless)")
    if not CHROMIUM.exists():
        missing_tool(f"Chromium is not at {CHROMIUM} (apt-get install chromium)")
    port = free_port()
    # The audited site is the embedded set-up: its own SQLite file and an in-process cache
    # (a Redis shared with the test run would hand it other sites' cached root paths).
    env = {
        **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "dateline.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'audit.sqlite3'}",
    }
    manage = [sys.executable, "-m", "dateline"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=REPO, check=True)
    seeded = subprocess.run(
        [*manage, "seed_distribution", "--hostname", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    paths = json.loads(seeded.stdout.strip().splitlines()[-1])
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/robots.txt", server)
        yield base, paths
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_reader_site_passes_the_news_audit(audited_site, tmp_path):
    base, paths = audited_site
    pages = [
        paths["home"],
        paths["section"],
        paths["subsection"],
        paths["topic"],
        paths["author"],
        paths["agency"],
        paths["event"],
        paths["live"],
    ]
    feeds = [
        f"{base}/feeds/section/world/rss/",
        f"{base}/feeds/topic/{paths['topic'].strip('/').split('/')[-1]}/atom/",
    ]
    result = subprocess.run(
        [
            str(AUDIT),
            base,
            "--pages",
            *pages,
            "--articles",
            *paths["articles"],
            "--feeds",
            *feeds,
            "--out",
            str(tmp_path / "audit-report"),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if result.returncode == 3:
        missing_tool(f"The audit could not install its validators:\n{result.stderr[-2000:]}")
    failures = [line for line in result.stdout.splitlines() if line.startswith("FAIL")]
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    assert (result.returncode, summary.endswith(" 0 failed")) == (0, True), "\n".join(
        [summary, *failures, result.stderr[-2000:]]
    )
