"""Fixtures shared by every test: a site with a home page, a small section tree, and one
headless Chromium per test process (Debian's, driven by Playwright; never a downloaded browser).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    from dateline.home.factories import make_home

    return make_home()


@pytest.fixture
def desk_roles(db) -> None:
    """The desk groups and workflow of newsroom's data migration.

    A transactional test flushes what migrations created, and after a browser test the
    serialized copy may not be restored (Playwright's event loop swaps the connection), so
    rebuild them the migration's own way when they are missing.
    """
    import importlib

    from django.apps import apps as django_apps
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from dateline.home.factories import make_home

    if not GroupPagePermission.objects.filter(group__name="Reporter").exists():
        # the migration's roles are gone (a group alone may be left by other tests)
        make_home()  # rebuilds the root page the roles are granted on
        migrations = "dateline.newsroom.migrations."
        migration = importlib.import_module(migrations + "0002_desk_roles_and_workflow")
        migration.create_roles(django_apps, None)
        migration.create_workflow(django_apps, None)
        wire_desk = importlib.import_module(migrations + "0005_wire_desk_for_copy_roles")
        wire_desk.open_wire_desk(django_apps, None)
    # video's migration adds the Live TV setting to two roles; its own function re-creates
    # permissions through the migration registry, so grant from its lists here (idempotent,
    # and also when roles rebuilt elsewhere lack it).
    live_tv = importlib.import_module("dateline.video.migrations.0002_live_tv_settings_permissions")
    permissions = Permission.objects.filter(
        content_type__app_label="video", codename__in=live_tv.CODENAMES
    )
    for group in Group.objects.filter(name__in=live_tv.GROUPS):
        group.permissions.add(*permissions)


@pytest.fixture
def page_cache_on(settings):
    """The page cache and fragments on, as in production; purges recorded, not sent."""
    from django.core.cache import cache

    from dateline.caching import backends

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "dateline.caching.backends.RecordingBackend"}
    }
    backends.PURGED.clear()
    cache.clear()
    yield
    backends.PURGED.clear()


@pytest.fixture
def world(home):
    from dateline.sections.factories import make_section

    return make_section(home, "World", intro="News from around the globe.")


@pytest.fixture
def us_news(world):
    from dateline.sections.factories import make_section

    return make_section(world, "US News", slug="us-news")


@pytest.fixture
def image(db):
    from dateline.core.factories import ImageFactory

    return ImageFactory()


CHROMIUM = os.environ.get("DATELINE_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "test-artifacts"

# Playwright's sync API runs an event loop; Django must still allow ORM calls in tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def missing_tool(message: str) -> None:
    """A tool a test needs is absent: skip on a developer's machine, fail in CI.

    Under CI=true a skipped browser or audit test would let the run pass without the checks
    it exists for, so the absence itself is the failure."""
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        pytest.fail(f"{message} (CI=true: a missing tool fails the run)", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        missing_tool(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def invalidated(settings):
    """The sets of dependency keys invalidated during the test, in order (each purge)."""
    from dateline.core.testing import INVALIDATED

    settings.DATELINE_INVALIDATORS = ["dateline.core.testing.remember_invalidated"]
    INVALIDATED.clear()
    yield INVALIDATED
    INVALIDATED.clear()
