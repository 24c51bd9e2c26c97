"""System checks: a VAPID key that is configured must load (a bad one would fail every send
at the first batch, long after start-up)."""

from __future__ import annotations

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from . import vapid


@register()
def vapid_key_loads(app_configs=None, **kwargs) -> list[Error]:
    if not vapid.configured():
        return []  # alerts are off: the newsroom's screen says so
    try:
        vapid.private_key()
    except ImproperlyConfigured as error:
        return [Error(str(error), id="alerts.E001")]
    return []
