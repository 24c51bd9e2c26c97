"""`dateline supervise`: keep the scheduler and the task worker running.

Each child is restarted when it exits, after a back-off that doubles on quick crashes (1 s up
to 60 s) and resets once a child has run for a minute. When a worker exits, the tasks it had
claimed are put back in the queue (`health.recover_abandoned_tasks`); on start, so are those
of workers from an earlier run on this host. While a worker process is alive the supervisor
records its heartbeat, which /healthz and the admin dashboard read.

The children die with the supervisor, however it dies (`kill -9` included): on Linux each
child asks the kernel for SIGTERM when its parent exits (PR_SET_PDEATHSIG), so no scheduler
or worker is left orphaned to run beside the next supervisor.

Run one supervisor per host and database. Worker ids are `<host>:<random>`, so the
supervisor can tell its own workers' tasks from another host's.
"""

from __future__ import annotations

import ctypes
import functools
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import close_old_connections

from . import health

logger = logging.getLogger("dateline.supervisor")

MIN_BACKOFF = 1.0
MAX_BACKOFF = 60.0
HEALTHY_RUN = 60.0  # a child that ran this long gets the short back-off again
BEAT_EVERY = 5.0


def dateline_command() -> list[str]:
    executable = Path(sys.executable).with_name("dateline")
    return [str(executable)] if executable.exists() else [sys.executable, "-m", "dateline"]


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent_pid: int) -> None:
    """Run in the child between fork and exec: SIGTERM when the parent dies (the setting
    survives exec). If the parent is already gone, it never will be sent: exit now."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def spawn_bound_to_supervisor(command: list[str]) -> subprocess.Popen:
    """Start a child that exits when this process dies (Linux; elsewhere a plain child)."""
    if sys.platform.startswith("linux"):
        return subprocess.Popen(
            command, preexec_fn=functools.partial(_die_with_parent, os.getpid())
        )
    return subprocess.Popen(command)


def worker_id_prefix() -> str:
    return f"{socket.gethostname()[:40]}:"


@dataclass
class Child:
    name: str
    make_command: Callable[[], list[str]]
    is_worker: bool = False
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float = 0.0
    backoff: float = MIN_BACKOFF
    worker_id: str = ""
    restarts: int = 0
    command: list[str] = field(default_factory=list)


def scheduler_child() -> Child:
    return Child("scheduler", lambda: [*dateline_command(), "scheduler"])


def worker_child() -> Child:
    child = Child("worker", lambda: [], is_worker=True)

    def command() -> list[str]:
        child.worker_id = worker_id_prefix() + uuid.uuid4().hex[:16]
        return [
            *dateline_command(),
            "worker",
            "--queue-name",
            "*",
            "--no-reload",
            "--worker-id",
            child.worker_id,
        ]

    child.make_command = command
    return child


class Supervisor:
    def __init__(
        self,
        children: list[Child],
        *,
        spawn: Callable[[list[str]], subprocess.Popen] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.children = children
        self.spawn = spawn or spawn_bound_to_supervisor
        self.clock = clock
        self.stopping = False
        self.last_beat = float("-inf")

    def start(self) -> None:
        # No worker of this host is running before its supervisor starts: whatever tasks
        # they held were abandoned.
        if any(child.is_worker for child in self.children):
            health.recover_abandoned_tasks(worker_id_prefix=worker_id_prefix())
        for child in self.children:
            self._launch(child)

    def _launch(self, child: Child) -> None:
        child.command = child.make_command()
        child.process = self.spawn(child.command)
        child.started_at = self.clock()
        logger.info("Started %s (pid %s)", child.name, child.process.pid)

    def step(self) -> None:
        """One supervision pass: notice exits, schedule and perform restarts, beat."""
        now = self.clock()
        for child in self.children:
            if child.process is not None:
                code = child.process.poll()
                if code is None:
                    continue
                ran_for = now - child.started_at
                # A child that ran a while gets the short delay again; quick crashes double it.
                delay = MIN_BACKOFF if ran_for >= HEALTHY_RUN else child.backoff
                child.backoff = (
                    MIN_BACKOFF if ran_for >= HEALTHY_RUN else min(delay * 2, MAX_BACKOFF)
                )
                logger.error(
                    "%s exited with code %s after %.0f s; restarting in %.0f s",
                    child.name,
                    code,
                    ran_for,
                    delay,
                )
                child.process = None
                child.restart_at = now + delay
                if child.is_worker and child.worker_id:
                    health.recover_abandoned_tasks([child.worker_id])
            elif not self.stopping and now >= child.restart_at:
                child.restarts += 1
                self._launch(child)
        if now - self.last_beat >= BEAT_EVERY:
            self.last_beat = now
            for child in self.children:
                if child.is_worker and child.process is not None and child.process.poll() is None:
                    health.beat(health.WORKER, detail=child.worker_id)
        close_old_connections()

    def stop(self, timeout: float = 20.0) -> None:
        self.stopping = True
        for child in self.children:
            if child.process is not None and child.process.poll() is None:
                child.process.terminate()
        for child in self.children:
            if child.process is not None:
                try:
                    child.process.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    child.process.kill()
                    child.process.wait()
        for child in self.children:
            if child.is_worker and child.worker_id:
                health.recover_abandoned_tasks([child.worker_id])

    def run_forever(self, interval: float = 1.0) -> None:
        def request_stop(signum, frame) -> None:
            self.stopping = True

        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, request_stop)
        self.start()
        try:
            while not self.stopping:
                self.step()
                time.sleep(interval)
        finally:
            self.stop()
            logger.info("Supervisor stopped (pid %s)", os.getpid())
