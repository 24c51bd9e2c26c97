"""The site room: site-wide settings, editable menus and the standard (evergreen) pages.

Their tables keep the names they had in `core` (site/0001 moved the models by state)."""

import zoneinfo
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from dateline.caching.dependencies import listing_key
from dateline.core.blocks import MENU_BLOCKS, NetworkSiteBlock
from dateline.core.pages import ReaderPageMixin
from dateline.core.permissions import DeskPermissionsMixin

TIME_ZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """What an editor changes about the publication without a deployment."""

    site_name = models.CharField(max_length=80, default="Dateline")
    tagline = models.CharField(max_length=160, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        choices=TIME_ZONE_CHOICES,
        help_text="Times on the site are shown in this zone. Empty: DATELINE_TIME_ZONE.",
    )
    language = models.CharField(max_length=16, default="en", help_text="ISO 639 code, e.g. en, hi.")
    copyright_holder = models.CharField(max_length=120, blank=True)

    facebook_url = models.URLField(blank=True)
    x_url = models.URLField(blank=True, verbose_name="X (Twitter) URL")
    instagram_url = models.URLField(blank=True)
    youtube_url = models.URLField(blank=True)
    whatsapp_url = models.URLField(blank=True, verbose_name="WhatsApp channel URL")

    newsletter_heading = models.CharField(
        max_length=120, default="Get the day's news in your inbox"
    )
    newsletter_text = models.CharField(
        max_length=300, default="One email every morning at seven with the stories that matter."
    )
    preferred_source_url = models.URLField(
        blank=True,
        help_text="The 'add as a preferred source on Google' link for this site.",
    )
    network_sites = StreamField(
        [("site", NetworkSiteBlock())],
        blank=True,
        use_json_field=True,
        help_text="Sister sites of the network, shown in the footer.",
    )
    feed_full_text = models.BooleanField(
        default=False,
        help_text="Put the whole article body in RSS/Atom feeds, not just the summary.",
    )

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("site_name"),
                    FieldPanel("tagline"),
                    FieldPanel("logo"),
                    FieldPanel("time_zone"),
                    FieldPanel("language"),
                    FieldPanel("copyright_holder"),
                ],
                heading="Publication",
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("facebook_url"),
                            FieldPanel("x_url"),
                            FieldPanel("instagram_url"),
                            FieldPanel("youtube_url"),
                            FieldPanel("whatsapp_url"),
                        ],
                        heading="Social accounts",
                    ),
                    FieldPanel("preferred_source_url"),
                    FieldPanel("network_sites"),
                ],
                heading="Social and network",
            ),
            ObjectList(
                [
                    FieldPanel("newsletter_heading"),
                    FieldPanel("newsletter_text"),
                    FieldPanel("feed_full_text"),
                ],
                heading="Newsletter and feeds",
            ),
        ]
    )

    class Meta:
        db_table = "core_sitesettings"
        verbose_name = "site settings"

    def clean(self) -> None:
        if self.time_zone and self.time_zone not in zoneinfo.available_timezones():
            raise ValidationError({"time_zone": "Unknown time zone."})

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone or settings.TIME_ZONE)

    @property
    def social_links(self) -> list[tuple[str, str]]:
        pairs = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("WhatsApp", self.whatsapp_url),
        ]
        return [(name, url) for name, url in pairs if url]


class MenuHandle(models.TextChoices):
    MAIN = "main", "Main navigation"
    SECTIONS = "sections", "Sections"
    SHOWS = "shows", "Shows"
    EVENTS = "events", "Events"
    QUICK_TOPICS = "quick-topics", "Quick topic links"
    TRENDING = "trending", "Trending"
    FOOTER = "footer", "Footer groups"
    FOOTER_LEGAL = "footer-legal", "Footer bottom line (About, policies, ...)"
    BOTTOM_BAR = "bottom-bar", "Mobile bottom bar"


@register_snippet
class Menu(index.Indexed, models.Model):
    """A named list of links the desk edits: navigation, footer, trending, bottom bar."""

    handle = models.CharField(max_length=40, unique=True, choices=MenuHandle.choices)
    title = models.CharField(max_length=80)
    items = StreamField(MENU_BLOCKS, blank=True, use_json_field=True)

    panels = [FieldPanel("handle"), FieldPanel("title"), FieldPanel("items")]
    search_fields = [index.SearchField("title"), index.AutocompleteField("title")]

    class Meta:
        db_table = "core_menu"
        ordering = ["handle"]

    def __str__(self) -> str:
        return self.title

    def freshness_touches(self) -> set[str]:
        """Pages show a menu by its handle: read before a save and after it, so a menu moved
        to another handle purges both (dateline.caching.signal_handlers; bulk deletes too)."""
        return {self.dependency_key(self.handle)}

    @staticmethod
    def dependency_key(handle: str) -> str:
        """Pages showing the menu at `handle` depend on this (a menu is found by its handle)."""
        return listing_key("menu", handle)

    @cached_property
    def resolved(self) -> list[dict]:
        """Plain data for templates: cheap to cache, no lazy queries left inside."""
        entries = []
        for child in self.items:
            if child.block_type == "group":
                value = child.value
                link = value.get("link")
                entries.append(
                    {
                        "type": "group",
                        "text": value["heading"],
                        "href": link.href if link and (link.get("page") or link.get("url")) else "",
                        "children": [
                            {"text": c.text, "href": c.href} for c in value["children"] if c.href
                        ],
                    }
                )
            else:
                value = child.value
                if not value.href:
                    continue  # a linked page was deleted or unpublished
                entries.append(
                    {
                        "type": child.block_type,
                        "text": value.text,
                        "href": value.href,
                        "icon": value.get("icon", ""),
                        "children": [],
                    }
                )
        return entries


class StandardPage(ReaderPageMixin, DeskPermissionsMixin, Page):
    """About, Contact, policies and other evergreen pages of the footer."""

    intro = models.CharField(max_length=300, blank=True)
    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title", icon="title")),
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageBlock()),
        ],
        use_json_field=True,
        blank=True,
    )
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    subpage_types: list[str] = []
    template = "site/standard_page.html"

    class Meta:
        db_table = "core_standardpage"
