"""Issue 18, finding 3: a restricted page shows nowhere public, not even from a cache.

Stories behind a password, behind a login and in a password-protected section, a Short and
a video episode behind restrictions: with the page cache on and every public address already
cached while they were public, restricting them must take their headline, dek and body off
every public URL kind (pages of every type, archives, topic, author, agency and event
pages, every feed, every sitemap the index lists, search and its snippets, autocomplete,
most read) with full-text feeds on. The URL kinds come from the URL conf and the page types
from Wagtail's registry: a new route or page type fails here until the walk covers it.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import quote, urlsplit

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArchiveMonthPage, ArticlePage, SectionPage
from dateline.core.testing import named_routes
from dateline.live.views import current_bucket
from dateline.shorts.factories import make_short
from dateline.site.models import SiteSettings
from dateline.trending.models import PageViewHour
from dateline.trending.ranking import hour_start
from dateline.video.factories import make_episode

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

# Named routes that show no page content, or only one reader's own.
NOT_LISTINGS = {
    "api_submissions",  # POST only, with a partner's key
    "consent_record",  # a reader's consent decision (POST only, dateline.ads)
    "view_beacon",
    "view_pixel",
    "newsletter",
    "signup",  # the newsletter sign-up post, and a reader's own pages (token in the address)
    "confirm",
    "preferences",
    "unsubscribe",
    "subscribe",  # a reader's push subscription (POST only, dateline.alerts)
    "service_worker",  # the alerts' service worker: a file, no content
    "healthz",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
}
SKIPPED_PREFIXES = ("admin/", "django-admin/", "^media/", "newsletters/anymail/")


def public_listing_routes() -> set[str]:
    """Every named public route of the URL conf."""
    return named_routes(SKIPPED_PREFIXES) - NOT_LISTINGS


class Secrets:
    """The restricted content and the words that must never leak."""

    def __init__(self, kind):
        now = timezone.now()
        tags, author = ["Elections"], [kind.author]

        # Each secret: a word searched for (a search page repeats its query) and phrases
        # without it that must never be shown.
        self.phrases: dict[str, list[str]] = {}

        def story(section, word: str, minutes: int) -> ArticlePage:
            self.phrases[word] = [
                f"headline about the {word.lower()[::-1]} affair",
                f"dek on the {word.lower()[::-1]} affair for subscribers",
                f"body sentence about {word.lower()[::-1]} nobody outside may read",
            ]
            title, dek, body = self.phrases[word]
            return ArticlePageFactory(
                section=section, title=f"{word} {title}", dek=dek,
                body=[("paragraph", f"<p>{body}.</p>")],
                tags=tags, authors=author, agency=kind.agency,
                published_at=now - dt.timedelta(minutes=minutes),
            )  # fmt: skip

        self.password_story = story(kind.world, "Quokkapassword", 1)
        self.login_story = story(kind.us_news, "Narwhallogin", 2)
        self.section_story = story(kind.sport, "Axolotlsection", 3)
        self.phrases["Pangolinshort"] = ["Short on the nilognap matter", "nilognap body words"]
        self.short = make_short(
            kind.shorts, "Pangolinshort Short on the nilognap matter",
            body="Pangolinshort nilognap body words.", tags=("Elections",),
        )  # fmt: skip
        self.phrases["Okapiepisode"] = ["Episode on the ipako matter", "ipako description"]
        self.episode = make_episode(
            kind.show, "Okapiepisode Episode on the ipako matter",
            description="Okapiepisode ipako description words.", tags=("Elections",),
        )  # fmt: skip
        self.words = list(self.phrases)
        self.needles = [phrase for phrases in self.phrases.values() for phrase in phrases]
        # Most read: the restricted stories were the most read of the day.
        hour = hour_start(now)
        for views, page in enumerate([self.password_story, self.login_story, self.section_story]):
            PageViewHour.objects.create(
                page=page, hour=hour, views=1000 + views, top_section_id=page.top_section_id
            )

    def restrict(self, kind) -> None:
        password, login = PageViewRestriction.PASSWORD, PageViewRestriction.LOGIN
        for page, kind_of in [
            (self.password_story, password),
            (self.login_story, login),
            (kind.sport, password),
            (self.short, login),
            (self.episode, password),
        ]:
            PageViewRestriction.objects.create(
                page=page, restriction_type=kind_of, password="s3cret-word"
            )


def public_urls(kind, secrets: Secrets) -> tuple[list[str], set[str]]:
    """(addresses, the named routes they cover)."""
    pages = list(kind.page_of_each_type().values())
    pages += list(SectionPage.objects.live())
    stories = [secrets.password_story, secrets.login_story, secrets.section_story]
    pages += [ArchiveMonthPage.objects.get(pk=s.get_parent().pk) for s in stories]
    pages += [s.get_parent().get_parent() for s in stories]
    urls = {page.url for page in pages}
    # The issue's web version shows the restricted stories too: the public rule drops them.
    kind.issue.story_ids = [kind.lead.pk, *(story.pk for story in stories)]
    kind.issue.save()
    sections = [
        section.url_path.removeprefix(kind.home.url_path).strip("/")
        for section in SectionPage.objects.all()
    ]
    feeds = ["latest", "video", "shorts", "web-stories"]
    feeds += [f"section/{path}" for path in sections]
    feeds += [f"topic/{kind.tag.slug}", f"author/{kind.author.slug}"]
    feeds += [f"agency/{kind.agency.slug}"]
    urls |= {f"/feeds/{feed}/{form}/" for feed in feeds for form in ("rss", "atom")}
    urls |= {
        "/topic/",
        f"/topic/{kind.tag.slug}/",
        f"/author/{kind.author.slug}/",
        f"/agency/{kind.agency.slug}/",
        "/robots.txt",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/newsletters/",
        kind.newsletter.get_absolute_url(),
        kind.issue.get_absolute_url(),
        "/ads.txt",
        "/app-ads.txt",
        "/consent/notice.json",
        "/consent/notice/hi.json",  # the notice in a page's language
    }
    for word in secrets.words:
        urls.add(f"/search/?q={quote(word)}")
        urls.add(f"/search/?q={quote(word + ' body')}")
        urls.add(f"/search/suggest/?q={quote(word[:6])}")
    urls.add("/search/?q=sentence")  # a word of every restricted body: the snippets
    urls.add("/search/?q=affair")
    urls.add("/search/suggest/?q=headline")
    urls.add(f"/live/{kind.live_blog.pk}/updates/{current_bucket()}/")
    # The content API (dateline.api): lists, each secret story's detail, the change feed.
    api = "/api/v1/"
    urls |= {"/api/", api, *(f"{api}{name}/" for name in ("stories", "sections", "topics",
             "authors", "agencies", "changes", "docs")), f"{api}openapi.json"}  # fmt: skip
    urls |= {f"{api}stories/?topic={kind.tag.slug}", f"{api}stories/?author={kind.author.slug}"}
    urls |= {f"{api}stories/{story.pk}/" for story in stories} | {f"{api}stories/top/"}
    # Every other reader surface in the API, and the alerts' options (their topics).
    urls |= {f"{api}{name}/" for name in ("shorts", "web-stories", "shows", "videos", "live-tv",
             "trending/topics", "trending/most-read")}  # fmt: skip
    urls |= {f"{api}videos/{kind.episode.pk}/", f"{api}live-blogs/{kind.live_blog.pk}/entries/"}
    # The change feed's addresses: a restricted Short's, and the public show's and story's.
    urls |= {f"{api}shorts/{secrets.short.pk}/", f"{api}shorts/{kind.short.pk}/",
             f"{api}shows/{kind.show.pk}/", f"{api}web-stories/{kind.web_story.pk}/"}  # fmt: skip
    urls |= {f"{api}search/?q={quote(word)}" for word in secrets.words} | {"/alerts/options/"}
    covered = {
        "live_updates",
        "ads_txt", "app_ads_txt", "consent_notice", "consent_notice_language",
        "wagtail_serve", "search", "search_autocomplete", "topic_index", "topic", "author",
        "agency", "robots_txt", "sitemap_index", "news_sitemap", "dateline_sitemap",
        "index", "detail", "issue",  # the newsletters' pages
        *{f"{name}_{form}_feed" for name in ("latest", "section", "topic", "author", "agency",
                                             "video", "shorts", "web_stories")
          for form in ("rss", "atom")},
        "api_index", "api_stories", "api_story", "api_sections", "api_topics", "api_authors",
        "api_agencies", "api_changes", "openapi-json", "openapi-view", "api-root",
        "api_top_stories", "api_shorts", "api_web_stories", "api_shows", "api_videos",
        "api_video", "api_live_tv", "api_trending", "api_most_read", "api_search",
        "api_live_entries", "api_short", "api_show", "api_web_story", "options",
    }  # fmt: skip
    return sorted(urls), covered


def sitemap_files(reader: Client) -> list[str]:
    """Every sitemap the index lists (month, news, video, authors, pages...)."""
    body = reader.get("/sitemap.xml").content.decode()
    return sorted({urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", body)})


def leaks(reader: Client, urls: list[str], needles: list[str]) -> dict[str, list[str]]:
    """{url: the needles it shows} (compared case-blind, as titles may be styled)."""
    found = {}
    for url in urls:
        response = reader.get(url)
        assert response.status_code in {200, 301, 302, 404}, (url, response.status_code)
        body = response.content.decode().lower()
        shown = [needle for needle in needles if needle.lower() in body]
        if shown:
            found[url] = shown
    return found


def test_restricted_pages_show_nowhere_public(
    every_kind, settings, django_capture_on_commit_callbacks
):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.feed_full_text = True
    site_settings.save()
    secrets = Secrets(every_kind)
    reader = Client()
    urls, covered = public_urls(every_kind, secrets)
    missing = public_listing_routes() - covered
    assert not missing, f"public routes the walk does not visit: {missing}"
    urls = sorted({*urls, *sitemap_files(reader)})

    # Public at first, and cached everywhere: the walk can see them.
    before = leaks(reader, urls, secrets.needles)
    for needle in secrets.needles:
        assert any(needle in shown for shown in before.values()), f"{needle!r} never public"
    assert "/feeds/latest/rss/" in before and "/" in before

    with django_capture_on_commit_callbacks(execute=True):
        secrets.restrict(every_kind)

    urls = sorted({*urls, *sitemap_files(reader)})
    assert leaks(reader, urls, secrets.needles) == {}
    # The restricted pages themselves ask for the password or the login.
    for page in (secrets.password_story, secrets.section_story, secrets.episode):
        assert leaks(reader, [page.url], secrets.needles) == {}
    for page in (secrets.login_story, secrets.short):
        assert reader.get(page.url).status_code == 302


def test_a_restriction_lifted_shows_the_page_again(every_kind, django_capture_on_commit_callbacks):
    secrets = Secrets(every_kind)
    reader = Client()
    with django_capture_on_commit_callbacks(execute=True):
        secrets.restrict(every_kind)
    assert "Quokkapassword" not in reader.get("/feeds/latest/rss/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.filter(page=secrets.password_story).delete()
    assert "Quokkapassword" in reader.get("/feeds/latest/rss/").content.decode()
    assert Page.objects.filter(pk=secrets.password_story.pk, live=True).exists()
