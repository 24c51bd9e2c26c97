"""`wagtail.users` with Dateline's user and group views (`core.users`), named the way Wagtail
documents for custom user views: its app config pointing at other viewsets. Same name and
label as Wagtail's, so its URLs, templates and migrations are unchanged. Kept apart from
`core.users`, which imports models: an app config module is imported before they load."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "dateline.core.users.UserViewSet"
    group_viewset = "dateline.core.users.GroupViewSet"
