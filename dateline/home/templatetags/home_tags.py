"""The front page's curation, shown on other pages too (an article's "Top Stories").

A template tag keeps the dependency pointing the right way: the article template asks the
home app, and the articles app never imports the home page."""

from __future__ import annotations

from django import template
from wagtail.models import Site

from dateline.core.cachestore import cached
from dateline.core.dependencies import key_for, record

from ..models import HomePage

register = template.Library()


@register.simple_tag(takes_context=True)
def top_stories(context, exclude=None, limit: int = 5) -> list:
    """The home page's top stories (curated, then the latest), without `exclude`."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    home = HomePage.objects.filter(pk=site.root_page_id).first() if site else None
    if home is None:
        return []
    exclude_pk = getattr(exclude, "pk", exclude)
    return [story for story in home.top_stories_list() if story.pk != exclude_pk][:limit]


@register.simple_tag(takes_context=True)
def top_rail_variant(context, page) -> str:
    """Which cached Top Stories rail a story page shows: its own when it is one of the top
    stories (it leaves itself out), else the one all other story pages share."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return "none"

    def top_ids() -> list[int]:
        home = HomePage.objects.filter(pk=site.root_page_id).first()
        if home is None:
            return []
        record(key_for(home))
        return [story.pk for story in home.top_stories_list()]

    ids = cached(f"dateline:top-ids:{site.pk}", top_ids)
    return f"without-{page.pk}" if page.pk in ids else "shared"
