"""Event hubs and the HTML sitemap: pages that list stories. (Sections live in
`dateline.articles.section`, beside the stories filed under them.)"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from dateline.articles.models import ArticlePage, SectionPage
from dateline.caching.dependencies import listing_key, record
from dateline.core.pages import ReaderPageMixin, breadcrumb_trail
from dateline.core.pagination import paginate
from dateline.core.permissions import DeskPermissionsMixin


class EventIndexPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """/events/: every event hub, newest first."""

    intro = models.TextField(max_length=500, blank=True)
    parent_page_types = ["home.HomePage"]
    subpage_types = ["sections.EventPage"]
    max_count = 1
    template = "listings/event_index_page.html"
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

    # The page cache keeps only these query parameters (dateline.caching.queryparams).
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
    template = "listings/event_page.html"

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
        if self.tag_id:  # tagged() is narrowed to the topic's listing
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
    template = "listings/html_sitemap_page.html"
    content_panels = Page.content_panels + [FieldPanel("intro")]

    def get_context(self, request, *args, **kwargs):
        from dateline.site.models import StandardPage

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
