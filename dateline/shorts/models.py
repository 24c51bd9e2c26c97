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
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.models import Page, PageManager
from wagtail.search import index

from dateline.core.dependencies import key_for, listing_key, record, record_objects
from dateline.core.pages import ChildListingPage
from dateline.core.visibility import PublicPageQuerySet

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
        """Everything a card shows (picture renditions, the linked story), newest first."""
        return (
            self.select_related("story")
            .prefetch_related(
                Prefetch("image", queryset=get_image_model().objects.prefetch_renditions())
            )
            .order_by("-first_published_at", "-pk")
        )


ShortPageManager = PageManager.from_queryset(ShortPageQuerySet)


def record_shorts(shorts: list[ShortPage]) -> None:
    """A page showing these shorts changes when any of them, or the listing, does."""
    record(listing_key(SHORTS_LISTING))
    record_objects(shorts)
    record_objects(short.story for short in shorts if short.story_id)


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

    def record_listed(self, pages: list[ShortPage]) -> None:
        record_shorts(pages)


class ShortPage(Page):
    """One Short: the page's title is its headline."""

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

    @property
    def story_is_live(self) -> bool:
        return bool(self.story_id and self.story.live)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        record(key_for(self))
        if self.story_id:
            record(key_for(self.story))
        context["shorts_index"] = self.get_parent()
        return context
