"""Load wire transports and parsers from settings, in Wagtail's frontend-cache shape.

    DATELINE_WIRE_PARSERS = {"ninjs": {"BACKEND": "dateline.wires.parsers.ninjs.NinjsParser"}}
    DATELINE_WIRE_TRANSPORTS = {"http": {"BACKEND": "...", "TIMEOUT": 10}}

Every key other than BACKEND is passed to the backend as `params`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

DEFAULT_PARSERS: dict[str, dict[str, Any]] = {
    "ninjs": {"BACKEND": "dateline.wires.parsers.ninjs.NinjsParser"},
    "newsml-g2": {"BACKEND": "dateline.wires.parsers.newsml.NewsMLG2Parser"},
    "rss": {"BACKEND": "dateline.wires.parsers.feeds.FeedParser"},
    "atom": {"BACKEND": "dateline.wires.parsers.feeds.FeedParser"},
}
DEFAULT_TRANSPORTS: dict[str, dict[str, Any]] = {
    "http": {"BACKEND": "dateline.wires.transports.http.HTTPTransport", "TIMEOUT": 15},
    "folder": {"BACKEND": "dateline.wires.transports.folder.FolderTransport"},
    "upload": {"BACKEND": "dateline.wires.transports.upload.UploadTransport"},
}


def parser_settings() -> dict[str, dict[str, Any]]:
    return getattr(settings, "DATELINE_WIRE_PARSERS", DEFAULT_PARSERS)


def transport_settings() -> dict[str, dict[str, Any]]:
    return getattr(settings, "DATELINE_WIRE_TRANSPORTS", DEFAULT_TRANSPORTS)


def _load(kind: str, configured: dict[str, dict[str, Any]], alias: str, base: type) -> Any:
    try:
        config = dict(configured[alias])
    except KeyError:
        names = ", ".join(sorted(configured)) or "none"
        raise ImproperlyConfigured(
            f"No wire {kind} called {alias!r} (configured: {names}). "
            f"Add it to DATELINE_WIRE_{kind.upper()}S."
        ) from None
    path = config.pop("BACKEND", None)
    if not path:
        raise ImproperlyConfigured(f"DATELINE_WIRE_{kind.upper()}S[{alias!r}] has no BACKEND.")
    try:
        backend_class = import_string(path)
    except ImportError as exc:
        raise ImproperlyConfigured(
            f"DATELINE_WIRE_{kind.upper()}S[{alias!r}]: cannot import {path!r} ({exc})."
        ) from exc
    if not (isinstance(backend_class, type) and issubclass(backend_class, base)):
        raise ImproperlyConfigured(f"{path} is not a {base.__name__} subclass.")
    return backend_class(params={**config, "ALIAS": alias})


def get_parser(alias: str):
    from .parsers.base import WireParser

    return _load("parser", parser_settings(), alias, WireParser)


def get_transport(alias: str):
    from .transports.base import WireTransport

    return _load("transport", transport_settings(), alias, WireTransport)
