"""The stale pages issue 19 lists that recording and invalidation by construction fix: each
change made as the admin makes it reaches the cached page at once.

Each example at the top of the issue has its test here or beside the behaviour it is about
(`ELSEWHERE`, checked below so a renamed or removed test is noticed)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from wagtail.models import Site

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.home.models import BreakingNewsBanner
from dateline.site.models import Menu, SiteSettings

pytestmark = pytest.mark.django_db

# The examples whose tests live beside their behaviour: example -> (module, test).
ELSEWHERE = {
    "withdrawn story republished, redirect replaces the cached 410": [
        ("dateline.newsroom.tests.test_gone_freshness", name)
        for name in (
            "test_a_withdrawn_story_that_is_republished_stops_answering_410_at_once",
            "test_a_redirect_added_for_a_withdrawn_story_replaces_the_cached_410",
        )
    ],
    "a restriction on a Short, an episode or a Web Story purges its public copy": [
        (
            "dateline.caching.tests.test_private_pages",
            "test_a_restriction_added_purges_the_public_copy_at_once",
        )
    ],
    "a moved sub-section's stories leave the old section": [
        (
            "dateline.articles.tests.test_tree_changes",
            "test_moving_a_sub_section_moves_its_stories_listings_and_addresses",
        )
    ],
    "an unpublished story's Short loses its link": [
        (
            "dateline.shorts.tests.test_full_story_rule",
            "test_unpublishing_the_story_takes_the_link_away_and_republishing_brings_it_back",
        )
    ],
    "an expiring pin leaves the cached home page at its time": [
        (
            "dateline.home.tests.test_pin_clock",
            "test_an_expiring_pin_bounds_the_home_page_and_is_gone_at_its_time",
        )
    ],
}


@pytest.fixture
def cached(client):
    """Render `path` into the page cache and check a second request hits it."""

    def fill(path: str) -> None:
        assert client.get(path).status_code == 200
        assert client.get(path)["X-Cache"] == "HIT", path

    return fill


def fresh(client, path: str) -> str:
    response = client.get(path)
    assert response["X-Cache"] != "HIT", f"{path} still served from the cache"
    return response.content.decode()


def test_a_banner_switched_on_appears_on_cached_home_and_articles(
    client, cached, us_news, django_capture_on_commit_callbacks
):
    story = ArticlePageFactory(section=us_news)
    for path in ("/", story.url):
        cached(path)
    with django_capture_on_commit_callbacks(execute=True):
        banner = BreakingNewsBanner.for_site(Site.objects.get())
        banner.text = "Polls close early in three states"
        banner.save()
    for path in ("/", story.url):
        assert "Polls close early in three states" in fresh(client, path)


def test_site_settings_newsletter_text_reaches_the_cached_fragments_showing_it(
    client, cached, us_news, django_capture_on_commit_callbacks
):
    """The settings are loaded before any fragment opens; a fragment showing them depends
    on them all the same (a fresh render used to replay the old text from the fragment)."""
    story = ArticlePageFactory(section=us_news)
    cached(story.url)
    with django_capture_on_commit_callbacks(execute=True):
        row = SiteSettings.for_site(Site.objects.get())
        row.newsletter_text = "The morning briefing, in five minutes"
        row.save()
    assert "The morning briefing, in five minutes" in fresh(client, story.url)


def test_a_new_or_edited_episode_reaches_the_video_feed(
    client, cached, home, django_capture_on_commit_callbacks
):
    from dateline.video.factories import make_episode, make_show, make_show_index

    show = make_show(make_show_index(home))
    make_episode(show, "First episode")
    cached("/feeds/video/rss/")
    with django_capture_on_commit_callbacks(execute=True):
        episode = make_episode(show, "Second episode")
    assert "Second episode" in fresh(client, "/feeds/video/rss/")

    cached("/feeds/video/rss/")
    with django_capture_on_commit_callbacks(execute=True):
        episode.title = "Second episode, retitled"
        episode.save_revision().publish()
    assert "Second episode, retitled" in fresh(client, "/feeds/video/rss/")


def test_a_headline_change_reaches_other_stories_also_read(
    client, cached, us_news, django_capture_on_commit_callbacks
):
    linked = ArticlePageFactory(section=us_news, title="Turnout hits a record")
    story = ArticlePageFactory(
        section=us_news,
        body=[
            ("paragraph", "<p>The count goes on.</p>"),
            ("related_link", {"page": linked}),
        ],
    )
    cached(story.url)
    assert "Turnout hits a record" in client.get(story.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        linked = type(linked).objects.get(pk=linked.pk)
        linked.title = "Turnout breaks every record"
        linked.save_revision().publish()
    assert "Turnout breaks every record" in fresh(client, story.url)


def test_a_bulk_snippet_delete_purges(client, cached, us_news, django_capture_on_commit_callbacks):
    Menu.objects.update_or_create(handle="footer", defaults={"title": "Footer"})
    ArticlePageFactory(section=us_news)
    cached("/")
    with django_capture_on_commit_callbacks(execute=True):
        Menu.objects.filter(handle="footer").delete()  # what the snippets' bulk delete does
    fresh(client, "/")


@pytest.mark.parametrize("kind", ["authors", "agencies"])
def test_author_and_agency_sitemaps_depend_on_their_stories(
    kind, client, cached, us_news, django_capture_on_commit_callbacks
):
    path = f"/sitemap-{kind}.xml"
    ArticlePageFactory(section=us_news, authors=[AuthorFactory(name="First Writer")])
    cached(path)
    with django_capture_on_commit_callbacks(execute=True):
        if kind == "authors":
            ArticlePageFactory(section=us_news, authors=[AuthorFactory(name="Nadia Sen")])
        else:
            ArticlePageFactory(section=us_news, agency=AgencyFactory(slug="wire-news"))
    body = fresh(client, path)
    assert ("nadia-sen" if kind == "authors" else "wire-news") in body


def test_an_image_replaced_in_place_reaches_the_pages_and_sitemaps_showing_it(
    client, cached, us_news, image, django_capture_on_commit_callbacks
):
    """The image edit form with a new file: same Image row, new file, old renditions gone.
    The story page shows a rendition (it records its image); the sitemaps read the file
    name as a plain value of a joined table (they record the image table)."""
    from dateline.core.factories import png_file

    story = ArticlePageFactory(section=us_news, hero_image=image)
    month = f"/sitemap-articles-{story.published_at:%Y-%m}.xml"
    paths = (story.url, "/sitemap-news.xml", month)
    old_name = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    for path in paths:
        cached(path)
        assert old_name in client.get(path).content.decode(), path
    with django_capture_on_commit_callbacks(execute=True):
        image.file = png_file("harbour-new.png", size=(1200, 800), colour=(200, 40, 40))
        image._set_image_file_metadata()
        image.save()
        image.renditions.all().delete()
    for path in paths:
        body = fresh(client, path)
        assert "harbour-new" in body and old_name not in body, path


def _modified_times(html: str) -> tuple[str, str]:
    """The cached page's JSON-LD `dateModified` and its `article:modified_time`."""
    json_ld = re.search(r'"dateModified":"([^"]+)"', html)
    meta = re.search(r'<meta property="article:modified_time" content="([^"]+)">', html)
    assert json_ld and meta, "the article page names its modification time twice"
    return json_ld.group(1), meta.group(1)


def test_a_correction_moves_the_cached_pages_modification_times(
    client, cached, us_news, django_capture_on_commit_callbacks
):
    """A correction published through the service (as the admin's publish button does)
    shows "Updated …", and the page's JSON-LD and Open Graph times move with it."""
    from dateline.articles.models import ArticleCorrection
    from dateline.articles.services import revise_article
    from dateline.distribution.structured_data import iso

    story = ArticlePageFactory(section=us_news, published_at=timezone.now() - dt.timedelta(hours=3))
    cached(story.url)
    before = iso(story.published_at)
    assert _modified_times(client.get(story.url).content.decode()) == (before, before)
    with django_capture_on_commit_callbacks(execute=True):
        note = ArticleCorrection(kind="correction", text="An earlier version misnamed the port.")
        story = revise_article(story, corrections=[note])
    assert story.updated_at is not None and story.updated_at > story.published_at
    html = fresh(client, story.url)
    assert "An earlier version misnamed the port." in html and "Updated: <time" in html
    assert _modified_times(html) == (iso(story.updated_at), iso(story.updated_at))


@pytest.mark.parametrize("example", list(ELSEWHERE))
def test_the_examples_tested_elsewhere_still_are(example):
    import importlib

    for module, name in ELSEWHERE[example]:
        assert callable(getattr(importlib.import_module(module), name, None)), (module, name)
