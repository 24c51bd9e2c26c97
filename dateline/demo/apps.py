from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and tooling (`dateline demo`, `dateline generate`).

    The product never imports it."""

    name = "dateline.demo"
    label = "demo"
