"""The reader's side: the bell on every page (the same bytes for everyone), its options, the
service worker from this origin, and the JSON endpoints that keep and forget an opt-in."""

from __future__ import annotations

import json

import pytest

from dateline.alerts import vapid
from dateline.alerts.factories import AUTH, P256DH, AlertTopicFactory, PushSubscriptionFactory
from dateline.alerts.models import PushSubscription

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_SEC_FETCH_SITE": "same-origin"}
ENDPOINT = "https://push.example.com/push/ok-reader"


def opt_in(endpoint=ENDPOINT, topics=(), p256dh=P256DH, auth=AUTH) -> dict:
    return {
        "subscription": {"endpoint": endpoint, "keys": {"p256dh": p256dh, "auth": auth}},
        "topics": list(topics),
    }


def post(client, path, data, **headers):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(path, body, content_type="application/json", **{**SAME_SITE, **headers})


def test_a_reader_opts_in_with_topics_and_again_with_others(client):
    AlertTopicFactory(slug="elections", name="Elections")
    AlertTopicFactory(slug="cricket", name="Cricket")
    response = post(client, "/alerts/subscribe/", opt_in(topics=["elections", "no-such"]))
    assert response.status_code == 201
    assert response.json() == {"ok": True, "topics": ["elections"]}
    saved = PushSubscription.objects.get()
    assert (saved.endpoint, saved.p256dh, saved.auth) == (ENDPOINT, P256DH, AUTH)
    assert saved.created_at is not None and saved.last_success_at is None

    # The same browser again (new topics, "breaking only" = none): its row is updated.
    assert post(client, "/alerts/subscribe/", opt_in(topics=[])).status_code == 200
    saved.refresh_from_db()
    assert saved.topics == [] and PushSubscription.objects.count() == 1


def test_a_reader_opts_out(client):
    PushSubscriptionFactory(endpoint=ENDPOINT)
    response = post(client, "/alerts/unsubscribe/", {"endpoint": ENDPOINT})
    assert response.json() == {"ok": True, "removed": True}
    assert not PushSubscription.objects.exists()
    assert post(client, "/alerts/unsubscribe/", {"endpoint": ENDPOINT}).json()["removed"] is False


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_SEC_FETCH_SITE": None, "HTTP_ORIGIN": "null"},
        {"HTTP_SEC_FETCH_SITE": None},  # no Origin, no Referer: nothing says where from
    ],
)
def test_a_post_from_another_site_is_refused(client, headers):
    headers = {k: v for k, v in {**SAME_SITE, **headers}.items() if v is not None}
    for path, data in [("/alerts/subscribe/", opt_in()), ("/alerts/unsubscribe/", {})]:
        response = client.post(path, json.dumps(data), content_type="application/json", **headers)
        assert response.status_code == 403
    assert not PushSubscription.objects.exists()


@pytest.mark.parametrize(
    "data, reason",
    [
        ("endpoint=x", "send JSON"),
        ([], "expected a JSON object"),
        (opt_in(endpoint="https://10.0.0.1/push/x"), "not a known push service"),
        (opt_in(endpoint="http://push.example.com/push/x"), "not a known push service"),
        (opt_in(endpoint="https://user@push.example.com/x"), "not a known push service"),
        (opt_in(endpoint="https://push.example.com.evil.example/x"), "not a known push"),
        (opt_in(p256dh=AUTH), "keys.p256dh has the wrong length"),
        (opt_in(auth="%%%"), "keys.auth is not base64url"),
        ({"subscription": {"endpoint": ENDPOINT}}, "keys are missing"),
        ({**opt_in(), "topics": "all"}, "topics must be a list"),
    ],
)
def test_a_bad_subscription_is_refused_with_the_reason(client, data, reason):
    if data == "endpoint=x":
        response = client.post("/alerts/subscribe/", {"endpoint": "x"}, **SAME_SITE)
    else:
        response = post(client, "/alerts/subscribe/", data)
    assert response.status_code == 400
    assert reason in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_opt_ins_are_rate_limited_per_client(client, settings, one_rate_window):
    settings.DATELINE_ALERTS = {**settings.DATELINE_ALERTS, "SUBSCRIBE_RATE_LIMIT": 3}
    statuses = [
        post(client, "/alerts/subscribe/", opt_in(endpoint=f"{ENDPOINT}-{n}")).status_code
        for n in range(4)
    ]
    assert statuses == [201, 201, 201, 429]
    assert PushSubscription.objects.count() == 3


def test_the_bell_s_options_give_the_site_key_and_the_topics(client):
    AlertTopicFactory(slug="cricket", name="Cricket", sort_order=2)
    AlertTopicFactory(slug="elections", name="Elections", sort_order=1)
    answer = client.get("/alerts/options/").json()
    assert answer["publicKey"] == vapid.public_key()
    assert len(vapid.b64url_decode(answer["publicKey"])) == 65
    assert answer["topics"] == [
        {"slug": "elections", "name": "Elections"},
        {"slug": "cricket", "name": "Cricket"},
    ]


def test_the_bell_s_options_follow_the_topics_through_the_page_cache(client, page_cache_on):
    topic = AlertTopicFactory(slug="cricket", name="Cricket")
    assert client.get("/alerts/options/").json()["topics"][0]["name"] == "Cricket"
    topic.name = "Cricket World Cup"
    topic.save()
    assert client.get("/alerts/options/").json()["topics"][0]["name"] == "Cricket World Cup"


def test_the_service_worker_comes_from_this_origin(client):
    response = client.get("/alerts/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    source = response.content.decode()
    assert 'addEventListener("push"' in source and "showNotification" in source
    assert "://" not in source and "importScripts" not in source  # nothing from another host


def test_the_bell_is_in_the_header_the_same_for_every_reader(client, home, page_cache_on):
    first = client.get("/").content.decode()
    client.cookies.clear()
    second = client.get("/", HTTP_USER_AGENT="another browser").content.decode()
    assert first == second
    assert '<details class="alerts-bell" data-alerts="/alerts/sw.js" hidden>' in first
    assert "/static/alerts/bell.js" in first
