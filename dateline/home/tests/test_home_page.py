import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.home.models import HomePageSectionBlock, HomePageTopStory
from dateline.sections.factories import make_section

pytestmark = pytest.mark.django_db


def test_top_stories_follow_editor_order_then_fill_with_latest(home, world):
    now = timezone.now()
    old_pick = ArticlePageFactory(
        section=world, title="Old pick", published_at=now - dt.timedelta(days=3)
    )
    second_pick = ArticlePageFactory(
        section=world, title="Second pick", published_at=now - dt.timedelta(days=2)
    )
    ArticlePageFactory(section=world, title="Newest", published_at=now - dt.timedelta(minutes=1))
    HomePageTopStory.objects.create(page=home, story=old_pick, sort_order=0)
    HomePageTopStory.objects.create(page=home, story=second_pick, sort_order=1)
    home.top_stories_count = 3
    home.save()
    assert [s.title for s in home.top_stories_list()] == ["Old pick", "Second pick", "Newest"]


def test_expired_pins_drop_off_and_live_pins_stay(home, world):
    now = timezone.now()
    expired = ArticlePageFactory(
        section=world, title="Expired pin", published_at=now - dt.timedelta(days=1)
    )
    pinned = ArticlePageFactory(
        section=world, title="Pinned", published_at=now - dt.timedelta(days=2)
    )
    HomePageTopStory.objects.create(
        page=home, story=expired, sort_order=0, pinned_until=now - dt.timedelta(minutes=1)
    )
    HomePageTopStory.objects.create(
        page=home, story=pinned, sort_order=1, pinned_until=now + dt.timedelta(hours=1)
    )
    home.top_stories_count = 1
    home.save()
    assert [s.title for s in home.top_stories_list()] == ["Pinned"]


def test_unpublished_picks_are_skipped(home, world):
    draft = ArticlePageFactory(section=world, title="Draft pick", publish=False)
    live = ArticlePageFactory(section=world, title="Live story")
    HomePageTopStory.objects.create(page=home, story=draft, sort_order=0)
    home.top_stories_count = 1
    home.save()
    assert [s.title for s in home.top_stories_list()] == [live.title]


def test_home_page_renders_top_latest_and_section_blocks(client, home, world, image):
    sports = make_section(home, "Sports")
    for i in range(3):
        ArticlePageFactory(section=sports, title=f"Match report {i}", hero_image=image)
    for i in range(12):
        ArticlePageFactory(section=world, title=f"World story {i:02d}", hero_image=image)
    HomePageSectionBlock.objects.create(page=home, section=sports, sort_order=0)
    html = client.get("/").content.decode()
    assert 'id="top-stories-heading"' in html
    assert 'id="latest-heading"' in html
    assert '<a href="/sports/">Sports</a></h2>' in html
    block = html.split('id="section-block-')[1]
    assert "Match report 2" in block
    # no story appears in both the top stories and the latest list
    top = html.split('id="top-stories-heading"')[1].split('id="latest-heading"')[0]
    latest = html.split('id="latest-heading"')[1].split("</section>")[0]
    for i in range(12):
        title = f"World story {i:02d}"
        assert not (title in top and title in latest)


def test_home_page_query_count_is_exact(client, home, world, image, django_assert_num_queries):
    sections = [make_section(home, name) for name in ("Sports", "Tech", "Health", "Business")]
    for i, section in enumerate(sections):
        HomePageSectionBlock.objects.create(page=home, section=section, sort_order=i)
        for _ in range(4):
            ArticlePageFactory(section=section, hero_image=image, tags=["Budget"])
    for _ in range(10):
        ArticlePageFactory(section=world, hero_image=image)
    client.get("/")
    with django_assert_num_queries(35):
        assert client.get("/").status_code == 200
