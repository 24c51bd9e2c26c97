"""`kill -9` of `dateline supervise` leaves no scheduler or worker behind (issue 18, finding
13): a real supervisor on a real database file, its real children, a real SIGKILL.

The deadlines only stop a broken run from hanging the suite; nothing waits on a timing."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

DATELINE = str(Path(sys.executable).with_name("dateline"))
HANG_GUARD = 300.0


def children_of(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # "pid (comm) state ppid ...": comm may hold spaces, so split after its ")".
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Alive and not a zombie waiting for a parent that never reaps it."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in {"Z", "X"}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_children_exit_when_the_supervisor_is_killed(tmp_path):
    # The development settings: the database task queue, so supervise runs both children.
    env = {
        **{name: value for name, value in os.environ.items() if name != "REDIS_URL"},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'supervised.sqlite3'}",
        "CACHE_DIR": str(tmp_path / "cache"),
        "DJANGO_SETTINGS_MODULE": "dateline.settings.dev",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
    }
    subprocess.run([DATELINE, "migrate", "-v0"], env=env, check=True, timeout=600)
    supervisor = subprocess.Popen(
        [DATELINE, "supervise"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    children: set[int] = set()
    try:
        deadline = time.monotonic() + HANG_GUARD
        while len(children) < 2 and time.monotonic() < deadline:
            children = {pid for pid in children_of(supervisor.pid) if running(pid)}
            time.sleep(0.2)
        assert len(children) == 2, "the supervisor did not start the scheduler and the worker"
        os.kill(supervisor.pid, signal.SIGKILL)
        supervisor.wait(timeout=60)
        deadline = time.monotonic() + HANG_GUARD
        while any(running(pid) for pid in children) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not [pid for pid in children if running(pid)], "orphaned children"
    finally:
        for pid in children:  # never leave a stray process on a failure
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        if supervisor.poll() is None:
            supervisor.kill()
