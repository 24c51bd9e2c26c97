"""Sign-up, double opt-in, preferences, unsubscription and erasure: every change to who
receives what goes through here (the views, the admin, the import and the webhooks call it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone

from .models import Delivery, Newsletter, Subscriber, Subscription, Suppression

CONFIRM_SALT = "dateline.newsletters.confirm"


def confirm_max_age() -> dt.timedelta:
    return dt.timedelta(hours=getattr(settings, "DATELINE_NEWSLETTER_CONFIRM_HOURS", 48))


def normalise(email: str) -> str:
    """One spelling per address, so suppression and uniqueness match (domains are
    case-insensitive; local parts nearly always are in practice)."""
    return email.strip().lower()


@transaction.atomic
def sign_up(
    email: str, newsletters: Iterable[Newsletter], source_path: str = ""
) -> tuple[Subscriber, list[Subscription]]:
    """Record a pending subscription to each newsletter with its consent text and version.
    Already confirmed ones are left as they are; the caller emails the confirmation link."""
    subscriber, _ = Subscriber.objects.get_or_create(email=normalise(email))
    now = timezone.now()
    pending = []
    for newsletter in newsletters:
        subscription, created = Subscription.objects.get_or_create(
            subscriber=subscriber,
            newsletter=newsletter,
            defaults={
                "consent_text": newsletter.consent_text,
                "consent_version": newsletter.consent_version,
                "source_path": source_path[:300],
            },
        )
        if subscription.status == Subscription.Status.CONFIRMED:
            continue
        if not created:  # asked again: the consent now given is the one that counts
            subscription.status = Subscription.Status.PENDING
            subscription.consent_text = newsletter.consent_text
            subscription.consent_version = newsletter.consent_version
            subscription.source_path = source_path[:300]
            subscription.created_at = now
            subscription.save()
        pending.append(subscription)
    return subscriber, pending


def confirmation_token(subscriptions: list[Subscription]) -> str:
    return signing.dumps([s.pk for s in subscriptions], salt=CONFIRM_SALT, compress=True)


def pending_for_token(token: str) -> list[Subscription]:
    """The subscriptions a confirmation link names; raises signing.BadSignature (including
    SignatureExpired after 48 h) for a bad or old link."""
    ids = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_max_age())
    if not isinstance(ids, list):
        raise signing.BadSignature("not a confirmation token")
    return list(
        Subscription.objects.filter(pk__in=[i for i in ids if isinstance(i, int)])
        .select_related("subscriber", "newsletter")
        .order_by("newsletter__sort_order", "newsletter__name")
    )


@transaction.atomic
def confirm(subscriptions: list[Subscription]) -> None:
    """Confirm (the POST of the confirmation page). A confirmed re-subscriber asked again
    from that address, so an old bounce or complaint no longer suppresses it."""
    now = timezone.now()
    for subscription in subscriptions:
        if subscription.status != Subscription.Status.CONFIRMED:
            subscription.status = Subscription.Status.CONFIRMED
            subscription.confirmed_at = now
            subscription.consented_at = now
            subscription.unsubscribed_at = None
            subscription.save()
    emails = {s.subscriber.email for s in subscriptions}
    Suppression.objects.filter(email__in=emails).delete()


def unsubscribe(subscriber: Subscriber, newsletters: Iterable[Newsletter]) -> int:
    """Leave the given newsletters at once (one-click, preferences, complaints)."""
    ids = [n.pk for n in newsletters]
    return (
        Subscription.objects.filter(subscriber=subscriber, newsletter_id__in=ids)
        .exclude(status=Subscription.Status.UNSUBSCRIBED)
        .update(  # freshness: bookkeeping rows
            status=Subscription.Status.UNSUBSCRIBED, unsubscribed_at=timezone.now()
        )
    )


@transaction.atomic
def erase(email: str) -> bool:
    """A data-protection request, one action: the person, their subscriptions with their
    consent records, their delivery rows and any suppression of the address go. Nothing
    naming the address is kept (signing up again needs a new double opt-in)."""
    address = normalise(email)
    Suppression.objects.filter(email=address).delete()
    subscriber = Subscriber.objects.filter(email=address).first()
    if subscriber is None:
        return False
    Delivery.objects.filter(subscriber=subscriber).delete()
    subscriber.delete()  # subscriptions cascade
    return True


def suppress(email: str, reason: str, detail: str = "") -> Suppression:
    suppression, _ = Suppression.objects.update_or_create(
        email=normalise(email), defaults={"reason": reason, "detail": detail[:300]}
    )
    return suppression
