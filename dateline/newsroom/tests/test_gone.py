"""Unpublished stories answer 410 Gone (or the editor's redirect) and leave every listing;
a slug change leaves a permanent redirect."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.services import unpublish_article

from .conftest import edit_form_of, edit_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world):
    return ArticlePageFactory(section=world, title="Minister resigns over leak")


def test_an_unpublished_story_answers_410_in_the_site_design(client, editor, story):
    url = story.url
    client.force_login(editor)
    unpublished = client.post(reverse("wagtailadmin_pages:unpublish", args=(story.pk,)))
    told = [str(m) for m in get_messages(unpublished.wsgi_request)]
    assert (
        f'{url} now answers 410 Gone. To send readers elsewhere instead, <a href="'
        f'{reverse("wagtailredirects:add")}">add a redirect</a> from that address.' in told
    )
    client.logout()
    response = client.get(url)
    assert response.status_code == 410
    html = response.content.decode()
    assert '<h1 class="page-title">This story is no longer available</h1>' in html
    assert 'class="site-header"' in html
    assert '<meta name="robots" content="noindex">' in html


def test_an_unpublished_story_leaves_listings_feeds_and_search_at_once(client, home, world, story):
    ArticlePageFactory(section=world, title="Another story stays")
    assert "Minister resigns over leak" in client.get(world.url).content.decode()
    unpublish_article(story)
    for url in [world.url, home.url, "/feeds/latest/rss/", "/search/?q=Minister"]:
        body = client.get(url).content.decode()
        assert "Minister resigns over leak" not in body, url
    assert "Another story stays" in client.get(world.url).content.decode()


def test_the_editor_can_send_readers_elsewhere_instead(client, world, story):
    follow_up = ArticlePageFactory(section=world, title="New minister named")
    old_url = story.url
    unpublish_article(story, redirect_to=follow_up)
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == follow_up.url


def test_a_draft_that_never_went_live_is_a_plain_404(client, world):
    draft = ArticlePageFactory(section=world, title="Not yet", publish=False)
    assert client.get(draft.url_path.replace("/home-page", "", 1)).status_code == 404


def test_a_slug_change_leaves_a_permanent_redirect(
    client, editor, story, django_capture_on_commit_callbacks
):
    old_url = story.url
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail signals after commit
        client.post(
            edit_url(story), edit_form_of(story, slug="minister-quits", **{"action-publish": "1"})
        )
    story.refresh_from_db()
    assert story.url.endswith("/minister-quits/")
    client.logout()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == story.url
    assert client.get(story.url).status_code == 200


def gone_lookups(queries) -> list[str]:
    """The withdrawn-story lookups among captured queries (its filter is unique to it)."""
    return [q["sql"] for q in queries if '"first_published_at" IS NOT NULL' in q["sql"]]


def test_the_gone_check_runs_only_on_a_404(client, story):
    """A live page pays nothing for the 410 check; a miss does, once."""
    with CaptureQueriesContext(connection) as live_page:
        assert client.get(story.url).status_code == 200
    with CaptureQueriesContext(connection) as missing_page:
        assert client.get(story.url.replace(story.slug, "no-such-story")).status_code == 404
    assert (len(gone_lookups(live_page)), len(gone_lookups(missing_page))) == (0, 1)
