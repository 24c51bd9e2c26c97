"""Admin hooks: the "Draft a Short" button on stories, and its URL."""

from __future__ import annotations

from django.urls import path
from wagtail import hooks

from dateline.articles.admin_buttons import story_button

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
    return story_button(
        page,
        "Draft a Short",
        "shorts_draft_from_article",
        allowed=lambda: page.permissions_for_user(user).can_edit(),
        icon="doc-full",
        priority=90,
        title="Summarise this story into a draft Short (at most 60 words)",
    )


@hooks.register("register_page_header_buttons")
def draft_short_header_button(page, user, view_name, next_url=None):
    yield from _draft_short_button(page, user)


@hooks.register("register_page_listing_more_buttons")
def draft_short_listing_button(page, user, next_url=None):
    yield from _draft_short_button(page, user)
