"""`dateline scheduler` as `make run` starts it: a separate process on a real database file
publishes a story whose scheduled time has already passed, and stops cleanly on SIGTERM.

The time is in the past before the process starts, so nothing depends on how fast a busy
machine starts it; the deadline below only stops a broken scheduler from hanging the run."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

DATELINE = str(Path(sys.executable).with_name("dateline"))

SCHEDULE_A_STORY = """
import datetime as dt
from django.utils import timezone
from dateline.articles.factories import ArticlePageFactory
from dateline.home.factories import make_home
from dateline.listings.factories import make_section
from wagtail.models import Revision

world = make_section(make_home(), "World")
story = ArticlePageFactory(section=world, title="Scheduled story", publish=False)
story.go_live_at = timezone.now() + dt.timedelta(hours=1)
revision = story.save_revision()
revision.publish()  # scheduled, not live
due = (timezone.now() - dt.timedelta(minutes=1)).replace(microsecond=0)
revision.approved_go_live_at = due
revision.content["go_live_at"] = due.isoformat()
revision.save(update_fields=["approved_go_live_at", "content"])
type(story).objects.filter(pk=story.pk).update(go_live_at=due)
print(story.pk, due.isoformat())
"""


def page_state(database: Path, page_id: int) -> tuple[bool, str | None]:
    with sqlite3.connect(database) as connection:
        live, last_published_at = connection.execute(
            "SELECT live, last_published_at FROM wagtailcore_page WHERE id = ?", (page_id,)
        ).fetchone()
    return bool(live), last_published_at


def test_scheduler_process_publishes_a_story_whose_time_has_passed(tmp_path):
    database = tmp_path / "newsroom.sqlite3"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "dateline.settings.test",
    }
    subprocess.run([DATELINE, "migrate", "-v0"], env=env, check=True, timeout=300)
    created = subprocess.run(
        [DATELINE, "shell", "-c", SCHEDULE_A_STORY],
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
        text=True,
    )
    page_id_text, go_live_text = created.stdout.split()[-2:]
    page_id, go_live_at = int(page_id_text), dt.datetime.fromisoformat(go_live_text)
    assert page_state(database, page_id) == (False, None)

    scheduler = subprocess.Popen(
        [DATELINE, "scheduler", "--interval", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 300  # a hang guard, not a timing promise
        while time.monotonic() < deadline and not page_state(database, page_id)[0]:
            time.sleep(0.5)
        live, last_published_at = page_state(database, page_id)
    finally:
        scheduler.send_signal(signal.SIGTERM)
        out, err = scheduler.communicate(timeout=20)
    assert live is True
    published = dt.datetime.fromisoformat(last_published_at).replace(tzinfo=dt.UTC)
    assert published >= go_live_at
    assert scheduler.returncode == 0, err
    assert out == "Scheduler: publishing due stories every 1 s.\n"
