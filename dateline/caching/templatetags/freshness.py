"""The freshness model's template tags: cached fragments, and what a page and its story cards
record as they render."""

from django import template

from dateline.caching.cachestore import cached, fragment_entry
from dateline.caching.dependencies import key_for, record

register = template.Library()


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context) -> str:
        entry = fragment_entry(*(part.resolve(context) for part in self.parts))
        # The block may show anything its context holds, loaded before it opened (the site
        # settings, the page): it depends on what the render recorded so far, too (read on a
        # miss only: a hit has nothing to build).
        return cached(entry, lambda: self.nodelist.render(context), with_outer_keys=True)


@register.tag
def fragment(parser, token):
    """`{% fragment "name" var ... %}...{% endfragment %}`: the block's HTML, cached until
    something it showed changes (see dateline.caching.cachestore.cached). Nothing per reader
    (no CSRF token, no user) may go inside."""
    bits = token.split_contents()[1:]
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits])


@register.simple_tag
def record_card(story) -> str:
    """A story card on this page: the page depends on what the card shows."""
    keys = story.card_keys() if hasattr(story, "card_keys") else [key_for(story)]
    record(*keys)
    return ""


@register.simple_tag
def record_page(page) -> str:
    """The page being rendered: it depends on itself (and what its model says it shows)."""
    if page is not None and getattr(page, "pk", None):
        record(*(page.dependency_keys() if hasattr(page, "dependency_keys") else [key_for(page)]))
    return ""
