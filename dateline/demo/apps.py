from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content and tooling (`dateline demo`, `dateline generate`); the product never imports it."""

    name = "dateline.demo"
    label = "demo"
