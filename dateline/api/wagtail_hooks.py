"""API keys in the admin (Settings › API keys) and the submission's audit log action."""

from __future__ import annotations

from wagtail import hooks
from wagtail.admin.views.generic import CreateView
from wagtail.admin.viewsets.model import ModelViewSet

from .models import ApiKey


class CreateKeyView(CreateView):
    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)

    def get_success_message(self, instance) -> str:
        # The only time the key is shown: only its hash is kept.
        return (
            f"API key “{instance.name}” created. Give the partner this key now; it is not "
            f"shown again: {instance.plain_key}"
        )


class ApiKeyViewSet(ModelViewSet):
    model = ApiKey
    add_view_class = CreateKeyView
    icon = "key"
    menu_label = "API keys"
    add_to_settings_menu = True
    form_fields = ["name", "can_read", "can_submit", "rate_limit", "active"]
    list_display = ["name", "prefix", "can_submit", "rate_limit", "usage_count", "last_used_at"]
    list_filter = ["active", "can_submit"]


@hooks.register("register_admin_viewset")
def register_api_keys() -> ApiKeyViewSet:
    return ApiKeyViewSet("api_keys")


@hooks.register("register_log_actions")
def register_submission_action(actions) -> None:
    actions.register_action(
        "dateline.api_submission", "Submitted through the API", "Submitted through the API"
    )
