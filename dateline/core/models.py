"""Site-wide settings, editable menus, standard pages and newsletter sign-ups."""

import zoneinfo
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.text import slugify
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from .blocks import MENU_BLOCKS, NetworkSiteBlock
from .dependencies import invalidate, listing_key
from .pages import ReaderPageMixin
from .permissions import DeskPermissionsMixin

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
        ordering = ["handle"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        previous = Menu.objects.filter(pk=self.pk).values_list("handle", flat=True).first()
        super().save(*args, **kwargs)
        handles = {self.handle, previous} - {None}
        invalidate(*(self.dependency_key(handle) for handle in handles))

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        invalidate(self.dependency_key(self.handle))
        return result

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
    template = "core/standard_page.html"


class NewsletterSignup(models.Model):
    """A reader who asked for the newsletter; confirmed by the mailing system later."""

    email = models.EmailField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    source_path = models.CharField(max_length=300, blank=True)

    panels = [FieldPanel("email"), FieldPanel("source_path")]

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.email


class ServiceHeartbeat(models.Model):
    """When a background service (the scheduler, the task worker) last showed it was alive.

    In the database, not the cache: the cache may be down (and is then skipped), and a beat
    must still be seen by every web process.
    """

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()
    detail = models.CharField(max_length=200, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"


class NamedSlugMixin(models.Model):
    """A snippet with a public page addressed by its slug (authors, agencies): the slug
    follows the name unless an editor sets one, and `url_name` is the page's URL name."""

    url_name = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self.slug:
            self.slug = slugify(self.name)[: self._meta.get_field("slug").max_length]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(self.url_name, args=[self.slug])


class CachedDependency(models.Model):
    """One cached entry (a page or a fragment) depends on one key (dateline.core.dependencies).

    The reverse index that makes purges exact: a change to `key` deletes every entry that
    recorded it and purges their URLs from front caches. Rows are written when an entry is
    stored and removed with it (dateline.core.cachestore).
    """

    entry = models.CharField(max_length=250)  # the cache key of the stored page or fragment
    key = models.CharField(max_length=120)
    url = models.CharField(max_length=500, blank=True)  # the public URL, for pages only
    stored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["entry", "key"], name="cached_dependency_unique")
        ]
        indexes = [models.Index(fields=["key"], name="cached_dependency_key")]

    def __str__(self) -> str:
        return f"{self.entry} <- {self.key}"
