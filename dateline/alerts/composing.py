"""The newsroom's side of an alert: who may send one (whoever may publish the story), the
draft made from a story, the daily cap, and the send itself (logged on the story's history
and in the alerts' list)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.templatetags.static import static
from django.utils import timezone
from wagtail.log_actions import log

from . import sending
from .models import Alert, AlertTopic

logger = logging.getLogger("dateline.alerts")

TITLE_MAX = 120
BODY_MAX = 240


class CapReached(Exception):
    """Today's alerts are all sent (DATELINE_ALERTS["DAILY_CAP"])."""


@dataclass
class Draft:
    """What readers will see; the editor may shorten the title and body before sending."""

    title: str
    body: str
    url: str
    icon: str
    audience: str = Alert.Audience.BREAKING
    topics: list[str] = field(default_factory=list)


def may_send(user, story) -> bool:
    """Only whoever may publish the story, and only for a story readers can open."""
    return bool(
        story.live and story.is_visible_now and story.permissions_for_user(user).can_publish()
    )


def _absolute(story, url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    site = story.get_site()
    root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
    return root.rstrip("/") + url


def icon_for(story) -> str:
    """The story's picture, square and small, or the site's logo."""
    if story.hero_image_id:
        return _absolute(story, story.hero_image.get_rendition("fill-192x192").url)
    return _absolute(story, static("dateline/logo-publisher.png"))


def followed_topics(story) -> list[str]:
    """The story's tags that readers can follow (the alert topics), by slug."""
    slugs = {tag.slug for tag in story.tags.all()}
    return list(AlertTopic.objects.filter(slug__in=slugs).values_list("slug", flat=True))


def draft_for(story) -> Draft:
    return Draft(
        title=story.title[:TITLE_MAX],
        body=(story.description or "")[:BODY_MAX],
        url=story.full_url or "",
        icon=icon_for(story),
        topics=followed_topics(story),
    )


def daily_cap() -> int:
    return int(settings.DATELINE_ALERTS["DAILY_CAP"])


def sent_today() -> int:
    return Alert.objects.filter(day=timezone.localdate()).count()


def send_alert(story, user, draft: Draft) -> Alert:
    """Record the alert (the day's next slot, or CapReached), log it on the story and
    prepare its deliveries; the task worker sends them after commit."""
    day = timezone.localdate()
    with transaction.atomic():
        for _ in range(daily_cap() + 1):
            number = Alert.objects.filter(day=day).count() + 1
            if number > daily_cap():
                raise CapReached(f"{daily_cap()} alerts have been sent today.")
            try:
                with transaction.atomic():  # the slot is unique: another editor may take it
                    # freshness: alerts are bookkeeping (shown on no reader page)
                    alert = Alert.objects.create(
                        story=story,
                        title=draft.title[:TITLE_MAX],
                        body=draft.body[:BODY_MAX],
                        url=draft.url,
                        icon=draft.icon,
                        audience=draft.audience,
                        topics=draft.topics if draft.audience == Alert.Audience.TOPICS else [],
                        day=day,
                        number=number,
                        sent_by=user,
                    )
                break
            except IntegrityError:
                continue
        else:  # pragma: no cover - every slot taken while we counted
            raise CapReached("Today's alerts were taken while this one was being sent.")
        count = sending.prepare(alert)
        log(
            instance=story,
            action="alerts.send",
            user=user,
            data={"alert": alert.pk, "title": alert.title, "recipients": count},
        )
    logger.info(
        "Alert %s (%s) sent by %s to %s subscriptions", alert.pk, alert.audience, user, count
    )
    return alert
