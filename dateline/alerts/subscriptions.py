"""A reader's opt-in as the browser sends it (PushSubscription.toJSON() and the topics
chosen), checked before it is kept: the endpoint must be a push service's (the server will
post to it), the keys must be a P-256 point and a 16-byte secret."""

from __future__ import annotations

import binascii
import urllib.parse
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone

from .models import AlertTopic, PushSubscription
from .vapid import b64url_decode


class Invalid(ValueError):
    """The request's subscription cannot be kept (the message says why)."""


def endpoint_allowed(endpoint: str) -> bool:
    parts = urllib.parse.urlsplit(endpoint)
    host = (parts.hostname or "").lower()
    allowed = [h.lower().lstrip(".") for h in settings.DATELINE_ALERTS["ENDPOINT_HOSTS"]]
    if not host or parts.username or parts.password:
        return False
    if parts.scheme != "https" and not (parts.scheme == "http" and host == "127.0.0.1"):
        return False
    return any(host == name or host.endswith("." + name) for name in allowed)


def _key(value: Any, size: int, name: str) -> str:
    if not isinstance(value, str) or len(value) > 200:
        raise Invalid(f"keys.{name} is missing")
    try:
        raw = b64url_decode(value)
    except (binascii.Error, ValueError) as error:
        raise Invalid(f"keys.{name} is not base64url") from error
    if len(raw) != size or (name == "p256dh" and raw[0] != 4):
        raise Invalid(f"keys.{name} has the wrong length")
    return value


def clean(data: Any) -> dict:
    """The fields of a PushSubscription from the request's JSON, or Invalid."""
    if not isinstance(data, Mapping):
        raise Invalid("expected a JSON object")
    subscription = data.get("subscription")
    if not isinstance(subscription, Mapping):
        raise Invalid("subscription is missing")
    endpoint = subscription.get("endpoint")
    if not isinstance(endpoint, str) or len(endpoint) > 1000 or not endpoint_allowed(endpoint):
        raise Invalid("endpoint is not a known push service")
    keys = subscription.get("keys")
    if not isinstance(keys, Mapping):
        raise Invalid("keys are missing")
    topics = data.get("topics") or []
    if not isinstance(topics, list) or not all(isinstance(t, str) for t in topics):
        raise Invalid("topics must be a list of names")
    known = set(AlertTopic.objects.filter(slug__in=topics[:50]).values_list("slug", flat=True))
    return {
        "endpoint": endpoint,
        "p256dh": _key(keys.get("p256dh"), 65, "p256dh"),
        "auth": _key(keys.get("auth"), 16, "auth"),
        "topics": sorted(known),
    }


def subscribe(fields: Mapping[str, Any]) -> tuple[PushSubscription, bool]:
    """Keep the opt-in (a browser subscribing again replaces its keys and topics)."""
    # freshness: subscriptions are bookkeeping (written by readers, shown on no page)
    return PushSubscription.objects.update_or_create(
        endpoint=fields["endpoint"],
        defaults={k: v for k, v in fields.items() if k != "endpoint"},
        create_defaults={**fields, "created_at": timezone.now()},
    )


def unsubscribe(endpoint: str) -> bool:
    """Forget the browser's subscription; knowing the endpoint is the proof of owning it."""
    # freshness: subscriptions are bookkeeping
    deleted, _ = PushSubscription.objects.filter(endpoint=endpoint).delete()
    return bool(deleted)
