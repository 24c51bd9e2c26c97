"""Video blocks other pages include: the "Top Shows" rail of article and episode pages."""

from __future__ import annotations

from django import template
from wagtail.models import Page

from dateline.caching import dependencies

from ..models import SHOWS_LISTING, ShowPage

register = template.Library()

TOP_SHOWS = 4


@register.inclusion_tag("components/top_shows.html")
def top_shows(exclude: Page | None = None, limit: int = TOP_SHOWS) -> dict:
    """The first shows in the desk's order (the Shows page's tree order), with artwork."""
    # The cached restricted paths (`core.visibility`), not Wagtail's `public()`, which reads
    # the restrictions from the database on every call.
    shows = ShowPage.objects.live().unrestricted()
    if exclude is not None:
        shows = shows.exclude(pk=exclude.pk)
    chosen = list(shows.for_listing()[:limit])
    dependencies.record(dependencies.listing_key(SHOWS_LISTING))
    return {"shows": chosen, "heading_id": "rail-top-shows"}
