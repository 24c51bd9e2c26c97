"""The freshness model's template tags: cached fragments, and what a page and its story cards
record as they render."""

from django import template

from dateline.caching.cachestore import cached, fragment_entry
from dateline.caching.dependencies import key_for, record
from dateline.caching.placement import PlacementView

register = template.Library()


DEPENDS = ("everything", "context", "nothing", "placement")


class FragmentNode(template.Node):
    def __init__(self, nodelist, parts, depends="everything"):
        self.nodelist = nodelist
        self.parts = parts
        self.depends = depends

    def render(self, context) -> str:
        entry = fragment_entry(*(part.resolve(context) for part in self.parts))
        if self.depends == "nothing":
            # Rendered without the page's context: it cannot show anything it did not read
            # (and record) itself.
            return cached(entry, lambda: self.nodelist.render(context.new()), fragment=True)
        # The block may show anything its context holds, loaded before it opened (the site
        # settings, the page): it depends on what the render recorded so far, too (read on a
        # miss only: a hit has nothing to build). "context": what the render read itself,
        # not what the cached fragments shown before it read (their content is theirs).
        outer = "context" if self.depends == "context" else True
        page = context.get("page") if self.depends == "placement" else None
        if page is not None:
            # The page through its placement fields only (Wagtail passes it as `self` too):
            # what the block can read of it is what purges `placement:<id>`.
            view = PlacementView(page)

            def build() -> str:
                with context.push({"page": view, "self": view}):
                    return self.nodelist.render(context)

            return cached(entry, build, with_outer_keys=True, fragment=True, placement_of=page.pk)
        return cached(
            entry, lambda: self.nodelist.render(context), with_outer_keys=outer, fragment=True
        )


@register.tag
def fragment(parser, token):
    """`{% fragment "name" var ... [depends="context"|"nothing"] %}...{% endfragment %}`:
    the block's HTML, cached until something it showed changes (see
    dateline.caching.cachestore.cached). Nothing per reader (no CSRF token, no user) may go
    inside. It depends on everything the page recorded before it opened, unless:

    - `depends="context"`: on what the page read itself, not on the fragments before it.
      For a block that uses no value first read inside an earlier fragment (a lazy context
      variable evaluated there recorded its keys there only), or reads such values through
      something that records their keys again at each use (`dependencies.replay`).
    - `depends="nothing"`: rendered with an empty context; it depends on what it reads.
    - `depends="placement"`: as the default, but the page (`page`) is seen through its
      placement fields only (`caching.placement`): the block depends on where the page
      stands (`placement:<id>`), not on its own content (`page:<id>`). For blocks that show
      what is around a page (an article's Related, rail and Shorts), never the page itself.
    """
    bits = token.split_contents()[1:]
    depends = "everything"
    if bits and bits[-1].startswith("depends="):
        depends = bits.pop()[len("depends=") :].strip("\"'")
        if depends not in DEPENDS:
            raise template.TemplateSyntaxError(f"{{% fragment %}} depends on one of {DEPENDS}")
    if not bits:
        raise template.TemplateSyntaxError("{% fragment %} needs a name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(nodelist, [parser.compile_filter(bit) for bit in bits], depends)


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
