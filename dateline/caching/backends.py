"""A Wagtail frontend-cache backend that records what it was asked to purge (tests)."""

from __future__ import annotations

from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED: list[str] = []


class RecordingBackend(BaseBackend):
    """Keeps every purged URL in `PURGED`, in order, instead of calling a CDN."""

    def purge(self, url: str) -> None:
        PURGED.append(url)

    def purge_batch(self, urls) -> None:
        PURGED.extend(urls)
