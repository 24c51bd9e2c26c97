"""A reader's path through the site, at phone and desktop widths, in a real browser."""

import pytest

from dateline.articles.factories import ArticlePageFactory, AuthorFactory
from dateline.core.factories import ImageFactory
from dateline.listings.factories import make_section
from dateline.site.factories import MenuFactory

# A live server needs committed data. The flush at the end empties what migrations made too;
# make_home and the image factory rebuild the root page, locale and collection they need.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newsroom(live_site):
    home = live_site
    world = make_section(home, "World", intro="News from around the globe.")
    image = ImageFactory()
    author = AuthorFactory(name="Priya Raman", slug="priya-raman")
    stories = [
        ArticlePageFactory(
            section=world,
            title=f"Ceasefire talks resume in round {i}",
            dek="Negotiators meet again after a week of quiet diplomacy.",
            hero_image=image,
            hero_alt="Delegates at a long table",
            dateline_place="Geneva",
            authors=[author],
            tags=["Diplomacy"],
        )
        for i in range(1, 6)
    ]
    MenuFactory(handle="main", items=[("link", {"page": world, "label": "", "url": ""})])
    return {"world": world, "story": stories[-1]}


@pytest.mark.parametrize("width", [375, 1280])
def test_home_section_article_topic(browser, live_server, newsroom, artifacts, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(live_server.url + "/")
        page.screenshot(path=str(artifacts / f"reader-home-{width}.png"), full_page=True)
        assert page.locator("h2#top-stories-heading").is_visible()

        if width >= 1024:
            page.locator("nav.main-nav").get_by_role("link", name="World").click()
        else:
            page.locator("summary").first.click()  # the menu drawer opens without JavaScript
            page.locator("nav.drawer").get_by_role("link", name="World").click()
        page.wait_for_url("**/world/")
        assert page.locator("h1").inner_text() == "World"
        page.screenshot(path=str(artifacts / f"reader-section-{width}.png"), full_page=True)

        page.get_by_role("link", name="Ceasefire talks resume in round 5").first.click()
        page.wait_for_url("**/world/**/ceasefire-talks-resume-in-round-5/")
        assert page.locator("h1").inner_text() == "Ceasefire talks resume in round 5"
        assert page.locator(".article__dateline").text_content() == "Geneva:"
        assert page.get_by_text("End of Article").is_visible()
        page.screenshot(path=str(artifacts / f"reader-article-{width}.png"), full_page=True)

        page.locator(".article__tags").get_by_role("link", name="Diplomacy").click()
        page.wait_for_url("**/topic/diplomacy/")
        assert page.locator("h1").inner_text() == "Diplomacy"
        assert page.locator("article.story").count() == 5
        page.screenshot(path=str(artifacts / f"reader-topic-{width}.png"), full_page=True)
    finally:
        page.close()
