"""System checks: a deployment variable that needs a package names the extra to install."""

from __future__ import annotations

import importlib.util
import os

from django.conf import settings
from django.core import checks

# (setting that switches the feature on, module it needs, extra that installs it, what for)
OPTIONAL_PACKAGES = [
    ("AWS_STORAGE_BUCKET_NAME", "storages", "s3", "media in object storage"),
    ("OPENSEARCH_URL", "opensearchpy", "opensearch", "the OpenSearch search backend"),
]


@checks.register(checks.Tags.compatibility)
def check_optional_packages(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for number, (variable, module, extra, purpose) in enumerate(OPTIONAL_PACKAGES, start=1):
        enabled = getattr(settings, variable, None) or os.environ.get(variable)
        if enabled and importlib.util.find_spec(module) is None:
            errors.append(
                checks.Error(
                    f"{variable} is set, but the package for {purpose} ({module}) is missing.",
                    hint=f'Install it with: pip install "dateline[{extra}]"',
                    id=f"dateline.E00{number}",
                )
            )
    return errors


@checks.register(checks.Tags.security)
def check_trusted_proxies(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """DATELINE_TRUSTED_PROXIES must parse: a typo would silently trust no proxy (every
    client one address behind it) or, worse, be read as some other range."""
    from .clients import parse_networks

    errors = []
    for entry in getattr(settings, "DATELINE_TRUSTED_PROXIES", ()) or ():
        try:
            parse_networks([entry])
        except ValueError as error:
            errors.append(
                checks.Error(
                    f"DATELINE_TRUSTED_PROXIES holds {entry!r}, which is no address or range "
                    f"({error}).",
                    hint='Use addresses or CIDR ranges, e.g. "127.0.0.1,10.0.0.0/8".',
                    id="dateline.E010",
                )
            )
    return errors


@checks.register(checks.Tags.caches, deploy=True)
def check_page_cache_index(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """The page cache's reverse index (caching.depindex) must not be evicted before the entries
    it points to: a Redis that evicts any key (`allkeys-*`) could drop it. Asked at deploy
    check only (it talks to Redis); an unreachable Redis is /healthz's business."""
    from dateline.caching import cachestore

    index = cachestore.index()
    if index is None:
        return [
            checks.Warning(
                "The page cache's backend cannot keep a dependency index: nothing is cached.",
                hint="Use DiskCache (the default), Redis (REDIS_URL) or LocMem.",
                id="dateline.W020",
            )
        ]
    policy = ""
    client = getattr(index, "_client", None)
    if client is not None:
        try:
            policy = str(client().config_get("maxmemory-policy").get("maxmemory-policy", ""))
        except Exception:
            return []
    if policy.startswith("allkeys"):
        return [
            checks.Warning(
                f"Redis evicts any key (maxmemory-policy {policy}): the page cache's index "
                "could go before its entries, which then stay until they expire.",
                hint="Set maxmemory-policy to volatile-lru (or noeviction).",
                id="dateline.W021",
            )
        ]
    return []
