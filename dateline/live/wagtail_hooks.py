"""The live desk's place in the admin: its menu item, its URLs, a button on live blogs."""

from __future__ import annotations

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from . import desk, services


@hooks.register("register_admin_urls")
def live_desk_urls():
    return [
        path("live/", desk.index, name="live_desk_index"),
        path("live/<int:page_id>/", desk.desk, name="live_desk"),
        path("live/<int:page_id>/status/", desk.status, name="live_desk_status"),
        path("live/<int:page_id>/pace/", desk.pace, name="live_desk_pace"),
        path("live/entries/<int:pk>/", desk.edit, name="live_entry_edit"),
        path("live/entries/<int:pk>/delete/", desk.delete, name="live_entry_delete"),
        path(
            "live/entries/<int:pk>/<str:name>/",
            desk.flag,
            name="live_entry_flag",
        ),
    ]


class LiveDeskMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_post(request.user)


@hooks.register("register_admin_menu_item")
def live_desk_menu_item():
    return LiveDeskMenuItem(
        "Live desk", reverse("live_desk_index"), icon_name="radio-full", order=290
    )


@hooks.register("register_page_header_buttons")
def live_desk_button(page, user, view_name, next_url=None):
    if page.specific_class is None or page.specific_class._meta.label != "live.LiveBlogPage":
        return
    if services.can_post(user):
        yield Button(
            "Live desk", reverse("live_desk", args=[page.pk]), icon_name="radio-full", priority=80
        )


@hooks.register("register_log_actions")
def live_log_actions(actions):
    actions.register_action("live.pin", "Pin entry", "Entry pinned")
    actions.register_action("live.unpin", "Unpin entry", "Entry unpinned")
