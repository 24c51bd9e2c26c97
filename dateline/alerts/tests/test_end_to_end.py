"""End to end: subscriptions as browsers make them, the real sender (pywebpush: aes128gcm,
VAPID), a push service on 127.0.0.1 that checks the signature and decrypts each payload
with the browser's private key, and answers 201, 404 or 410."""

from __future__ import annotations

import pytest
from django.utils import timezone

from dateline.alerts import composing, sending
from dateline.alerts.models import Alert, PushSubscription
from dateline.alerts.subscriptions import clean, subscribe

pytestmark = pytest.mark.django_db


def subscribe_browsers(service, names, topics=()):
    for name in names:
        data = {"subscription": service.browser(name).subscription(service), "topics": topics}
        subscribe(clean(data))  # the opt-in view's own path


def test_an_alert_is_decrypted_by_every_browser_and_the_gone_are_pruned(
    push_service, story, settings, after_commit
):
    settings.DATELINE_ALERTS = {**settings.DATELINE_ALERTS, "BATCH_SIZE": 7}
    readers = [f"ok-{n}" for n in range(20)]
    subscribe_browsers(push_service, [*readers, "gone-1", "missing-1", "gone-2"])
    draft = composing.draft_for(story)
    draft.title, draft.body = "Quake hits capital", "Buildings evacuated"
    alert = after_commit(composing.send_alert, story, None, draft)

    assert push_service.errors == []  # every message signed with the site's key, aes128gcm
    expected = {
        "title": "Quake hits capital",
        "body": "Buildings evacuated",
        "url": story.full_url,
        "icon": draft.icon,
        "tag": f"alert-{alert.pk}",
    }
    assert push_service.received == {name: [expected] for name in readers}
    assert push_service.answers == {201: 20, 410: 2, 404: 1}
    assert {h["TTL"] for h in push_service.headers} == {"14400"}
    assert {h["Urgency"] for h in push_service.headers} == {"high"}
    assert {h["Topic"] for h in push_service.headers} == {f"alert{alert.pk}"}

    alert.refresh_from_db()
    assert alert.state == Alert.State.SENT and alert.recipient_count == 23
    assert sending.counts(alert)["sent"] == 20 and sending.counts(alert)["gone"] == 3
    left = PushSubscription.objects.all()
    assert sorted(s.endpoint.rsplit("/", 1)[1] for s in left) == sorted(readers)
    assert all(s.last_success_at is not None for s in left)


def test_a_busy_service_gets_the_alert_on_a_later_pass_once(
    push_service, story, clock, after_commit
):
    subscribe_browsers(push_service, ["ok-1", "busy-1"])
    push_service.busy.add("busy-1")
    alert = after_commit(composing.send_alert, story, None, composing.draft_for(story))
    assert push_service.answers == {201: 1, 503: 1}
    push_service.busy.clear()
    clock.move_to(timezone.now() + timezone.timedelta(minutes=5))
    after_commit(sending.run_due)
    after_commit(sending.run_due)
    assert [len(push_service.received[n]) for n in ("ok-1", "busy-1")] == [1, 1]
    alert.refresh_from_db()
    assert alert.state == Alert.State.SENT
