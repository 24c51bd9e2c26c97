"""`wagtail.users` with Dateline's user and group views (`accounts.users`), named the way Wagtail
documents for custom user views: its app config pointing at other viewsets. Same name and
label as Wagtail's, so its URLs, templates and migrations are unchanged. Kept apart from
`accounts.users`, which imports models: an app config module is imported before they load."""

from wagtail.users.apps import WagtailUsersAppConfig


class UsersConfig(WagtailUsersAppConfig):
    user_viewset = "dateline.accounts.users.UserViewSet"
    group_viewset = "dateline.accounts.users.GroupViewSet"
