"""Admin hooks for stories."""

from django.contrib import messages
from django.urls import reverse
from django.utils.html import format_html
from wagtail import hooks

from . import services
from .models import ArticlePage


@hooks.register("after_create_page")
def file_new_article_in_its_month(request, page) -> None:
    """A story created directly under a section moves into its Year › Month bucket."""
    if isinstance(page, ArticlePage):
        asked_for = page.slug
        services.move_into_bucket(page)
        if page.slug != asked_for and request.accepts("text/html"):
            messages.info(
                request,
                f"Another story in {page.get_parent().title} already uses the address "
                f"'{asked_for}': this one is '{page.slug}'. Change it under Promote if needed.",
            )


@hooks.register("after_unpublish_page")
def explain_what_readers_see_now(request, page) -> None:
    """Tell the editor the old address answers 410 Gone, and how to send readers elsewhere."""
    if not isinstance(page.specific, ArticlePage):
        return
    path = page.get_url(request=request) or page.url_path
    if request.user.has_perm("wagtailredirects.add_redirect"):
        messages.info(
            request,
            format_html(
                "{} now answers 410 Gone. To send readers elsewhere instead, "
                '<a href="{}">add a redirect</a> from that address.',
                path,
                reverse("wagtailredirects:add"),
            ),
        )
    else:
        messages.info(request, f"{path} now answers 410 Gone.")
