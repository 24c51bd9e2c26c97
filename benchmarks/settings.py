"""Settings for `make bench`, fixed before Django starts (nothing is changed afterwards).

The database comes from DATABASE_URL, media from BENCH_MEDIA_ROOT (both set by
benchmarks/run.py before it calls django.setup()). The page cache stays off: every
request renders the page, with the cached fragments (rails, menus, head tags) as production
has them when a page is not in the page cache.
"""

import os
from pathlib import Path

from dateline.settings.test import *  # noqa: F403

ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
# Beside the media of this run, not in the checkout's var/: two bench processes of one
# checkout (freshness_cost's model on and off) loading the demo at once each moved the
# other's wire files away.
DATELINE_WIRE_DROP_ROOT = Path(MEDIA_ROOT).parent / "wire-drop"
DEBUG = False
DATELINE_PAGE_CACHE = {**DATELINE_PAGE_CACHE, "ENABLED": False, "FRAGMENTS": True}  # noqa: F405
# The bench is one very busy client: at the default limit (30 a minute) the later timed
# searches were answered 429 and measured as the cheap refusal page.
DATELINE_SEARCH_RATE_LIMIT = (10**9, 60)
