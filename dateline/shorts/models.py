"""Shorts ("Impact Shorts"): a headline, at most 60 words, a picture and a link to the story.

A Short is a Wagtail page, not a snippet: editors get drafts, revisions, scheduling, the
newsroom's workflow and previews for free, and readers get an address of its own
(/shorts/<slug>/) to share. Shorts live under the one ShortsIndexPage, which serves the
vertical feed at /shorts/.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.search import index

from dateline.caching.dependencies import (
    key_for,
    listing_key,
    narrowed,
    record_until,
)
from dateline.core.pages import ChildListingPage, NarrowRoutingMixin
from dateline.core.visibility import PublicPageQuerySet, is_restricted

from .forms import ShortPageForm, WordCountTextarea, word_limit_error
from .text import SHORT_WORD_LIMIT, count_words

SHORTS_LISTING = "shorts"
FEED_PAGE_SIZE = 20


class ShortPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "shorts.ShortPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ShortPageQuerySet(PublicPageQuerySet):  # published(): the public rule
    def for_cards(self) -> ShortPageQuerySet:
        """Everything a card shows (picture renditions, the linked story), newest first;
        narrowed to the Shorts listing wherever it is read."""
        return narrowed(
            self.select_related("story")
            .prefetch_related(
                Prefetch("image", queryset=get_image_model().objects.prefetch_renditions())
            )
            .order_by("-first_published_at", "-pk"),
            listing_key(SHORTS_LISTING),
        )


ShortPageManager = PageManager.from_queryset(ShortPageQuerySet)


class ShortsIndexPage(ChildListingPage):
    """/shorts/: every published Short, newest first, as a vertical feed of cards."""

    subpage_types = ["shorts.ShortPage"]
    template = "shorts/shorts_index_page.html"
    listing_page_size = FEED_PAGE_SIZE
    listing_context_name = "shorts"

    class Meta:
        verbose_name = "shorts feed"

    def listed_pages(self) -> ShortPageQuerySet:
        return ShortPage.objects.published().child_of(self).for_cards()


class ShortPage(NarrowRoutingMixin, Page):
    """One Short: the page's title is its headline."""

    public_listing_key = listing_key(SHORTS_LISTING)  # caching.autodeps.public_listing_keys

    body = models.TextField(
        help_text=f"At most {SHORT_WORD_LIMIT} words: the story in brief, in plain sentences."
    )
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        max_length=250,
        blank=True,
        verbose_name="image description",
        help_text="Describe the picture for readers who cannot see it.",
    )
    story = models.ForeignKey(
        "articles.ArticlePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="full story",
        help_text="The article readers reach from 'Read the full story'.",
    )
    tags = ClusterTaggableManager(through=ShortPageTag, blank=True)

    objects = ShortPageManager()

    base_form_class = ShortPageForm
    parent_page_types = ["shorts.ShortsIndexPage"]
    subpage_types: list[str] = []
    template = "shorts/short_page.html"

    content_panels = Page.content_panels + [
        FieldPanel("body", widget=WordCountTextarea()),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Picture"),
        FieldPanel("story"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    class Meta:
        verbose_name = "short"

    def clean_fields(self, exclude=None) -> None:
        """The word limit is the body field's own rule: shown beside the field, and skipped
        when the form already refused the body (so the editor sees one message)."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if "body" not in (exclude or ()) and "body" not in errors:
            words = count_words(self.body or "")
            if words > SHORT_WORD_LIMIT:
                errors["body"] = [word_limit_error(words)]
            elif words == 0:
                errors["body"] = ["Write the Short: a few sentences, at most 60 words."]
        if errors:
            raise ValidationError(errors)

    @property
    def word_count(self) -> int:
        return count_words(self.body or "")

    @cached_property
    def full_story(self):
        """The linked story when readers may see it, else None: the one rule for "Read the
        full story" everywhere a Short shows. A story unpublished, expired, under embargo or
        behind a view restriction takes the link away; the Short stays, standing on its own
        (every page showing it recorded the story's key, so the link goes at once, and comes
        back when the story is republished). A story not yet due brings it at its time."""
        story = self.story if self.story_id else None
        if story is None or not story.live or is_restricted(story):
            return None
        if not story.is_visible_now:
            times = [t for t in (story.published_at, story.embargo_until) if t is not None]
            record_until(max(times, default=None))
            return None
        return story

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["shorts_index"] = self.get_parent()
        return context

    # --- what a change of this Short purges (dateline.caching.signal_handlers)
    def freshness_listings(self) -> set[str]:
        return {listing_key(SHORTS_LISTING)}

    def freshness_position(self) -> object:
        """Strips leave out the shorts of stories shown elsewhere on the page."""
        return (self.story_id, self.first_published_at)

    def freshness_touches(self) -> set[str]:
        """The story it points to may show it among its Impact Shorts."""
        return {key_for(Page, self.story_id)} if self.story_id else set()
