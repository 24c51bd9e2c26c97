"""A reader with JavaScript off signs up on /newsletters/, opens the link in the email and
confirms with the button; then leaves from the preferences page. At 375 px."""

import re

import pytest
from django.core import mail

from dateline.newsletters.factories import NewsletterFactory
from dateline.newsletters.models import Subscription

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_up_and_confirm_without_javascript(browser, live_server, live_site, artifacts):
    NewsletterFactory(name="Morning Brief", slug="morning", description="Every morning.")
    sport = NewsletterFactory(name="Sport Extra", slug="sport", signup_default=False)
    context = browser.new_context(viewport={"width": 375, "height": 812}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/newsletters/")
        page.screenshot(path=str(artifacts / "newsletters-375.png"), full_page=True)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"/newsletters/ is {width}px wide at 375"
        page.get_by_label(re.compile("Sport Extra")).check()
        page.get_by_label("Email address").fill("reader@example.com")
        with page.expect_navigation():
            page.get_by_role("button", name="Sign up").click()
        assert page.locator("h1").inner_text() == "Check your inbox"

        [message] = mail.outbox
        link = re.search(r"http://[^/\s]+(/newsletters/confirm/\S+/)", message.body).group(1)
        page.goto(f"{live_server.url}{link}")
        page.screenshot(path=str(artifacts / "newsletter-confirm-375.png"), full_page=True)
        assert Subscription.objects.get().status == "pending"  # opening the link is not enough
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
        assert page.locator("h1").inner_text() == "You are subscribed"
        assert Subscription.objects.get(newsletter=sport).status == "confirmed"

        with page.expect_navigation():
            page.get_by_role("link", name="Change your newsletters").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Leave every newsletter").click()
        page.screenshot(path=str(artifacts / "newsletter-preferences-375.png"), full_page=True)
        assert Subscription.objects.get(newsletter=sport).status == "unsubscribed"
    finally:
        context.close()
