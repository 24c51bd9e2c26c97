"""Build the demo newsroom: sections, people, 120 stories, events, pages, menus, settings.

Every step looks its object up first (by slug, handle, title or username) and
creates only what is missing, so running the demo again changes nothing.
Stories are filed through `articles.services.file_article`, like the desk's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from dateline.articles.models import (
    Agency,
    ArticlePage,
    ArticlePageAuthor,
    Author,
    SectionPage,
)
from dateline.articles.services import file_article
from dateline.core.services import add_published_child
from dateline.home.models import HomePage, HomePageSectionBlock, HomePageTopStory
from dateline.home.services import install_home
from dateline.listings.models import (
    EventIndexPage,
    EventPage,
    EventPagePick,
    HtmlSitemapPage,
)
from dateline.shorts.models import ShortPage
from dateline.site.models import Menu, StandardPage
from dateline.stories.models import WebStoryPage
from dateline.video.models import EpisodePage, ShowPage

from . import images
from .ads import ensure_ads
from .blocks import paragraph, raw_block
from .content import pages as page_content
from .content import site as site_content
from .content.specs import Embed, Facts, Picture, Quote, Related, SectionSpec, StorySpec
from .desk_users import create_desk_users
from .live import ensure_live_blogs
from .logins import DEMO_LOGINS
from .menus import ensure_menus, ensure_site, ensure_site_settings
from .newsletters import ensure_newsletters, send_first_issues
from .partner import ensure_partner_key, partner_key_lines
from .shorts import (
    ensure_shorts_feed,
    ensure_shorts_stories_and_galleries,
    point_bottom_bar_at_shorts,
)
from .stories import demo_stories, story_slug
from .video import ensure_video, lead_main_menu_with_watch
from .wires import ensure_wire_desk

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "dateline-admin"
HERO_CREDIT = "Dateline Graphics"
HERO_CAPTION = "Representational image."

# Curated home page: headlines in the order shown, and how long each stays pinned
# (hours from now; None = until removed, negative = a pin that has already expired).
HOME_TOP_STORIES = (
    ("Monsoon Session wraps up with three bills passed and two sent to committee", 6),
    ("Night trains return to three routes across the Alps", -2),
    ("Storm-hit Pacific islands ask donors for cash, not containers", None),
    ("Sensex, Nifty end higher as bank shares recover in late trade", None),
    ("Budget 2025: small manufacturers want faster GST refunds, not new schemes", None),
    ("Cities race to fix winter shelters before the first hard freeze", None),
)
HOME_SECTION_BLOCKS = (
    "world",
    "india",
    "business",
    "sports",
    "tech",
    "entertainment",
    "health",
    "opinion",
)


def load_demo(now: dt.datetime | None = None) -> dict[str, int]:
    """Create whatever of the demo newsroom is missing; return how many of each thing exist."""
    now = now or timezone.now()
    pages_before = Page.objects.count()
    with transaction.atomic():
        home = install_home("Dateline")
        ensure_site()
        sections = ensure_sections(home, site_content.SECTIONS)
        authors = ensure_authors()
        agencies = ensure_agencies()
        tags = ensure_tags(site_content.TAGS)
        stories = ensure_stories(demo_stories(), sections, authors, agencies, tags, now)
        events = ensure_events(home, stories, tags, now)
        standard_pages = ensure_standard_pages(home)
        sitemap = ensure_sitemap_page(home)
        ensure_menus(sections, events, standard_pages, sitemap, tags)
        ensure_site_settings()
        ensure_ads()
        curate_home(home, stories, sections, now)
        ensure_wire_desk(sections, agencies, now)
        ensure_video(home, now)
        ensure_shorts_stories_and_galleries(home, sections, tags, now)
        point_bottom_bar_at_shorts(ensure_shorts_feed(home))
        lead_main_menu_with_watch(home)
        ensure_admin()
        create_desk_users()
        ensure_live_blogs(sections, now)
        ensure_partner_key()
        letters = ensure_newsletters(sections)
    send_first_issues(letters)  # after the commit: the batches read the rows it wrote
    if Page.objects.count() != pages_before:
        index_demo_content()
    return demo_counts()


def index_demo_content() -> None:
    """Put the demo's pages, people and pictures in the search index right away.

    Wagtail queues index updates as background tasks, which only a task worker runs;
    a freshly loaded demo should be searchable without one. (The queued updates stay
    and are harmless when a worker does run: indexing is an upsert.)
    """
    image_model = get_image_model()
    indexed = [
        (model, model.get_indexed_objects())
        for model in (
            ArticlePage,
            SectionPage,
            EventIndexPage,
            EventPage,
            StandardPage,
            HtmlSitemapPage,
            HomePage,
            ShortPage,
            WebStoryPage,
            Author,
            Agency,
            ShowPage,
            EpisodePage,
        )
    ]
    demo_pictures = image_model.get_indexed_objects().filter(collection=images.demo_collection())
    indexed.append((image_model, demo_pictures))
    for backend in get_search_backends(with_auto_update=True):
        for model, objects in indexed:
            backend.add_bulk(model, list(objects))


def demo_counts() -> dict[str, int]:
    return {
        "sections": SectionPage.objects.count(),
        "articles": ArticlePage.objects.count(),
        "authors": Author.objects.count(),
        "agencies": Agency.objects.count(),
        "tags": Tag.objects.count(),
        "events": EventPage.objects.count(),
        "standard pages": StandardPage.objects.count(),
        "menus": Menu.objects.count(),
        "images": get_image_model().objects.count(),
        "pages": Page.objects.count(),
        "shorts": ShortPage.objects.count(),
        "web stories": WebStoryPage.objects.count(),
    }


# --- pages -------------------------------------------------------------------


def _child(parent: Page, model: type[Page], slug: str) -> Page | None:
    return model.objects.child_of(parent).filter(slug=slug).first()


def ensure_sections(home: HomePage, specs: Iterable[SectionSpec]) -> dict[str, SectionPage]:
    """Every section and sub-section, by slug."""
    found: dict[str, SectionPage] = {}

    def walk(parent: Page, level: Iterable[SectionSpec]) -> None:
        for spec in level:
            section = _child(parent, SectionPage, spec.slug) or add_published_child(
                parent,
                SectionPage(
                    title=spec.title, slug=spec.slug, intro=spec.intro, short_name=spec.short_name
                ),
            )
            found[spec.slug] = section
            walk(section, spec.children)

    walk(home, specs)
    return found


def section_palettes() -> dict[str, images.Palette]:
    palettes = {}

    def walk(level: Iterable[SectionSpec]) -> None:
        for spec in level:
            palettes[spec.slug] = images.palette(*spec.colours)
            walk(spec.children)

    walk(site_content.SECTIONS)
    return palettes


def ensure_standard_pages(home: HomePage) -> dict[str, StandardPage]:
    found = {}
    for spec in page_content.STANDARD_PAGES:
        page = _child(home, StandardPage, spec.slug)
        if page is None:
            body = []
            for heading, paragraphs in spec.parts:
                body.append(raw_block("heading", heading, spec.slug, len(body)))
                for text in paragraphs:
                    body.append(raw_block("paragraph", paragraph(text), spec.slug, len(body)))
            page = add_published_child(
                home, StandardPage(title=spec.title, slug=spec.slug, intro=spec.intro, body=body)
            )
        found[spec.slug] = page
    return found


def ensure_sitemap_page(home: HomePage) -> HtmlSitemapPage:
    return _child(home, HtmlSitemapPage, "sitemap") or add_published_child(
        home,
        HtmlSitemapPage(
            title=page_content.SITEMAP_TITLE, slug="sitemap", intro=page_content.SITEMAP_INTRO
        ),
    )


# --- people and topics ---------------------------------------------------------


def ensure_authors() -> dict[str, Author]:
    found = {}
    collection = images.demo_collection()
    for spec in site_content.AUTHORS:
        author = Author.objects.filter(slug=spec.slug).first()
        if author is None:
            author = Author.objects.create(
                slug=spec.slug,
                name=spec.name,
                role=spec.role,
                bio=paragraph(spec.bio),
                x_handle=spec.x_handle,
                email=f"{spec.slug.replace('-', '.')}@dateline.example.com",
                photo=images.portrait_image(spec.slug, collection=collection),
            )
        found[spec.slug] = author
    return found


def ensure_agencies() -> dict[str, Agency]:
    found = {}
    for spec in site_content.AGENCIES:
        agency, _ = Agency.objects.get_or_create(
            slug=spec.slug,
            defaults={
                "name": spec.name,
                "short_name": spec.short_name,
                "website": spec.website,
                "description": spec.description,
            },
        )
        found[spec.slug] = agency
    return found


def ensure_tags(names: Iterable[str]) -> dict[str, Tag]:
    found = {}
    for name in names:
        tag = Tag.objects.filter(name=name).first() or Tag.objects.create(name=name)
        found[name] = tag
    return found


# --- stories -------------------------------------------------------------------


def story_body(
    spec: StorySpec,
    slug: str,
    colours: images.Palette,
    related_page_id: int | None,
    collection,
) -> list[dict]:
    """The story's blocks in stored form; pictures are drawn on first use."""
    body: list[dict] = []
    for block in spec.body:
        index = len(body)
        if isinstance(block, str):
            body.append(raw_block("paragraph", paragraph(block), slug, index))
        elif isinstance(block, Quote):
            value = {"text": block.text, "attribution": block.attribution}
            body.append(raw_block("quote", value, slug, index))
        elif isinstance(block, Facts):
            items = "".join(f"<li>{escape(item)}</li>" for item in block.items)
            value = {"title": block.title, "body": f"<ul>{items}</ul>"}
            body.append(raw_block("fact_box", value, slug, index))
        elif isinstance(block, Embed):
            value = {"url": block.url, "title": block.title, "description": block.description}
            body.append(raw_block("embed", value, slug, index))
        elif isinstance(block, Picture):
            picture = images.hero_image(f"{slug}-{index}", colours, collection)
            value = {
                "image": picture.pk,
                "alt_text": block.alt,
                "caption": block.caption,
                "credit": HERO_CREDIT,
            }
            body.append(raw_block("image", value, slug, index))
        elif isinstance(block, Related):
            if related_page_id is None:
                continue  # the very first story has nothing older to point at
            value = {"page": related_page_id, "url": "", "label": block.label}
            body.append(raw_block("related_link", value, slug, index))
    return body


def ensure_stories(
    specs: list[StorySpec],
    sections: dict[str, SectionPage],
    authors: dict[str, Author],
    agencies: dict[str, Agency],
    tags: dict[str, Tag],
    now: dt.datetime,
) -> dict[str, ArticlePage]:
    """File every demo story that is missing; return all of them by headline."""
    slugs = {spec.headline: story_slug(spec.headline) for spec in specs}
    existing = {
        page.slug: page for page in ArticlePage.objects.filter(slug__in=list(slugs.values()))
    }
    palettes = section_palettes()
    collection = images.demo_collection()
    found: dict[str, ArticlePage] = {}
    latest_in_section: dict[str, int] = {}
    latest_any: int | None = None
    for spec in specs:  # oldest first
        slug = slugs[spec.headline]
        article = existing.get(slug)
        if article is None:
            colours = palettes[spec.section]
            related_id = latest_in_section.get(spec.section, latest_any)
            article = _file_story(
                spec, slug, sections[spec.section], colours, related_id, authors, agencies,
                tags, now, collection,
            )  # fmt: skip
        found[spec.headline] = article
        latest_in_section[spec.section] = article.pk
        latest_any = article.pk
    return found


def _file_story(
    spec: StorySpec,
    slug: str,
    section: SectionPage,
    colours: images.Palette,
    related_id: int | None,
    authors: dict[str, Author],
    agencies: dict[str, Agency],
    tags: dict[str, Tag],
    now: dt.datetime,
    collection,
) -> ArticlePage:
    published_at = now - dt.timedelta(hours=spec.hours_ago)
    updated_at = None
    if spec.updated_after_hours:
        updated_at = min(published_at + dt.timedelta(hours=spec.updated_after_hours), now)
    article = ArticlePage(
        title=spec.headline,
        slug=slug,
        dek=spec.dek,
        article_type=spec.kind,
        hero_image=images.hero_image(slug, colours, collection),
        hero_alt=f"Illustration for the story “{spec.headline}”",
        hero_caption=spec.hero_caption or HERO_CAPTION,
        hero_credit=HERO_CREDIT,
        body=story_body(spec, slug, colours, related_id, collection),
        agency=agencies[spec.agency] if spec.agency else None,
        dateline_place=spec.place,
        updated_at=updated_at,
    )
    # Authors and tags ride along in memory and are saved with the first revision.
    article.article_authors = [
        ArticlePageAuthor(author=authors[author_slug], sort_order=order)
        for order, author_slug in enumerate(spec.authors)
    ]
    article.tags.set([tags[name] for name in spec.tags])
    return file_article(section, article, publish=True, published_at=published_at)


# --- events, home -------------------------------------------------


def ensure_events(
    home: HomePage, stories: dict[str, ArticlePage], tags: dict[str, Tag], now: dt.datetime
) -> dict[str, EventPage]:
    index = _child(home, EventIndexPage, "events") or add_published_child(
        home,
        EventIndexPage(
            title=page_content.EVENTS_INDEX_TITLE,
            slug="events",
            intro=page_content.EVENTS_INDEX_INTRO,
        ),
    )
    found = {}
    today = timezone.localdate(now)
    for spec in site_content.EVENTS:
        event = _child(index, EventPage, spec.slug)
        if event is None:
            lead = stories[spec.lead_headline]
            event = EventPage(
                title=spec.title,
                slug=spec.slug,
                intro=spec.intro,
                hero_image_id=lead.hero_image_id,
                lead_story=lead,
                tag=tags[spec.tag],
                starts_on=today - dt.timedelta(days=spec.days_before),
                ends_on=today + dt.timedelta(days=spec.days_after),
            )
            event.picks = [
                EventPagePick(story=stories[headline], sort_order=order)
                for order, headline in enumerate(spec.pick_headlines)
            ]
            add_published_child(index, event)
        found[spec.slug] = event
    return found


HOME_LATEST_COUNT = 7


def curate_home(
    home: HomePage,
    stories: dict[str, ArticlePage],
    sections: dict[str, SectionPage],
    now: dt.datetime,
) -> None:
    """Top stories and section blocks, set once; later runs leave the desk's curation alone."""
    home = HomePage.objects.get(pk=home.pk)
    if home.top_stories.exists() or home.section_blocks.exists():
        return
    home.top_stories = [
        HomePageTopStory(
            story=stories[headline],
            sort_order=order,
            pinned_until=None if hours is None else now + dt.timedelta(hours=hours),
        )
        for order, (headline, hours) in enumerate(HOME_TOP_STORIES)
    ]
    home.section_blocks = [
        HomePageSectionBlock(section=sections[slug], sort_order=order)
        for order, slug in enumerate(HOME_SECTION_BLOCKS)
    ]
    # As many latest stories as the top stories beside them are tall (a lead and two rows
    # of cards): ten left a blank column under the top stories at 1280 px and made the
    # phone's home page three stories longer.
    home.latest_count = HOME_LATEST_COUNT
    home.save_revision().publish()


def ensure_admin() -> None:
    """The demo superuser, created once; a changed password is never reset."""
    user_model = get_user_model()
    if not user_model.objects.filter(username=ADMIN_USERNAME).exists():
        user_model.objects.create_superuser(
            ADMIN_USERNAME, "admin@dateline.example.com", ADMIN_PASSWORD
        )


def demo_login_lines(admin_url: str) -> list[str]:
    """Text for --print-logins: the admin URL and each demo login that exists. Reads only."""
    users = {
        user.username: user
        for user in get_user_model().objects.filter(
            username__in=[login.username for login in DEMO_LOGINS]
        )
    }
    lines = [f"Admin: {admin_url}"]
    for login in DEMO_LOGINS:
        user = users.get(login.username)
        if user is None:
            continue
        note = "" if check_password(login.password, user.password) else "  (password changed)"
        lines.append(f"  {login.username} / {login.password}  {login.description}{note}")
    if len(lines) == 1:
        lines.append("  No demo users yet: run `dateline demo` first.")
    return lines + partner_key_lines(admin_url.split("/admin/")[0])
