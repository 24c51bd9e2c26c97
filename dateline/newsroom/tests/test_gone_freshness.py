"""301 and 410 answers are cached and depend on what produced them (the story, the
redirects, the routing, the page a redirect points to); 404s are never stored."""

from __future__ import annotations

import pytest
from wagtail.contrib.redirects.models import Redirect

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.services import unpublish_article
from dateline.site.factories import make_standard_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache(page_cache_on):
    return page_cache_on


@pytest.fixture
def story(world):
    return ArticlePageFactory(section=world, title="Minister resigns over leak")


def cached(client, url: str, status: int):
    """`url` answers `status`, and the second request is a hit."""
    first = client.get(url)
    assert first.status_code == status, (url, first.status_code)
    again = client.get(url)
    assert (again.status_code, again["X-Cache"]) == (status, "HIT"), url
    return again


def test_a_withdrawn_story_that_is_republished_stops_answering_410_at_once(
    client, story, django_capture_on_commit_callbacks
):
    url = story.url
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_article(story)
    cached(client, url, 410)

    with django_capture_on_commit_callbacks(execute=True):
        story.save_revision().publish()

    response = client.get(url)
    assert response.status_code == 200
    assert "Minister resigns over leak" in response.text


def test_a_redirect_added_for_a_withdrawn_story_replaces_the_cached_410(
    client, world, story, django_capture_on_commit_callbacks
):
    follow_up = ArticlePageFactory(section=world, title="New minister named")
    url = story.url
    with django_capture_on_commit_callbacks(execute=True):
        unpublish_article(story)
    cached(client, url, 410)

    with django_capture_on_commit_callbacks(execute=True):
        Redirect.objects.create(old_path=Redirect.normalise_path(url), redirect_page=follow_up)

    response = client.get(url)
    assert (response.status_code, response["Location"]) == (301, follow_up.url)


def test_a_cached_redirect_follows_the_page_it_points_to_and_its_removal(
    client, home, world, story, django_capture_on_commit_callbacks
):
    about = make_standard_page(home, "About us")
    with django_capture_on_commit_callbacks(execute=True):
        redirect = Redirect.objects.create(old_path="/old-about", redirect_page=about)
    assert cached(client, "/old-about/", 301)["Location"] == about.url

    with django_capture_on_commit_callbacks(execute=True):
        about.slug = "who-we-are"
        about.save_revision().publish()
    assert client.get("/old-about/")["Location"] == "/who-we-are/"

    cached(client, "/old-about/", 301)
    with django_capture_on_commit_callbacks(execute=True):
        redirect.delete()
    assert client.get("/old-about/").status_code == 404


def test_a_slug_changed_back_takes_effect_at_once(
    client, story, django_capture_on_commit_callbacks
):
    first_url = story.url
    with django_capture_on_commit_callbacks(execute=True):
        story.slug = "minister-quits"
        story.save_revision().publish()
    story.refresh_from_db()
    second_url = story.url
    cached(client, first_url, 301)
    cached(client, second_url, 200)

    with django_capture_on_commit_callbacks(execute=True):
        story.slug = "minister-resigns-over-leak"
        story.save_revision().publish()

    assert client.get(first_url).status_code == 200
    back = client.get(second_url)
    assert (back.status_code, back["Location"]) == (301, first_url)


def test_a_404_is_never_stored_and_a_page_published_there_shows_at_once(
    client, home, django_capture_on_commit_callbacks
):
    missing = client.get("/coming-soon/")
    assert (missing.status_code, missing["X-Cache"]) == (404, "BYPASS")
    assert missing["Cache-Control"] == "no-cache"  # front caches keep it no more than we do

    with django_capture_on_commit_callbacks(execute=True):
        make_standard_page(home, "Coming soon")

    assert client.get("/coming-soon/").status_code == 200
