"""The sign-up form's protections, moved with it from `core`: forged posts from other sites
refused (no CSRF cookie, so cached pages stay cacheable), the bot trap, the per-client limit,
no open redirect, and the same answer for a known address; the staff's subscriber list."""

from __future__ import annotations

import pytest

from dateline.newsletters.factories import NewsletterFactory, SubscriptionFactory
from dateline.newsletters.models import Subscription


@pytest.fixture
def default_letter(home):
    return NewsletterFactory(name="Daily", slug="daily", signup_default=True)


SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


@pytest.mark.django_db
def test_newsletter_signup_saves_and_thanks_with_a_way_back(client, default_letter):
    response = client.post(
        "/newsletter/", {"email": "reader@example.com", "next": "/world/"}, **SAME_SITE
    )
    assert response.status_code == 200
    assert 'href="/world/"' in response.content.decode()
    assert response["Cache-Control"].startswith("max-age=0")
    assert Subscription.objects.get().subscriber.email == "reader@example.com"


@pytest.mark.django_db
def test_newsletter_bad_address_rerenders_with_the_reason(client, default_letter):
    response = client.post(
        "/newsletter/", {"email": "not-an-address", "next": "/world/"}, **SAME_SITE
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter an email address such as name@example.com." in html
    assert 'value="not-an-address"' in html
    assert Subscription.objects.count() == 0


@pytest.mark.django_db
def test_newsletter_duplicate_gets_the_same_answer_as_a_new_address(client, default_letter):
    """Nobody can learn from the form whether an address is subscribed."""
    new = client.post("/newsletter/", {"email": "new@example.com"}, **SAME_SITE)
    again = client.post("/newsletter/", {"email": "new@example.com"}, **SAME_SITE)
    assert (new.status_code, again.status_code) == (200, 200)
    assert new.content == again.content
    assert Subscription.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_refuses_offsite_redirects(client, default_letter):
    response = client.post(
        "/newsletter/", {"email": "a@example.com", "next": "https://evil.example/"}, **SAME_SITE
    )
    assert 'href="/"' in response.content.decode()
    assert "evil.example" not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {},  # no word from the browser at all
    ],
)
def test_newsletter_refuses_sign_ups_forged_by_other_sites(client, default_letter, headers):
    response = client.post("/newsletter/", {"email": "victim@example.com"}, **headers)
    assert response.status_code == 403
    assert Subscription.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "null"},  # a sandboxed frame, a data: or file: page
        {"HTTP_ORIGIN": "null", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "null", "HTTP_REFERER": "http://testserver/world/"},
        {"HTTP_ORIGIN": "http://testserver.evil.example"},
        {"HTTP_ORIGIN": "https://testserver"},  # another scheme is another origin
        {"HTTP_REFERER": "/world/"},  # not a URL a browser sends
        {"HTTP_REFERER": "null"},
    ],
)
def test_newsletter_refuses_a_post_whose_origin_is_not_this_site(client, default_letter, headers):
    response = client.post("/newsletter/", {"email": "victim@example.com"}, **headers)
    assert response.status_code == 403
    assert "This sign-up did not come from our site" in response.content.decode()
    assert Subscription.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "http://testserver", "HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_REFERER": "http://testserver/world/some-story/"},
    ],
)
def test_newsletter_accepts_what_browsers_send_from_this_site(client, default_letter, headers):
    response = client.post("/newsletter/", {"email": "a@example.com"}, **headers)
    assert response.status_code == 200
    assert Subscription.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_accepts_an_origin_of_this_site(client, default_letter):
    response = client.post(
        "/newsletter/", {"email": "a@example.com"}, HTTP_ORIGIN="http://testserver"
    )
    assert response.status_code == 200
    assert Subscription.objects.count() == 1


@pytest.mark.django_db
def test_newsletter_trap_field_turns_bots_away_silently(client, default_letter):
    response = client.post(
        "/newsletter/", {"email": "bot@example.com", "website": "http://spam"}, **SAME_SITE
    )
    assert response.status_code == 200
    assert Subscription.objects.count() == 0


@pytest.mark.django_db
def test_newsletter_limits_sign_ups_per_client(client, default_letter, one_rate_window):
    statuses = [
        client.post("/newsletter/", {"email": f"r{n}@example.com"}, **SAME_SITE).status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]
    assert Subscription.objects.count() == 10


@pytest.fixture
def staff_client(client):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_staff_see_subscribers_in_the_admin_and_can_search_them(staff_client, default_letter):
    SubscriptionFactory(subscriber__email="asha@example.com", newsletter=default_letter)
    SubscriptionFactory(subscriber__email="ben@example.org", newsletter=default_letter)
    url = "/admin/snippets/newsletters/subscriber/"
    html = staff_client.get(url).content.decode()
    assert "asha@example.com" in html and "ben@example.org" in html
    found = staff_client.get(f"{url}?q=asha").content.decode()
    assert "asha@example.com" in found and "ben@example.org" not in found


@pytest.mark.django_db
def test_staff_export_subscribers_as_csv(staff_client, default_letter):
    SubscriptionFactory(subscriber__email="asha@example.com", newsletter=default_letter)
    response = staff_client.get("/admin/snippets/newsletters/subscriber/?export=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="newsletter-subscribers.csv"' in response["Content-Disposition"]
    body = b"".join(response.streaming_content).decode()
    rows = [line.split(",") for line in body.strip().splitlines()]
    assert rows[0] == ["Email", "Newsletters", "Created at"]
    assert rows[1][:2] == ["asha@example.com", "Daily"]


@pytest.mark.django_db
def test_readers_cannot_open_the_subscriber_list(client, default_letter):
    response = client.get("/admin/snippets/newsletters/subscriber/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
