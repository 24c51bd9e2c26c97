"""The home page and its curation: ordered top stories with pin expiry, section blocks."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from dateline.articles.models import ArticlePage
from dateline.core.dependencies import key_for, listing_key, record


class HomePage(Page):
    """The front page. Curated top stories first, the newest stories fill the rest."""

    top_stories_count = models.PositiveSmallIntegerField(default=7)
    latest_count = models.PositiveSmallIntegerField(default=10)
    section_block_size = models.PositiveSmallIntegerField(default=4)

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1
    template = "home/home_page.html"

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [InlinePanel("top_stories", label="Top story")],
            heading="Top stories",
            help_text="In the order shown. A pin with an expiry drops off by itself; empty slots "
            "fill with the latest stories.",
        ),
        InlinePanel("section_blocks", label="Section block", heading="Section blocks"),
        MultiFieldPanel(
            [
                FieldPanel("top_stories_count"),
                FieldPanel("latest_count"),
                FieldPanel("section_block_size"),
            ],
            heading="Sizes",
        ),
    ]

    def top_stories_list(self) -> list[ArticlePage]:
        """Curated, unexpired, published picks in editor order, topped up with the latest."""
        now = timezone.now()
        curated_ids = list(
            self.top_stories.filter(
                models.Q(pinned_until__isnull=True) | models.Q(pinned_until__gt=now)
            )
            .order_by("sort_order")
            .values_list("story_id", flat=True)
        )
        published = ArticlePage.objects.published()
        stories = published.for_listing_in_order(curated_ids)[: self.top_stories_count]
        missing = self.top_stories_count - len(stories)
        if missing > 0:
            stories += list(
                published.exclude(pk__in=[s.pk for s in stories]).for_listing()[:missing]
            )
        return stories

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(listing_key("articles"))  # the latest news, and top stories topped up from it
        top = self.top_stories_list()
        top_ids = [s.pk for s in top]
        latest = list(
            ArticlePage.objects.published()
            .exclude(pk__in=top_ids)
            .for_listing()[: self.latest_count]
        )
        blocks = []
        for block in self.section_blocks.select_related("section").order_by("sort_order"):
            section = block.section
            record(key_for(section), listing_key("section", section.pk))
            if not section.live:
                continue
            stories = list(section.stories()[: self.section_block_size])
            if stories:
                blocks.append({"section": section, "stories": stories})
        context.update(
            top_stories=top,
            lead=top[0] if top else None,
            latest_stories=latest,
            section_blocks=blocks,
        )
        return context


class HomePageTopStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="top_stories")
    story = models.ForeignKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="+")
    pinned_until = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty to keep the story here until removed."
    )
    panels = [FieldPanel("story"), FieldPanel("pinned_until")]


class HomePageSectionBlock(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="section_blocks")
    section = models.ForeignKey("sections.SectionPage", on_delete=models.CASCADE, related_name="+")
    panels = [FieldPanel("section")]
