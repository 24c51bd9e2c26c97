"""StreamField blocks shared by every content app."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from wagtail import blocks

from dateline.caching.dependencies import key_for, record


class LinkStructValue(blocks.StructValue):
    """A link to a page or a URL, with the label falling back to the page title."""

    @property
    def href(self) -> str:
        page = self.get("page")
        if page:
            record(key_for(page))  # a menu showing this link changes with the page
            return page.url or ""
        return self.get("url") or ""

    @property
    def text(self) -> str:
        if self.get("label"):
            return self.get("label")
        page = self.get("page")
        return page.title if page else self.get("url", "")


class LinkBlock(blocks.StructBlock):
    """One navigation link: an internal page or a path/URL, and its label."""

    label = blocks.CharBlock(required=False, max_length=80, help_text="Defaults to the page title.")
    page = blocks.PageChooserBlock(required=False)
    url = blocks.CharBlock(
        required=False,
        max_length=500,
        label="URL or path",
        help_text="e.g. /topic/cricket/ or https://example.com/ (used when no page is chosen)",
    )

    class Meta:
        icon = "link"
        value_class = LinkStructValue

    def clean(self, value):
        value = super().clean(value)
        page, url = value.get("page"), (value.get("url") or "").strip()
        if not page and not url:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ErrorList([ValidationError("Choose a page or give a URL.")])}
            )
        if url and not (url.startswith("/") or url.startswith(("http://", "https://", "mailto:"))):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "url": ErrorList(
                        [ValidationError("Use a path starting with / or a full http(s) URL.")]
                    )
                }
            )
        if not page and not value.get("label"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "label": ErrorList([ValidationError("A label is needed for a URL link.")])
                }
            )
        return value


class MenuGroupBlock(blocks.StructBlock):
    """A link with children: a drop-down in the main navigation, a column in the footer."""

    heading = blocks.CharBlock(max_length=80)
    link = LinkBlock(required=False, help_text="Optional: where the heading itself points.")
    children = blocks.ListBlock(LinkBlock(), label="Links")

    class Meta:
        icon = "list-ul"


class IconLinkBlock(LinkBlock):
    """A link with an icon, for the mobile bottom bar."""

    icon = blocks.ChoiceBlock(
        choices=[
            ("home", "Home"),
            ("video", "Video"),
            ("shorts", "Shorts"),
            ("live", "Live TV"),
            ("search", "Search"),
            ("menu", "Menu"),
        ],
        default="home",
    )

    class Meta:
        icon = "mobile-alt"
        value_class = LinkStructValue


MENU_BLOCKS = [
    ("link", LinkBlock()),
    ("group", MenuGroupBlock()),
    ("icon_link", IconLinkBlock()),
]


class NetworkSiteBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=80)
    url = blocks.URLBlock()
    description = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "site"


__all__ = ["LinkBlock", "MenuGroupBlock", "IconLinkBlock", "MENU_BLOCKS", "NetworkSiteBlock"]
