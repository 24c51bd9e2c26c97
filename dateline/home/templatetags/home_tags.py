"""The front page's curation, shown on other pages too (an article's "Top Stories").

A template tag keeps the dependency pointing the right way: the article template asks the
home app, and the articles app never imports the home page."""

from __future__ import annotations

from django import template
from wagtail.models import Site

from ..models import HomePage, rail_stories

register = template.Library()


@register.simple_tag(takes_context=True)
def right_rail(context, page=None, stories=None) -> dict:
    """Top Stories and Latest News for a page's right column, leaving out `page` and the
    `stories` it already shows (its listing, its related stories); no story in both lists."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    home = HomePage.objects.filter(pk=site.root_page_id).first() if site else None
    exclude = {story.pk for story in (stories or [])}
    if page:
        exclude.add(page.pk)
    top, latest = rail_stories(home, exclude)
    return {"top": top, "latest": latest, "all": top + latest}
