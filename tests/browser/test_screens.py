"""Every page type of the demo newsroom, at phone and desktop widths, as a person would look
at them: full-page screenshots in test-artifacts/screens/ and, on each page, the checks a
person would make by eye, each failing with the address and the element:

- nothing wider than the screen (horizontal overflow);
- no blank region inside <main> (an empty rectangle 320 px tall and half the width wide:
  a column left empty beside a long one, a row of a few cards; Wagtail's admin screens
  only on phones, as it keeps its forms to a reading width on a desktop);
- no story twice in one list of cards, and on reader pages not in two blocks either;
- no focus stop wholly hidden under a fixed bar (the phone's bottom bar, a sticky header).

The demo is the content (what `make run` serves), loaded once for the whole suite: its
pictures drawn small, its files in temporary folders, every other host refused.
"""

from __future__ import annotations

from functools import partial
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

from .conftest import (
    OVERFLOW_JS,
    blank_regions,
    duplicate_story_links,
    focus_hidden_under_fixed_bars,
    load_lazy_pictures,
    refuse_other_hosts,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (375, 1280)


@pytest.fixture
def demo(live_server, desk_roles, settings, tmp_path, monkeypatch):
    """The demo newsroom served by the live server; the reader and admin addresses to see."""
    from wagtail.models import Site

    from dateline.articles.models import ArticlePage, Author
    from dateline.demo import images
    from dateline.demo.loader import load_demo
    from dateline.live.models import LiveBlogPage
    from dateline.stories.models import WebStoryPage
    from dateline.video.models import EpisodePage
    from dateline.wires.models import WireStory

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATELINE_WIRE_DROP_ROOT = tmp_path / "wire-drop"
    monkeypatch.setattr(images, "draw_hero", partial(images.draw_hero, size=(480, 270)))
    monkeypatch.setattr(images, "draw_portrait", partial(images.draw_portrait, size=(120, 120)))
    load_demo()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", live_server.thread.port
    site.save()

    wire_ids = WireStory.objects.values("article_id")
    wire_story = ArticlePage.objects.live().filter(pk__in=wire_ids).first()
    live_blogs = LiveBlogPage.objects.live()
    story = (
        ArticlePage.objects.live()
        .exclude(pk__in=wire_ids)
        .exclude(pk__in=live_blogs.values("pk"))
        .order_by("-published_at")
        .first()
    )
    reader = {
        "home": "/",
        "section": "/world/",
        "article": story.url,
        "wire-article": wire_story.url if wire_story else story.url,
        "live-blog": live_blogs.order_by("-published_at").first().url,
        "topic": "/topic/climate/",
        "author": f"/author/{Author.objects.order_by('pk').first().slug}/",
        "video": "/video/",
        "show": "/shows/ground-report/",
        "episode": EpisodePage.objects.live().order_by("pk").first().url,
        "live-tv": "/live-tv/",
        "shorts": "/shorts/",
        "web-story": WebStoryPage.objects.live().order_by("pk").first().url,
        "search": "/search/?q=monsoon",
        "not-found": "/no-such-page/",
    }
    admin = {
        "admin-dashboard": "/admin/",
        "admin-story-editor": f"/admin/pages/{story.pk}/edit/",
        "admin-wire-desk": "/admin/wires/",
    }
    return {"reader": reader, "admin": admin}


def _look_at(page, url: str, shot, *, across_blocks: bool, holes: bool = True) -> list[str]:
    """Open `url`, take its screenshot, and say what a person would find wrong with it."""
    response = page.goto(url)
    load_lazy_pictures(page)
    page.screenshot(path=str(shot), full_page=True)
    problems = []
    if response is None or response.status >= 500:
        problems.append(f"answered {response.status if response else 'nothing'}")
    problems += [f"wider than the screen: {el}" for el in page.evaluate(OVERFLOW_JS)]
    if holes:
        problems += blank_regions(page)
    problems += duplicate_story_links(page, across_blocks=across_blocks)
    problems += focus_hidden_under_fixed_bars(page)
    return problems


def _answer_the_consent_notice(page) -> None:
    """Decline as a reader would, once per browser page (it remembers). The notice comes
    after the page's load (its text is fetched), a fixed box over the first screen."""
    reject = page.locator('[data-consent="reject"]').first
    reject.wait_for(state="visible", timeout=15_000)
    reject.click()
    reject.wait_for(state="hidden")


def _look_at_every_page(page, live_server, demo, folder, width: int) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    if width >= 1024:
        # Desktop screenshots without the notice; on phones it stays open, as a first
        # visit shows it, so the focus check covers it with the bottom bar.
        page.goto(live_server.url + "/")
        _answer_the_consent_notice(page)
    for name, path in demo["reader"].items():
        if name == "web-story":  # an AMP document: its own layout, no <main> of ours
            page.goto(live_server.url + path)
            page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
            continue
        shot = folder / f"{name}-{width}.png"
        # A running list of entries outgrows the rail beside it on a desktop, so the rail
        # column ends early there by design (issue 23 leaves a rail that follows it):
        # a live blog's holes are looked for on phones.
        holes = name != "live-blog" or width < 1024
        problems = _look_at(page, live_server.url + path, shot, across_blocks=True, holes=holes)
        if problems:
            found[f"{width}px {path} ({name})"] = problems

    user = get_user_model().objects.get(username="admin")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "dateline-admin")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    for name, path in demo["admin"].items():
        shot = folder / f"{name}-{width}.png"
        # Wagtail's own screens keep forms and panels to a reading width on a desktop
        # (the rest of the row is empty by its design): holes are looked for on phones.
        problems = _look_at(
            page, live_server.url + path, shot, across_blocks=False, holes=width < 1024
        )
        if problems:
            found[f"{width}px {path} ({name})"] = problems
    return found


def test_every_page_type_looks_whole(browser, live_server, demo, artifacts):
    """Both widths in one test: the demo loads once (its set-up is most of the run)."""
    folder = artifacts / "screens"
    folder.mkdir(exist_ok=True)
    found: dict[str, list[str]] = {}
    refused: list[str] = []
    for width in WIDTHS:
        page = browser.new_page(viewport={"width": width, "height": 900})
        refused += refuse_other_hosts(page, live_server)
        try:
            found |= _look_at_every_page(page, live_server, demo, folder, width)
        finally:
            page.close()
    assert found == {}, found
    # The AMP runtime's host is the only one a page asks for (web stories: issue 22 point 4).
    assert {urlsplit(url).hostname for url in refused} <= {"cdn.ampproject.org"}


def test_the_checks_fail_on_what_they_look_for(browser, live_site, live_server):
    """A page with a hole, a repeated story and a link under a fixed bar: each check names
    what it looks for (they can fail)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.set_content(
            """<main style="display:grid;grid-template-columns:1fr 1fr;width:1200px">
              <div><p>Left column, one line.</p></div>
              <div style="height:900px;background-image:linear-gradient(red,red)"></div>
              <ul class="story-list">
                <li><article class="story"><h3 class="story__title">
                  <a href="/world/a/">A</a></h3></article></li>
                <li><article class="story"><h3 class="story__title">
                  <a href="/world/a/">A again</a></h3></article></li>
              </ul>
            </main>"""
        )
        holes = blank_regions(page)
        assert len(holes) == 1 and holes[0].startswith("blank "), holes
        assert duplicate_story_links(page) == ["/world/a/ twice in ul.story-list"]
        page.set_content(
            """<main><p style="height:2000px">A long page.</p><a href="/x/">Last link</a></main>
            <nav class="bar" style="position:fixed;bottom:0;left:0;right:0;height:120px;
              background:#fff"><a href="/y/">In the bar</a></nav>"""
        )
        assert focus_hidden_under_fixed_bars(page) == ['focus on "Last link" hidden under nav.bar']
    finally:
        page.close()
