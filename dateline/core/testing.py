"""Real servers for fault tests: a private redis-server on a spare port, stopped, frozen
and restarted by the test itself (never the shared one on 6379)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

REDIS_BINARY = shutil.which("redis-server") or "/usr/bin/redis-server"
# 6390-6399: kept free for these tests; each pytest-xdist worker takes its own port.
REDIS_BASE_PORT = int(os.environ.get("DATELINE_TEST_REDIS_PORT", "6390"))


def spare_redis_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return REDIS_BASE_PORT + int(worker.removeprefix("gw") or 0) % 10


class RedisProcess:
    """One redis-server without persistence. `start()` returns once it accepts connections
    (it says so on stdout), so no test waits on a clock."""

    def __init__(self, port: int):
        self.port = port
        self.process: subprocess.Popen | None = None
        self.workdir = Path(tempfile.mkdtemp(prefix="dateline-redis-"))

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                REDIS_BINARY,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
                "--loglevel",
                "notice",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        lines = []
        for line in self.process.stdout:
            lines.append(line)
            if "Ready to accept connections" in line:
                return
        raise RuntimeError("redis-server did not start:\n" + "".join(lines))

    def stop(self) -> None:
        if self.process is None:
            return
        self.resume()
        self.process.terminate()
        self.process.wait(timeout=10)
        self.process.stdout.close()
        self.process = None

    def freeze(self) -> None:
        """SIGSTOP: the port still accepts connections, but no command is ever answered."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def cache_contents(alias: str) -> str:
    """Every key and value a cache holds, as text (tests that prove nothing personal is kept):
    Django's in-process cache or django-redis."""
    from django.core.cache import caches

    cache = caches[alias]
    if hasattr(cache, "_cache"):  # LocMemCache
        return repr(dict(cache._cache))
    if hasattr(cache, "keys"):  # django-redis
        keys = list(cache.keys("*"))
        return repr(keys) + repr(cache.get_many(keys))
    raise TypeError(f"Cannot list the contents of the {alias!r} cache ({type(cache).__name__})")


# Every set of keys invalidated while a test used the `invalidated` fixture (root conftest).
INVALIDATED: list[set[str]] = []


def remember_invalidated(keys: set[str], urls: set[str] | None = None) -> None:
    """An invalidator for tests (settings.DATELINE_INVALIDATORS): remembers each purge."""
    INVALIDATED.append(set(keys))
