"""Admin hooks: staff may not edit, delete or bulk-change a user with more rights."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from wagtail import hooks
from wagtail.admin.auth import permission_denied

from .access import outranks


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
