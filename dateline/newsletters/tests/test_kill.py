"""A worker killed in the middle of a 10,000-recipient send: the send resumes and every
subscriber has exactly one copy.

`dateline send-newsletter` runs as its own process on a database file, sending through
Django's SMTP backend to a real server on 127.0.0.1 (this test's). The server kills the
worker (SIGKILL: no clean-up runs) while it waits for the answer to message 4,321, in its
fifth batch, and does not keep that message. Running the command again resumes the send."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from .smtp import SMTPServer

DATELINE = str(Path(sys.executable).with_name("dateline"))
RECIPIENTS = 10_000
KILL_AT = 4_321

SET_UP = f"""
from dateline.articles.factories import ArticlePageFactory
from dateline.home.factories import make_home
from dateline.newsletters.models import Newsletter, Subscriber, Subscription
from dateline.listings.factories import make_section

world = make_section(make_home(), "World")
for n in range(3):
    ArticlePageFactory(section=world, title=f"Story {{n}}")
letter = Newsletter.objects.create(name="Morning", slug="morning", min_stories=1)
people = Subscriber.objects.bulk_create(
    [Subscriber(email=f"r{{n}}@example.com", token=f"t{{n}}") for n in range({RECIPIENTS})]
)
Subscription.objects.bulk_create(
    [Subscription(subscriber=p, newsletter=letter, status="confirmed", consent_text="yes",
                  consent_version="1") for p in people]
)
"""


def test_a_killed_worker_resumes_and_everyone_gets_exactly_one_copy(tmp_path):
    database = tmp_path / "letters.sqlite3"
    with SMTPServer() as server:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{database}",
            "DJANGO_SETTINGS_MODULE": "dateline.settings.test",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(server.port),
            "MEDIA_ROOT": str(tmp_path / "media"),
        }
        subprocess.run([DATELINE, "migrate", "-v0"], env=env, check=True, timeout=600)
        subprocess.run([DATELINE, "shell", "-c", SET_UP], env=env, check=True, timeout=600)

        seen = 0
        killed = threading.Event()
        worker: subprocess.Popen | None = None

        def kill_mid_send(envelope) -> str | None:
            nonlocal seen
            seen += 1
            if seen == KILL_AT:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait()
                killed.set()
                return "451 4.3.0 Connection lost"  # nobody is there to read it
            return None

        server.inbox.before_accept = kill_mid_send
        command = [DATELINE, "send-newsletter", "morning"]
        worker = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        worker.communicate(timeout=900)
        assert killed.is_set() and worker.returncode == -signal.SIGKILL
        assert len(server.inbox.raw) == KILL_AT - 1

        server.inbox.before_accept = None
        resumed = subprocess.run(
            command, env=env, check=True, timeout=900, capture_output=True, text=True
        )
        assert resumed.stdout.strip().endswith(f"sent ({RECIPIENTS} sent)")

    copies = collections.Counter(server.inbox.recipients())
    assert len(copies) == RECIPIENTS
    assert set(copies.values()) == {1}
    assert set(copies) == {f"r{n}@example.com" for n in range(RECIPIENTS)}
