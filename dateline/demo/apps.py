from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo newsroom and the scale tooling: `dateline demo`, `generate`,
    `seed_distribution`. The product's apps never import it."""

    name = "dateline.demo"
    label = "demo"
    verbose_name = "Demo newsroom"
