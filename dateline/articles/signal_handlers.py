"""Listen to Wagtail; each handler hands over to a service."""

from wagtail.signals import page_published

from . import services
from .models import ArticlePage


def on_article_published(sender, instance: ArticlePage, revision=None, **kwargs) -> None:
    services.record_publication(instance, revision)


page_published.connect(on_article_published, sender=ArticlePage)
