"""Every change purges exactly the pages that showed what changed, in the page cache and in
the front cache (Wagtail's frontend-cache backends, here a recording one)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles import services
from dateline.articles.factories import ArticlePageFactory
from dateline.caching import backends
from dateline.site.models import Menu, SiteSettings

ARTICLES = {"a", "b", "c", "d"}  # every story page shows Latest News and Top Stories
SECTIONS = {"world", "us-news", "sport"}  # and so does every section page's right column
SITEMAPS = {"sitemap", "news-sitemap"}


def republish(story, **changes):
    for field, value in changes.items():
        setattr(story, field, value)
    story.save_revision().publish()


def front_purged(tree, names: set[str]) -> set[str]:
    """The tree's pages among the URLs the front cache was told to purge."""
    urls = {url.split("://", 1)[-1].split("/", 1)[-1] for url in backends.PURGED}
    return {name for name, path in tree.paths.items() if path.lstrip("/") in urls} & names


def test_an_edit_purges_the_story_and_the_pages_showing_its_card(
    tree, warm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        republish(tree.d, dek="The derby moves to Sunday.")
    expected = {"d", "home", "feed-latest", "feed-sport"} | ARTICLES | SECTIONS | SITEMAPS
    assert warm() == expected
    assert front_purged(tree, set(tree.paths)) == expected


def test_a_new_story_purges_its_listings_and_no_other(
    tree, warm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ArticlePageFactory(section=tree.us_news, title="Turnout record", tags=["Elections"])
    assert warm() == {
        "home", "topic-elections", "feed-latest", "feed-elections",
    } | ARTICLES | SECTIONS | SITEMAPS  # fmt: skip


def test_unpublishing_purges_every_listing_it_was_in(
    tree, warm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.unpublish_article(tree.a)
    purged = warm()
    assert purged == {
        "a", "home", "topic-elections", "author", "feed-latest", "feed-elections",
    } | ARTICLES | SECTIONS | SITEMAPS  # fmt: skip


def test_retagging_purges_the_old_and_the_new_topic(tree, warm, django_capture_on_commit_callbacks):
    tree.b.tags.set(["Elections"])
    with django_capture_on_commit_callbacks(execute=True):
        tree.b.save_revision().publish()
    purged = warm()
    assert {"topic-trade", "topic-elections", "feed-elections", "b"} <= purged
    assert {"about", "agency", "author", "robots"}.isdisjoint(purged)


def test_renaming_an_author_purges_the_pages_with_their_byline(
    tree, warm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tree.author.name = "Priya N. Rao"
        tree.author.save()
    purged = warm()
    assert {"a", "author", "home", "world", "us-news", "topic-elections"} <= purged
    assert {"topic-trade", "about", "agency", "feed-sport", "robots"}.isdisjoint(purged)


def test_a_menu_edit_purges_the_pages_that_show_menus_only(
    tree, warm, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        Menu.objects.create(handle="footer-legal", title="Legal", items=[])
    purged = warm()
    assert {"home", "about", "a", "sport", "topic-trade"} <= purged
    assert purged.isdisjoint({"feed-latest", "feed-sport", "sitemap", "news-sitemap", "robots"})


def test_a_section_rename_purges_its_trail_and_cards(
    tree, warm, django_capture_on_commit_callbacks
):
    tree.sport.title = "Sports"
    with django_capture_on_commit_callbacks(execute=True):
        tree.sport.save_revision().publish()
    purged = warm()
    assert {"sport", "c", "d", "home", "feed-sport"} <= purged
    # (World and US News show Sport's stories in their right column: purged too)
    assert {"topic-elections", "author", "about"}.isdisjoint(purged)


def test_site_settings_purge_every_page(tree, warm, django_capture_on_commit_callbacks):
    site_settings = SiteSettings.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        site_settings.tagline = "All the news"
        site_settings.save()
    assert warm() >= set(tree.paths) - {"robots"}


def test_an_embargo_that_lifts_purges_the_listings(tree, warm, django_capture_on_commit_callbacks):
    """No publication event happens when an embargo lifts: the scheduler's sweep purges."""
    story = tree.d
    before = timezone.now() - dt.timedelta(minutes=5)
    type(story).objects.filter(pk=story.pk).update(embargo_until=before + dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        released = services.release_due_stories(before, timezone.now())
    assert released == [story.pk]
    assert {"sport", "home", "feed-latest", "d"} <= warm()


@pytest.mark.parametrize("change", ["draft", "schedule"])
def test_drafts_and_schedules_purge_nothing(tree, warm, change, django_capture_on_commit_callbacks):
    story = tree.c
    story.title = "A headline nobody sees yet"
    with django_capture_on_commit_callbacks(execute=True):
        revision = story.save_revision()
        if change == "schedule":
            story.go_live_at = timezone.now() + dt.timedelta(hours=2)
            story.save_revision().publish()
    assert warm() == set()
    assert revision.pk
