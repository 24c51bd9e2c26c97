from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the site: the supervisor of the scheduler and the worker, the task worker
    command, health (/healthz and the dashboard panel), backup and restore."""

    name = "dateline.ops"
    label = "ops"
    verbose_name = "Operations"
