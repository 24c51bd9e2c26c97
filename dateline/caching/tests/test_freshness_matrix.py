"""Issue 19, point 7: every public URL kind × every kind of change, each change made by a
separate process as the admin or the scheduler makes it, against the same database and the
same shared cache as the site's process. After each change every URL must show what the
database now holds (cached or not: a miss may carry a stale fragment).

The kinds are generated: `matrix.tree.url_kinds()` walks the page types and the URL conf,
`matrix.changes.CHANGES` is the registry of change kinds. A cell known to fail is listed in
`STALE` below (strict: the entry must go when its fix lands, or the run fails).

One tree for the whole module: built once, every URL warmed, then per change kind: change,
check every URL, and (only when something was stale) empty the cache and warm again, so one
kind's stale pages never count against the next. On SQLite the test database is copied to a
file both processes open and the cache is a DiskCache folder; on PostgreSQL the processes use
a copy of the test database (CREATE DATABASE ... TEMPLATE) and, with REDIS_URL, Redis.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import connection

from dateline.core.testing import shared_copy_of_test_database

from .matrix.changes import CHANGES
from .matrix.processes import REPLY
from .matrix.tree import url_kinds

DATELINE = str(Path(sys.executable).with_name("dateline"))
REPO = Path(__file__).resolve().parents[3]

# (URL kind, change kind): why that cell is stale today (SQLite and PostgreSQL + Redis alike).
# Delete an entry when its fix lands: strict, so a cell that starts passing fails the run.
STALE: dict[tuple[str, str], str] = {
    # none today: the sitemaps' image entries (plain values of the image table) record the
    # image table since session 7 (`caching.autodeps.selected_joined_keys`)
}

KINDS = url_kinds()
# DATELINE_MATRIX_ONLY="banner on,move": only those change kinds (a quick look while fixing).
ONLY = {name for name in os.environ.get("DATELINE_MATRIX_ONLY", "").split(",") if name}
# The cells read no database themselves; the mark makes pytest-django set the test database
# up, which the matrix's processes start from.
pytestmark = pytest.mark.django_db


class Process:
    """One `dateline shell` speaking the matrix's JSON lines (matrix.processes)."""

    def __init__(self, role: str, env: dict, log: Path):
        self.log = log.open("w")
        code = f"from dateline.caching.tests.matrix.processes import main; main({role!r})"
        self.process = subprocess.Popen(
            [DATELINE, "shell", "-c", code],
            env=env, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self.log, text=True,
        )  # fmt: skip
        self.role, self.log_path = role, log

    def ask(self, op: str, **arguments) -> dict:
        self.process.stdin.write(json.dumps({"op": op, **arguments}) + "\n")
        self.process.stdin.flush()
        for line in self.process.stdout:
            if line.startswith(REPLY):
                reply = json.loads(line[len(REPLY) :])
                if not reply.pop("ok"):
                    raise RuntimeError(f"{self.role} failed on {op}:\n{reply['error']}")
                return reply
        self.log.flush()
        raise RuntimeError(
            f"the {self.role} process ended during {op}:\n{self.log_path.read_text()[-4000:]}"
        )

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=60)
        self.log.close()


class Matrix:
    def __init__(self, urls: dict[str, list[str]]):
        self.urls = urls
        self.kind_of: dict[str, list[str]] = defaultdict(list)
        for kind, kind_urls in urls.items():
            for url in kind_urls:
                self.kind_of[url].append(kind)
        self.unstable: dict[str, str] = {}  # url: how two renders of one state differ
        self.failures: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.broken: dict[str, str] = {}  # change: why it could not be made

    def all_urls(self) -> list[str]:
        return sorted(self.kind_of)


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory) -> Matrix:
    tmp = tmp_path_factory.mktemp("freshness-matrix")
    with django_db_blocker.unblock():
        database_url, drop = shared_copy_of_test_database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
    }
    if not os.environ.get("REDIS_URL"):
        env["CACHE_DIR"] = str(tmp / "cache")  # a DiskCache both processes open
    writer = Process("writer", env, tmp / "writer.log")
    reader = Process("reader", env, tmp / "reader.log")
    try:
        found = Matrix(writer.ask("build")["urls"])
        urls = found.all_urls()
        reader.ask("clear")
        reader.ask("warm", urls=urls)
        for url, seen in reader.ask("check", urls=urls)["urls"].items():
            if not seen["fresh"]:  # before any change: the comparison itself is unsound
                found.unstable[url] = seen["difference"]
        for name in CHANGES:
            if ONLY and name not in ONLY:
                continue
            try:
                writer.ask("change", name=name)
            except RuntimeError as error:
                found.broken[name] = str(error)
                continue
            stale = False
            for url, seen in reader.ask("check", urls=urls)["urls"].items():
                if not seen["fresh"] and url not in found.unstable:
                    stale = True
                    for kind in found.kind_of[url]:
                        found.failures[(kind, name)].append(
                            f"{url} ({seen['cache']}): {seen['difference']}"
                        )
            if stale:  # the next kind starts from a cache that matches the database
                reader.ask("clear")
                reader.ask("warm", urls=urls)
    finally:
        writer.close()
        reader.close()
        with django_db_blocker.unblock():
            drop()
    report = os.environ.get("DATELINE_MATRIX_REPORT")
    if report:  # every stale cell with its URLs, to update STALE from
        cells = {f"{kind}|{name}": urls for (kind, name), urls in found.failures.items()}
        summary = {"stale": cells, "broken": found.broken, "unstable": found.unstable}
        Path(report).write_text(json.dumps(summary, indent=1, sort_keys=True))
    return found


# Stale on PostgreSQL with Redis only (SQLite with DiskCache passes them): one run each.
STALE_POSTGRESQL: dict[tuple[str, str], str] = {
    # none today: the deleted story's 301 and the search fragment after a tag change pass
}


def _cells():
    engine_stale = STALE_POSTGRESQL if connection.vendor == "postgresql" else {}
    for kind in KINDS:
        for name in CHANGES:
            reason = STALE.get((kind, name)) or engine_stale.get((kind, name))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            yield pytest.param(kind, name, id=f"{kind}|{name}", marks=marks)


def test_every_url_kind_has_an_instance_in_the_tree(matrix):
    missing = [kind for kind in KINDS if not matrix.urls.get(kind)]
    assert not missing, (
        f"no address of {missing} in the matrix's tree: add a page of that type (or the "
        "route's arguments) to dateline/caching/tests/matrix/tree.py with its factory"
    )


def test_two_renders_of_one_state_compare_equal(matrix):
    assert not matrix.unstable, f"renders differ with nothing changed: {matrix.unstable}"


@pytest.mark.parametrize(("kind", "change"), list(_cells()))
def test_fresh_after_change(matrix, kind, change):
    if ONLY and change not in ONLY:
        pytest.skip("DATELINE_MATRIX_ONLY leaves this change kind out")
    assert matrix.urls.get(kind), f"no address of {kind} in the matrix's tree (see above)"
    assert change not in matrix.broken, matrix.broken.get(change)
    failures = matrix.failures.get((kind, change), [])
    assert not failures, f"stale after {change!r}:\n" + "\n".join(failures)
