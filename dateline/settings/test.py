import os

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
DATELINE_WIRE_UPLOAD_ROOT = BASE_DIR / "var" / "test-wire-uploads"  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# One process's memory: tests clear it freely. The page cache and cached fragments are off
# except in the tests about them (dateline/caching/tests), which also run the purges that
# a test transaction would otherwise hold back until a commit that never comes.
if not REDIS_URL:  # noqa: F405
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
DATELINE_PAGE_CACHE = {**DATELINE_PAGE_CACHE, "ENABLED": False}  # noqa: F405
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
    CACHES["default"]["LOCATION"] = f"{_base}/{_db}"  # noqa: F405
DATELINE_WIRE_TRANSPORTS = {  # noqa: F405
    **DATELINE_WIRE_TRANSPORTS,  # noqa: F405
    "http": {"BACKEND": "dateline.wires.transports.http.HTTPTransport", "TIMEOUT": 0.5},
}

# Counters in-process in tests (the conftest clears them with the default cache).
CACHES["counters"] = {  # noqa: F405
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "dateline-counters",
    "OPTIONS": {"MAX_ENTRIES": 1_000_000},  # culling would silently drop counts
}

# Two-factor: optional unless a test asks for a required group; django-otp's back-off (a
# second or more after a wrong code) off, so a test may give a wrong code and then the right one.
DATELINE_2FA_REQUIRED_GROUPS: list[str] = []
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
