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
