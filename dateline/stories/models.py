"""Web Stories: full-screen visual stories in the AMP story format, at their own URLs.

A Web Story is a Wagtail page (drafts, revisions, workflow, preview) whose template is an
AMP document (`stories/web_story_page.html`). The AMP runtime from cdn.ampproject.org is
the one third-party script the site loads, on these pages only; their Content Security
Policy names it. `/web-stories/` (WebStoryIndexPage) lists them on the ordinary site.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.search import index

from dateline.caching.dependencies import listing_key, narrowed
from dateline.core.pages import ChildListingPage, NarrowRoutingMixin
from dateline.core.visibility import PublicPageQuerySet

from .blocks import MAX_PAGES, MIN_PAGES, StoryPagesBlock

WEB_STORIES_LISTING = "webstories"
LISTING_PAGE_SIZE = 24
AMP_ORIGIN = "https://cdn.ampproject.org"
# Only the AMP runtime may run; everything else comes from this site. AMP sets inline
# styles itself, hence 'unsafe-inline' for styles (scripts stay locked to the CDN).
WEB_STORY_CSP = "; ".join(
    [
        "default-src 'self'",
        f"script-src {AMP_ORIGIN}/",
        f"connect-src 'self' {AMP_ORIGIN}",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "media-src 'self' blob:",
        "worker-src blob:",
        "frame-src 'none'",
        "object-src 'none'",
        "base-uri 'self'",
    ]
)


class WebStoryPageQuerySet(PublicPageQuerySet):  # published(): the public rule
    def for_cards(self) -> WebStoryPageQuerySet:
        return narrowed(
            self.prefetch_related(
                Prefetch("poster_image", queryset=get_image_model().objects.prefetch_renditions())
            )
            .defer_streamfields()
            .order_by("-first_published_at", "-pk"),
            listing_key(WEB_STORIES_LISTING),
        )


WebStoryPageManager = PageManager.from_queryset(WebStoryPageQuerySet)


class WebStoryIndexPage(ChildListingPage):
    """/web-stories/: every published Web Story as a grid of portrait posters."""

    subpage_types = ["stories.WebStoryPage"]
    template = "stories/web_story_index_page.html"
    listing_page_size = LISTING_PAGE_SIZE
    listing_context_name = "web_stories"

    class Meta:
        verbose_name = "web stories listing"

    def listed_pages(self) -> WebStoryPageQuerySet:
        return WebStoryPage.objects.published().child_of(self).for_cards()


class WebStoryPage(NarrowRoutingMixin, Page):
    """One Web Story: 5 to 30 full-screen pages."""

    public_listing_key = listing_key(WEB_STORIES_LISTING)  # caching.autodeps.public_listing_keys

    description = models.CharField(
        max_length=200, help_text="One sentence for the listing, search and social previews."
    )
    poster_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Portrait poster (cropped to 3:4) shown in listings and search results.",
    )
    poster_alt = models.CharField(max_length=250, blank=True, verbose_name="poster description")
    publisher_logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Square logo shown in the story; the site's own logo when empty.",
    )
    pages = StreamField(StoryPagesBlock(), use_json_field=True)

    objects = WebStoryPageManager()

    parent_page_types = ["stories.WebStoryIndexPage"]
    subpage_types: list[str] = []
    template = "stories/web_story_page.html"

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("poster_image"), FieldPanel("poster_alt"), FieldPanel("publisher_logo")],
            heading="Poster and logo",
        ),
        FieldPanel("pages"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]

    class Meta:
        verbose_name = "web story"

    def clean(self) -> None:
        """The page count rule holds outside the admin form too (imports, scripts, tests)."""
        super().clean()
        count = len(self.pages or [])
        if not MIN_PAGES <= count <= MAX_PAGES:
            message = f"A Web Story has {MIN_PAGES} to {MAX_PAGES} pages; this one has {count}."
            raise ValidationError({"pages": message})

    @property
    def has_video(self) -> bool:
        return any(block.value.get("background_video") for block in self.pages)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        return context

    # --- what a change of this story purges (dateline.caching.signal_handlers)
    def freshness_listings(self) -> set[str]:
        return {listing_key(WEB_STORIES_LISTING)}

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response["Content-Security-Policy"] = WEB_STORY_CSP
        return response
