"""The newsroom's alerts in the admin: "Send alert" on stories (for whoever may publish
them), the list of alerts sent, the topics readers may follow (a snippet), the log action."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dateline.articles.admin_buttons import story_button

from . import admin_views
from .models import AlertTopic


class AlertTopicViewSet(SnippetViewSet):
    model = AlertTopic
    icon = "tag"
    menu_label = "Alert topics"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(AlertTopicViewSet)


@hooks.register("register_admin_urls")
def alerts_admin_urls() -> list:
    return [
        path("alerts/", admin_views.index, name="alerts_index"),
        path("alerts/send/<int:page_id>/", admin_views.send_from_story, name="alerts_send"),
    ]


@hooks.register("register_admin_menu_item")
def alerts_menu_item() -> MenuItem:
    return MenuItem("Alerts", reverse("alerts_index"), icon_name="warning", order=895)


def _send_alert_button(page, user):
    # The screen checks the rest (the story readers can open now); this costs no query.
    return story_button(
        page,
        "Send alert",
        "alerts_send",
        allowed=lambda: page.live and page.permissions_for_user(user).can_publish(),
        icon="warning",
        priority=85,
        title="Send this story to readers' alerts (Web Push)",
    )


@hooks.register("register_page_header_buttons")
def send_alert_header_button(page, user, view_name, next_url=None):
    yield from _send_alert_button(page, user)


@hooks.register("register_log_actions")
def alerts_log_actions(actions) -> None:
    actions.register_action("alerts.send", "Send alert", "Alert sent")
