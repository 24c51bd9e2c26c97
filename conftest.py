"""Fixtures shared by every test: a site with a home page, a small section tree, and one
headless Chromium per test process (Debian's, driven by Playwright; never a downloaded browser).
"""

import os
import shutil
from pathlib import Path

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True, scope="session")
def _purges_as_in_production():
    """The page cache is on in every test: purges run when the code's own transaction ends,
    not at a commit the test's transaction never makes (dateline.core.testing)."""
    from dateline.core.testing import purges_as_in_production

    with purges_as_in_production():
        yield


def _forget_cached() -> None:
    """The cache and the page cache's reverse index with it: every test stores pages now, and
    an index left over would name another test's entries under the same page ids."""
    from dateline.caching.cachestore import forget_everything

    cache.clear()
    forget_everything()


@pytest.fixture(autouse=True)
def _clear_cache():
    _forget_cached()
    yield
    _forget_cached()


@pytest.fixture
def home(db):
    from wagtail.models import Site

    from dateline.home.factories import make_home

    home = make_home()
    _visited_once(Site.objects.get(is_default_site=True))
    return home


def _visited_once(site) -> None:
    """A site that has been visited once: its settings rows exist. The first render of a new
    site creates them (`for_site` is a get_or_create), and creating one purges, so that one
    render is not stored (nor kept by a front cache: `Cache-Control: no-cache`): tests that
    look at what the caches keep start past it."""
    from wagtail.contrib.settings.registry import registry

    for model in registry:
        if hasattr(model, "for_site"):
            model.for_site(site)


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
        takeover = importlib.import_module(migrations + "0006_editor_takes_over_any_stage")
        takeover.editor_on_every_task(django_apps, None)
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
def make_user(desk_roles):
    """A user, in one of the desk groups the data migrations created when `group` names one:
    `make_user("rita", "Reporter")`. Read back, so its permission caches start empty."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    def make(username: str, group: str | None = None, **extra):
        extra.setdefault("email", f"{username}@example.com")
        user = get_user_model().objects.create_user(username=username, password="pass", **extra)
        if group:
            user.groups.add(Group.objects.get(name=group))
        return get_user_model().objects.get(pk=user.pk)

    return make


@pytest.fixture
def live_site(live_server):
    """Every browser test's site: a home page served by the live server, its Site pointing
    at the server's port (a live server needs committed data: transaction=True tests)."""
    from wagtail.models import Site

    from dateline.home.factories import make_home

    home = make_home()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", live_server.thread.port
    site.save()
    _visited_once(site)
    return home


@pytest.fixture
def page_cache_on(settings):
    """Front-cache purges recorded (`backends.PURGED`), not sent. The page cache and fragments
    are on in every test (settings.test); this also says so, for tests that turn them off."""
    from django.core.cache import cache

    from dateline.caching import backends, cachestore

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "dateline.caching.backends.RecordingBackend"}
    }
    backends.PURGED.clear()
    cache.clear()
    cachestore.forget_everything()  # a LocMem cache's index lives in the process
    yield
    backends.PURGED.clear()


@pytest.fixture
def page_cache_off(settings):
    """The page cache and fragments off, for a test that measures what rendering a page
    costs (the queries of a render the cache missed, fragments built too), or that compares
    a view's own response. A hit costs no query, which the caching tests prove."""
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": False}


@pytest.fixture
def world(home):
    from dateline.listings.factories import make_section

    return make_section(home, "World", intro="News from around the globe.")


@pytest.fixture
def us_news(world):
    from dateline.listings.factories import make_section

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


class Clock:
    """Moves time forward without waiting (see the `clock` fixture)."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def move_to(self, moment) -> None:
        import time

        from django.utils import timezone

        self.monkeypatch.setattr(timezone, "now", lambda: moment)
        self.monkeypatch.setattr(time, "time", lambda: moment.timestamp())


@pytest.fixture
def one_rate_window(monkeypatch) -> None:
    """Every request of the test falls in one rate-limit window, whatever the wall clock does:
    a test that makes N requests and expects the N+1th refused must not see the count reset."""
    from dateline.core import counters

    frozen = counters.rate_window_clock()
    monkeypatch.setattr(counters, "rate_window_clock", lambda: frozen)


def _moment_clear_of_the_hour():
    """Now, or just after the coming hour when that is under 30 minutes away, and first just
    after the site's coming midnight when that is under three hours away: the hourly windows
    (trending, most read) bound every page that shows them by the hour's turn, and the date
    in the header by midnight, so a test run at 10:59:30, or an hour before midnight (a test
    moving the clock on to the next hour), would see a page kept minutes, whatever the test
    set up."""
    import datetime as dt

    from django.utils import timezone

    from dateline.trending.ranking import window_moves_at

    now = timezone.now()
    local = timezone.localtime(now)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(), local.tzinfo)
    if midnight - now < dt.timedelta(hours=3):
        now = midnight + dt.timedelta(seconds=1)
    turn = window_moves_at(now)
    return now if turn - now > dt.timedelta(minutes=30) else turn + dt.timedelta(seconds=1)


@pytest.fixture
def time_held_still(monkeypatch) -> Clock:
    """Time stands still (clear of the hour's turn) for a test that reads cached pages across
    many steps: a run that crosses the hour would see the trending window end every page."""
    clock = Clock(monkeypatch)
    clock.move_to(_moment_clear_of_the_hour())
    return clock


@pytest.fixture
def clock(page_cache_on, settings, monkeypatch) -> Clock:
    """The page cache on, in an in-process cache whose entries expire by `time.time()`;
    `clock.move_to(moment)` makes `timezone.now()` and `time.time()` say `moment`, so an
    entry (page or fragment) kept past the moment its output changes would be served.
    Time stands still from the start (clear of the hour's turn): a busy machine, or a run
    just before the hour, must not shorten the lifetimes a test expects."""
    settings.CACHES = {
        **settings.CACHES,
        "dateline-clock": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "dateline-clock",
        },
    }
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "CACHE": "dateline-clock"}
    from django.core.cache import caches

    caches["dateline-clock"].clear()
    clock = Clock(monkeypatch)
    clock.move_to(_moment_clear_of_the_hour())
    yield clock
    monkeypatch.undo()
    caches["dateline-clock"].clear()


@pytest.fixture
def redis_server():
    """A Redis of the test's own, on a spare port: a test may stop and start it (an outage)."""
    from dateline.core.testing import RedisProcess, spare_redis_port

    server = RedisProcess(spare_redis_port())
    server.start()
    yield server
    server.close()
