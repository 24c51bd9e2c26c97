"""Partners' API keys and the change feed's entries."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

KEY_PREFIX_LENGTH = 8


def hash_key(plain: str) -> str:
    return hashlib.sha256(plain.encode()).hexdigest()


class ApiKey(models.Model):
    """A partner's key. Only its hash is stored; the key itself is shown once, on creation."""

    name = models.CharField(max_length=120, help_text="Who holds it (a partner, an app).")
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, editable=False, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    can_read = models.BooleanField(default=True, verbose_name="read scope")
    can_submit = models.BooleanField(
        default=False,
        verbose_name="submit scope",
        help_text="May post stories into the review queue (never straight to the site).",
    )
    rate_limit = models.PositiveIntegerField(
        default=600, help_text="Requests per minute; over it the API answers 429."
    )
    active = models.BooleanField(default=True)
    usage_count = models.BigIntegerField(default=0, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "API key"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def save(self, *args, **kwargs) -> None:
        if not self.key_hash:
            # Kept on the instance only, for the admin's one-time message.
            self.plain_key = self.issue()
        super().save(*args, **kwargs)

    def issue(self) -> str:
        """A new secret for this key (saved by the caller); returns it in plain text."""
        plain = "dl_" + secrets.token_urlsafe(30)
        self.prefix = plain[3 : 3 + KEY_PREFIX_LENGTH]
        self.key_hash = hash_key(plain)
        return plain


class ChangeKind(models.TextChoices):
    """created: new to the feed's readers; updated: published again (fetch it anew)."""

    CREATED = "created"
    UPDATED = "updated"
    WITHDRAWN = "withdrawn"
    DELETED = "deleted"


class ItemType(models.TextChoices):
    """What the change feed lists: every page type the API serves on its own address."""

    STORY = "story"
    LIVE_BLOG = "live_blog"
    SHORT = "short"
    WEB_STORY = "web_story"
    VIDEO = "video"
    SHOW = "show"


class ApiChange(models.Model):
    """One entry of the change feed: an item went public (first time or again), or left.

    `at` is when the change becomes visible to readers: a publication ahead of its time or
    under embargo is listed from that moment, so the feed never tells of what the site does
    not yet show. Entries are written only with `at` >= now, so a client's cursor (always
    at or before the moment it read) never passes an entry written later."""

    at = models.DateTimeField(db_index=True)
    page_id = models.PositiveIntegerField()
    item_type = models.CharField(max_length=12, choices=ItemType.choices, default=ItemType.STORY)
    kind = models.CharField(max_length=12, choices=ChangeKind.choices)

    class Meta:
        indexes = [models.Index(fields=["at", "id"], name="api_change_at_id")]
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.item_type} {self.page_id} at {self.at:%Y-%m-%d %H:%M:%S}"
