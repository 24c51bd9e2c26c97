"""The wire desk's place in the admin: sources as snippets, the desk view and its actions."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import views
from .models import WireSource


class WireSourceViewSet(SnippetViewSet):
    model = WireSource
    icon = "download"
    menu_label = "Wire sources"
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["name", "transport", "format", "agency", "publish_mode", "enabled"]


register_snippet(WireSourceViewSet)


@hooks.register("register_admin_urls")
def wire_desk_urls():
    return [
        path("wires/", views.desk, name="wires_desk"),
        path("wires/quarantine/<int:pk>/retry/", views.retry, name="wires_retry"),
        path("wires/quarantine/<int:pk>/dismiss/", views.dismiss, name="wires_dismiss"),
        path("wires/sources/<int:pk>/poll/", views.poll, name="wires_poll"),
        path("wires/uploads/<path:name>", views.upload, name="wires_upload"),
    ]


class WireDeskMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("wires.view_ingestrecord")


@hooks.register("register_admin_menu_item")
def wire_desk_menu_item():
    return WireDeskMenuItem("Wire desk", reverse("wires_desk"), icon_name="list-ul", order=300)
