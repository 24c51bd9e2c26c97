"""The front page's curation, shown on other pages too (an article's "Top Stories").

A template tag keeps the dependency pointing the right way: the article template asks the
home app, and the articles app never imports the home page."""

from __future__ import annotations

from django import template
from wagtail.models import Site

from dateline.articles.models import ArticlePage
from dateline.articles.models.queryset import prefetch_cards

from ..models import HomePage, rail_cards

register = template.Library()


@register.simple_tag(takes_context=True)
def right_rail(context, page=None, stories=None) -> dict:
    """Top Stories and Latest News for a page's right column, leaving out `page` and the
    `stories` it already shows (its listing, its related stories); no story in both lists."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    # The site's home page as the site middleware's cached copy holds it (no query), or read.
    root = site._state.fields_cache.get("root_page") if site else None
    if isinstance(root, HomePage):
        home = root
    else:
        home = HomePage.objects.filter(pk=site.root_page_id).first() if site else None
    # Cards of the page's own not loaded yet (an article's Related, `StoryCards`): their ids
    # are left out of the rail and their cards load in the rail's card query.
    pending = stories if callable(getattr(stories, "fill", None)) else None
    shown = [] if pending is not None else list(stories or [])
    exclude = set(pending.ids) if pending is not None else {story.pk for story in shown}
    if page:
        exclude.add(page.pk)
    top, latest, cards = rail_cards(
        home, exclude, prefetch=False, also_load=pending.ids if pending is not None else ()
    )
    if pending is not None:
        pending.fill(cards)
        shown = list(pending)
    # One prefetch for the rail's cards and the page's own (an article's Related, loaded
    # without theirs): three queries instead of three a list. Cards already prefetched are
    # skipped by Django.
    prefetch_cards([*(s for s in shown if isinstance(s, ArticlePage)), *top, *latest])
    return {"top": top, "latest": latest, "all": top + latest}
