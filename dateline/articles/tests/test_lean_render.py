"""A story's page missed by the page cache with its fragments warm (issue 21, point 3): the
story as routed, its own content, the site and the header are cached values, each purged
by what it read. These tests prove the render then needs no query, and that every cached
part still follows a change made through the services."""

import datetime as dt

import pytest
from django.db import connection
from django.template import defaulttags
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Site

from dateline.articles.factories import ArticlePageFactory, AuthorFactory
from dateline.articles.services import revise_article
from dateline.site.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def fragments_only(settings):
    """As production renders a page its page cache missed: fragments on, page cache off."""
    settings.DATELINE_PAGE_CACHE = {
        **settings.DATELINE_PAGE_CACHE,
        "ENABLED": False,
        "FRAGMENTS": True,
    }


@pytest.fixture
def story(world, image):
    return ArticlePageFactory(
        section=world,
        title="Harbour bridge reopens after repairs",
        hero_image=image,
        authors=[AuthorFactory(name="Lena Okafor", slug="lena-okafor")],
        tags=["Transport"],
    )


@pytest.mark.usefixtures("fragments_only")
def test_a_warm_story_render_makes_no_query(client, story, django_assert_num_queries):
    client.get(story.url)  # fills the fragments and the routed story
    with django_assert_num_queries(0):
        response = client.get(story.url, {"utm_source": "feed"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Harbour bridge reopens after repairs</h1>" in html
    assert "Lena Okafor" in html and "Transport" in html and "article__hero" in html


@pytest.mark.usefixtures("fragments_only")
def test_a_revised_story_shows_its_new_headline_byline_and_topics(client, story):
    client.get(story.url)
    revise_article(
        story,
        title="Harbour bridge reopens a day early",
        tags=["Infrastructure"],
    )
    html = client.get(story.url).content.decode()
    assert "Harbour bridge reopens a day early</h1>" in html
    assert "<title>Harbour bridge reopens a day early" in html
    assert "Infrastructure" in html and "Transport" not in html


@pytest.mark.usefixtures("fragments_only")
def test_a_revised_story_reads_its_sections_from_the_cache(client, story, world):
    """A story's first request after its update rebuilds what it read, but its sections are
    cached values of their own, shared by the section's stories."""
    client.get(story.url)
    revise_article(story, title="Harbour bridge reopens to lorries")
    with CaptureQueriesContext(connection) as queries:
        html = client.get(story.url).content.decode()
    assert "Harbour bridge reopens to lorries</h1>" in html
    assert not [q for q in queries.captured_queries if 'FROM "sections_sectionpage"' in q["sql"]]


@pytest.mark.usefixtures("fragments_only")
def test_a_renamed_section_shows_on_its_stories(client, story, world):
    client.get(story.url)
    world.title = "World news"
    world.save_revision().publish()
    html = client.get(story.url).content.decode()
    assert ">World news</a>" in html.split('class="breadcrumbs"')[1]


@pytest.mark.usefixtures("fragments_only")
def test_site_settings_saved_show_on_the_next_render(client, story):
    client.get(story.url)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.site_name = "Harbour Herald"
    settings.save()
    assert "| Harbour Herald</title>" in client.get(story.url).content.decode()


@pytest.mark.usefixtures("fragments_only")
def test_a_withdrawn_story_is_gone_at_once(client, story):
    assert client.get(story.url).status_code == 200
    story.unpublish()
    assert client.get(story.url).status_code in (404, 410)


class _ClockDatetime(dt.datetime):
    """`datetime` for Django's `{% now %}`, which reads the system clock, not `timezone.now()`
    that the `clock` fixture moves."""

    @classmethod
    def now(cls, tz=None):
        return timezone.now().astimezone(tz)


def test_the_header_date_turns_at_midnight(client, story, clock, monkeypatch):
    """The header (a cached fragment) shows the date in the site's zone: it goes at midnight."""
    monkeypatch.setattr(defaulttags, "datetime", _ClockDatetime)
    zone = SiteSettings.for_site(Site.objects.get(is_default_site=True)).tzinfo
    day = story.published_at.astimezone(zone).date() + dt.timedelta(days=1)
    clock.move_to(dt.datetime.combine(day, dt.time(23, 59), tzinfo=zone))
    assert f"{day:%A, %B} {day.day}, {day.year}" in client.get(story.url).content.decode()
    day += dt.timedelta(days=1)
    clock.move_to(dt.datetime.combine(day, dt.time(0, 1), tzinfo=zone))
    assert f"{day:%A, %B} {day.day}, {day.year}" in client.get(story.url).content.decode()
