"""What happens to changed dependency keys (settings.DATELINE_INVALIDATORS)."""

from __future__ import annotations

import logging
import urllib.request
from collections.abc import Iterable

from django.conf import settings

from . import keysheader

logger = logging.getLogger("dateline.caching")


def purge_front_caches(keys: set[str], urls: set[str]) -> None:
    """Tell the front caches: Wagtail's frontend-cache backends by URL (the URLs of the pages
    that recorded a changed key), and a Varnish with xkey by key."""
    if urls and getattr(settings, "WAGTAILFRONTENDCACHE", None):
        from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

        purge_urls_from_cache(sorted(urls))
    purge_url = getattr(settings, "DATELINE_XKEY_PURGE_URL", "")
    if purge_url:
        purge_xkeys(purge_url, keys)


def purge_xkeys(purge_url: str, keys: Iterable[str], *, timeout: float = 2.0) -> None:
    """Ask a Varnish with vmod-xkey (deploy/varnish/default.vcl) to purge by key: each key
    and the coarser keys a page over the header's budget sent instead (caching.keysheader)."""
    keys = sorted(keysheader.purge_keys(keys))
    # Varnish limits a header's length; send the keys in slices.
    for start in range(0, len(keys), 100):
        request = urllib.request.Request(
            purge_url,
            method="PURGE",
            headers={"xkey-purge": " ".join(keys[start : start + 100])},
        )
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                response.read()
        except OSError as error:
            logger.warning("xkey purge at %s failed: %s", purge_url, error)
