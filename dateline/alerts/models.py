"""Web Push alerts: readers' subscriptions (a browser's push endpoint and keys, what it
follows), the topics readers may follow, the alerts the newsroom sent, and a delivery row
per alert and subscription (the exactly-once ledger, `sending.py`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class AlertTopic(models.Model):
    """A topic readers may follow from the bell: a story tagged with `slug` can be sent to
    its followers (a "topic" alert) as well as to everyone (a "breaking" alert)."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=100, unique=True, help_text="The stories' tag (its slug).")
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class PushSubscription(models.Model):
    """One browser's opt-in. The endpoint is the push service's address for it (unique: a
    browser subscribing again updates its row); `p256dh` and `auth` encrypt what it is sent.
    `topics` empty: breaking news only."""

    endpoint = models.URLField(max_length=1000, unique=True)
    p256dh = models.CharField(max_length=100)
    auth = models.CharField(max_length=40)
    topics = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_success_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "push subscription"

    def __str__(self) -> str:
        return self.endpoint[:60]

    def info(self) -> dict:
        """The subscription as the browser's PushSubscription.toJSON() gives it."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class Alert(models.Model):
    """One alert sent from a story: what readers saw, who sent it and what came of it."""

    class Audience(models.TextChoices):
        BREAKING = "breaking", "Breaking news: every subscriber"
        TOPICS = "topics", "The story's topics: their followers only"

    class State(models.TextChoices):
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"

    story = models.ForeignKey(
        "articles.ArticlePage", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=120)
    body = models.CharField(max_length=240, blank=True)
    url = models.URLField(max_length=500)
    icon = models.CharField(max_length=500, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices, default=Audience.BREAKING)
    topics = models.JSONField(default=list, blank=True)
    # The cap: the n-th alert of a day in the site's zone; unique, so two editors sending at
    # once cannot both take the last one.
    day = models.DateField()
    number = models.PositiveSmallIntegerField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=State.choices, default=State.SENDING)
    recipient_count = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "number"], name="alert_day_slot")]
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    def payload(self) -> dict:
        """What the service worker shows (`static/alerts/sw.js`). The tag makes a repeat
        replace the notification rather than add one."""
        return {
            "title": self.title,
            "body": self.body,
            "url": self.url,
            "icon": self.icon,
            "tag": f"alert-{self.pk}",
        }


class AlertDelivery(models.Model):
    """An alert for one subscription: made once (unique), claimed by one run, marked after
    the push service answered. A pruned subscription leaves its row, state "gone"."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        GONE = "gone", "Subscription gone (pruned)"
        FAILED = "failed", "Failed"

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="deliveries")
    subscription = models.ForeignKey(
        PushSubscription, null=True, on_delete=models.SET_NULL, related_name="deliveries"
    )
    batch = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    claim = models.CharField(max_length=16, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    retry_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name_plural = "alert deliveries"
        constraints = [
            models.UniqueConstraint(fields=["alert", "subscription"], name="one_alert_delivery")
        ]
        indexes = [
            models.Index(fields=["alert", "batch", "state"], name="alert_delivery_batch"),
            models.Index(fields=["claim"], name="alert_delivery_claim"),
            models.Index(fields=["state", "retry_at"], name="alert_delivery_retry"),
        ]

    def __str__(self) -> str:
        return f"{self.alert_id} → {self.subscription_id}: {self.state}"
