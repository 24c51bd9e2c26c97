"""Sending an alert, exactly once per subscription: prepare once, then batches that can be
run again safely (the pattern of newsletters' sending, on `core.claims`).

`prepare()` writes an `AlertDelivery` row per subscription the alert is for (unique per alert
and subscription), numbered into batches of DATELINE_ALERTS["BATCH_SIZE"], and queues a task
per batch. `send_batch` claims the batch's pending rows with one UPDATE, hands them to the
sender backend a window at a time (the sender's concurrency: one window is what may be in
flight) and settles each window as soon as the push service answered:

- 2xx: sent; the subscription's `last_success_at` is set;
- 404/410: the subscription is gone: it is deleted (its rows keep their history, "gone");
- no answer, 408, 425, 429, 5xx: tried again after a back-off (RETRY_SECONDS doubled per
  attempt) until MAX_ATTEMPTS, then failed; `run_due` (a scheduler job) queues the retries;
- anything else (a 400, a 403 for a key the service does not know, a 413): failed.

A killed worker leaves its claimed rows "sending"; `run_due` gives them back once nobody has
touched the alert for STALE_MINUTES. Only the window in flight at the kill is uncertain: a
row is marked after the push service's answer, so a kill between the answer and the mark
sends that subscription the alert again, under the same notification tag (the browser
replaces the first rather than show two). With CONCURRENCY 1 that is at most one message,
as for newsletters; `tests/test_kill.py` kills before the answer and counts every copy.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django_tasks import task

from dateline.core import claims

from .models import Alert, AlertDelivery, PushSubscription
from .senders import PushMessage, PushResult, encode_payload, get_sender

logger = logging.getLogger("dateline.alerts")

State = AlertDelivery.State


def config(name: str) -> int:
    return int(settings.DATELINE_ALERTS[name])


def recipients(alert: Alert) -> Iterable[int]:
    """The subscriptions the alert goes to, in id order: everyone for breaking news; for a
    topic alert, those following one of its topics."""
    everyone = PushSubscription.objects.order_by("pk")
    if alert.audience == Alert.Audience.BREAKING:
        yield from everyone.values_list("pk", flat=True).iterator(chunk_size=5000)
        return
    wanted = set(alert.topics)
    for pk, topics in everyone.values_list("pk", "topics").iterator(chunk_size=5000):
        if wanted.intersection(topics or ()):
            yield pk


def prepare(alert: Alert) -> int:
    """Write the alert's delivery rows and queue its batches after commit (inside the
    caller's transaction, if any). Returns the number of recipients."""
    size = max(1, config("BATCH_SIZE"))
    with transaction.atomic():
        rows = [
            AlertDelivery(alert=alert, subscription_id=pk, batch=i // size)
            for i, pk in enumerate(recipients(alert))
        ]
        # freshness: deliveries and alerts are bookkeeping (shown on no reader page)
        AlertDelivery.objects.bulk_create(rows, batch_size=2000)
        alert.recipient_count = len(rows)
        if not rows:
            alert.state = Alert.State.SENT
            alert.finished_at = timezone.now()
        alert.save(update_fields=["recipient_count", "state", "finished_at"])
        batches = range((len(rows) + size - 1) // size)
        transaction.on_commit(lambda: enqueue_batches(alert.pk, batches))
    return len(rows)


def enqueue_batches(alert_id: int, batches: Iterable[int]) -> None:
    for number in batches:
        send_batch_task.enqueue(alert_id, number)


@task(queue_name="default")
def send_batch_task(alert_id: int, batch: int) -> int:
    return send_batch(alert_id, batch)


def _due(now: dt.datetime) -> Q:
    return Q(retry_at__isnull=True) | Q(retry_at__lte=now)


def send_batch(alert_id: int, batch: int) -> int:
    """Send the batch's pending rows that are due; returns how many the services accepted.
    Safe to run again, and at the same time as another run of the same batch."""
    alert = Alert.objects.get(pk=alert_id)
    now = timezone.now()
    rows = AlertDelivery.objects.filter(alert=alert, batch=batch).filter(_due(now))
    token = claims.claim(rows, State.PENDING, State.SENDING)
    held = list(claims.claimed(AlertDelivery, token, State.SENDING).select_related("subscription"))
    sender = get_sender()
    window = max(1, int(getattr(sender, "concurrency", 1)))
    payload = encode_payload(alert.payload())
    ttl = config("TTL")
    accepted = 0
    try:
        for start in range(0, len(held), window):
            part = held[start : start + window]
            gone = [row for row in part if row.subscription is None]  # pruned meanwhile
            live = [row for row in part if row.subscription is not None]
            messages = [
                PushMessage(row.subscription.info(), payload, ttl=ttl, topic=f"alert{alert.pk}")
                for row in live
            ]
            results = sender.send_many(messages) if messages else []
            accepted += _settle(live, results)
            if gone:
                _mark([row.pk for row in gone], State.GONE, "subscription removed")
    finally:
        # What this run claimed and did not settle (an error in the middle) goes back to
        # pending; a kill skips this, and `run_due` does it later.
        claims.release(AlertDelivery, token, State.SENDING, State.PENDING)
    finish_if_done(alert)
    return accepted


def _mark(pks: Sequence[int], state: str, error: str = "") -> None:
    if pks:
        # freshness: delivery rows are bookkeeping
        AlertDelivery.objects.filter(pk__in=pks).update(
            state=state, sent_at=timezone.now(), error=error[:300]
        )


def _settle(rows: Sequence[AlertDelivery], results: Sequence[PushResult]) -> int:
    """Write what the push services answered, one UPDATE per outcome."""
    now = timezone.now()
    sent, failed = [], []
    gone: dict[int, list[AlertDelivery]] = {}
    for row, result in zip(rows, results, strict=True):
        if result.accepted:
            sent.append(row)
        elif result.gone:
            gone.setdefault(result.status, []).append(row)
        elif result.retryable and row.attempts + 1 < config("MAX_ATTEMPTS"):
            _retry_later(row, result, now)
        else:
            failed.append((row, result))
    _mark([row.pk for row in sent], State.SENT)
    if sent:
        # freshness: subscriptions are bookkeeping
        PushSubscription.objects.filter(pk__in=[row.subscription_id for row in sent]).update(
            last_success_at=now
        )
    for status, pruned in gone.items():
        _mark([row.pk for row in pruned], State.GONE, f"{status}: subscription gone")
        logger.info("Push subscriptions gone (%s): %s pruned", status, len(pruned))
        # The rows stay (SET_NULL): the alert's history keeps who was pruned when.
        PushSubscription.objects.filter(pk__in=[row.subscription_id for row in pruned]).delete()
    for row, result in failed:
        _mark([row.pk], State.FAILED, f"{result.status} {result.reason}")
    return len(sent)


def _retry_later(row: AlertDelivery, result: PushResult, now: dt.datetime) -> None:
    attempts = row.attempts + 1
    delay = config("RETRY_SECONDS") * 2 ** (attempts - 1)
    # freshness: delivery rows are bookkeeping
    AlertDelivery.objects.filter(pk=row.pk).update(
        state=State.PENDING,
        attempts=attempts,
        retry_at=now + dt.timedelta(seconds=delay),
        error=f"{result.status} {result.reason}"[:300],
    )


def finish_if_done(alert: Alert) -> None:
    open_rows = alert.deliveries.filter(state__in=[State.PENDING, State.SENDING])
    if alert.state == Alert.State.SENDING and not open_rows.exists():
        # freshness: alerts are bookkeeping
        Alert.objects.filter(pk=alert.pk).update(state=Alert.State.SENT, finished_at=timezone.now())
        alert.state = Alert.State.SENT


def run_due(now: dt.datetime | None = None, stale_after: dt.timedelta | None = None) -> int:
    """The scheduler's job: queue the batches holding retries that are due, and resume
    alerts nobody is working on (rows claimed by a dead worker go back to pending). Returns
    the number of batches queued."""
    now = now or timezone.now()
    if stale_after is None:
        stale_after = dt.timedelta(minutes=config("STALE_MINUTES"))
    cutoff = now - stale_after
    queued: set[tuple[int, int]] = set()
    due = AlertDelivery.objects.filter(state=State.PENDING, retry_at__lte=now)
    for alert_id, batch in due.values_list("alert_id", "batch").distinct():
        # Taken off the retry clock: queued now, so the next pass does not queue it again.
        # freshness: delivery rows are bookkeeping
        due.filter(alert_id=alert_id, batch=batch).update(retry_at=None)
        queued.add((alert_id, batch))
    for alert in Alert.objects.filter(state=Alert.State.SENDING, created_at__lte=cutoff):
        rows = alert.deliveries
        if rows.filter(Q(sent_at__gt=cutoff) | Q(claimed_at__gt=cutoff)).exists():
            continue  # a worker is on it
        # freshness: delivery rows are bookkeeping
        rows.filter(state=State.SENDING).update(state=State.PENDING)
        waiting = rows.filter(state=State.PENDING, retry_at__isnull=True)
        for batch in waiting.values_list("batch", flat=True).distinct():
            queued.add((alert.pk, batch))
        finish_if_done(alert)
    for alert_id, batch in sorted(queued):
        send_batch_task.enqueue(alert_id, batch)
    if queued:
        logger.info("Alerts: %s batches queued (retries and resumed sends)", len(queued))
    return len(queued)


def counts(alert: Alert) -> dict[str, int]:
    """The alert's deliveries by state (the admin's report)."""
    found = dict.fromkeys(State.values, 0)
    for row in alert.deliveries.values("state").annotate(n=Count("pk")).order_by():
        found[row["state"]] = row["n"]
    return found
