"""A reader signs up for the newsletter from an article page the page cache served."""

import pytest

from dateline.articles.factories import ArticlePageFactory
from dateline.listings.factories import make_section
from dateline.newsletters.factories import NewsletterFactory
from dateline.newsletters.models import Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cached_story(live_site, settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    home = live_site
    world = make_section(home, "World")
    NewsletterFactory(name="Morning Brief", slug="morning", signup_default=True)
    return ArticlePageFactory(section=world, title="Harbour reopens after the storm")


def test_newsletter_sign_up_works_on_a_cached_article(
    browser, live_server, cached_story, artifacts
):
    url = f"{live_server.url}{cached_story.url}"
    page = browser.new_page(viewport={"width": 375, "height": 812})
    try:
        response = page.goto(url)
        # The page as the cache keeps it for every reader: public, no cookie, no token.
        # (Whether this copy came from the cache depends on the test database: an in-memory
        # SQLite shared with the server thread may refuse the cache's dependency rows.)
        assert response.headers.get("x-cache") in ("MISS", "HIT")
        assert response.headers["cache-control"].startswith("public")
        assert page.context.cookies() == []
        assert page.locator('input[name="csrfmiddlewaretoken"]').count() == 0
        form = page.locator("form.newsletter-cta__form").first
        form.locator('input[type="email"]').fill("reader@example.com")
        with page.expect_navigation():
            form.locator('button[type="submit"]').click()
        page.screenshot(path=str(artifacts / "newsletter-cached-375.png"), full_page=True)
        assert page.locator("h1").inner_text() == "Check your inbox"
    finally:
        page.close()
    subscription = Subscription.objects.get()
    assert (subscription.subscriber.email, subscription.status) == ("reader@example.com", "pending")
