"""The admin dashboard shows the health of the background services."""

from __future__ import annotations

from django.http import HttpRequest
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .health import health_report


class ServiceHealthPanel(Component):
    """The admin dashboard's view of /healthz: scheduler, worker, queue and cache."""

    name = "service_health"
    order = 50
    template_name = "ops/admin/service_health_panel.html"

    def get_context_data(self, parent_context=None) -> dict:
        return {"report": health_report()}


@hooks.register("construct_homepage_panels")
def add_service_health_panel(request: HttpRequest, panels: list) -> None:
    if request.user.is_superuser or request.user.has_perm("wagtailadmin.access_admin"):
        panels.append(ServiceHealthPanel())
