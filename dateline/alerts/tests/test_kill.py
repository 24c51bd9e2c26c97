"""A worker killed in the middle of an alert's send: the scheduler's job resumes it and every
browser decrypts exactly one copy.

The send runs as its own process on a database file, through the real sender (pywebpush,
one message in flight) to this test's push service on 127.0.0.1. The service kills the
worker (SIGKILL: no clean-up runs) while it waits for the answer to message 700, in its
fourth batch, and keeps nothing of that message. The scheduler's job (`sending.run_due`),
run as another process, gives the dead worker's claim back and sends the rest."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from dateline.alerts import vapid

from .pushservice import PushService

DATELINE = str(Path(sys.executable).with_name("dateline"))
BROWSERS = 1_500
KILL_AT = 700

SET_UP = """
import json, sys
from dateline.alerts.models import PushSubscription
from dateline.articles.factories import ArticlePageFactory
from dateline.home.factories import make_home
from dateline.listings.factories import make_section

ArticlePageFactory(section=make_section(make_home(), "World"), title="Quake hits capital")
subscriptions = json.load(open(sys.argv[-1]))
PushSubscription.objects.bulk_create(
    [PushSubscription(endpoint=s["endpoint"], p256dh=s["keys"]["p256dh"],
                      auth=s["keys"]["auth"]) for s in subscriptions]
)
"""

SEND = """
from dateline.alerts import composing
from dateline.articles.models import ArticlePage

story = ArticlePage.objects.get()
composing.send_alert(story, None, composing.draft_for(story))
"""

RESUME = """
import datetime
from dateline.alerts import sending
from dateline.alerts.models import Alert

sending.run_due(stale_after=datetime.timedelta(0))
alert = Alert.objects.get()
print(alert.state, sending.counts(alert))
"""


def test_a_killed_worker_is_resumed_and_every_browser_gets_exactly_one_copy(tmp_path):
    with PushService(vapid.public_key()) as service:
        subscriptions = [service.browser(f"ok-{n}").subscription(service) for n in range(BROWSERS)]
        listing = tmp_path / "subscriptions.json"
        listing.write_text(json.dumps(subscriptions))
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'alerts.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "dateline.settings.test",
            "DATELINE_PUSH_SENDER": "dateline.alerts.senders.WebPushSender",
            "DATELINE_PUSH_CONCURRENCY": "1",
            "DATELINE_ALERTS_BATCH_SIZE": "200",
            "MEDIA_ROOT": str(tmp_path / "media"),
        }

        def shell(script: str, *args: str) -> subprocess.CompletedProcess:
            return subprocess.run(
                [sys.executable, "-c", _run_with_argv(script, *args)],
                env=env,
                check=True,
                timeout=600,
                capture_output=True,
                text=True,
            )

        subprocess.run([DATELINE, "migrate", "-v0"], env=env, check=True, timeout=600)
        shell(SET_UP, str(listing))

        seen = 0
        killed = threading.Event()
        worker: subprocess.Popen | None = None

        def kill_mid_send(name: str) -> int | None:
            nonlocal seen
            seen += 1
            if seen == KILL_AT:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
                killed.set()
                return 503  # nobody is there to read it
            return None

        service.before_accept = kill_mid_send
        worker = subprocess.Popen(
            [sys.executable, "-c", _run_with_argv(SEND)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        worker.communicate(timeout=600)
        assert killed.is_set() and worker.returncode == -signal.SIGKILL
        assert service.accepted == KILL_AT - 1

        service.before_accept = None
        resumed = shell(RESUME)
        state, counts = resumed.stdout.strip().splitlines()[-1].split(" ", 1)
        assert state == "sent" and f"'sent': {BROWSERS}," in counts

    assert service.errors == []
    assert sorted(service.received) == sorted(f"ok-{n}" for n in range(BROWSERS))
    assert {len(copies) for copies in service.received.values()} == {1}
    assert {copies[0]["title"] for copies in service.received.values()} == {"Quake hits capital"}


def _run_with_argv(script: str, *args: str) -> str:
    """A Python program that sets Django up and runs `script` with `args` as sys.argv[1:]."""
    return f"import sys, django\nsys.argv = ['set-up', *{list(args)!r}]\ndjango.setup()\n" + script
