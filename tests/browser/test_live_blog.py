"""A reader keeps a live blog open; the desk posts an entry from its own browser session (a
separate client of the server, as an editor's is) or from another process altogether (a script
through the live services on the same database, as the scheduler's and the demo's jobs post).
The entry appears without a reload within the poll interval, what the reader is reading does
not move, and a bar announces the update."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from dateline.core.testing import shared_copy_of_test_database
from dateline.listings.factories import make_section
from dateline.live.factories import LiveBlogPageFactory, LiveEntryFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

POLL_SECONDS = 10
# The poll interval, the script's spread (up to 1 s) and time to render and paint.
APPEARS_WITHIN_MS = (POLL_SECONDS + 4) * 1000


OBSERVE_SHIFTS = """() => {
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__shifts.push(entry.value);
  }).observe({type: "layout-shift", buffered: false});
}"""


def read_entry(page, nth: int) -> tuple[str, float]:
    """Scroll to the nth entry as a reader reading it does; its id and where it sits."""
    reading = page.locator(".live-entries [data-entry]").nth(nth)
    reading.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 120)")
    return reading.get_attribute("data-entry"), reading.bounding_box()["y"]


def assert_entry_stayed(page, read_id: str, before: float) -> None:
    after = page.locator(f'.live-entries [data-entry="{read_id}"]').bounding_box()["y"]
    assert abs(after - before) <= 1, f"the entry being read moved {after - before}px"


def results_night(home):
    world = make_section(home, "World")
    blog = LiveBlogPageFactory(section=world, title="Results night, live", dek="Every seat.")
    for n in range(24):
        LiveEntryFactory(blog=blog, headline=f"Seat {n} declared", body=[
            ("text", "<p>" + "The count in this constituency went on into the night. " * 4 + "</p>")
        ])  # fmt: skip
    return blog


@pytest.fixture
def blog(live_site):
    return results_night(live_site)


@pytest.fixture
def desk_session(live_server, browser):
    """An editor's signed-in browser context (the session cookie from Django's test client)."""
    from django.test import Client

    editor = get_user_model().objects.create_superuser("desk", "desk@example.com", "pw")
    client = Client()
    client.force_login(editor)
    context = browser.new_context()
    cookie = client.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
    yield context
    context.close()


def post_from_the_desk(desk_session, live_server, blog, headline: str) -> None:
    desk = desk_session.new_page()
    url = f"{live_server.url}/admin/live/{blog.pk}/"
    desk.goto(url)
    token = desk.locator('input[name="csrfmiddlewaretoken"]').first.get_attribute("value")
    data = nested_form_data(
        {"headline": headline, "body": streamfield([("text", rich_text("<p>A new seat.</p>"))])}
    )
    response = desk.request.post(
        url, form={**data, "csrfmiddlewaretoken": token}, headers={"Referer": url}, max_redirects=0
    )
    assert response.status == 302, response.text()[:500]
    desk.close()


def test_an_entry_posted_at_the_desk_appears_without_reload_or_shift(
    browser, live_server, blog, desk_session, artifacts
):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    shifts = []
    try:
        page.goto(f"{live_server.url}{blog.url}")
        page.evaluate(OBSERVE_SHIFTS)
        read_id, before = read_entry(page, 4)
        post_from_the_desk(desk_session, live_server, blog, "Majority reached")
        new = page.locator(".live-entries [data-entry]").filter(has_text="Majority reached")
        new.wait_for(state="attached", timeout=APPEARS_WITHIN_MS)
        assert_entry_stayed(page, read_id, before)
        bar = page.locator("[data-live-bar]")
        assert bar.is_visible() and bar.inner_text() == "1 new update"
        shifts = page.evaluate("window.__shifts")
        page.screenshot(path=str(artifacts / "live-blog-new-update-375.png"))
        # The reader follows the bar to the top of the entries: the new one is first.
        bar.click()
        first = page.locator(".live-entries [data-entry]").first
        assert "Majority reached" in first.inner_text()
        assert page.locator(".live-entries [data-entry]").count() == 21
        page.screenshot(path=str(artifacts / "live-blog-after-bar-375.png"))
    finally:
        page.close()
    assert sum(shifts) < 0.01, f"layout shift while reading: {shifts}"


def test_without_javascript_the_page_is_complete(browser, live_server, blog, artifacts):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{blog.url}")
        assert page.locator(".live-entries [data-entry]").count() == 20
        older = page.locator("a.pagination__older")
        href = older.get_attribute("href")
        assert re.search(r"\?before=\d+$", href)
        page.screenshot(path=str(artifacts / "live-blog-1280.png"), full_page=False)
        older.click()
        assert page.locator(".live-entries [data-entry]").count() == 4
        assert page.locator("a.pagination__newer").is_visible()
    finally:
        context.close()


def flag_from_the_desk(desk_session, live_server, entry_pk: int, on: bool) -> None:
    """The desk's "Key event" button for one entry (the same POST the button sends)."""
    desk = desk_session.new_page()
    url = f"{live_server.url}/admin/live/entries/{entry_pk}/"
    desk.goto(url)
    token = desk.locator('input[name="csrfmiddlewaretoken"]').first.get_attribute("value")
    response = desk.request.post(
        f"{url}key/",
        form={"on": "1" if on else "0", "csrfmiddlewaretoken": token},
        headers={"Referer": url},
        max_redirects=0,
    )
    assert response.status == 302, response.text()[:500]
    desk.close()


def test_the_key_events_box_follows_the_desk_without_reload(
    browser, live_server, blog, desk_session, artifacts
):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    flagged = blog.entries.order_by("pk")[10]  # an entry on the first page of 20
    try:
        page.goto(f"{live_server.url}{blog.url}")
        keys = page.locator("[data-live-keys]")
        assert keys.is_hidden()  # no key event yet: the box is there, empty and hidden
        page.evaluate(OBSERVE_SHIFTS)
        read_id, before = read_entry(page, 6)

        flag_from_the_desk(desk_session, live_server, flagged.pk, on=True)
        link = keys.locator(f'a[href$="#entry-{flagged.pk}"]')
        link.wait_for(state="attached", timeout=APPEARS_WITHIN_MS)
        assert keys.is_visible() and flagged.headline in keys.inner_text()
        assert_entry_stayed(page, read_id, before)
        assert sum(page.evaluate("window.__shifts")) < 0.01
        # The entry itself shows its flag in place, too.
        page.locator(f'.live-entries [data-entry="{flagged.pk}"] .live-entry__flag').wait_for(
            state="attached", timeout=APPEARS_WITHIN_MS
        )
        page.screenshot(path=str(artifacts / "live-blog-key-event-375.png"))

        flag_from_the_desk(desk_session, live_server, flagged.pk, on=False)
        link.wait_for(state="detached", timeout=APPEARS_WITHIN_MS)
        keys.wait_for(state="hidden", timeout=1000)
    finally:
        page.close()


# --- The newsroom in another process.
#
# The site runs as `make run` runs it, in its own process (granian, the test settings), and the
# entry is posted by a third process, a script through `dateline.live.services`: all three
# share one database (a file copy of the test database on SQLite, the test database itself on
# PostgreSQL)
# and one cache (a DiskCache folder, or Redis when REDIS_URL is set), as the site, the
# scheduler and the desk's shell do in production. Nothing reaches the site's process except
# through them.

BIN = Path(sys.executable).parent
REPO = Path(__file__).resolve().parents[2]

POST_FROM_A_SCRIPT = """
from django.contrib.auth import get_user_model
from dateline.live.models import LiveBlogPage
from dateline.live.services import post_entry

blog = LiveBlogPage.objects.get(pk={blog})
reporter = get_user_model().objects.get(username="desk")
entry = post_entry(blog, user=reporter, headline={headline!r},
                   body=[("text", "<p>A new seat, counted in another room.</p>")])
print("posted", entry.pk)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def site_in_its_own_process(tmp_path, django_db_blocker):
    """The reader site served by granian from another process, with a live blog of 24
    entries; yields (its base URL, the blog, how to run a script there as the newsroom)."""
    from django.core.cache import cache
    from wagtail.models import Site

    from dateline.home.factories import make_home

    port = free_port()
    cache.clear()  # with Redis, the database this test process shares with the site
    home = make_home()
    Site.objects.filter(is_default_site=True).update(hostname="localhost", port=port)
    blog = results_night(home)
    get_user_model().objects.create_superuser("desk", "desk@example.com", "pw")
    database_url, drop = shared_copy_of_test_database(tmp_path, committed=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "dateline.settings.test",
        "DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
    }
    if not os.environ.get("REDIS_URL"):
        env["CACHE_DIR"] = str(tmp_path / "cache")  # a DiskCache every process opens

    def newsroom(code: str) -> str:
        done = subprocess.run(
            [str(BIN / "dateline"), "shell", "-c", code],
            env=env, cwd=REPO, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    log = (tmp_path / "site.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1",
         "--port", str(port), "--workers", "1", "--log-level", "warning",
         "dateline.wsgi:application"],
        env=env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://localhost:{port}"
    try:
        deadline = time.monotonic() + 120  # a hang guard, not a timing promise
        while True:
            try:
                urllib.request.urlopen(f"{base}/robots.txt", timeout=30).read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    log.flush()
                    raise RuntimeError((tmp_path / "site.log").read_text()[-3000:]) from None
                time.sleep(0.3)
        yield base, blog, newsroom
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
        with django_db_blocker.unblock():
            drop()


def test_an_entry_posted_by_another_process_appears_without_reload_or_shift(
    browser, site_in_its_own_process, artifacts
):
    base, blog, newsroom = site_in_its_own_process
    page = browser.new_page(viewport={"width": 375, "height": 740})
    polls: list[str] = []
    page.on("request", lambda r: polls.append(r.url) if "/updates/" in r.url else None)
    try:
        response = page.goto(f"{base}{blog.url}")
        assert response.status == 200
        page.evaluate(OBSERVE_SHIFTS)
        read_id, before = read_entry(page, 4)
        # The page polls the shared update address before the newsroom posts (so that
        # bucket's answer may be cached without the entry: the post must purge it).
        with page.expect_request(lambda r: "/updates/" in r.url, timeout=APPEARS_WITHIN_MS):
            pass
        page.evaluate("() => { window.__sameDocument = true; }")  # gone if the page reloads
        posted = newsroom(POST_FROM_A_SCRIPT.format(blog=blog.pk, headline="Majority reached"))
        entry_id = posted.split()[-1]
        new = page.locator(f'.live-entries [data-entry="{entry_id}"]')
        new.wait_for(state="attached", timeout=APPEARS_WITHIN_MS)
        assert "Majority reached" in new.inner_text()
        assert_entry_stayed(page, read_id, before)
        bar = page.locator("[data-live-bar]")
        assert bar.is_visible() and bar.inner_text() == "1 new update"
        shifts = page.evaluate("window.__shifts")
        assert page.evaluate("() => window.__sameDocument") is True
        page.screenshot(path=str(artifacts / "live-blog-other-process-375.png"))
        bar.click()  # to the top of the entries: the new one is first
        assert page.locator(".live-entries [data-entry]").first.get_attribute("data-entry") == (
            entry_id
        )
        page.screenshot(path=str(artifacts / "live-blog-other-process-top-375.png"))
    finally:
        page.close()
    assert polls, "the page never polled"
    assert sum(shifts) < 0.01, f"layout shift while reading: {shifts}"
