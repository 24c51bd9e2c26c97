"""Admin hooks: the "Draft a Short" button on stories, and its URL."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.widgets import Button

from . import views


@hooks.register("register_admin_urls")
def shorts_admin_urls():
    return [
        path(
            "shorts/draft-from/<int:article_id>/",
            views.draft_from_article,
            name="shorts_draft_from_article",
        )
    ]


def _draft_short_button(page, user):
    if page.specific_class is None or page.specific_class._meta.label != "articles.ArticlePage":
        return
    if not page.permissions_for_user(user).can_edit():
        return
    yield Button(
        "Draft a Short",
        reverse("shorts_draft_from_article", args=[page.pk]),
        icon_name="doc-full",
        priority=90,
        attrs={"title": "Summarise this story into a draft Short (at most 60 words)"},
    )


@hooks.register("register_page_header_buttons")
def draft_short_header_button(page, user, view_name, next_url=None):
    yield from _draft_short_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def draft_short_listing_button(page, user, next_url=None):
    yield from _draft_short_button(page, user)
