"""A site with a live page of every registered page type, for the probes that walk them all."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page, get_page_models

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.core.factories import add_page
from dateline.listings.factories import make_event, make_section
from dateline.listings.models import EventIndexPage, HtmlSitemapPage
from dateline.live.factories import LiveBlogPageFactory, LiveEntryFactory
from dateline.newsletters.models import Issue, Newsletter
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.site.factories import make_standard_page
from dateline.stories.factories import make_web_story, make_web_story_index
from dateline.video.factories import (
    make_episode,
    make_live_tv,
    make_show,
    make_show_index,
    make_video_index,
)


class EveryKind:
    """Home › World › US News, Sport; stories by an author and by an agency, on a topic; an
    event, the HTML sitemap, a standard page, Shorts, Web Stories, video (hub, shows, an
    episode) and Live TV."""

    def __init__(self, home, world, us_news, image):
        now = timezone.now()
        self.home, self.world, self.us_news = home, world, us_news
        self.sport = make_section(home, "Sport")
        self.author = AuthorFactory(name="Priya Nair", slug="priya-nair")
        self.agency = AgencyFactory(name="Wire Service", slug="wire-service")
        self.lead = ArticlePageFactory(
            section=world, title="Lead story of the day", authors=[self.author],
            tags=["Elections"], published_at=now - dt.timedelta(minutes=5), hero_image=image,
        )  # fmt: skip
        self.other = ArticlePageFactory(
            section=us_news, title="Second story of the day", authors=[self.author],
            agency=self.agency, tags=["Elections"], published_at=now - dt.timedelta(minutes=30),
        )  # fmt: skip
        self.sport_story = ArticlePageFactory(
            section=self.sport, title="Derby postponed", published_at=now - dt.timedelta(hours=2)
        )
        self.tag = Tag.objects.get(name="Elections")
        events = add_page(home, EventIndexPage(title="Events", slug="events"))
        self.event = make_event(events, "Election night", intro="Live coverage.", tag=self.tag)
        self.about = make_standard_page(home, "About us", intro="Who we are.")
        self.sitemap = add_page(home, HtmlSitemapPage(title="Sitemap", slug="sitemap"))
        self.shorts = make_shorts_index(home)
        self.short = make_short(self.shorts, "Libraries stay open later", tags=("Elections",))
        self.web_stories = make_web_story_index(home)
        self.web_story = make_web_story(self.web_stories, "A day on the river", image=image)
        self.video = make_video_index(home)
        self.show_index = make_show_index(home)
        self.show = make_show(self.show_index, "Evening bulletin", hosts=[self.author])
        self.episode = make_episode(self.show, "Bulletin of the night", tags=("Elections",))
        self.live_tv = make_live_tv(home)
        self.live_blog = LiveBlogPageFactory(
            section=world, title="Results night, live", tags=["Elections"],
            published_at=now - dt.timedelta(minutes=10),
        )  # fmt: skip
        LiveEntryFactory(blog=self.live_blog, headline="Polls close")
        # A newsletter with a sent issue (its page, archive and web version).
        self.newsletter = Newsletter.objects.create(name="Morning Brief", slug="morning")
        self.issue = Issue.objects.create(
            newsletter=self.newsletter,
            state=Issue.State.SENT,
            story_ids=[self.lead.pk],
            prepared_at=timezone.now(),
            sent_at=timezone.now(),
        )

    def page_of_each_type(self) -> dict[type[Page], Page]:
        """One live page of every page type Wagtail knows (Wagtail's own root type aside);
        fails when a type has none here, so a new page type joins the probes."""
        found = {}
        for model in get_page_models():
            if model is Page or model._meta.abstract:
                continue
            page = model.objects.live().order_by("pk").first()
            assert page is not None, f"no live {model.__name__} in the probe site: add one"
            found[model] = page
        return found


@pytest.fixture
def every_kind(home, world, us_news, image) -> EveryKind:
    return EveryKind(home, world, us_news, image)
