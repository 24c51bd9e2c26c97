"""The hash-based strict CSP of pages with ads (issue 26 point 5) in Chromium, with the house
ads: the site's scripts and, after consent, the ad server's run without a single
`securitypolicyviolation`; script injected into the page (inline, an event handler, or one
of our own files without its integrity) is refused."""

from __future__ import annotations

import pytest

from dateline.articles.factories import ArticlePageFactory
from dateline.listings.factories import make_section

from .conftest import refuse_other_hosts

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILLED = '.ad-slot[data-ad-filled="house"] img'
# Before any script of the page (init scripts are the browser's, not the page's).
VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(
  {directive: e.effectiveDirective, blocked: e.blockedURI}));
"""
INJECTED = (
    '<script src="/static/dateline/beacon.js" data-beacon="/x"></script>'
    "<script>window.__injected = true;</script></body>"
)


@pytest.fixture
def story(live_site, settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    body = [("paragraph", f"<p>Paragraph {i} of the report, with its facts.</p>") for i in range(9)]
    return ArticlePageFactory(section=make_section(live_site, "World"), body=body)


def violations(page) -> list[dict]:
    return page.evaluate("() => window.__violations")


def test_the_site_and_the_house_ads_run_under_the_strict_policy(browser, live_server, story):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(VIOLATIONS)
    page = context.new_page()
    refused = refuse_other_hosts(page, live_server)
    adapter: list[str] = []
    page.on("request", lambda r: adapter.append(r.url) if "/static/ads/house.js" in r.url else 0)
    try:
        response = page.goto(live_server.url + story.url)
        assert "'strict-dynamic'" in response.headers["content-security-policy"]
        page.locator('[data-consent="accept"]').wait_for()  # consent.js ran
        assert violations(page) == [] and adapter == []
        page.locator('[data-consent="accept"]').click()
        page.locator(FILLED).first.wait_for()  # house.js, started by consent.js, ran
        assert violations(page) == [] and len(adapter) == 1

        # Another tab, consent remembered: the same policy (the first view's beacon may have
        # dropped the page from the cache: dateline/ads/tests/test_csp.py proves the hit's).
        page = context.new_page()
        again = page.goto(live_server.url + story.url)
        policy = response.headers["content-security-policy"]
        assert again.headers["content-security-policy"] == policy
        page.locator(FILLED).first.wait_for()
        assert violations(page) == []

        # Markup added at run time (a DOM XSS) cannot run its handler.
        page.evaluate(
            """() => document.body.insertAdjacentHTML('beforeend',
                 '<img src="/nowhere.png" onerror="window.__injected = true">')"""
        )
        page.wait_for_function("() => window.__violations.length > 0")
        assert violations(page) == [{"directive": "script-src-attr", "blocked": "inline"}]
        assert page.evaluate("() => window.__injected === undefined")
        assert refused == []
    finally:
        context.close()


def test_scripts_injected_into_the_html_are_refused(browser, live_server, story):
    """Stored markup that gets through (an XSS): an inline script and one of our own files
    without its integrity are refused; the scripts the page shipped still run."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(VIOLATIONS)
    page = context.new_page()

    def inject(route):
        answer = route.fetch()
        body = answer.text().replace("</body>", INJECTED)
        route.fulfill(response=answer, body=body)

    page.route(live_server.url + story.url, inject)
    try:
        page.goto(live_server.url + story.url)
        page.locator('[data-consent="accept"]').wait_for()  # consent.js still runs
        page.wait_for_function("() => window.__violations.length >= 2")
        blocked = sorted(v["blocked"] for v in violations(page))
        assert blocked == [live_server.url + "/static/dateline/beacon.js", "inline"]
        assert page.evaluate("() => window.__injected === undefined")
    finally:
        context.close()
