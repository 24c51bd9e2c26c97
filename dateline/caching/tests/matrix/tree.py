"""The matrix's site: one live page of every page type, the routes' arguments, and a target
for each change kind (so one change never takes another's target away).

URL kinds are not listed by hand: `url_kinds()` walks Wagtail's page models and the URL conf.
A new page type or route joins the matrix at once, and its cells fail until this tree holds
an instance of it (`Tree.urls_of()` says what to add)."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, Site, get_page_models

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage
from dateline.articles.services import file_article, unpublish_article
from dateline.core.factories import ImageFactory, add_page
from dateline.core.testing import named_routes
from dateline.home.factories import make_home
from dateline.listings.factories import make_event, make_section
from dateline.listings.models import EventIndexPage, HtmlSitemapPage
from dateline.live.factories import LiveBlogPageFactory, LiveEntryFactory
from dateline.live.views import current_bucket
from dateline.newsletters.models import Issue, Newsletter
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.site.factories import MenuFactory, make_standard_page
from dateline.stories.factories import make_web_story, make_web_story_index
from dateline.video.factories import (
    make_episode,
    make_live_tv,
    make_show,
    make_show_index,
    make_video_index,
)

# Routes that show no shared content (one reader's own, a beacon, a health probe) or are not
# public at all; everything else the URL conf names is a URL kind.
NOT_PUBLIC_ROUTES = {
    "view_beacon",
    "view_pixel",
    "newsletter",
    "healthz",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "wagtail_serve",  # stands for the page types: one kind each
    # A newsletter reader's own pages (the token in the address) and the sign-up post.
    "signup", "confirm", "preferences", "unsubscribe",
    "api_submissions",  # POST only, with a partner's key
    "subscribe",  # a reader's push subscription (POST only); "unsubscribe" is above
}  # fmt: skip
SKIPPED_PREFIXES = (
    "admin/", "django-admin/", "^media/", "^documents/", "documents/",
    "newsletters/anymail/",  # mail providers' webhooks
)  # fmt: skip


def route_kinds() -> list[str]:
    """`route:<name>` for every named public route of the URL conf."""
    return sorted(f"route:{name}" for name in named_routes(SKIPPED_PREFIXES) - NOT_PUBLIC_ROUTES)


def page_kinds() -> list[str]:
    """`page:<Model>` for every page type Wagtail knows (its own base type aside)."""
    return sorted(
        f"page:{model.__name__}"
        for model in get_page_models()
        if model is not Page and not model._meta.abstract
    )


def url_kinds() -> list[str]:
    return page_kinds() + route_kinds()


class Tree:
    """Home › World › US News, Sport; stories by an author and an agency on two topics; an
    event, the HTML sitemap, a standard page, Shorts, Web Stories, video and Live TV; menus;
    a withdrawn story (410) and a scheduled one; a story kept for each change kind."""

    def __init__(self) -> None:
        now = timezone.now()
        self.home = make_home()
        site = Site.objects.get(is_default_site=True)
        site.hostname = "testserver"  # the reader's Client asks for it
        site.save()
        self.image = ImageFactory(title="Harbour at dawn")
        self.world = make_section(self.home, "World", intro="News from around the globe.")
        self.us_news = make_section(self.world, "US News", slug="us-news")
        self.sport = make_section(self.home, "Sport")
        self.author = AuthorFactory(name="Priya Nair", slug="priya-nair")
        self.agency = AgencyFactory(name="Wire Service", slug="wire-service")

        def story(section, title: str, minutes: int, **kwargs) -> ArticlePage:
            return ArticlePageFactory(
                section=section, title=title, published_at=now - dt.timedelta(minutes=minutes),
                **kwargs,
            )  # fmt: skip

        self.lead = story(
            self.world, "Lead story of the day", 5, authors=[self.author],
            tags=["Elections"], hero_image=self.image,
        )  # fmt: skip
        self.other = story(
            self.us_news, "Second story of the day", 30, authors=[self.author],
            agency=self.agency, tags=["Elections"],
        )  # fmt: skip
        self.sport_story = story(self.sport, "Derby postponed", 60, tags=["Trade"])
        # One story per destructive change, so changes never take each other's targets.
        self.to_withdraw = story(self.world, "Ceasefire talks resume", 70, tags=["Trade"])
        self.to_unpublish = story(self.sport, "Stadium vote delayed", 80)
        self.to_delete = story(self.us_news, "Bridge closure extended", 90, tags=["Elections"])
        self.to_restrict = story(self.world, "Grain deal details", 100, authors=[self.author])
        self.to_rename = story(self.sport, "Coach signs on", 110)
        self.withdrawn = story(self.world, "Recalled report on tariffs", 120)
        unpublish_article(self.withdrawn)  # answers 410 until a redirect replaces it
        self.scheduled = file_article(
            self.sport,
            ArticlePage(title="Cup final line-ups named", agency=self.agency),
            publish=False,
        )
        self.scheduled.go_live_at = now + dt.timedelta(hours=1)
        self.scheduled.save_revision().publish()  # scheduled, not live
        self.tag = Tag.objects.get(name="Elections")
        # A newsletter with a sent issue: its page, archive and web version.
        self.newsletter = Newsletter.objects.create(name="Morning Brief", slug="morning")
        self.issue = Issue.objects.create(
            newsletter=self.newsletter,
            state=Issue.State.SENT,
            story_ids=[self.lead.pk, self.to_withdraw.pk, self.to_rename.pk],
            prepared_at=now,
            sent_at=now,
        )

        events = add_page(self.home, EventIndexPage(title="Events", slug="events"))
        self.event = make_event(events, "Election night", intro="Live coverage.", tag=self.tag)
        self.about = make_standard_page(self.home, "About us", intro="Who we are.")
        self.sitemap = add_page(self.home, HtmlSitemapPage(title="Sitemap", slug="sitemap"))
        self.shorts = make_shorts_index(self.home)
        self.short = make_short(self.shorts, "Libraries stay open later", tags=("Elections",))
        self.web_stories = make_web_story_index(self.home)
        self.web_story = make_web_story(self.web_stories, "A day on the river", image=self.image)
        self.video = make_video_index(self.home)
        self.show_index = make_show_index(self.home)
        self.show = make_show(self.show_index, "Evening bulletin", hosts=[self.author])
        self.episode = make_episode(self.show, "Bulletin of the night", tags=("Elections",))
        self.live_tv = make_live_tv(self.home)
        self.live_blog = LiveBlogPageFactory(
            section=self.world,
            title="Results night, live",
            published_at=now - dt.timedelta(minutes=3),
        )
        LiveEntryFactory(blog=self.live_blog, headline="Polls close")
        MenuFactory(
            handle="main",
            items=[
                ("link", {"page": self.world, "label": "", "url": ""}),
                ("link", {"page": self.sport, "label": "", "url": ""}),
            ],
        )
        about_link = ("link", {"page": self.about, "label": "", "url": ""})
        MenuFactory(handle="footer-legal", items=[about_link])

    # --- URLs by kind.

    def stories(self) -> list[ArticlePage]:
        return [
            self.lead, self.other, self.sport_story, self.to_withdraw, self.to_unpublish,
            self.to_delete, self.to_restrict, self.to_rename, self.withdrawn, self.scheduled,
        ]  # fmt: skip

    def route_kwargs(self) -> dict[str, list[dict]]:
        """Arguments of the routes that take some (a route missing here has no instance)."""
        sections = ["world", "world/us-news", "sport"]
        return {
            "live_updates": [{"page_id": self.live_blog.pk, "bucket": current_bucket()}],
            "consent_notice_language": [{"language": "hi"}, {"language": "en"}],
            "topic": [{"slug": "elections"}, {"slug": "trade"}],
            "author": [{"slug": self.author.slug}],
            "agency": [{"slug": self.agency.slug}],
            **{
                f"{kind}_{form}_feed": args
                for kind, args in [
                    ("section", [{"section_path": path} for path in sections]),
                    ("topic", [{"slug": "elections"}, {"slug": "trade"}]),
                    ("author", [{"slug": self.author.slug}]),
                    ("agency", [{"slug": self.agency.slug}]),
                ]
                for form in ("rss", "atom")
            },
        }

    def extra_urls(self) -> dict[str, list[str]]:
        """Routes read with a query, and the sitemap files the index lists."""
        return {
            "search": ["/search/?q=story", "/search/?q=tariffs"],
            "search_autocomplete": ["/search/suggest/?q=stor"],
            "dateline_sitemap": sitemap_files(),
            # The newsletters' routes are namespaced ("newsletters:detail").
            "index": ["/newsletters/"],
            "detail": [self.newsletter.get_absolute_url()],
            "issue": [self.issue.get_absolute_url()],
            # The content API (dateline.api): its routes live in their own namespace.
            **{
                name: [reverse(f"dateline_api:{name}")]
                for name in (
                    "api-root",
                    "openapi-json",
                    "openapi-view",
                    "api_sections",
                    "api_topics",
                    "api_authors",
                    "api_agencies",
                    "api_changes",
                    "api_top_stories",
                    "api_shorts",
                    "api_web_stories",
                    "api_shows",
                    "api_videos",
                    "api_live_tv",
                    "api_trending",
                    "api_most_read",
                )
            },  # fmt: skip
            "api_search": [f"{reverse('dateline_api:api_search')}?q=story"],
            "api_video": [reverse("dateline_api:api_video", kwargs={"video_id": self.episode.pk})],
            # The change feed's addresses of the other surfaces.
            "api_short": [reverse("dateline_api:api_short", kwargs={"short_id": self.short.pk})],
            "api_show": [reverse("dateline_api:api_show", kwargs={"show_id": self.show.pk})],
            "api_web_story": [
                reverse("dateline_api:api_web_story", kwargs={"web_story_id": self.web_story.pk})
            ],
            "api_live_entries": [
                reverse("dateline_api:api_live_entries", kwargs={"blog_id": self.live_blog.pk})
            ],
            # Breaking-news alerts (dateline.alerts): namespaced like the newsletters.
            "service_worker": [reverse("alerts:service_worker")],
            "options": [reverse("alerts:options")],
            "api_stories": [
                reverse("dateline_api:api_stories"),
                f"{reverse('dateline_api:api_stories')}?section={self.world.pk}&limit=3",
                f"{reverse('dateline_api:api_stories')}?topic=elections",
            ],
            "api_story": [
                reverse("dateline_api:api_story", kwargs={"story_id": story.pk})
                for story in (self.lead, self.to_withdraw, self.to_delete, self.scheduled)
            ],
        }

    def urls_of(self, kind: str) -> list[str]:
        """The addresses of `kind` in this tree ([] when it has none: the matrix says so)."""
        family, name = kind.split(":", 1)
        if family == "page":
            model = next(m for m in get_page_models() if m.__name__ == name)
            if model is ArticlePage:
                return [story.url for story in self.stories()]
            pages = model.objects.live().order_by("pk")[:2]
            return [page.url for page in pages if page.url]
        extra = self.extra_urls()
        if name in extra:
            return extra[name]
        kwargs_list = self.route_kwargs().get(name)
        if kwargs_list is None:
            try:
                return [reverse(name)]
            except Exception:
                return []  # takes arguments this tree does not give
        return [reverse(name, kwargs=kwargs) for kwargs in kwargs_list]


def sitemap_files() -> list[str]:
    """Every file the sitemap index lists, read from a render outside the cache."""
    with override_settings(DATELINE_PAGE_CACHE={"ENABLED": False, "FRAGMENTS": False}):
        body = Client().get("/sitemap.xml").content.decode()
    paths = {urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body)}
    return sorted(path for path in paths if path != "/sitemap-news.xml")
