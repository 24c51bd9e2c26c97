"""`dateline demo --if-changed` (what `make run` calls): a restart with nothing changed loads
nothing; a change to the demo's content, or a database without the demo, loads it again."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dateline.demo.loader import ADMIN_USERNAME
from dateline.demo.management.commands import demo as command

pytestmark = pytest.mark.django_db


@pytest.fixture
def loads(monkeypatch, tmp_path, home):
    """Count the loads (a stand-in that leaves what a loaded demo leaves: home and admin)."""
    calls: list[int] = []

    def load_demo() -> dict[str, int]:
        calls.append(1)
        get_user_model().objects.get_or_create(username=ADMIN_USERNAME)
        return {"pages": 1}

    monkeypatch.setattr("dateline.demo.loader.load_demo", load_demo)
    monkeypatch.setattr(command, "stamp_path", lambda: tmp_path / "demo.stamp")
    return calls


def run(*args: str) -> str:
    output = StringIO()
    call_command("demo", *args, stdout=output)
    return output.getvalue()


def test_a_restart_with_nothing_changed_loads_nothing(loads):
    run("--if-changed")
    assert len(loads) == 1
    again = run("--if-changed", "--print-logins")
    assert len(loads) == 1 and "not reloaded" in again
    assert f"{ADMIN_USERNAME} / " in again  # the logins, from the same process
    run()  # without the flag it always loads
    assert len(loads) == 2


def test_changed_content_or_a_database_without_the_demo_loads_again(loads, monkeypatch):
    run("--if-changed")
    monkeypatch.setattr(command, "demo_fingerprint", lambda: "changed content")
    run("--if-changed")
    assert len(loads) == 2
    run("--if-changed")
    assert len(loads) == 2
    get_user_model().objects.filter(username=ADMIN_USERNAME).delete()  # a flushed database
    run("--if-changed")
    assert len(loads) == 3


def test_the_fingerprint_follows_the_database(monkeypatch):
    from types import SimpleNamespace

    from django.conf import settings

    first = command.demo_fingerprint()
    assert command.demo_fingerprint() == first
    other = {"default": {**settings.DATABASES["default"], "NAME": "another-database"}}
    monkeypatch.setattr(command, "settings", SimpleNamespace(DATABASES=other))
    assert command.demo_fingerprint() != first
