"""System check: every configured wire backend can be loaded."""

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from . import backends


@checks.register()
def check_wire_backends(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for kind, configured, loader in (
        ("parser", backends.parser_settings(), backends.get_parser),
        ("transport", backends.transport_settings(), backends.get_transport),
    ):
        for alias in configured:
            try:
                loader(alias)
            except ImproperlyConfigured as exc:
                errors.append(checks.Error(str(exc), id="dateline.E101", obj=f"wire {kind}"))
    return errors
