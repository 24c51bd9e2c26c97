"""Test helpers: purges that run as a commit would run them inside a test's transaction, and
real servers for fault tests (a private redis-server on a spare port, stopped, frozen and
restarted by the test itself, never the shared one on 6379)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

# --- Purges in a test's transaction.
#
# `invalidate()` purges after the commit (`transaction.on_commit`), and a test inside Django's
# TestCase transaction never commits: with the page cache on, a page cached before a change
# would stay cached after it. In production the block that commits is the outermost atomic
# block; in a test that is the outermost block that is not the test case's own (Django marks
# those `_from_testcase`), and a write outside any block of the code's own runs in autocommit.
# So: a purge registered while only test-case blocks are open runs at once, and the purges a
# block registered run when that block ends without rolling back (a savepoint rolled back has
# already dropped its own, as Django does). Other on_commit callbacks are left alone: tests
# capture them with `django_capture_on_commit_callbacks`.


def _only_test_case_atomics(connection) -> bool:
    return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)


@contextlib.contextmanager
def purges_as_in_production() -> Iterator[None]:
    """While the block runs, dependency purges run when the code's own transaction would
    have committed (the root conftest opens it for the whole session)."""
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    from dateline.caching.dependencies import PurgeAfterCommit

    original_on_commit = BaseDatabaseWrapper.on_commit
    original_exit = transaction.Atomic.__exit__

    def on_commit(self, func, robust=False):
        if isinstance(func, PurgeAfterCommit) and _only_test_case_atomics(self):
            func()  # production would be in autocommit here: at once
            return
        original_on_commit(self, func, robust)

    def exit_atomic(self, exc_type, exc_value, traceback):
        connection = transaction.get_connection(self.using)
        outcome = original_exit(self, exc_type, exc_value, traceback)
        if (
            getattr(self, "_from_testcase", False)
            or not connection.in_atomic_block  # no test-case block: Django committed itself
            or not _only_test_case_atomics(connection)  # an outer block of the code's own
        ):
            return outcome
        waiting, others = [], []
        for item in connection.run_on_commit:
            (waiting if isinstance(item[1], PurgeAfterCommit) else others).append(item)
        if waiting:
            connection.run_on_commit = others
            # A block left to roll back (an inner `savepoint=False` block failed) never commits.
            if not connection.needs_rollback:
                for _sids, purge, _robust in waiting:
                    purge()
        return outcome

    BaseDatabaseWrapper.on_commit = on_commit
    transaction.Atomic.__exit__ = exit_atomic
    try:
        yield
    finally:
        BaseDatabaseWrapper.on_commit = original_on_commit
        transaction.Atomic.__exit__ = original_exit


REDIS_BINARY = shutil.which("redis-server") or "/usr/bin/redis-server"
# 6390-6399: kept free for these tests; each pytest-xdist worker takes its own port.
REDIS_BASE_PORT = int(os.environ.get("DATELINE_TEST_REDIS_PORT", "6390"))


def production_env(work: Path, base_url: str = "", **extra: str) -> dict[str, str]:
    """The environment of a throwaway instance run with the production settings, as `make run`
    runs it, with its database, static files and media under `work`: for tests and benchmarks
    that start real servers. The shell's Django settings, database and Redis are left out (a
    run must never touch the developer's own); `extra` adds or overrides variables."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_"))},
        "DJANGO_SETTINGS_MODULE": "dateline.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": f"sqlite:///{work / 'db.sqlite3'}",
        "STATIC_ROOT": str(work / "static"),
        "MEDIA_ROOT": str(work / "media"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_COOKIES": "false",
        "DATELINE_SERVE_MEDIA": "true",
    }
    if base_url:
        env["DATELINE_BASE_URL"] = base_url
    return {**env, **extra}


def shared_copy_of_test_database(
    work: Path, *, committed: bool = False
) -> tuple[str, Callable[[], None]]:
    """A database other processes can open, holding what the test database holds now (its
    migrations, and a transactional test's committed rows): its URL and how to drop it. On
    SQLite a file under `work` (the test database is in this process's memory). On
    PostgreSQL `CREATE DATABASE ... TEMPLATE` of the test database, or, for a transactional
    test (`committed`: its rows are committed, and a live server's thread may hold a session
    that a template copy refuses), the test database itself."""
    import sqlite3

    from django.db import connection

    settings = connection.settings_dict
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        path = work / "shared.sqlite3"
        target = sqlite3.connect(path)
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}", lambda: None
    auth = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    if committed:
        return f"postgres://{auth}@{host}/{settings['NAME']}", lambda: None
    name = f"{settings['NAME']}_shared"[:63]
    connection.close()  # a template must have no other session
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{settings["NAME"]}"')

    def drop() -> None:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')

    return f"postgres://{auth}@{host}/{name}", drop


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


def named_routes(skipped_prefixes: tuple[str, ...]) -> set[str]:
    """The names of the URL conf's routes, walking includes, except those under a skipped
    prefix (the admin, media...): what the route-coverage tests enumerate."""
    from django.urls import URLPattern, URLResolver, get_resolver

    def walk(patterns, prefix=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if route.startswith(skipped_prefixes):
                continue
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield pattern.name

    return set(walk(get_resolver().url_patterns))
