"""Admin hooks for stories."""

from wagtail import hooks

from . import services
from .models import ArticlePage


@hooks.register("after_create_page")
def file_new_article_in_its_month(request, page) -> None:
    """A story created directly under a section moves into its Year › Month bucket."""
    if isinstance(page, ArticlePage):
        services.move_into_bucket(page)
