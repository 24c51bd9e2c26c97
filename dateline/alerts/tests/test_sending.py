"""The ledger: who an alert goes to, exactly once per subscription, whatever runs again;
404/410 prune, other errors are retried with back-off, a dead worker's claim is resumed.
Through the dummy sender (the end-to-end tests use the real one)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from dateline.alerts import composing, sending
from dateline.alerts.factories import PushSubscriptionFactory
from dateline.alerts.models import Alert, AlertDelivery, PushSubscription
from dateline.alerts.senders import DummySender

pytestmark = pytest.mark.django_db


def make_alert(story, audience=Alert.Audience.BREAKING, topics=()) -> Alert:
    return Alert.objects.create(
        story=story,
        title="Earthquake",
        body="A strong quake",
        url="http://testserver/quake/",
        audience=audience,
        topics=list(topics),
        day=timezone.localdate(),
        number=Alert.objects.count() + 1,
    )


def endpoints_sent() -> list[str]:
    return [message.subscription["endpoint"] for message in DummySender.outbox]


def test_breaking_news_reaches_everyone_and_a_topic_alert_only_its_followers(story, after_commit):
    everyone = PushSubscriptionFactory.create_batch(3)
    follower = PushSubscriptionFactory(topics=["elections"])
    other = PushSubscriptionFactory(topics=["cricket"])

    after_commit(sending.prepare, make_alert(story))
    assert sorted(endpoints_sent()) == sorted(s.endpoint for s in [*everyone, follower, other])

    DummySender.outbox.clear()
    alert = make_alert(story, Alert.Audience.TOPICS, ["elections", "budget"])
    after_commit(sending.prepare, alert)
    assert endpoints_sent() == [follower.endpoint]
    alert.refresh_from_db()
    assert alert.state == "sent" and alert.recipient_count == 1


def test_the_payload_is_what_the_service_worker_shows(story, after_commit):
    PushSubscriptionFactory()
    alert = make_alert(story)
    after_commit(sending.prepare, alert)
    [message] = DummySender.outbox
    assert json.loads(message.payload) == {
        "title": "Earthquake",
        "body": "A strong quake",
        "url": "http://testserver/quake/",
        "icon": "",
        "tag": f"alert-{alert.pk}",
    }
    assert message.topic == f"alert{alert.pk}" and message.ttl == 14400


def test_a_batch_run_again_or_twice_at_once_sends_nobody_twice(story, settings, after_commit):
    settings.DATELINE_ALERTS = {**settings.DATELINE_ALERTS, "BATCH_SIZE": 2}
    subscriptions = PushSubscriptionFactory.create_batch(5)
    alert = make_alert(story)
    sending.prepare(alert)  # not committed: nothing queued, the batches are run here
    assert sorted(AlertDelivery.objects.values_list("batch", flat=True)) == [0, 0, 1, 1, 2]

    # A run that claimed batch 0 and died: a second run of the batch finds nothing to send.
    from dateline.core import claims

    token = claims.claim(AlertDelivery.objects.filter(batch=0), "pending", "sending")
    assert sending.send_batch(alert.pk, 0) == 0
    assert DummySender.outbox == []

    for batch in (1, 2, 1, 2):
        sending.send_batch(alert.pk, batch)
    assert len(DummySender.outbox) == 3

    # The dead run's rows go back once nobody has touched the alert: then sent once.
    assert after_commit(sending.run_due, stale_after=dt.timedelta(0)) == 1
    assert AlertDelivery.objects.filter(claim=token).count() == 0  # claimed again, and sent
    assert sorted(endpoints_sent()) == sorted(s.endpoint for s in subscriptions)
    alert.refresh_from_db()
    assert alert.state == "sent" and alert.finished_at is not None


def test_a_resumed_send_is_queued_by_the_scheduler_job(story, settings, after_commit):
    PushSubscriptionFactory.create_batch(2)
    alert = make_alert(story)
    sending.prepare(alert)  # committed but its tasks lost (a queue emptied)
    Alert.objects.filter(pk=alert.pk).update(created_at=timezone.now() - dt.timedelta(hours=1))
    assert after_commit(sending.run_due) == 1
    assert len(DummySender.outbox) == 2
    assert sending.run_due() == 0


def test_404_and_410_prune_the_subscription_and_keep_the_history(story, settings, after_commit):
    keep, gone, missing = PushSubscriptionFactory.create_batch(3)
    settings.DATELINE_PUSH_SENDERS = {
        "default": {
            "BACKEND": "dateline.alerts.senders.DummySender",
            "STATUS_BY_ENDPOINT": {gone.endpoint: 410, missing.endpoint: 404},
        }
    }
    alert = make_alert(story)
    after_commit(sending.prepare, alert)
    assert list(PushSubscription.objects.all()) == [keep]
    keep.refresh_from_db()
    assert keep.last_success_at is not None
    assert sending.counts(alert) == {
        "pending": 0,
        "sending": 0,
        "sent": 1,
        "gone": 2,
        "failed": 0,
    }
    assert set(alert.deliveries.filter(state="gone").values_list("error", flat=True)) == {
        "410: subscription gone",
        "404: subscription gone",
    }
    # The next alert goes to the one left.
    DummySender.outbox.clear()
    after_commit(sending.prepare, make_alert(story))
    assert endpoints_sent() == [keep.endpoint]


def test_other_errors_are_retried_with_back_off_then_fail(story, settings, clock, after_commit):
    busy = PushSubscriptionFactory()
    settings.DATELINE_PUSH_SENDERS = {
        "default": {
            "BACKEND": "dateline.alerts.senders.DummySender",
            "STATUS_BY_ENDPOINT": {busy.endpoint: 503},
        }
    }
    settings.DATELINE_ALERTS = {
        **settings.DATELINE_ALERTS,
        "MAX_ATTEMPTS": 3,
        "RETRY_SECONDS": 30,
    }
    start = timezone.now()
    alert = make_alert(story)
    after_commit(sending.prepare, alert)
    row = alert.deliveries.get()
    assert (row.state, row.attempts, row.retry_at) == (
        "pending",
        1,
        start + dt.timedelta(seconds=30),
    )
    assert row.error.startswith("503")
    # Not due yet: the scheduler's pass queues nothing.
    clock.move_to(start + dt.timedelta(seconds=29))
    assert after_commit(sending.run_due) == 0
    clock.move_to(start + dt.timedelta(seconds=30))
    assert after_commit(sending.run_due) == 1
    row.refresh_from_db()
    assert (row.attempts, row.retry_at) == (2, start + dt.timedelta(seconds=30 + 60))
    clock.move_to(row.retry_at)
    after_commit(sending.run_due)
    row.refresh_from_db()
    assert row.state == "failed" and len(DummySender.outbox) == 3
    alert.refresh_from_db()
    assert alert.state == "sent"
    assert PushSubscription.objects.filter(pk=busy.pk).exists()  # not pruned: only 404/410


def test_a_retry_that_then_succeeds_is_sent_once(story, settings, clock, after_commit):
    flaky = PushSubscriptionFactory()
    config = {"BACKEND": "dateline.alerts.senders.DummySender"}
    settings.DATELINE_PUSH_SENDERS = {
        "default": {**config, "STATUS_BY_ENDPOINT": {flaky.endpoint: 0}}
    }
    alert = make_alert(story)
    after_commit(sending.prepare, alert)
    from dateline.alerts import senders

    senders._sender.cache_clear()
    settings.DATELINE_PUSH_SENDERS = {"default": config}
    clock.move_to(timezone.now() + dt.timedelta(minutes=1))
    after_commit(sending.run_due)
    row = alert.deliveries.get()
    assert row.state == "sent" and row.attempts == 1
    assert len(DummySender.outbox) == 2


def test_a_subscription_deleted_before_its_batch_is_not_sent(story):
    first, second = PushSubscriptionFactory.create_batch(2)
    alert = make_alert(story)
    sending.prepare(alert)
    second.delete()
    sending.send_batch(alert.pk, 0)
    assert endpoints_sent() == [first.endpoint]
    assert sending.counts(alert)["gone"] == 1


def test_the_draft_is_made_from_the_story(story):
    draft = composing.draft_for(story)
    assert draft.title == story.title
    assert draft.url == story.full_url and draft.url.startswith("http")
    assert draft.icon.endswith("/static/dateline/logo-publisher.png")
