"""The people and agencies a story is credited to (Wagtail snippets with pages of their own)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from dateline.core.models import NamedSlugMixin


@register_snippet
class Author(NamedSlugMixin, index.Indexed, models.Model):
    """A journalist with a byline and a page of their own."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True, help_text="e.g. Senior Correspondent")
    bio = RichTextField(blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    x_handle = models.CharField(max_length=40, blank=True, verbose_name="X handle")
    email = models.EmailField(blank=True)
    # The newsroom login that writes under this byline: a story they create starts with it.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        verbose_name="newsroom login",
        help_text="The login of this journalist: stories they create are credited to them.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("x_handle"),
        FieldPanel("email"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    url_name = "author"

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@register_snippet
class Agency(NamedSlugMixin, index.Indexed, models.Model):
    """A news agency whose copy we carry: "The Associated Press", "Reuters", "PTI"."""

    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=20, blank=True, help_text="e.g. AP")
    slug = models.SlugField(max_length=120, unique=True)
    website = models.URLField(blank=True)
    description = models.TextField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    url_name = "agency"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name
