"""Views per page and per topic per hour: counts only, nothing about who read what."""

from django.core.cache import cache
from django.db import models
from taggit.models import Tag
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet


class PageViewHour(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField(help_text="Start of the hour (UTC).")
    views = models.PositiveIntegerField(default=0)
    # Copied from the story at roll-up so "most read in World" is one indexed range.
    top_section_id = models.IntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "hour"], name="page_view_hour_unique")
        ]
        indexes = [
            models.Index(fields=["hour"], name="page_view_hour"),
            models.Index(fields=["top_section_id", "hour"], name="page_view_section_hour"),
        ]

    def __str__(self) -> str:
        return f"page {self.page_id} at {self.hour:%Y-%m-%d %H}:00: {self.views}"


class TagViewHour(models.Model):
    """Views of stories carrying a tag, per hour: the series trending topics are read from."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["tag", "hour"], name="tag_view_hour_unique")]
        indexes = [models.Index(fields=["hour"], name="tag_view_hour")]

    def __str__(self) -> str:
        return f"tag {self.tag_id} at {self.hour:%Y-%m-%d %H}:00: {self.views}"


@register_snippet
class HiddenTrendingTopic(models.Model):
    """A topic the desk keeps out of the computed trending strip (pins are the "Trending"
    menu: its entries always come first)."""

    tag = models.OneToOneField(Tag, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("tag"), FieldPanel("reason")]

    class Meta:
        verbose_name = "hidden trending topic"

    def __str__(self) -> str:
        return self.tag.name

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        _changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _changed()
        return result


# The computed trending list, kept by ranking.trending_topics; here so that hiding a topic
# can drop it without the model importing the ranking (which imports the models).
TRENDING_CACHE_KEY = "dateline:trending:topics"


def forget_trending() -> None:
    cache.delete(TRENDING_CACHE_KEY)


def _changed() -> None:
    from dateline.caching.dependencies import invalidate, listing_key

    forget_trending()
    invalidate(listing_key("trending"))
