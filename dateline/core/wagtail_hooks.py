"""Admin hooks: staff may not edit, delete or bulk-change a user with more rights; the
dashboard shows the health of the background services."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component

from .access import outranks
from .health import health_report


@hooks.register("before_edit_user")
def refuse_editing_a_higher_user(request: HttpRequest, user) -> HttpResponse | None:
    if outranks(user, request.user):
        return permission_denied(request)
    return None


@hooks.register("before_delete_user")
def refuse_deleting_a_higher_user(request: HttpRequest, user) -> HttpResponse | None:
    return refuse_editing_a_higher_user(request, user)


@hooks.register("before_bulk_action")
def refuse_bulk_actions_on_higher_users(
    request: HttpRequest, action_type: str, objects, action_class
) -> HttpResponse | None:
    if getattr(action_class, "model", None) is not get_user_model():
        return None
    if any(outranks(user, request.user) for user in objects):
        return permission_denied(request)
    return None


class ServiceHealthPanel(Component):
    """The admin dashboard's view of /healthz: scheduler, worker, queue and cache."""

    name = "service_health"
    order = 50
    template_name = "core/admin/service_health_panel.html"

    def get_context_data(self, parent_context=None) -> dict:
        return {"report": health_report()}


@hooks.register("construct_homepage_panels")
def add_service_health_panel(request: HttpRequest, panels: list) -> None:
    if request.user.is_superuser or request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(ServiceHealthPanel())
