"""System checks: a DATELINE_SUMMARISERS setting that cannot work is caught at start-up."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from .summarisers import get_summariser


@register()
def check_summarisers(app_configs=None, **kwargs) -> list[Error]:
    config = getattr(settings, "DATELINE_SUMMARISERS", None)
    if config is None:
        return []  # the built-in extractive default applies
    if not isinstance(config, dict) or "default" not in config:
        return [
            Error(
                "DATELINE_SUMMARISERS must be a dict with a 'default' entry.",
                hint='e.g. {"default": {"BACKEND": '
                '"dateline.shorts.summarisers.extractive.ExtractiveSummariser"}}',
                id="dateline.E301",
            )
        ]
    errors = []
    for alias in config:
        try:
            get_summariser(alias)
        except ImproperlyConfigured as exc:
            errors.append(Error(str(exc), id="dateline.E302"))
    return errors
