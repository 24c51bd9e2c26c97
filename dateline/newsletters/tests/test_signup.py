"""Sign-up that converts and complies: the /newsletters/ page, double opt-in by a POSTed
confirm button, a 48-hour link, the consent record, preferences without a login."""

from __future__ import annotations

import re
import time

import pytest
from django.core import signing

from dateline.newsletters import subscriptions
from dateline.newsletters.factories import NewsletterFactory, SubscriptionFactory
from dateline.newsletters.models import Subscription, Suppression

SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}


def confirm_link(message) -> str:
    text = message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/newsletters/confirm/[^/\s]+/)", text).group(1)


@pytest.fixture
def letters(home):
    morning = NewsletterFactory(name="Morning Brief", slug="morning", consent_version="3")
    sport = NewsletterFactory(name="Sport Extra", slug="sport", signup_default=False)
    return morning, sport


def test_the_newsletters_page_lists_each_with_a_checkbox_and_its_own_page(client, letters):
    html = client.get("/newsletters/").content.decode()
    for newsletter in letters:
        assert f'name="newsletters" value="{newsletter.pk}"' in html
        assert f'href="/newsletters/{newsletter.slug}/"' in html
    assert "csrfmiddlewaretoken" not in html  # the page stays cacheable, the same for all
    assert '<nav class="breadcrumbs"' in html
    assert '<span aria-current="page">Newsletters</span>' in html


def test_sign_up_confirm_by_post_with_the_consent_record(client, letters, smtp):
    morning, sport = letters
    response = client.post(
        "/newsletters/signup/",
        {"email": "Reader@Example.com", "newsletters": [morning.pk, sport.pk], "next": "/world/"},
        **SAME_SITE,
    )
    assert response.status_code == 200
    assert "Check your inbox" in response.content.decode()
    pending = Subscription.objects.filter(subscriber__email="reader@example.com")
    assert {s.status for s in pending} == {"pending"}
    record = pending.get(newsletter=morning)
    assert (record.consent_text, record.consent_version, record.source_path) == (
        morning.consent_text,
        "3",
        "/world/",
    )

    [message] = smtp.to("reader@example.com")
    assert "Morning Brief" in message["Subject"] and "Sport Extra" in message["Subject"]
    assert message.get_body(("html",)) is not None
    link = confirm_link(message)

    # A scanner following the link confirms nothing: the page has a button that POSTs.
    page = client.get(link)
    assert page.status_code == 200
    assert f'<form class="form" method="post" action="{link}">' in page.content.decode()
    assert set(pending.values_list("status", flat=True)) == {"pending"}

    assert client.post(link).status_code == 200
    record.refresh_from_db()
    assert record.status == "confirmed" and record.consented_at and record.confirmed_at


def test_the_confirmation_link_expires_after_48_hours(client, letters, monkeypatch):
    morning, _ = letters
    _, pending = subscriptions.sign_up("late@example.com", [morning], "/")
    signed_at = time.time() - 48 * 3600 - 1
    monkeypatch.setattr(signing.time, "time", lambda: signed_at)
    token = subscriptions.confirmation_token(pending)
    monkeypatch.undo()
    response = client.post(f"/newsletters/confirm/{token}/")
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()
    assert Subscription.objects.get().status == "pending"


def test_a_forged_confirmation_link_is_the_404_page(client, letters):
    response = client.get("/newsletters/confirm/not-a-token/")
    assert response.status_code == 404


def test_the_story_call_to_action_signs_up_for_the_default_newsletters(client, letters, smtp):
    response = client.post("/newsletter/", {"email": "cta@example.com"}, **SAME_SITE)
    assert response.status_code == 200
    assert [s.newsletter.slug for s in Subscription.objects.all()] == ["morning"]


def test_a_known_address_gets_the_same_answer_and_a_confirmed_one_no_second_email(
    client, letters, smtp
):
    morning, _ = letters
    SubscriptionFactory(subscriber__email="known@example.com", newsletter=morning)
    form = {"email": "known@example.com", "newsletters": [morning.pk]}
    response = client.post("/newsletters/signup/", form, **SAME_SITE)
    assert "Check your inbox" in response.content.decode()
    assert smtp.to("known@example.com") == []


def test_bad_input_is_explained_and_nothing_is_saved(client, letters):
    response = client.post("/newsletters/signup/", {"email": "nope"}, **SAME_SITE)
    assert response.status_code == 400
    assert "Enter an email address" in response.content.decode()
    response = client.post(
        "/newsletters/signup/", {"email": "a@example.com", "newsletters": ["999"]}, **SAME_SITE
    )
    assert response.status_code == 400
    assert not Subscription.objects.exists()


def test_bots_and_other_sites_are_turned_away(client, letters):
    trap = client.post(
        "/newsletters/signup/", {"email": "bot@example.com", "website": "x"}, **SAME_SITE
    )
    assert trap.status_code == 200  # a bot learns nothing
    forged = client.post(
        "/newsletters/signup/", {"email": "v@example.com"}, HTTP_ORIGIN="https://evil.example"
    )
    assert forged.status_code == 403
    assert not Subscription.objects.exists()


def test_sign_ups_per_client_are_limited(client, letters, one_rate_window):
    for n in range(10):
        client.post("/newsletters/signup/", {"email": f"r{n}@example.com"}, **SAME_SITE)
    refused = client.post("/newsletters/signup/", {"email": "r11@example.com"}, **SAME_SITE)
    assert refused.status_code == 429
    assert Subscription.objects.count() == 10


def test_preferences_change_newsletters_or_leave_without_a_login(client, letters):
    morning, sport = letters
    kept = SubscriptionFactory(subscriber__email="p@example.com", newsletter=morning)
    url = f"/newsletters/preferences/{kept.subscriber.token}/"
    assert "p@example.com" in client.get(url).content.decode()

    client.post(url, {"newsletters": [sport.pk]})
    states = dict(Subscription.objects.values_list("newsletter__slug", "status"))
    assert states == {"morning": "unsubscribed", "sport": "confirmed"}

    client.post(url, {"leave": "1"})
    assert set(Subscription.objects.values_list("status", flat=True)) == {"unsubscribed"}
    assert client.get("/newsletters/preferences/wrong-token/").status_code == 404


def test_a_resubscriber_who_confirms_again_is_no_longer_suppressed(client, letters, smtp):
    morning, _ = letters
    Suppression.objects.create(email="back@example.com", reason="bounce")
    client.post(
        "/newsletters/signup/",
        {"email": "back@example.com", "newsletters": [morning.pk]},
        **SAME_SITE,
    )
    assert Suppression.objects.exists()  # signing up alone lifts nothing
    client.post(confirm_link(smtp.to("back@example.com")[0]))
    assert not Suppression.objects.exists()
