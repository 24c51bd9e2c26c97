import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.home.models import HomePageSectionBlock, HomePageTopStory
from dateline.listings.factories import make_section

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


def card_titles(html: str) -> list[str]:
    return [
        chunk.split('">', 1)[1].split("</a>")[0]
        for chunk in html.split('class="story__title"><a href=')[1:]
    ]


def test_home_page_renders_top_latest_and_section_blocks(client, home, world, image):
    sports = make_section(home, "Sports")
    for i in range(3):
        ArticlePageFactory(section=sports, title=f"Match report {i}", hero_image=image)
    for i in range(12):
        ArticlePageFactory(section=world, title=f"World story {i:02d}", hero_image=image)
    HomePageSectionBlock.objects.create(page=home, section=sports, sort_order=0)
    home.top_stories_count = 3
    home.latest_count = 5
    home.save()
    html = client.get("/").content.decode()
    assert 'id="top-stories-heading"' in html
    assert 'id="latest-heading"' in html
    assert '<a href="/sports/">Sports</a></h2>' in html
    block = html.split('id="section-block-')[1]
    assert "Match report 0" in block
    # below the lead, top stories are thumbnail cards on phones
    assert "story-list--grid story-list--thumbs" in html


def test_no_story_appears_twice_on_the_home_page(client, home, world, image):
    """Top stories, latest and the section blocks share one pool: each story shows once."""
    sports = make_section(home, "Sports")
    tech = make_section(home, "Tech")
    now = timezone.now()
    stories = []
    for i in range(24):
        section = (world, sports, tech)[i % 3]
        stories.append(
            ArticlePageFactory(
                section=section,
                title=f"Story {i:02d}",
                hero_image=image,
                published_at=now - dt.timedelta(minutes=i + 1),
            )
        )
    # The desk pins an older sports story: it must not come back in the Sports block.
    HomePageTopStory.objects.create(page=home, story=stories[10], sort_order=0)
    for order, section in enumerate((world, sports, tech)):
        HomePageSectionBlock.objects.create(page=home, section=section, sort_order=order)
    home.top_stories_count = 4
    home.latest_count = 5
    home.section_block_size = 3
    home.save()
    html = client.get("/").content.decode()
    titles = card_titles(html.split('<main id="main"')[1].split("</main>")[0])
    assert len(titles) == len(set(titles)) == 4 + 5 + 3 * 3
    assert titles[:4] == ["Story 10", "Story 00", "Story 01", "Story 02"]
    # latest goes on after the top stories; each block takes its newest unseen stories
    assert titles[4:9] == [f"Story {i:02d}" for i in range(3, 8)]
    assert titles[9:12] == ["Story 09", "Story 12", "Story 15"]  # World
    assert titles[12:15] == ["Story 13", "Story 16", "Story 19"]  # Sports: 10 is a top story
    assert titles[15:18] == ["Story 08", "Story 11", "Story 14"]  # Tech


def test_home_page_has_a_meta_description(client, home):
    html = client.get("/").content.decode()
    assert '<meta name="description" content="The latest news, analysis and explainers.">' in html
    home.search_description = "Breaking news and analysis from our newsroom."
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert (
        '<meta name="description" content="Breaking news and analysis from our newsroom.">' in html
    )


def test_home_page_shows_the_events_menu_as_special_coverage(client, home, world):
    from dateline.site.factories import MenuFactory

    MenuFactory(
        handle="events",
        items=[("link", {"page": None, "label": "Budget 2025", "url": "/events/budget-2025/"})],
    )
    html = client.get("/").content.decode()
    strip = html.split('aria-label="Special coverage"')[1].split("</nav>")[0]
    assert '<a href="/events/budget-2025/">Budget 2025</a>' in strip


def test_a_block_leaves_out_the_stories_of_the_blocks_above_that_share_its_stories(
    client, home, world, image
):
    """A sub-section's block under its section's block, and a section twice: each block
    still shows its newest stories not shown above (the blocks read them in one statement
    each, run again for each section: home.front)."""
    us_news = make_section(world, "US News")
    sports = make_section(home, "Sports")
    now = timezone.now()
    for i in range(16):
        ArticlePageFactory(
            section=(us_news, world, us_news, sports)[i % 4],
            title=f"Story {i:02d}",
            hero_image=image,
            published_at=now - dt.timedelta(minutes=i + 1),
        )
    for order, section in enumerate((world, us_news, sports, us_news)):
        HomePageSectionBlock.objects.create(page=home, section=section, sort_order=order)
    home.top_stories_count, home.latest_count, home.section_block_size = 1, 1, 2
    home.save()
    html = client.get("/").content.decode()
    titles = card_titles(html.split('<main id="main"')[1].split("</main>")[0])
    assert len(titles) == len(set(titles))
    assert titles[:2] == ["Story 00", "Story 01"]  # the top story, the latest
    assert titles[2:4] == ["Story 02", "Story 04"]  # World, US News included
    assert titles[4:6] == ["Story 06", "Story 08"]  # US News: 00, 02 and 04 are above
    assert titles[6:8] == ["Story 03", "Story 07"]  # Sports
    assert titles[8:] == ["Story 10", "Story 12"]  # US News again: the next two


def test_home_page_records_every_story_and_listing_it_shows(client, home, world):
    from dateline.caching.dependencies import recording

    HomePageSectionBlock.objects.create(page=home, section=world, sort_order=0)
    stories = [ArticlePageFactory(section=world) for _ in range(3)]
    with recording() as keys:
        client.get("/")
    assert {f"page:{home.pk}", "list:articles", f"list:section:{world.pk}"} <= keys
    assert {f"page:{story.pk}" for story in stories} <= keys


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_home_page_query_count_is_exact(client, home, world, image, django_assert_num_queries):
    sections = [make_section(home, name) for name in ("Sports", "Tech", "Health", "Business")]
    for i, section in enumerate(sections):
        HomePageSectionBlock.objects.create(page=home, section=section, sort_order=i)
        for _ in range(4):
            ArticlePageFactory(section=section, hero_image=image, tags=["Budget"])
    for _ in range(10):
        ArticlePageFactory(section=world, hero_image=image)
    client.get("/")
    # events strip, Shows menu, Shorts and Web Stories strips; the restriction check once per
    # request (core.visibility memoises it; it was read by each of three callers); the next
    # moment a waiting story is due, once per request (core.visibility.next_due); the ad
    # placements with their slots, once per request (dateline.ads.placement); the pictures
    # and bylines of every front-page card in one prefetch, not one per listing (42 -> 30);
    # the cards of each of the page's two fragments in their own query and prefetch, so a
    # story's change rebuilds only the fragment showing it (home.front: 30 -> 34); when both
    # fragments are built in one render, one card query and prefetch for both, each fragment
    # still recording its own cards' keys only (home.front: 34 -> 30); the cards come with
    # their pictures (`for_cards`), whose renditions are then read alone (30 -> 29)
    with django_assert_num_queries(29):
        assert client.get("/").status_code == 200
