"""Wire transports and parsers chosen in settings (loaded by `core.backends.load_backend`).

    DATELINE_WIRE_PARSERS = {"ninjs": {"BACKEND": "dateline.wires.parsers.ninjs.NinjsParser"}}
    DATELINE_WIRE_TRANSPORTS = {"http": {"BACKEND": "...", "TIMEOUT": 10}}

Every key other than BACKEND is passed to the backend as `params`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

from dateline.core.backends import load_backend

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


def get_parser(alias: str):
    from .parsers.base import WireParser

    return load_backend(
        "DATELINE_WIRE_PARSERS",
        parser_settings(),
        alias,
        WireParser,
        "wire parser",
        {"ALIAS": alias},
    )


def get_transport(alias: str):
    from .transports.base import WireTransport

    return load_backend(
        "DATELINE_WIRE_TRANSPORTS",
        transport_settings(),
        alias,
        WireTransport,
        "wire transport",
        {"ALIAS": alias},
    )
