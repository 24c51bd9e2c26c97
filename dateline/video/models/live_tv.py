"""The live channel: its stream in the site's Live TV settings, the Live TV page
(/live-tv/) and the schedule the desk keeps on it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page
from wagtail.search import index

from dateline.caching import dependencies
from dateline.core.pages import NarrowRoutingMixin, breadcrumb_trail
from dateline.core.permissions import DeskPermissionsMixin
from dateline.core.visibility import index_lookup

from ..sources import (
    HLS_TYPE,
    VideoSource,
    mime_type_for,
    validate_media_url,
)
from .hub import VideoIndexPage
from .programmes import ShowPage

# --- live TV ------------------------------------------------------------------


@register_setting(icon="media")
class LiveTvSettings(BaseSiteSetting):
    """The live channel's stream: empty means off air (the page says so)."""

    stream_url = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_media_url],
        verbose_name="HLS stream URL",
        help_text="The channel's .m3u8 playlist: an https URL or a path on this site.",
    )
    channel_name = models.CharField(max_length=80, default="Live TV")
    poster = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="16:9 still shown until the stream starts.",
    )

    panels = [FieldPanel("stream_url"), FieldPanel("channel_name"), FieldPanel("poster")]

    class Meta:
        verbose_name = "Live TV"

    @property
    def source(self) -> VideoSource | None:
        if not self.stream_url:
            return None
        mime = mime_type_for(self.stream_url)
        return VideoSource("hls" if mime == HLS_TYPE else "file", self.stream_url, mime)


class LiveTvPage(NarrowRoutingMixin, DeskPermissionsMixin, Page):
    """/live-tv/: the stream, what is on now and next, and the rest of the schedule."""

    intro = models.TextField(max_length=500, blank=True)

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "video/live_tv_page.html"
    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel(
            "slots",
            label="Programme",
            heading="Schedule",
            help_text="Times are in the site's time zone.",
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    UPCOMING = 6

    def schedule_at(self, now: dt.datetime) -> tuple[LiveTvSlot | None, list[LiveTvSlot]]:
        """(what is on at `now`, the programmes after it) from one query."""
        slots = list(
            self.slots.filter(ends_at__gt=now)
            .select_related("show")
            .order_by("starts_at")[: self.UPCOMING + 1]
        )
        on_now = slots[0] if slots and slots[0].starts_at <= now else None
        upcoming = [slot for slot in slots if slot.starts_at > now][: self.UPCOMING]
        return on_now, upcoming

    def on_air(self, request) -> dict:
        """The channel's settings and stream, what is on now and next, the programmes after,
        and when that changes (recorded: no cache keeps it past the next change). The page
        and the content API show the same."""
        now = timezone.now()
        on_now, upcoming = self.schedule_at(now)
        live_settings = LiveTvSettings.for_request(request)
        dependencies.record(dependencies.key_for(self), dependencies.key_for(LiveTvSettings))
        dependencies.record_objects(slot.show for slot in [on_now, *upcoming] if slot)
        changes_at = _next_boundary(now, on_now, upcoming)
        # "On now" changes with the clock: no cache keeps this page past the next change
        # (the page cache and front caches bound their lifetime by it).
        dependencies.record_until(changes_at)
        return {
            "live_settings": live_settings,
            "stream": live_settings.source,
            "on_now": on_now,
            "next_up": upcoming[0] if upcoming else None,
            "later": upcoming[1:],
            "schedule_changes_at": changes_at,
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            self.on_air(request),
            video_index=index_lookup(VideoIndexPage.objects.live().public()).first(),
            breadcrumbs=breadcrumb_trail(self),
        )
        return context


def _next_boundary(
    now: dt.datetime, on_now: LiveTvSlot | None, upcoming: list[LiveTvSlot]
) -> dt.datetime | None:
    times = [on_now.ends_at] if on_now else []
    times += [slot.starts_at for slot in upcoming[:1]]
    return min(times, default=None)


class LiveTvSlot(Orderable):
    """One programme on the live channel, optionally one of our shows."""

    page = ParentalKey(LiveTvPage, on_delete=models.CASCADE, related_name="slots")
    title = models.CharField(max_length=120)
    show = models.ForeignKey(
        ShowPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    description = models.CharField(max_length=300, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("show"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldPanel("description"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "programme"
        indexes = [models.Index(fields=["page", "ends_at"], name="livetv_slot_page_ends")]

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "A programme must end after it starts."})

    def __str__(self) -> str:
        return self.title
