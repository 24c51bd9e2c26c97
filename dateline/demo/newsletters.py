"""The demo's newsletters: three, each with subscribers (confirmed, with their consent
record) and one issue sent through the product's own path, so the archive pages, the web
version and the admin's counts have something to show. Idempotent: a newsletter that exists
is left as it is.

Where the mail goes is the running settings' EMAIL_BACKEND; `make run` writes it to files
under var/mail/ and says so."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from dateline.newsletters import sending
from dateline.newsletters.models import Newsletter, Subscriber, Subscription

NEWSLETTERS = [
    {
        "slug": "morning-brief",
        "name": "The Dateline Morning Brief",
        "description": "The stories that matter, every morning at seven.",
        "cadence": Newsletter.Cadence.DAILY,
        "send_time": dt.time(7, 0),
        "rule": Newsletter.Rule.TOP,
        "signup_default": True,
        "readers": ["asha", "ben", "chloe", "dev", "elena", "farid"],
    },
    {
        "slug": "world-this-week",
        "name": "World This Week",
        "description": "The week's biggest stories from our World desk, every Saturday morning.",
        "cadence": Newsletter.Cadence.WEEKLY,
        "send_time": dt.time(9, 0),
        "weekday": Newsletter.Weekday.SATURDAY,
        "rule": Newsletter.Rule.SECTION,
        "section_slug": "world",
        "readers": ["ben", "gita", "hugo"],
    },
    {
        "slug": "most-read",
        "name": "Most Read",
        "description": "The stories our readers read most, sent on days the news calls for it.",
        "cadence": Newsletter.Cadence.MANUAL,
        "rule": Newsletter.Rule.MOST_READ,
        "readers": ["chloe", "ines"],
    },
]


def ensure_newsletters(sections: dict) -> list[Newsletter]:
    made = []
    for spec in NEWSLETTERS:
        spec = dict(spec)
        readers = spec.pop("readers")
        section = sections.get(spec.pop("section_slug", ""))
        if Newsletter.objects.filter(slug=spec["slug"]).exists():
            continue
        with transaction.atomic():
            newsletter = Newsletter.objects.create(min_stories=3, rule_section=section, **spec)
            for name in readers:
                subscriber, _ = Subscriber.objects.get_or_create(email=f"{name}@example.com")
                Subscription.objects.create(
                    subscriber=subscriber,
                    newsletter=newsletter,
                    status=Subscription.Status.CONFIRMED,
                    consent_text=newsletter.consent_text,
                    consent_version=newsletter.consent_version,
                    source_path="/newsletters/",
                )
            # Confirmed by the demo itself: the record says so, with the time.
            # freshness: subscriptions are bookkeeping
            now = timezone.now()
            Subscription.objects.filter(newsletter=newsletter).update(
                consented_at=now, confirmed_at=now
            )
        made.append(newsletter)
    return made


def send_first_issues(newsletters: list[Newsletter]) -> None:
    """One issue of each new newsletter, sent as `dateline send-newsletter` sends it (after
    the demo's transaction commits, so the batches find their rows)."""
    for newsletter in newsletters:
        sending.send_now(newsletter)
