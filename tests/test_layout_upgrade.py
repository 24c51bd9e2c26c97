"""A database laid out by main's migrations before the restructuring upgrades in place: the
same pages, the same rows, the same HTML, every content type relabelled rather than made anew.

Two starting points: main before session 7's moves (SectionPage in the sections app, the purge
outbox in core), and main as session 8 found it (the site room and the heartbeats in core, the
breaking-news banner in the newsroom)."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from wagtail.models import Page, Site

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import SectionPage
from dateline.caching.cachestore import forget_everything
from dateline.caching.models import PendingPurge
from dateline.home.models import BreakingNewsBanner
from dateline.ops.models import ServiceHeartbeat
from dateline.site.factories import MenuFactory, make_standard_page
from dateline.site.models import Menu, SiteSettings, StandardPage

# Where main stood before the moves.
BEFORE_THE_MOVES = [
    ("articles", "0009_article_embargo_index"),
    ("caching", None),
    ("core", "0005_purge_outbox_replaces_cached_dependency"),
    ("home", "0002_initial"),
    ("sections", "0001_initial"),
    ("wires", "0002_wire_uploads_private"),
]

# Where main stood at the start of session 8: the site room, the heartbeats and the banner not
# yet moved.
BEFORE_THE_SITE_ROOM = [
    ("core", "0007_newsletter_signups_moved"),
    ("home", "0003_section_block_points_to_articles"),
    ("newsroom", "0006_editor_takes_over_any_stage"),
    ("ops", None),
    ("site", None),
]
MOVED = ("sitesettings", "menu", "standardpage", "serviceheartbeat", "breakingnewsbanner")


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)


def labels(models=("sectionpage", "pendingpurge")) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT app_label, model FROM django_content_type"
            f" WHERE model IN ({', '.join(['%s'] * len(models))}) ORDER BY model",
            list(models),
        )
        return cursor.fetchall()


def pages(client, urls) -> dict[str, str]:
    cache.clear()
    forget_everything()
    ContentType.objects.clear_cache()
    return {url: client.get(url).content.decode() for url in urls}


@pytest.mark.django_db(transaction=True)
def test_the_old_layout_upgrades_in_place(client, world, us_news, page_cache_off):
    story = ArticlePageFactory(section=us_news, title="A story filed before the move")
    # A purge left to retry (the outbox writes in bulk: no signal of its own).
    (waiting,) = PendingPurge.objects.bulk_create([PendingPurge(keys=["page:1"], attempts=2)])
    urls = [world.url, us_news.url, story.url, "/"]
    before = pages(client, urls)
    assert all("A story filed before the move" in before[url] for url in urls[:3])
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    migrate(BEFORE_THE_MOVES)
    try:
        # As main leaves it: the pages' type is sections.sectionpage, the outbox core's.
        assert labels() == [("core", "pendingpurge"), ("sections", "sectionpage")]
    finally:
        migrate(latest)

    assert labels() == [("caching", "pendingpurge"), ("articles", "sectionpage")]
    assert PendingPurge.objects.values_list("keys", "attempts").get(pk=waiting.pk) == (
        ["page:1"],
        2,
    )
    assert isinstance(Page.objects.get(pk=world.pk).specific, SectionPage)
    assert list(SectionPage.objects.order_by("path").values_list("pk", flat=True)) == [
        world.pk,
        us_news.pk,
    ]
    story.refresh_from_db()
    assert (story.section_id, story.top_section_id) == (us_news.pk, world.pk)
    assert pages(client, urls) == before


@pytest.mark.django_db(transaction=True)
def test_the_site_room_and_the_banner_upgrade_in_place(client, home, world):
    site = Site.objects.get(is_default_site=True)
    site_settings = SiteSettings.for_site(site)
    site_settings.site_name = "The Upgraded Times"
    site_settings.save()
    MenuFactory(handle="main", items=[("link", {"label": "World", "page": world, "url": ""})])
    about = make_standard_page(home, "About us", intro="Who we are, since before the move.")
    banner = BreakingNewsBanner.for_site(site)
    banner.text, banner.link_url = "Polls close at eight", "/world/"
    banner.save()
    ServiceHeartbeat.objects.create(name="worker", beat_at=timezone.now())
    change_banner = Permission.objects.get(codename="change_breakingnewsbanner")
    urls = ["/", world.url, about.url]
    before = pages(client, urls)
    assert all(
        "The Upgraded Times" in html and "Polls close at eight" in html for html in before.values()
    )
    assert "Who we are, since before the move." in before[about.url]
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()

    migrate(BEFORE_THE_SITE_ROOM)
    try:
        assert labels(MOVED) == [
            ("newsroom", "breakingnewsbanner"),
            ("core", "menu"),
            ("core", "serviceheartbeat"),
            ("core", "sitesettings"),
            ("core", "standardpage"),
        ]
    finally:
        migrate(latest)

    assert labels(MOVED) == [
        ("home", "breakingnewsbanner"),
        ("site", "menu"),
        ("ops", "serviceheartbeat"),
        ("site", "sitesettings"),
        ("site", "standardpage"),
    ]
    assert isinstance(Page.objects.get(pk=about.pk).specific, StandardPage)
    assert Menu.objects.get().handle == "main"
    assert ServiceHeartbeat.objects.get().name == "worker"
    # Roles keep their rights on the moved models: the same permission row, relabelled with it.
    assert Permission.objects.get(pk=change_banner.pk).content_type.app_label == "home"
    assert pages(client, urls) == before
