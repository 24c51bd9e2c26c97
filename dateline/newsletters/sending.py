"""Sending an issue, exactly: prepare once, then batches that can be run again safely.

`prepare()` fixes the stories and the recipient list in one transaction: a `Delivery` row per
confirmed, unsuppressed subscriber (unique per issue and subscriber), numbered into batches
of DATELINE_NEWSLETTER_BATCH_SIZE. The task worker runs `send_batch` for each batch; it
sends only rows still pending and marks each row sent as soon as the mail server accepted
it, so a batch run again (a retry, a resumed send after a killed worker) skips everyone
already served and reaches everyone else.

The one message a killed worker had in flight is the only uncertain one: a row is marked
sent after the server's reply, so if the kill falls between the reply and that write the
row is still pending and the person gets it again, with the same Message-ID (clients and
providers drop such duplicates). A kill before the reply (the usual case: the worker spends
its time waiting on the server) sends nobody a second copy; `tests/test_kill.py` kills there.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from dateline.core import claims

from .emails import message_for, render_issue
from .models import Delivery, Issue, Newsletter, Subscription, Suppression
from .site import site_zone
from .stories import choose_story_ids

logger = logging.getLogger("dateline.newsletters")

PENDING, SENDING = Delivery.State.PENDING, Delivery.State.SENDING


def batch_size() -> int:
    return max(1, int(settings.DATELINE_NEWSLETTER_BATCH_SIZE))


def new_issue(newsletter: Newsletter) -> Issue:
    return Issue.objects.create(newsletter=newsletter)


def prepare(issue: Issue) -> bool:
    """Fix the issue's stories and recipients and queue its batches; False when it was
    already prepared (idempotent) or had fewer stories than the newsletter's minimum."""
    with transaction.atomic():
        issue = Issue.objects.select_for_update().select_related("newsletter").get(pk=issue.pk)
        if issue.state != Issue.State.DRAFT:
            return False
        newsletter = issue.newsletter
        issue.story_ids = choose_story_ids(issue)
        issue.prepared_at = timezone.now()
        if len(issue.story_ids) < newsletter.min_stories:
            issue.state = Issue.State.SKIPPED
            issue.save()
            logger.info("Issue %s of %s not sent: too few stories", issue.pk, newsletter.slug)
            return False
        recipients = (
            Subscription.recipients(newsletter)
            .order_by("subscriber_id")
            .values_list("subscriber_id", flat=True)
        )
        size = batch_size()
        rows = [
            Delivery(issue=issue, subscriber_id=subscriber_id, batch=i // size)
            for i, subscriber_id in enumerate(recipients.iterator(chunk_size=5000))
        ]
        # freshness: deliveries are bookkeeping; the issue's own save below purges its pages
        Delivery.objects.bulk_create(rows, batch_size=2000)
        issue.recipient_count = len(rows)
        issue.state = Issue.State.SENDING if rows else Issue.State.SENT
        if not rows:
            issue.sent_at = timezone.now()
        issue.save()
        batches = (len(rows) + size - 1) // size
        transaction.on_commit(lambda: enqueue_batches(issue.pk, range(batches)))
    return True


def enqueue_batches(issue_id: int, batches) -> None:
    for number in batches:
        send_batch_task.enqueue(issue_id, number)


@task(queue_name="default")
def send_batch_task(issue_id: int, batch: int) -> int:
    return send_batch(issue_id, batch)


def _throttle() -> float:
    rate = float(settings.DATELINE_NEWSLETTER_RATE_PER_SECOND or 0)
    return 1 / rate if rate > 0 else 0.0


def send_batch(issue_id: int, batch: int) -> int:
    """Send the batch's pending rows; returns how many were accepted. Safe to run again."""
    issue = Issue.objects.select_related("newsletter").get(pk=issue_id)
    pending = Delivery.objects.filter(issue=issue, batch=batch, state=Delivery.State.PENDING)
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    allowance = warmup_allowance()
    if allowance is not None:
        ids = ids[:allowance]
    # The claim: one UPDATE takes the rows for this run, so a batch queued twice (or resumed
    # while a slow worker still runs it) sends nobody twice; a second run finds none.
    claim = claims.claim(Delivery.objects.filter(pk__in=ids), PENDING, SENDING)
    rows = list(claims.claimed(Delivery, claim, SENDING).select_related("subscriber"))
    # Suppression is checked at send time: a bounce that arrived after preparing counts.
    addresses = [row.subscriber.email for row in rows]
    suppressed = set(
        Suppression.objects.filter(email__in=addresses).values_list("email", flat=True)
    )
    rendered = render_issue(issue) if rows else None
    try:
        to_send = []
        for row in rows:
            if row.subscriber.email in suppressed:
                _mark(row, Delivery.State.SUPPRESSED)
            else:
                to_send.append(row)
        sent = _send_rows(rendered, to_send) if to_send else 0
    finally:
        # What this run claimed and did not send (an error, a lost server) goes back to
        # pending for the next run; a kill skips this, and `resume` does it later.
        claims.release(Delivery, claim, SENDING, PENDING)
    _finish_if_done(issue)
    return sent


def concurrency() -> int:
    return max(1, int(settings.DATELINE_NEWSLETTER_CONCURRENCY))


def _send_rows(rendered, rows: list[Delivery]) -> int:
    """Send each row's message and mark it as soon as the server answered; returns how many
    were accepted. CONCURRENCY connections send a window of rows at once (a mail server's
    round trips, not the sender's CPU, bound one connection's rate); every row of a window is
    marked before the next window goes, so a kill leaves at most one window uncertain."""
    width = concurrency()
    pause = _throttle()
    sent = 0
    with ExitStack() as stack:
        connections = [stack.enter_context(get_connection()) for _ in range(width)]
        pool = stack.enter_context(ThreadPoolExecutor(width)) if width > 1 else None
        for start in range(0, len(rows), width):
            window = rows[start : start + width]
            pairs = list(zip(connections, window, strict=False))
            if pool is None:
                outcomes = [_send_one(rendered, *pair) for pair in pairs]
            else:
                outcomes = list(pool.map(lambda pair: _send_one(rendered, *pair), pairs))
            lost = None
            for row, outcome in zip(window, outcomes, strict=True):
                if outcome is None:
                    # Written before the next window goes: a kill loses at most these marks.
                    _mark(row, Delivery.State.SENT)
                    sent += 1
                elif isinstance(outcome, str):  # the server refused this address or message
                    _mark(row, Delivery.State.FAILED, outcome[:300])
                else:
                    lost = lost or outcome
            if lost is not None:  # a lost server: the rest go back to pending
                raise lost
            if pause:
                time.sleep(pause * len(window))
    return sent


def _send_one(rendered, connection, row: Delivery) -> str | Exception | None:
    """None when the server accepted the message; the refusal (not retried) as text; any
    other error as the exception, raised once the window's answers are written."""
    try:
        connection.send_messages([message_for(rendered, row.subscriber)])
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as error:
        return str(error)
    except Exception as error:  # noqa: BLE001 - handed back to be raised after the marks
        return error
    return None


def _mark(row: Delivery, state: str, error: str = "") -> None:
    # freshness: a delivery row is bookkeeping (never shown to readers)
    Delivery.objects.filter(pk=row.pk).update(state=state, sent_at=timezone.now(), error=error)


def _finish_if_done(issue: Issue) -> None:
    if (
        issue.state == Issue.State.SENDING
        and not issue.deliveries.filter(
            state__in=[Delivery.State.PENDING, Delivery.State.SENDING]
        ).exists()
    ):
        issue.state = Issue.State.SENT
        issue.sent_at = timezone.now()
        issue.save(update_fields=["state", "sent_at"])  # purges the archive by construction


def warmup_allowance() -> int | None:
    """A new sending domain starts small: DATELINE_NEWSLETTER_WARMUP is a list of daily
    caps from DATELINE_NEWSLETTER_WARMUP_START (a date); past the list, no cap. None: no cap
    now. What is left over waits for the next day's resume."""
    caps = settings.DATELINE_NEWSLETTER_WARMUP
    start = settings.DATELINE_NEWSLETTER_WARMUP_START
    if not caps or not start:
        return None
    # Days as the site counts them (its time zone), midnight to midnight there.
    zone = site_zone()
    today = timezone.localdate(timezone=zone)
    day = (today - dt.date.fromisoformat(str(start))).days
    if day < 0 or day >= len(caps):
        return None if day >= len(caps) else 0
    midnight = dt.datetime.combine(today, dt.time(), tzinfo=zone)
    used = Delivery.objects.filter(state=Delivery.State.SENT, sent_at__gte=midnight).count()
    return max(0, caps[day] - used)


def resume(stale_after: dt.timedelta | None = None) -> int:
    """Queue again the batches of issues still sending that nobody is working on: no row
    claimed or sent for `stale_after` (DATELINE_NEWSLETTER_STALE_MINUTES). A row a dead
    worker had claimed goes back to pending (its message may not have been accepted).
    Returns the number of batches queued."""
    if stale_after is None:
        stale_after = dt.timedelta(minutes=settings.DATELINE_NEWSLETTER_STALE_MINUTES)
    cutoff = timezone.now() - stale_after
    queued = 0
    for issue in Issue.objects.filter(state=Issue.State.SENDING, prepared_at__lte=cutoff):
        rows = issue.deliveries
        if rows.filter(sent_at__gt=cutoff).exists() or rows.filter(claimed_at__gt=cutoff).exists():
            continue  # a worker is on it
        # freshness: delivery rows are bookkeeping
        rows.filter(state=Delivery.State.SENDING).update(state=Delivery.State.PENDING)
        batches = list(
            rows.filter(state=Delivery.State.PENDING)
            .values_list("batch", flat=True)
            .distinct()
            .order_by("batch")
        )
        if batches:
            logger.info("Resuming issue %s: %s batches", issue.pk, len(batches))
        enqueue_batches(issue.pk, batches)
        _finish_if_done(issue)
        queued += len(batches)
    return queued


def send_now(newsletter: Newsletter) -> Issue | None:
    """`dateline send-newsletter` and the schedule: resume what an earlier run left, else
    make an issue and prepare it. Returns the issue sent (None: nothing to send)."""
    unfinished = newsletter.issues.filter(state=Issue.State.SENDING).order_by("pk").first()
    if unfinished is not None:
        # Run by hand: the operator knows the earlier worker is gone.
        resume(stale_after=dt.timedelta(0))
        unfinished.refresh_from_db()
        return unfinished
    issue = newsletter.issues.filter(state=Issue.State.DRAFT).order_by("pk").first()
    issue = issue or new_issue(newsletter)
    prepare(issue)
    issue.refresh_from_db()
    return issue if issue.state != Issue.State.SKIPPED else None


def send_test(issue: Issue, email: str) -> None:
    """A test send to the editor: the same message, to one address, outside the list."""
    from .models import Subscriber

    rendered = render_issue(issue)
    stand_in = Subscriber(pk=0, email=email, token="test-send")
    get_connection().send_messages([message_for(rendered, stand_in)])
