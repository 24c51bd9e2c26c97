"""The schedule: daily and weekly newsletters at their time in the site's time zone, issues
on publication of chosen sections or topics, and sends a dead worker left unfinished.

`run_due` is one of DATELINE_PERIODIC_JOBS (the scheduler calls it every pass); all three
paths end in `sending.send_now`, the path `dateline send-newsletter` takes."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task
from wagtail.models import PageLogEntry

from . import sending
from .models import Newsletter
from .site import site_zone

logger = logging.getLogger("dateline.newsletters")


def last_due_moment(newsletter: Newsletter, now: dt.datetime, zone) -> dt.datetime | None:
    """The newsletter's latest scheduled moment at or before `now` (aware), or None."""
    if newsletter.send_time is None:
        return None
    local = now.astimezone(zone)
    for days_back in range(8):
        day = local.date() - dt.timedelta(days=days_back)
        if newsletter.cadence == Newsletter.Cadence.WEEKLY and day.weekday() != newsletter.weekday:
            continue
        moment = dt.datetime.combine(day, newsletter.send_time, tzinfo=zone)
        if moment <= local:
            return moment
    return None


def run_due(now: dt.datetime | None = None) -> int:
    """Send the newsletters whose moment has come since they were last sent; resume stalled
    sends. Returns how many issues were started."""
    now = now or timezone.now()
    zone = site_zone()
    started = 0
    scheduled = Newsletter.objects.filter(
        is_active=True, cadence__in=[Newsletter.Cadence.DAILY, Newsletter.Cadence.WEEKLY]
    )
    for newsletter in scheduled:
        moment = last_due_moment(newsletter, now, zone)
        if moment is None:
            continue
        if newsletter.last_scheduled_at is None:
            # A new schedule starts from its next moment, not with a send at once.
            newsletter.last_scheduled_at = moment
            # freshness: last_scheduled_at is never shown to readers
            Newsletter.objects.filter(pk=newsletter.pk).update(last_scheduled_at=moment)
            continue
        if newsletter.last_scheduled_at >= moment:
            continue
        # Claimed with a conditional update, so two schedulers never both send it.
        # freshness: last_scheduled_at is never shown to readers
        claimed = Newsletter.objects.filter(
            pk=newsletter.pk, last_scheduled_at=newsletter.last_scheduled_at
        ).update(last_scheduled_at=moment)
        if claimed:
            send_newsletter_task.enqueue(newsletter.pk)
            started += 1
    sending.resume()
    return started


@task()
def send_newsletter_task(newsletter_id: int) -> int | None:
    newsletter = Newsletter.objects.get(pk=newsletter_id)
    issue = sending.send_now(newsletter)
    return issue.pk if issue else None


def on_story_published(sender, instance, revision=None, **kwargs) -> None:
    """A story published for the first time in a chosen section or with a chosen topic
    sends the newsletters that follow them."""
    # First publication only: a correction or an update of a story already out is not news.
    # The revision says whether a live version existed when it was written (as
    # `articles.services.record_publication` reads it), so an update costs no query here.
    if revision is not None and revision.content.get("live_revision") is not None:
        return
    followers = Newsletter.objects.filter(is_active=True, cadence=Newsletter.Cadence.ON_PUBLISH)
    if not followers.exists():
        return
    # Not live before: a story withdrawn earlier and published again is not news either (its
    # first "Published" log entry is older; this one is written before the signal). Not the
    # publication times: a filed story's are backdated to its wire time.
    if PageLogEntry.objects.filter(page_id=instance.pk, action="wagtail.publish").count() > 1:
        return
    sections = {instance.section_id, instance.top_section_id} - {None}
    tags = {tag.name.lower() for tag in instance.tags.all()}
    for newsletter in followers.prefetch_related("trigger_sections"):
        chosen = {page.pk for page in newsletter.trigger_sections.all()}
        wanted = {t.strip().lower() for t in newsletter.trigger_tags.split(",") if t.strip()}
        if sections & chosen or tags & wanted:
            transaction.on_commit(lambda pk=newsletter.pk: send_newsletter_task.enqueue(pk))
