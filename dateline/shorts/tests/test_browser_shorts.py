"""In Chromium at 375 px: the shorts feed scrolls and snaps card by card, by wheel and keys,
and a photo gallery's viewer opens, moves and closes with the keyboard, returning focus.
Screenshots of the new pages at 375 and 1280 px go to test-artifacts/."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from wagtail.models import Site

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticleType
from dateline.articles.tests.test_gallery import gallery_body
from dateline.core.factories import ImageFactory, png_file
from dateline.listings.factories import make_section
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.stories.factories import make_web_story, make_web_story_index

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BODY = (
    "Councils across the state approved longer opening hours for public libraries this week. "
    "Twelve branches will stay open until nine in the evening, and two mobile vans will "
    "visit villages on the edge of the city every fortnight from next month."
)


@pytest.fixture
def site(live_site, live_server):
    home = live_site
    world = make_section(home, "World")
    colours = [(30, 90, 160), (160, 60, 40), (40, 120, 70), (120, 80, 150)]
    images = [ImageFactory(file=png_file(size=(1600, 1200), colour=c)) for c in colours]
    shorts = make_shorts_index(home)
    story = ArticlePageFactory(section=world, title="Libraries open late")
    cards = [
        make_short(
            shorts,
            f"Short number {n}",
            slug=f"short-{n}",
            body=BODY,
            image=images[n],
            image_alt=f"Picture {n}",
            story=story,
        )  # fmt: skip
        for n in range(4)
    ]
    photostory = ArticlePageFactory(
        section=world,
        title="Boats at first light",
        article_type=ArticleType.PHOTOSTORY,
        body=gallery_body(images[:3]),
    )
    web_stories = make_web_story_index(home)
    make_web_story(web_stories, "River day", image=images[0])
    return {"base": live_server.url, "cards": cards, "photostory": photostory}


def test_shorts_feed_scrolls_by_wheel_and_keyboard_at_375(browser, site, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{site['base']}/shorts/")
    cards = page.locator(".short-card")
    expect(cards).to_have_count(4)
    # Newest first: the factory gives each the same time, so the highest pk leads.
    first, second, third = cards.nth(0), cards.nth(1), cards.nth(2)
    expect(first).to_be_in_viewport(ratio=0.5)
    expect(second).not_to_be_in_viewport(ratio=0.2)
    page.screenshot(path=artifacts / "shorts-375.png")

    # Scrolling the feed by about a card brings the next card fully into view.
    box = first.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, 300)
    page.mouse.wheel(0, second.bounding_box()["y"])
    expect(second).to_be_in_viewport(ratio=0.9)
    page.screenshot(path=artifacts / "shorts-375-scrolled.png")

    # Keys move focus card to card, and the focused card scrolls into view.
    second.focus()
    page.keyboard.press("PageDown")
    expect(third).to_be_focused()
    expect(third).to_be_in_viewport(ratio=0.9)
    page.keyboard.press("ArrowUp")
    expect(second).to_be_focused()
    expect(second).to_be_in_viewport(ratio=0.9)
    page.keyboard.press("End")
    expect(cards.nth(3)).to_be_focused()
    context.close()


def test_gallery_viewer_opens_moves_and_closes_with_the_keyboard(browser, site, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    page.goto(f"{site['base']}{site['photostory'].url}")
    links = page.locator("[data-gallery-item]")
    expect(links).to_have_count(3)
    links.nth(0).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.gallery-viewer")
    expect(dialog).to_be_visible()
    status = dialog.locator(".gallery-viewer__status")
    expect(status).to_have_text("Photo 1 of 3")
    expect(dialog.locator(".gallery-viewer__close")).to_be_focused()
    expect(dialog.locator(".gallery-viewer__caption")).to_contain_text("Caption 1")
    page.keyboard.press("ArrowRight")
    expect(status).to_have_text("Photo 2 of 3")
    expect(dialog.locator("img")).to_have_attribute("alt", "Picture 2")
    page.keyboard.press("End")
    expect(status).to_have_text("Photo 3 of 3")
    expect(dialog.locator(".gallery-viewer__nav--next")).to_be_disabled()
    page.keyboard.press("ArrowLeft")
    expect(status).to_have_text("Photo 2 of 3")
    page.screenshot(path=artifacts / "gallery-viewer-375.png")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(links.nth(0)).to_be_focused()  # focus goes back to the photo that opened it
    context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_screenshots_of_the_new_pages(browser, site, artifacts, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, device_scale_factor=1)
    page = context.new_page()
    for name, path in (
        ("shorts", "/shorts/"),
        ("web-stories", "/web-stories/"),
        ("gallery", site["photostory"].url),
        ("home", "/"),
    ):
        response = page.goto(f"{site['base']}{path}")
        assert response.status == 200
        page.screenshot(path=artifacts / f"{name}-{width}.png", full_page=name != "shorts")
    context.close()


def test_editor_counts_words_as_the_editor_types(browser, site, django_user_model):
    django_user_model.objects.create_superuser("editor", "editor@example.com", "edit-pass")
    index = make_shorts_index(Site.objects.get(is_default_site=True).root_page)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{site['base']}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "edit-pass")
    page.click("button[type=submit]")
    page.wait_for_url(f"{site['base']}/admin/")
    page.goto(f"{site['base']}/admin/pages/add/shorts/shortpage/{index.pk}/")
    body = page.locator("textarea[data-word-limit]")
    counter = page.locator("#" + body.get_attribute("id") + "-word-count")
    expect(counter).to_have_text("0 / 60 words")
    body.fill("Rain closed the coast road — again.")
    expect(counter).to_have_text("6 / 60 words")
    body.fill(" ".join(["word"] * 62))
    expect(counter).to_have_text("62 / 60 words — 2 over the limit")
    expect(counter).to_have_class("word-count word-count--over")
    context.close()
