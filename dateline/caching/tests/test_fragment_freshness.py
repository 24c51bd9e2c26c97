"""Cached fragments (here a story's head tags) are dropped with the pages that showed them:
a page rendered after a change never carries a stale fragment."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dateline.site.models import SiteSettings

from .test_purge import republish


def og(html: str, name: str) -> str:
    marker = f'property="og:{name}" content="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def og_title(html: str) -> str:
    return og(html, "title")


def og_image(html: str) -> str:
    return og(html, "image")


def test_a_story_head_is_cached_then_follows_an_edit(
    client, tree, django_capture_on_commit_callbacks, settings
):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": False}
    settings.DATELINE_PAGE_CACHE["FRAGMENTS"] = True  # pages render, fragments are kept
    client.get(tree.b.url)
    with CaptureQueriesContext(connection) as warm:
        client.get(tree.b.url)
    settings.DATELINE_PAGE_CACHE["FRAGMENTS"] = False
    with CaptureQueriesContext(connection) as cold:
        client.get(tree.b.url)
    assert len(warm) < len(cold)  # the head (and the rails) came from the cache
    settings.DATELINE_PAGE_CACHE["FRAGMENTS"] = True

    with django_capture_on_commit_callbacks(execute=True):
        republish(tree.b, title="Tariffs eased further")
    assert og_title(client.get(tree.b.url).text) == "Tariffs eased further"

    logo = og_image(client.get(tree.b.url).text)  # no hero yet: the publisher's logo
    with django_capture_on_commit_callbacks(execute=True):
        tree.b.hero_image = tree.a.hero_image
        republish(tree.b)
    assert og_image(client.get(tree.b.url).text) not in ("", logo)

    site_settings = SiteSettings.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.site_name = "The Daily Dateline"
        site_settings.save()
    assert '"name":"The Daily Dateline"' in client.get(tree.b.url).text


def test_a_preview_never_reads_or_fills_the_story_head_fragment(client, tree):
    client.get(tree.b.url)  # the live head is cached
    draft = tree.b.get_latest_revision_as_object()
    draft.title = "A draft headline"

    preview = draft.make_preview_request()

    assert og_title(preview.rendered_content) == "A draft headline"
    assert og_title(client.get(tree.b.url).text) == "Tariffs eased"


def test_cached_search_results_follow_new_and_withdrawn_stories(
    client, tree, settings, django_capture_on_commit_callbacks
):
    from dateline.articles import services
    from dateline.articles.factories import ArticlePageFactory

    settings.DATELINE_PAGE_CACHE = {
        **settings.DATELINE_PAGE_CACHE, "ENABLED": False, "FRAGMENTS": True,
    }  # fmt: skip
    assert client.get("/search/?q=tariffs").context["total"] == 1
    with CaptureQueriesContext(connection) as warm:
        assert client.get("/search/?q=tariffs").context["total"] == 1
    assert not any("_score" in query["sql"] for query in warm.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        fresh = ArticlePageFactory(section=tree.world, title="Tariffs rise again")
    assert client.get("/search/?q=tariffs").context["total"] == 2

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(fresh)
    assert client.get("/search/?q=tariffs").context["total"] == 1


def test_listing_fragments_follow_new_and_withdrawn_stories(
    client, tree, settings, django_capture_on_commit_callbacks
):
    from dateline.articles import services
    from dateline.articles.factories import ArticlePageFactory

    settings.DATELINE_PAGE_CACHE = {
        **settings.DATELINE_PAGE_CACHE, "ENABLED": False, "FRAGMENTS": True,
    }  # fmt: skip
    month = tree.b.get_parent().url
    paths = [tree.world.url, "/topic/trade/", month, tree.sport.url]
    for path in paths:
        client.get(path)
    with CaptureQueriesContext(connection) as warm:
        client.get(tree.world.url)
    assert not any("articles_articlepage" in q["sql"] for q in warm.captured_queries)
    assert client.get(tree.world.url + "?page=2").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        fresh = ArticlePageFactory(section=tree.world, title="Port strike ends", tags=["Trade"])
    for path in paths[:3]:
        assert "Port strike ends" in client.get(path).text, path

    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(fresh)
    for path in paths[:3]:
        assert "Port strike ends" not in client.get(path).text, path

    with django_capture_on_commit_callbacks(execute=True):
        republish(tree.b, title="Tariffs eased for good")
    for path in paths[:3]:
        assert "Tariffs eased for good" in client.get(path).text, path


def test_cached_feed_entries_follow_edits_and_new_stories(
    client, tree, settings, django_capture_on_commit_callbacks
):
    from dateline.articles.factories import ArticlePageFactory

    settings.DATELINE_PAGE_CACHE = {
        **settings.DATELINE_PAGE_CACHE, "ENABLED": False, "FRAGMENTS": True,
    }  # fmt: skip
    feed = "/feeds/latest/rss/"
    client.get(feed)
    with CaptureQueriesContext(connection) as warm:
        assert "Tariffs eased" in client.get(feed).text
    assert not any("articles_articlepageauthor" in q["sql"] for q in warm.captured_queries)

    with django_capture_on_commit_callbacks(execute=True):
        republish(tree.b, title="Tariffs eased at last")
        ArticlePageFactory(section=tree.world, title="Ferry routes reopen")
    text = client.get(feed).text
    assert "Tariffs eased at last" in text and "Ferry routes reopen" in text
