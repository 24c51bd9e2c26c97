"""Admin hooks: staff may not edit, delete or bulk-change a user with more rights, nor assign
a role beyond their own (`core.users` bounds the user and group forms); two-factor
authentication (its screens, the account menu entry, an administrator's reset); the
dashboard shows the health of the background services; newsletter sign-ups are listed for staff."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import DateColumn
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import outranks
from .health import health_report
from .models import NewsletterSignup
from .twofactor import urls as twofactor_urls
from .users import BoundedAssignRoleBulkAction


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


# After Wagtail's own "Assign role" (same action type), which it replaces.
hooks.register("register_bulk_action", BoundedAssignRoleBulkAction, order=100)


@hooks.register("register_admin_urls")
def register_two_factor_urls() -> list:
    return [path("", include(twofactor_urls))]


@hooks.register("register_account_menu_item")
def two_factor_account_item(request: HttpRequest) -> dict:
    return {
        "url": reverse("dateline_2fa_status"),
        "label": "Two-factor authentication",
        "help_text": "Ask for a code from an authenticator app after the password.",
    }


@hooks.register("register_user_listing_buttons")
def two_factor_reset_button(user, request_user) -> list:
    # No query per row: the reset page applies the rights rule (as Wagtail's own edit link
    # does) and says whether there is a device at all.
    if user.pk == request_user.pk or not request_user.has_perm("auth.change_user"):
        return []
    return [
        Button(
            "Reset two-factor",
            reverse("dateline_2fa_reset_user", args=(user.pk,)),
            icon_name="key",
            priority=60,
        )
    ]


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


class NewsletterSignupViewSet(SnippetViewSet):
    """Sign-ups for the desk: newest first, searchable, exported with Wagtail's CSV/XLSX export."""

    model = NewsletterSignup
    icon = "mail"
    menu_label = "Newsletter sign-ups"
    add_to_admin_menu = True
    menu_order = 900
    list_display = ["email", "source_path", DateColumn("created_at", label="Signed up")]
    list_export = ["email", "source_path", "created_at"]
    export_headings = {"source_path": "Signed up on page", "created_at": "Signed up at"}
    export_filename = "newsletter-signups"
    search_fields = ["email", "source_path"]
    search_backend_name = None  # plain database lookups: no search index for addresses
    ordering = ["-created_at"]
    list_per_page = 50


register_snippet(NewsletterSignupViewSet)
