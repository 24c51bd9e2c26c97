from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts: two-factor sign-in, the rights a user may grant (access rules), the
    bounded user and group screens."""

    name = "dateline.accounts"
    label = "accounts"
    verbose_name = "Staff accounts"

    def ready(self) -> None:
        from .twofactor import policy

        policy.connect_signals()
