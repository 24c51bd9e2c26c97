"""`dateline demo`: the whole newsroom, loaded twice without a single change the second time."""

import datetime as dt
import io
import json
from functools import partial

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, Revision, Site

from dateline.articles.models import ArticlePage, SectionPage
from dateline.demo import images
from dateline.demo.loader import HOME_TOP_STORIES, ensure_admin, load_demo
from dateline.home.models import HomePage
from dateline.listings.models import EventPage
from dateline.live.models import LiveBlogPage
from dateline.site.models import Menu, SiteSettings
from dateline.wires.models import WireSource, WireStory

EXPECTED_COUNTS = {
    "sections": 17,
    # 120 written stories + 4 from the demo wire sources + 2 photo galleries + 2 live blogs
    "articles": 128,
    "shorts": 26,  # 20 drafted by the summariser + 6 written (content/shorts.py)
    "web stories": 3,
    "authors": 8,
    "agencies": 3,
    "tags": 36,  # 30 + the wire items' subjects
    "events": 2,
    "standard pages": 6,
    "menus": 9,
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path, monkeypatch):
    """Pictures go to a temporary folder, drawn small: their size is tested in test_images."""
    settings.MEDIA_ROOT = tmp_path
    settings.DATELINE_WIRE_DROP_ROOT = tmp_path / "wire-drop"  # the demo drops files and polls
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"  # what `make run` exports
    monkeypatch.setattr(images, "draw_hero", partial(images.draw_hero, size=(160, 90)))
    monkeypatch.setattr(images, "draw_portrait", partial(images.draw_portrait, size=(60, 60)))


def _snapshot() -> dict:
    """Everything a second run could change, in comparable form."""
    return {
        "pages": list(Page.objects.order_by("path").values_list("path", "slug", "live")),
        "revisions": Revision.objects.count(),
        # Rows in a fixed order and JSON with sorted keys: PostgreSQL returns updated rows and
        # jsonb keys in an order of its own.
        "menus": [
            (handle, title, json.dumps(list(items.raw_data), sort_keys=True))
            for handle, title, items in Menu.objects.order_by("handle").values_list(
                "handle", "title", "items"
            )
        ],
        "settings": list(SiteSettings.objects.values()),
        "users": list(
            get_user_model().objects.order_by("username").values_list("username", "password")
        ),
        "home": list(
            HomePage.objects.get().top_stories.values_list("story_id", "pinned_until", "sort_order")
        ),
    }


def test_demo_builds_the_newsroom_and_a_second_run_changes_nothing(desk_roles):
    counts = load_demo()
    before = _snapshot()

    counts_again = load_demo()

    assert counts == counts_again
    assert {name: counts[name] for name in EXPECTED_COUNTS} == EXPECTED_COUNTS
    assert _snapshot() == before

    _check_sections_and_stories()
    _check_home_curation()
    _check_events_menus_and_settings()
    _check_shorts_web_stories_and_galleries()
    _check_wire_sources_and_bylines()
    _check_home_shorts_strip()


def _check_home_shorts_strip() -> None:
    """The home page draws its Shorts strip: Shorts of stories it does not show above (the
    summariser's Shorts are all of stories the front page shows)."""
    from django.test import Client

    from dateline.demo.content.shorts import WRITTEN_SHORTS
    from dateline.shorts.models import ShortPage

    html = Client().get("/").content.decode()
    assert 'class="container shorts-strip"' in html
    strip = html.split('class="container shorts-strip"')[1].split("</section>")[0]
    in_strip = {short.title for short in ShortPage.objects.live() if short.url in strip}
    assert {spec.title for spec in WRITTEN_SHORTS} <= in_strip


def _check_wire_sources_and_bylines() -> None:
    # Each source was read by the poller when the demo loaded: the desk says OK truthfully.
    for source in WireSource.objects.all():
        assert source.healthy and source.last_success_at is not None, source.name
        assert source.last_error == ""
    assert WireStory.objects.count() == 4
    # The demo reporter writes under a byline of their own.
    reporter = get_user_model().objects.get(username="reporter")
    assert reporter.author_profile.slug == "rohit-mehra"
    editor = get_user_model().objects.get(username="editor")
    assert editor.author_profile.slug == "farah-siddiqui"


def _check_sections_and_stories() -> None:
    world = SectionPage.objects.get(slug="world")
    published = ArticlePage.objects.published()
    assert published.count() == 128
    assert published.in_section(world).count() >= 45
    for section in SectionPage.objects.all():
        assert section.stories().exists(), section.title
    # Wire copy arrives without pictures (agency images are listed, not fetched).
    wire_ids = WireStory.objects.values("article_id")
    assert ArticlePage.objects.filter(hero_image__isnull=True).exclude(pk__in=wire_ids).count() == 0
    assert WireStory.objects.filter(state="updated").count() == 1
    assert ArticlePage.objects.filter(hero_alt="").exclude(pk__in=wire_ids).count() == 0
    # A wire story without the agency's own summary has no dek (its first paragraph is the
    # search description instead, so readers do not read it twice); every other story has one.
    assert ArticlePage.objects.filter(dek="").exclude(pk__in=wire_ids).count() == 0
    without_dek = ArticlePage.objects.filter(dek="", pk__in=wire_ids)
    assert without_dek.exclude(search_description="").count() == 4
    recent = timezone.now() - dt.timedelta(hours=48)
    # 12 + 4 wire stories + the live match (live blogs: dateline/demo/tests/test_live_demo.py)
    assert published.filter(published_at__gte=recent).count() == 17
    assert ArticlePage.objects.exclude(updated_at=None).count() >= 10
    live_ids = LiveBlogPage.objects.values("pk")  # entries instead of a body
    for story in ArticlePage.objects.exclude(pk__in=wire_ids).exclude(pk__in=live_ids):
        assert 3 <= len(story.body) <= 7, story.title
        assert story.get_parent().specific_class.__name__ == "ArchiveMonthPage"
    photostory = ArticlePage.objects.filter(article_type="photostory").first()
    assert sum(1 for block in photostory.body if block.block_type == "image") >= 3
    for explainer in ArticlePage.objects.filter(article_type="explainer"):
        assert any(block.block_type == "fact_box" for block in explainer.body), explainer.title
    assert [p for problems in Page.find_problems() for p in problems] == []


def _check_home_curation() -> None:
    home = HomePage.objects.get()
    site = Site.objects.get(is_default_site=True)
    assert (site.root_page_id, site.hostname, site.port) == (home.pk, "127.0.0.1", 8000)
    shown = [story.title for story in home.top_stories_list()[:5]]
    expected = [headline for headline, hours in HOME_TOP_STORIES if hours is None or hours > 0]
    assert shown == expected
    expired = next(headline for headline, hours in HOME_TOP_STORIES if hours and hours < 0)
    assert expired not in [story.title for story in home.top_stories_list()]
    assert home.section_blocks.count() == 8


def _check_events_menus_and_settings() -> None:
    for event in EventPage.objects.all():
        assert event.url.startswith("/events/")
        assert event.lead_story is not None
        assert event.picks.count() == 3
        tagged = ArticlePage.objects.published().tagged(event.tag_id)
        assert event.lead_story in tagged
        assert tagged.count() >= 5, event.title
    footer_legal = Menu.objects.get(handle="footer-legal").resolved
    assert [entry["text"] for entry in footer_legal] == [
        "About Dateline",
        "Contact us",
        "Privacy Policy",
        "Cookie Policy",
        "Terms of Use",
        "Advertise with us",
        "Sitemap",
    ]
    assert all(entry["href"] for entry in footer_legal)
    bottom = Menu.objects.get(handle="bottom-bar").resolved
    assert [entry["icon"] for entry in bottom] == ["home", "video", "shorts", "live", "search"]
    hrefs = {entry["text"]: entry["href"] for entry in bottom}
    assert (hrefs["Video"], hrefs["Shorts"], hrefs["Live TV"]) == (
        "/video/",
        "/shorts/",
        "/live-tv/",
    )
    shows = Menu.objects.get(handle="shows").resolved
    assert [entry["href"] for entry in shows] == [
        "/shows/ground-report/",
        "/shows/money-matters/",
        "/shows/full-time/",
    ]
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    assert settings.site_name == "Dateline"
    assert settings.language == "en"
    assert len(settings.network_sites) == 4
    assert settings.preferred_source_url.endswith("dateline.example.com")


def _check_shorts_web_stories_and_galleries() -> None:
    from dateline.shorts.models import ShortPage
    from dateline.shorts.text import count_words
    from dateline.stories.models import WebStoryPage

    shorts = ShortPage.objects.live()
    assert shorts.count() == 26
    for short in shorts:
        assert 0 < count_words(short.body) <= 60, short.title
        assert short.story is not None and short.story.live
    for story in WebStoryPage.objects.live():
        assert 5 <= len(story.pages) <= 30
        assert story.poster_image_id is not None
    galleries = [
        story
        for story in ArticlePage.objects.filter(article_type="photostory")
        if any(block.block_type == "gallery" for block in story.body)
    ]
    assert len(galleries) == 2
    for story in galleries:
        gallery = next(block for block in story.body if block.block_type == "gallery")
        assert len(gallery.value["images"]) == 6
        assert all(item["caption"] and item["credit"] for item in gallery.value["images"])


def test_demo_keeps_a_changed_admin_password(desk_roles):
    ensure_admin()
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser
    assert admin.check_password("dateline-admin")
    admin.set_password("changed-by-the-desk")
    admin.save()

    ensure_admin()

    admin.refresh_from_db()
    assert admin.check_password("changed-by-the-desk")
    assert get_user_model().objects.count() == 1


def test_print_logins_lists_existing_demo_users_and_writes_nothing(db):
    output = io.StringIO()
    call_command("demo", print_logins=True, stdout=output)
    assert output.getvalue().splitlines() == [
        "Admin: http://127.0.0.1:8000/admin/",
        "  No demo users yet: run `dateline demo` first.",
    ]
    assert get_user_model().objects.count() == 0

    ensure_admin()
    output = io.StringIO()
    call_command("demo", print_logins=True, stdout=output)
    assert output.getvalue().splitlines() == [
        "Admin: http://127.0.0.1:8000/admin/",
        "  admin / dateline-admin  Superuser: everything in the admin",
    ]
    assert ArticlePage.objects.count() == 0


def test_demo_content_is_searchable_without_a_task_worker(world, settings):
    """Index updates wait in the task queue; the demo indexes its content itself."""
    from dateline.articles.factories import ArticlePageFactory
    from dateline.demo.loader import index_demo_content

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    story = ArticlePageFactory(section=world, title="Glacier lakes swell in the Karakoram")
    assert list(ArticlePage.objects.live().search("glacier")) == []

    index_demo_content()

    assert list(ArticlePage.objects.live().search("glacier")) == [story]


def test_the_demo_refuses_to_load_under_the_production_settings(settings):
    from django.core.management import CommandError, call_command

    settings.DATELINE_ENVIRONMENT = "production"
    with pytest.raises(CommandError, match="does not load under the production settings"):
        call_command("demo")
