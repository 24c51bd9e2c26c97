"""The year and month buckets a story is filed under, each serving its archive."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page

from dateline.caching.dependencies import listing_key, record
from dateline.core.pages import ReaderPageMixin, breadcrumb_trail
from dateline.core.pagination import paginate_lazily
from dateline.core.permissions import DeskPermissionsMixin

from .story import ArticlePage


class ArchiveBucketPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A date bucket: made by the filing service, left out of breadcrumbs, serving its
    archive with the one archive template."""

    hide_in_breadcrumbs = True
    template = "articles/archive_page.html"

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = breadcrumb_trail(self)
        return context


class ArchiveYearPage(ArchiveBucketPage):
    """A year bucket under a section; also serves that year's archive."""

    parent_page_types = ["articles.SectionPage"]
    subpage_types = ["articles.ArchiveMonthPage"]
    # Wagtail makes a page type creatable unless its own class says otherwise.
    is_creatable = False  # made by articles.services.month_bucket, never by hand

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(listing_key("children", self.pk))
        context["months"] = self.get_children().live().order_by("-slug")
        return context


class ArchiveMonthPage(ArchiveBucketPage):
    """A month bucket under a year; also serves that month's archive listing."""

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
    reader_query_params = ("page",)

    parent_page_types = ["articles.ArchiveYearPage"]
    subpage_types = ["articles.ArticlePage", "live.LiveBlogPage"]
    is_creatable = False  # made by articles.services.month_bucket, never by hand

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(listing_key("bucket", self.pk))
        stories = ArticlePage.objects.published().child_of(self).for_listing()
        # A month holds a bounded number of stories: its cap is the deeper archive one
        # (max_pages=None); read inside the template's fragment.
        context["stories"] = paginate_lazily(
            request,
            stories,
            settings.DATELINE_PAGE_SIZE,
            max_pages=None,
            keys=[listing_key("bucket", self.pk)],
        )
        return context
