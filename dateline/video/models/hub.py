"""The video hub (/video/): the latest videos, the shows and a strip of video shorts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from dateline.caching import dependencies
from dateline.core.pages import NarrowRoutingMixin, breadcrumb_trail
from dateline.core.pagination import paginate
from dateline.core.permissions import DeskPermissionsMixin
from dateline.core.visibility import index_lookup

from .programmes import SHOWS_LISTING, VIDEOS_LISTING, EpisodePage, ShowIndexPage, ShowPage

# --- the video hub ------------------------------------------------------------


class VideoIndexPage(NarrowRoutingMixin, DeskPermissionsMixin, Page):
    """/video/: the latest videos, the shows, and a strip of video shorts."""

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
    reader_query_params = ("page",)

    intro = models.TextField(max_length=500, blank=True)
    shorts_count = models.PositiveSmallIntegerField(default=8)

    parent_page_types = ["home.HomePage"]
    subpage_types = ["video.EpisodePage"]
    max_count = 1
    template = "video/video_index_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("shorts_count")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        with dependencies.narrow(dependencies.listing_key(VIDEOS_LISTING)):
            published = EpisodePage.objects.published()
            latest = paginate(
                request,
                published.filter(is_short=False).for_listing(),
                settings.DATELINE_PAGE_SIZE,
            )
            shorts = list(published.filter(is_short=True).for_listing()[: self.shorts_count])
        with dependencies.narrow(dependencies.listing_key(SHOWS_LISTING)):
            shows = list(ShowPage.objects.live().public().for_listing())
        context.update(
            episodes=latest,
            shorts=shorts,
            shows=shows,
            show_index=index_lookup(ShowIndexPage.objects.live().public()).first(),
            breadcrumbs=breadcrumb_trail(self),
        )
        return context
