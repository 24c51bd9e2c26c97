"""Keep the sitemap index's cached month summaries true when a story changes."""

from django.db.models.signals import post_delete
from wagtail.signals import page_published, page_unpublished

from dateline.articles.models import ArticlePage

from .sitemaps import forget_month


def forget_story_month(sender, instance, **kwargs) -> None:
    forget_month(instance.published_at)


def register_signal_handlers() -> None:
    for name, signal in [
        ("published", page_published),
        ("unpublished", page_unpublished),
        ("deleted", post_delete),
    ]:
        signal.connect(forget_story_month, sender=ArticlePage, dispatch_uid=f"sitemap-month-{name}")
