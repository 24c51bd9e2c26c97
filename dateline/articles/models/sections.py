"""Sections (World, Sports) and sub-sections, each with its listing of stories."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index

from dateline.caching.dependencies import listing_key, narrowed, record
from dateline.core.pages import SITE_ROOT_DEPTH, ReaderPageMixin, breadcrumb_trail
from dateline.core.pagination import paginate_lazily
from dateline.core.permissions import DeskPermissionsMixin

from .story import ArticlePage


# A section lives beside the story: each refers to the other (a story is filed under a
# section and carries its ids; a section lists its stories).
class SectionPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A section (World, Sports) or sub-section (World › US News) with its listing."""

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
    reader_query_params = ("page",)

    TOP_LEVEL_DEPTH = SITE_ROOT_DEPTH + 1  # a section directly under the home page

    intro = models.TextField(max_length=500, blank=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="Label in tight places.")

    parent_page_types = ["home.HomePage", "articles.SectionPage"]
    subpage_types = [
        "articles.SectionPage",
        "articles.ArchiveYearPage",
        "articles.ArticlePage",
        "live.LiveBlogPage",
    ]
    template = "articles/section_page.html"

    class Meta:
        # The table keeps the name it had when the model lived in the sections app.
        db_table = "sections_sectionpage"

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("short_name")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    @property
    def label(self) -> str:
        return self.short_name or self.title

    def stories(self):
        return ArticlePage.objects.published().in_section(self).for_listing()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(listing_key("section", self.pk), listing_key("children", self.pk))
        # Read when the template first shows it: a warm listing fragment reads nothing.
        stories = paginate_lazily(
            request,
            self.stories(),
            settings.DATELINE_PAGE_SIZE,
            keys=[listing_key("section", self.pk)],
        )
        context["stories"] = stories

        def older_by_month() -> str:
            # The month bucket of the oldest story shown: the archive goes on from there.
            if stories.continues_in_archive():
                return stories[-1].url.rsplit("/", 2)[0] + "/"
            return ""

        context["older_by_month"] = SimpleLazyObject(older_by_month)
        context["subsections"] = list(
            narrowed(
                SectionPage.objects.child_of(self).live().order_by("path"),
                listing_key("children", self.pk),
            )
        )
        context["breadcrumbs"] = breadcrumb_trail(self)
        context["rss_url"] = reverse("section_rss_feed", kwargs={"section_path": self.feed_path()})
        return context

    def feed_path(self) -> str:
        """The section's path below its site's home page, as its feed URLs spell it
        (world/us-news). Every home page sits directly under Wagtail's root (SITE_ROOT_DEPTH),
        so that is the url_path without its first segment: no query for the site."""
        return "/".join(self.url_path.strip("/").split("/")[1:])
