"""Helpers shared by page types."""

from wagtail.models import Page

from .dependencies import record_objects

# Every site of the network has its home page directly under Wagtail's root.
SITE_ROOT_DEPTH = 2


def breadcrumb_trail(page: Page) -> list[Page]:
    """The pages between the home page and `page` (both excluded and included, respectively).

    Pages that only organise the tree (year and month buckets) set
    `hide_in_breadcrumbs = True` and are left out.
    """
    ancestors = page.get_ancestors().filter(depth__gt=SITE_ROOT_DEPTH).specific()
    trail = [p for p in ancestors if not getattr(p, "hide_in_breadcrumbs", False)] + [page]
    record_objects(trail)  # a renamed section changes every trail it stands in
    return trail
