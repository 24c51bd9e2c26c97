"""The demo site's menus, its address and its settings, each set once: what an editor
changed afterwards is left alone."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from taggit.models import Tag
from wagtail.models import Page, Site

from dateline.articles.models import SectionPage
from dateline.listings.models import EventPage, HtmlSitemapPage
from dateline.site.models import Menu, MenuHandle, SiteSettings, StandardPage

from .blocks import raw_block
from .content import pages as page_content
from .content import site as site_content

QUICK_TOPICS = (
    "Budget 2025",
    "Monsoon Session",
    "Cricket",
    "Markets",
    "AI",
    "Climate",
    "Public Health",
)
TRENDING_TOPICS = (
    "Budget 2025",
    "Cricket",
    "Monsoon",
    "Elections",
    "Smartphones",
    "Inflation",
    "Streaming",
)


def _link(label: str = "", page: Page | None = None, url: str = "") -> dict:
    return {"label": label, "page": page.pk if page else None, "url": url}


def _menu_item(block_type: str, value: dict, handle: str, index: int) -> dict:
    return raw_block(block_type, value, f"menu-{handle}", index)


def _list_items(links: list[dict], key: str) -> list[dict]:
    return [raw_block("item", link, key, index) for index, link in enumerate(links)]


def menu_items(
    sections: dict[str, SectionPage],
    events: dict[str, EventPage],
    standard_pages: dict[str, StandardPage],
    sitemap: HtmlSitemapPage,
    tags: dict[str, Tag],
) -> dict[str, list[tuple[str, dict]]]:
    """What each menu holds, as (block type, value) pairs."""
    top_level = list(site_content.SECTIONS)

    def topic(name: str) -> dict:
        return _link(name, url=f"/topic/{tags[name].slug}/")

    main: list[tuple[str, dict]] = []
    for spec in top_level:
        section = sections[spec.slug]
        if spec.children:
            children = [_link(page=sections[child.slug]) for child in spec.children]
            value = {
                "heading": spec.title,
                "link": _link(page=section),
                "children": _list_items(children, f"menu-main-{spec.slug}"),
            }
            main.append(("group", value))
        else:
            main.append(("link", _link(page=section)))
    events_index = next(iter(events.values())).get_parent()
    main.append(("link", _link("Events", page=events_index)))

    legal_pages = [standard_pages[slug] for slug in page_content_slugs()]
    about_links = [_link(page=page) for page in legal_pages] + [_link(page=sitemap)]
    quick_links = [
        _link("Home", url="/"),
        _link("Events", page=events_index),
        _link("Topics", url="/topic/"),
        _link("Search", url="/search/"),
        _link(page=sections["explainers"]),
    ]
    categories = [
        _link(page=sections[slug])
        for slug in ("world", "india", "business", "cricket", "tech", "entertainment", "health")
    ]
    return {
        MenuHandle.MAIN: main,
        MenuHandle.SECTIONS: [("link", _link(page=sections[s.slug])) for s in top_level],
        # Shows have no pages of their own yet; until video lands these point at the
        # sections whose stories the shows would be built from.
        MenuHandle.SHOWS: [
            ("link", _link("The Explainer", page=sections["explainers"])),
            ("link", _link("Opinion Hour", page=sections["opinion"])),
            ("link", _link("Match Day", page=sections["sports"])),
            ("link", _link("Picture This", page=sections["photostories"])),
        ],
        MenuHandle.EVENTS: [("link", _link(page=event)) for event in events.values()],
        MenuHandle.QUICK_TOPICS: [("link", topic(name)) for name in QUICK_TOPICS],
        MenuHandle.TRENDING: [("link", topic(name)) for name in TRENDING_TOPICS],
        MenuHandle.FOOTER: [
            (
                "group",
                {
                    "heading": "Quick links",
                    "link": _link(),
                    "children": _list_items(quick_links, "menu-footer-quick"),
                },
            ),
            (
                "group",
                {
                    "heading": "Most searched categories",
                    "link": _link(),
                    "children": _list_items(categories, "menu-footer-categories"),
                },
            ),
        ],
        # The about and policy pages are the footer's bottom row; a group with the same links
        # above it would show every one of them twice.
        MenuHandle.FOOTER_LEGAL: [("link", link) for link in about_links],
        # Video, Shorts and Live TV have no pages yet: they point at the sections closest
        # to them until those features exist.
        MenuHandle.BOTTOM_BAR: [
            ("icon_link", {**_link("Home", url="/"), "icon": "home"}),
            ("icon_link", {**_link("Video", page=sections["explainers"]), "icon": "video"}),
            ("icon_link", {**_link("Shorts", page=sections["photostories"]), "icon": "shorts"}),
            ("icon_link", {**_link("Live TV", page=sections["india"]), "icon": "live"}),
            ("icon_link", {**_link("Search", url="/search/"), "icon": "search"}),
        ],
    }


def page_content_slugs() -> list[str]:
    return [spec.slug for spec in page_content.STANDARD_PAGES]


def ensure_menus(
    sections: dict[str, SectionPage],
    events: dict[str, EventPage],
    standard_pages: dict[str, StandardPage],
    sitemap: HtmlSitemapPage,
    tags: dict[str, Tag],
) -> None:
    """Create the menus that do not exist yet; an edited menu is left as the desk made it."""
    missing = set(MenuHandle.values) - set(Menu.objects.values_list("handle", flat=True))
    if not missing:
        return
    all_items = menu_items(sections, events, standard_pages, sitemap, tags)
    for handle in MenuHandle:
        if handle.value not in missing:
            continue
        items = [
            _menu_item(block_type, value, handle.value, index)
            for index, (block_type, value) in enumerate(all_items[handle])
        ]
        Menu.objects.create(handle=handle.value, title=handle.label, items=items)


def ensure_site() -> Site:
    """Point Wagtail's untouched default site (localhost:80) at where `make run` serves."""
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) == ("localhost", 80):
        # DATELINE_BASE_URL (set by `make run` from HOST and PORT) says where readers come in.
        base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site.hostname = base.hostname or "127.0.0.1"
        site.port = base.port or (443 if base.scheme == "https" else 80)
        site.site_name = site.site_name or "Dateline"
        site.save()
    return site


def ensure_site_settings() -> SiteSettings:
    """Fill the settings an editor has not set; never overwrite a value someone changed."""
    site = Site.objects.get(is_default_site=True)
    settings = SiteSettings.for_site(site)
    wanted = {
        "tagline": site_content.SITE_TAGLINE,
        "copyright_holder": "Dateline Media",
        "preferred_source_url": (
            f"https://www.google.com/preferences/source?q={site_content.SITE_DOMAIN}"
        ),
        **site_content.SOCIAL,
    }
    changed = []
    for field_name, value in wanted.items():
        if not getattr(settings, field_name):
            setattr(settings, field_name, value)
            changed.append(field_name)
    model_defaults = {
        "newsletter_heading": site_content.NEWSLETTER_HEADING,
        "newsletter_text": site_content.NEWSLETTER_TEXT,
    }
    for field_name, value in model_defaults.items():
        if getattr(settings, field_name) == SiteSettings._meta.get_field(field_name).default:
            setattr(settings, field_name, value)
            changed.append(field_name)
    if not settings.network_sites:
        settings.network_sites = [
            raw_block("site", {"name": name, "url": url, "description": text}, "network", i)
            for i, (name, url, text) in enumerate(site_content.NETWORK_SITES)
        ]
        changed.append("network_sites")
    if changed or settings.pk is None:
        settings.save()
    return settings
