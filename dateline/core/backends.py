"""The one loader of backends chosen in settings (summarisers, wire parsers and transports),
in the shape of Wagtail's frontend-cache backends::

    SETTING = {"alias": {"BACKEND": "dotted.path.Class", "OPTION": "value"}}

The class must subclass the kind's base class and is built with the entry's other keys as
`params`. Every mistake is an ImproperlyConfigured that names the setting and the alias, so
the system checks can report it at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


def load_backend(
    setting: str,
    configured: Mapping[str, Mapping[str, Any]],
    alias: str,
    base: type,
    kind: str,
    extra_params: Mapping[str, Any] | None = None,
) -> Any:
    """An instance of the `base` subclass configured as `setting[alias]`; `kind` names the
    backend in messages ("summariser", "wire parser")."""
    if alias not in configured:
        names = ", ".join(sorted(configured)) or "none"
        raise ImproperlyConfigured(
            f"{setting} has no {alias!r} entry (configured: {names}); add "
            f'{{"{alias}": {{"BACKEND": "dotted.path.To{base.__name__}"}}}}.'
        )
    params = dict(configured[alias])
    path = params.pop("BACKEND", None)
    if not path:
        raise ImproperlyConfigured(f'{setting}["{alias}"] needs a "BACKEND" path.')
    try:
        backend_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f'{setting}["{alias}"]["BACKEND"] = {path!r} cannot be imported: {exc}'
        ) from exc
    if not (isinstance(backend_class, type) and issubclass(backend_class, base)):
        raise ImproperlyConfigured(
            f"{path} is not a {kind} backend (a subclass of {base.__module__}.{base.__name__})."
        )
    return backend_class({**params, **(extra_params or {})})
