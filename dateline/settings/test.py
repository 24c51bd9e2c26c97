import atexit
import os
import shutil
import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
DATELINE_WIRE_UPLOAD_ROOT = BASE_DIR / "var" / "test-wire-uploads"  # noqa: F405
# Not `make run`'s drop folders: the demo drops its sample files and polls them.
DATELINE_WIRE_DROP_ROOT = BASE_DIR / "var" / "test-wire-drop"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# In memory unless a test process is given a backend (the newsletter tests' SMTP worker).
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")  # noqa: F405
# One process's memory: tests clear it freely. The page cache and cached fragments are on, as
# in production, so every test that reads a page after a change also proves it fresh; the
# root conftest runs purges when a commit would (dateline.core.testing.purges_as_in_production).
# CACHE_DIR set: the DiskCache of base settings, which other processes share (the freshness
# matrix's changes are made by a separate process, as the admin's or the scheduler's are).
if not REDIS_URL and not env("CACHE_DIR"):  # noqa: F405
    CACHES = {  # guarded as in production (dateline.caching.cache.GuardedCache)
        "default": guarded_cache({"BACKEND": "django.core.cache.backends.locmem.LocMemCache"})  # noqa: F405
    }
WAGTAILADMIN_BASE_URL = "http://testserver"

if REDIS_URL:  # noqa: F405
    # Each pytest-xdist worker gets a Redis database of its own: tests clear the cache, and
    # django-redis clears by flushing the whole database. They count down from REDIS_URL's
    # database (gw0 takes it, gw1 the one below), so runs given different URLs never share.
    _worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    _base, _, _named_db = REDIS_URL.rstrip("/").rpartition("/")  # noqa: F405
    if not _named_db.isdigit():  # no database named: start at 15
        _base, _named_db = REDIS_URL.rstrip("/"), "15"  # noqa: F405
    _first_db = int(_named_db)
    _db = (_first_db - int(_worker.removeprefix("gw") or 0)) % 16
    CACHES["default"]["GUARDED"]["LOCATION"] = f"{_base}/{_db}"  # noqa: F405
    # The outage fallback's copies shared on the host: one folder per worker and run, as its
    # Redis database is (workers hold different databases; a checkout's var/ is not a test's).
    _fallback_dir = tempfile.mkdtemp(prefix=f"dateline-fallback-{_worker}-")
    atexit.register(shutil.rmtree, _fallback_dir, ignore_errors=True)
    CACHES["default"]["GUARDED"]["OPTIONS"]["FALLBACK"]["SHARED_DIR"] = _fallback_dir  # noqa: F405
DATELINE_WIRE_TRANSPORTS = {  # noqa: F405
    **DATELINE_WIRE_TRANSPORTS,  # noqa: F405
    "http": {"BACKEND": "dateline.wires.transports.http.HTTPTransport", "TIMEOUT": 0.5},
}

# Counters in-process in tests (the conftest clears them with the default cache).
CACHES["counters"] = guarded_cache(  # noqa: F405
    {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "dateline-counters",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},  # culling would silently drop counts
    }
)

# Two-factor: optional unless a test asks for a required group; django-otp's back-off (a
# second or more after a wrong code) off, so a test may give a wrong code and then the right one.
DATELINE_2FA_REQUIRED_GROUPS: list[str] = []
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0

# One test client is every reader: the freshness matrix alone searches dozens of times a minute
# from 127.0.0.1. Tests that prove the limit set their own, in one frozen window.
DATELINE_SEARCH_RATE_LIMIT = (1_000_000, 60)
# The API's public limit lifted likewise (tests of a limit set theirs); the change feed lists
# a change at once (its settling wait is tested with the clock).
DATELINE_API = {"PUBLIC_RATE_LIMIT": 1_000_000, "CHANGES_SETTLE_SECONDS": 0}
# The dummy ad server (house ads from this origin): tests never reach an ad server.
DATELINE_ADS = {**DATELINE_ADS, "BACKEND": "dateline.ads.backends.HouseAds"}  # noqa: F405
# Alerts: a fixed VAPID key (tests only) and the dummy sender; the end-to-end tests switch to
# the real one against their own push service on 127.0.0.1.
DATELINE_ALERTS = {  # noqa: F405
    **DATELINE_ALERTS,  # noqa: F405
    "VAPID_PRIVATE_KEY": "VEabnNEe4hwsLRUbacTYROLWq3Jd7J7lFjgUzzf_IVw",
    "ENDPOINT_HOSTS": ["push.example.com", "127.0.0.1"],
}
DATELINE_PUSH_SENDERS = {
    "default": {
        "BACKEND": env("DATELINE_PUSH_SENDER", "dateline.alerts.senders.DummySender"),  # noqa: F405
        "CONCURRENCY": int(env("DATELINE_PUSH_CONCURRENCY", "1")),  # noqa: F405
    }
}
