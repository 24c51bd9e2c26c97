"""Sections, event hubs and the HTML sitemap: the pages that list stories."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from dateline.articles.models import ArticlePage
from dateline.core.dependencies import listing_key, record, record_objects
from dateline.core.pages import SITE_ROOT_DEPTH, ReaderPageMixin, breadcrumb_trail
from dateline.core.pagination import paginate, paginate_lazily
from dateline.core.permissions import DeskPermissionsMixin


class SectionPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A section (World, Sports) or sub-section (World › US News) with its listing."""

    # The page cache keeps only these query parameters (dateline.core.queryparams).
    reader_query_params = ("page",)

    TOP_LEVEL_DEPTH = SITE_ROOT_DEPTH + 1  # a section directly under the home page

    intro = models.TextField(max_length=500, blank=True)
    short_name = models.CharField(max_length=40, blank=True, help_text="Label in tight places.")

    parent_page_types = ["home.HomePage", "sections.SectionPage"]
    subpage_types = ["sections.SectionPage", "articles.ArchiveYearPage", "articles.ArticlePage"]
    template = "sections/section_page.html"

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
        context["subsections"] = list(SectionPage.objects.child_of(self).live().order_by("path"))
        record_objects(context["subsections"])
        context["breadcrumbs"] = breadcrumb_trail(self)
        context["rss_url"] = reverse("section_rss_feed", kwargs={"section_path": self.feed_path()})
        return context

    def feed_path(self) -> str:
        """The section's path below its site's home page, as its feed URLs spell it
        (world/us-news). Every home page sits directly under Wagtail's root (SITE_ROOT_DEPTH),
        so that is the url_path without its first segment: no query for the site."""
        return "/".join(self.url_path.strip("/").split("/")[1:])


class EventIndexPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """/events/: every event hub, newest first."""

    intro = models.TextField(max_length=500, blank=True)
    parent_page_types = ["home.HomePage"]
    subpage_types = ["sections.EventPage"]
    max_count = 1
    template = "sections/event_index_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(listing_key("children", self.pk))
        context["events"] = (
            EventPage.objects.child_of(self)
            .live()
            .select_related("hero_image")
            .order_by("-first_published_at")
        )
        context["breadcrumbs"] = breadcrumb_trail(self)
        return context


class EventPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A hub for a running event ("Budget 2025"): a lead, curated picks, then the tag's stream."""

    # The page cache keeps only these query parameters (dateline.core.queryparams).
    reader_query_params = ("page",)

    intro = models.TextField(max_length=600, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lead_story = models.ForeignKey(
        "articles.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tag = models.ForeignKey(
        Tag,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Stories with this tag fill the hub below the picks.",
    )
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)

    parent_page_types = ["sections.EventIndexPage", "home.HomePage"]
    subpage_types: list[str] = []
    template = "sections/event_page.html"

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("hero_image"),
        MultiFieldPanel([FieldPanel("starts_on"), FieldPanel("ends_on")], heading="Dates"),
        FieldPanel("lead_story"),
        InlinePanel("picks", label="Curated pick", heading="Curated picks"),
        FieldPanel("tag"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        published = ArticlePage.objects.published()
        lead = (
            published.filter(pk=self.lead_story_id).for_listing().first()
            if self.lead_story_id
            else None
        )
        pick_ids = list(self.picks.order_by("sort_order").values_list("story_id", flat=True))
        picks = [
            story
            for story in published.for_listing_in_order(pick_ids)
            if lead is None or story.pk != lead.pk
        ]
        shown = {p.pk for p in picks} | ({lead.pk} if lead else set())
        stream = published.none()
        record(listing_key("children", self.pk))
        if self.tag_id:
            record(listing_key("tag", self.tag_id))
            stream = published.tagged(self.tag_id).exclude(pk__in=shown).for_listing()
        context.update(
            lead=lead,
            picks=picks,
            stories=paginate(request, stream, settings.DATELINE_PAGE_SIZE),
            breadcrumbs=breadcrumb_trail(self),
        )
        return context


class EventPagePick(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="picks")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("story")]


class HtmlSitemapPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """A reader-facing map of the site: sections, events, topics and standard pages."""

    intro = models.TextField(max_length=500, blank=True)
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "sections/html_sitemap_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from dateline.core.models import StandardPage

        context = super().get_context(request, *args, **kwargs)
        record(listing_key("pages"), listing_key("tags"), listing_key("articles"))
        site_root = self.get_site().root_page
        sections = list(
            SectionPage.objects.descendant_of(site_root).live().public().order_by("path")
        )
        tops = [s for s in sections if s.depth == site_root.depth + 1]
        for top in tops:
            top.children_sections = [
                s for s in sections if s.path.startswith(top.path) and s.depth == top.depth + 1
            ]
        context.update(
            sections=tops,
            events=EventPage.objects.live().public().order_by("title"),
            topics=Tag.objects.filter(articles_articlepagetag_items__isnull=False)
            .distinct()
            .order_by("name")[:200],
            standard_pages=StandardPage.objects.live().public().order_by("title"),
            breadcrumbs=breadcrumb_trail(self),
        )
        return context
