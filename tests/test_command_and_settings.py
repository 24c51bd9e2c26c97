"""The `dateline` command is manage.py, and the environment picks the services."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
DATELINE = Path(sys.executable).with_name("dateline")


def run_dateline(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dateline.settings.test", **env}
    return subprocess.run(
        [str(DATELINE), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=120,
    )


def test_dateline_command_runs_manage_py_subcommands():
    result = run_dateline(
        "shell", "-c", "from django.conf import settings; print(settings.TIME_ZONE)"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "Asia/Kolkata"


def test_dateline_command_reports_unknown_subcommands():
    result = run_dateline("no-such-command")
    assert result.returncode == 1
    assert "Unknown command: 'no-such-command'" in result.stderr


def test_time_zone_comes_from_the_environment():
    result = run_dateline(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.TIME_ZONE)",
        DATELINE_TIME_ZONE="Europe/Berlin",
    )
    assert result.stdout.strip().splitlines()[-1] == "Europe/Berlin"


def test_production_settings_refuse_the_development_secret_key():
    result = run_dateline(
        "check", DJANGO_SETTINGS_MODULE="dateline.settings.production", SECRET_KEY=""
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY in the environment for production." in result.stderr


@pytest.mark.django_db
def test_database_follows_database_url():
    url = os.environ.get("DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected


def test_cache_follows_redis_url():
    if not os.environ.get("REDIS_URL"):
        assert settings.CACHES["default"]["GUARDED"]["BACKEND"].endswith("LocMemCache")
        return
    import redis

    cache.set("dateline-scale-probe", "ok", 30)
    client = redis.Redis.from_url(settings.CACHES["default"]["GUARDED"]["LOCATION"])
    keys = client.keys("*dateline-scale-probe*")
    assert len(keys) == 1  # the value really went to Redis, not to process memory
    assert cache.get("dateline-scale-probe") == "ok"


def test_production_without_a_mail_server_says_so_once_and_sends_nothing():
    script = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    result = run_dateline(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="dateline.settings.production",
        SECRET_KEY="a-production-secret-key-for-this-test-only-0123456789",
        EMAIL_HOST="",
        EMAIL_BACKEND="",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "django.core.mail.backends.dummy.EmailBackend"
    assert result.stderr.count("Mail is not configured") == 1

    configured = run_dateline(
        "shell",
        "-c",
        script,
        DJANGO_SETTINGS_MODULE="dateline.settings.production",
        SECRET_KEY="a-production-secret-key-for-this-test-only-0123456789",
        EMAIL_HOST="mail.example.com",
    )
    assert configured.stdout.strip().splitlines()[-1].endswith("smtp.EmailBackend")
    assert "Mail is not configured" not in configured.stderr
