"""What hangs off a story in its own rows: topic links, bylines, correction notes.

They point at the story by name ("articles.ArticlePage"), so the story's module can import
them (its tags manager names the through model) without an import circle.
"""

from __future__ import annotations

from django.db import models
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from .snippets import Author


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items"
    )
    # The story's publication time, copied here so a topic page reads one tag's stories
    # newest first from the (tag, -published_at) index instead of sorting all of them.
    published_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        indexes = [models.Index(fields=["tag", "-published_at"], name="article_tag_pub")]


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", "Correction"
    CLARIFICATION = "clarification", "Clarification"
    UPDATE = "update", "Update"


class ArticleCorrection(Orderable):
    """A correction, clarification or update note shown at the foot of the story."""

    page = ParentalKey("articles.ArticlePage", on_delete=models.CASCADE, related_name="corrections")
    kind = models.CharField(
        max_length=20, choices=CorrectionKind.choices, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(max_length=1000)
    noted_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="Set when the note goes live."
    )

    panels = [FieldPanel("kind"), FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = "correction or update note"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"


class ArticlePageAuthor(Orderable):
    page = ParentalKey(
        "articles.ArticlePage", on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="article_links")

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        unique_together = [("page", "author")]
