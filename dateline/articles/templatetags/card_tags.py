"""What a story card draws, cheaper than the general tags it replaces (issue 21 point 3)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from dateline.articles.cards import card_image, img_tag, story_card_html
from dateline.articles.models import ArticlePage

register = template.Library()
register.simple_tag(card_image)

__all__ = ["card_image", "img_tag", "story_card"]


@register.simple_tag(takes_context=True)
def story_card(context, story, **given) -> SafeString | str:
    """`{% include "components/story_card.html" with story=story ... %}` drawn in Python
    (`articles.cards`). `variant`, `heading_level` and `show_section` are the given ones or,
    as in the include, whatever the context holds. Not a story: the template itself."""
    names = ("variant", "heading_level", "show_section")
    values = {name: given[name] if name in given else context.get(name) for name in names}
    if isinstance(story, ArticlePage):
        return story_card_html(story, **values)
    template = context.template.engine.get_template(CARD_TEMPLATE)
    with context.push(story=story, **given):
        return template.render(context)


CARD_TEMPLATE = "components/story_card.html"
