"""The breaking-news banner: a site setting the desk switches on with an expiry."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

BANNER_CACHE_KEY = "dateline:breaking-banner:{site_id}"


@register_setting(icon="warning")
class BreakingNewsBanner(BaseSiteSetting):
    """A strip under the header on every page until it expires or is emptied."""

    text = models.CharField(max_length=200, blank=True, help_text="Leave empty to show no banner.")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The story or live page the banner leads to.",
    )
    link_url = models.CharField(
        max_length=300, blank=True, help_text="Or any address, when no page is chosen."
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="The banner disappears by itself at this time."
    )

    panels = [
        FieldPanel("text"),
        MultiFieldPanel([FieldPanel("link_page"), FieldPanel("link_url")], heading="Link"),
        FieldPanel("expires_at"),
    ]

    class Meta:
        verbose_name = "breaking-news banner"

    def clean(self) -> None:
        if self.link_url and not self.link_url.startswith(("/", "https://", "http://")):
            raise ValidationError(
                {"link_url": "Use an address starting with /, http:// or https://."}
            )

    @property
    def href(self) -> str:
        if self.link_page_id and self.link_page.live:
            return self.link_page.url or ""
        return self.link_url

    def is_showing(self, now: dt.datetime | None = None) -> bool:
        return bool(self.text) and (
            self.expires_at is None or self.expires_at > (now or timezone.now())
        )

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        cache.delete(BANNER_CACHE_KEY.format(site_id=self.site_id))
