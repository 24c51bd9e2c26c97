"""The page cache as `make run` runs it: the app server, the scheduler and the shell are
separate processes sharing one database file and one DiskCache folder. A change made in
another process (here the scheduler putting a story live) purges the server's cached pages.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dateline.core.testing import production_env

REPO = Path(__file__).resolve().parents[1]
DATELINE = str(Path(sys.executable).with_name("dateline"))

SCHEDULE = """
import datetime as dt
from django.utils import timezone
from wagtail.models import Revision
from dateline.articles.models import Agency, ArticlePage
from dateline.articles.models import SectionPage
from dateline.articles.services import file_article

world = SectionPage.objects.get(slug="world")
agency, _ = Agency.objects.get_or_create(slug="desk", defaults={"name": "Dateline Desk"})
story = ArticlePage(title="Harbour reopens after the storm", agency=agency)  # a byline
story = file_article(world, story, publish=False)
story.go_live_at = timezone.now() + dt.timedelta(hours=1)
revision = story.save_revision()
revision.publish()  # scheduled
due = timezone.now() - dt.timedelta(seconds=5)
revision.approved_go_live_at = due
revision.content["go_live_at"] = due.isoformat()
revision.save(update_fields=["approved_go_live_at", "content"])
ArticlePage.objects.filter(pk=story.pk).update(go_live_at=due)
print(story.pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers.get("X-Cache", ""), response.read().decode()


def test_a_change_made_by_the_scheduler_process_purges_the_servers_cache(tmp_path):
    port = free_port()
    env = production_env(tmp_path, CACHE_DIR=str(tmp_path / "cache"))

    def run(*args: str) -> str:
        done = subprocess.run(
            [DATELINE, *args], env=env, cwd=REPO, check=True, capture_output=True, text=True
        )
        return done.stdout

    run("migrate", "-v0")
    run("collectstatic", "--noinput", "-v0")
    paths = json.loads(
        run("seed_distribution", "--hostname", "127.0.0.1", "--port", str(port)).splitlines()[-1]
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("granian")), "--interface", "wsgi",
         "--host", "127.0.0.1", "--port", str(port), "--workers", "1",
         "--log-level", "warning", "dateline.wsgi:application"],
        env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120  # a hang guard, not a timing promise
        while True:
            try:
                fetch(f"{base}/robots.txt")
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        watched = [paths["home"], paths["section"], "/feeds/latest/rss/"]
        for path in watched:
            # The first renders of a fresh site also store the pictures' file sizes (a change
            # to the images, which rightly drops what rendered alongside): warm twice.
            fetch(base + path)
            fetch(base + path)
            assert fetch(base + path)[0] == "HIT", path
        story_pk = run("shell", "-c", SCHEDULE).strip().splitlines()[-1]
        for path in watched:  # scheduling changes nothing readers see
            assert fetch(base + path)[0] == "HIT", path
        run("scheduler", "--once")
        for path in watched:
            state, html = fetch(base + path)
            assert (state, "Harbour reopens after the storm" in html) == ("MISS", True), path
        assert story_pk.isdigit()
    finally:
        server.terminate()
        server.wait(timeout=20)
