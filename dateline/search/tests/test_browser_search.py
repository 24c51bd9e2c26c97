"""The search page in a real browser: results and no results, phone and desktop widths;
the header box's suggestions, and the view beacon a story page sends."""

from __future__ import annotations

import pytest

from dateline.articles.factories import ArticlePageFactory, AuthorFactory
from dateline.listings.factories import make_section
from dateline.trending.counting import view_counter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_site, live_server):
    home = live_site
    world = make_section(home, "World")
    reporter = AuthorFactory(name="Priya Raman")
    for n, title in enumerate(
        [
            "Monsoon arrives early in Kerala",
            "Monsoon rains flood low-lying districts",
            "How the monsoon shapes the farm economy",
        ]
    ):
        ArticlePageFactory(
            section=world,
            title=title,
            dek=f"The monsoon <b>season</b> & its effects, part {n + 1}.",
            authors=[reporter],
            tags=["Monsoon"],
        )
    return live_server.url


@pytest.mark.parametrize("width", [375, 1280])
def test_search_results_and_no_results_screens(browser, artifacts, site, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{site}/search/?q=monsoon")
    assert page.locator(".search-result").count() == 3
    assert page.locator(".search-result__snippet mark").first.inner_text().lower() == "monsoon"
    page.screenshot(path=str(artifacts / f"search-results-{width}.png"), full_page=True)
    page.goto(f"{site}/search/?q=zzqxw")
    assert "Nothing found" in page.locator("main").inner_text()
    page.screenshot(path=str(artifacts / f"search-no-results-{width}.png"), full_page=True)
    page.close()


def test_header_box_suggests_and_still_submits(browser, site):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{site}/")
    with page.expect_response(lambda r: "/search/suggest/" in r.url):
        page.fill("#header-q", "mons")
    page.wait_for_function("document.querySelectorAll('#search-suggestions-0 option').length > 0")
    options = page.eval_on_selector_all(
        "#search-suggestions-0 option", "els => els.map(e => e.value)"
    )
    assert options[0] == "Monsoon"
    page.fill("#header-q", "kerala")
    page.press("#header-q", "Enter")
    page.wait_for_url("**/search/?q=kerala")
    assert page.locator(".search-result").count() == 1
    page.close()


def test_a_story_page_reports_one_view(browser, site):
    from dateline.articles.models import ArticlePage

    story = ArticlePage.objects.get(title="Monsoon arrives early in Kerala")
    # Headless Chromium says so in its user agent, and the bot filter would drop it.
    page = browser.new_page(user_agent="Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36")
    with page.expect_response(lambda r: "/beacon/view" in r.url) as beacon:
        page.goto(f"{site}{story.url}")
    assert beacon.value.status == 204
    page.close()
    assert view_counter.peek(view_counter.bucket()) == {str(story.pk): 1}
