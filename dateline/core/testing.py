"""Real servers for fault tests: a private redis-server on a spare port, stopped, frozen
and restarted by the test itself (never the shared one on 6379)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
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


# --- Files that cannot be written, even by root (fault tests of the file caches).

_CAP_VERSION_3 = 0x20080522
_CAP_DAC_OVERRIDE = 1  # root writes any file whatever its mode while it holds this


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _capabilities(new_effective_low: int | None = None) -> int:
    """This thread's effective capabilities (low word); sets them first when given."""
    libc = ctypes.CDLL(None, use_errno=True)
    header = _CapHeader(_CAP_VERSION_3, 0)  # pid 0: the calling thread only
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    if new_effective_low is not None:
        data[0].effective = new_effective_low
        if libc.capset(ctypes.byref(header), data) != 0:
            raise OSError(ctypes.get_errno(), "capset failed")
    return data[0].effective


@contextlib.contextmanager
def read_only_files(root: Path) -> Iterator[None]:
    """Make every file and folder under `root` read-only for this thread, as for a site whose
    cache folder an operator (or a full disk, a wrong owner) made unwritable.

    Tests run as root in CI containers, and root ignores file modes while it holds
    CAP_DAC_OVERRIDE: the capability is dropped for the calling thread only (Linux keeps
    capabilities per thread) and given back afterwards, with the modes."""
    modes = {path: path.stat().st_mode for path in [root, *root.rglob("*")]}
    for path in sorted(modes, reverse=True):  # files before their folders
        path.chmod(0o555 if path.is_dir() else 0o444)
    dropped = None
    if os.geteuid() == 0:
        effective = _capabilities()
        dropped = effective
        _capabilities(effective & ~(1 << _CAP_DAC_OVERRIDE))
    try:
        yield
    finally:
        if dropped is not None:
            _capabilities(dropped)
        for path, mode in sorted(modes.items()):  # folders before their files
            path.chmod(mode)
