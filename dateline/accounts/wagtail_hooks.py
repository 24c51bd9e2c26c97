"""Admin hooks of staff accounts: staff may not edit, delete or bulk-change a user with more
rights, nor assign a role beyond their own (`users` bounds the user and group forms);
two-factor authentication (its screens, the account menu entry, an administrator's reset)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.widgets.button import Button

from .access import outranks
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
