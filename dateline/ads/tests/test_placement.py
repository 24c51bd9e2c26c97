"""Placement rules: which boxes a page shows, where, at what fixed size, and that a change
made in the admin reaches the cached pages."""

import re

import pytest
from django.core.exceptions import ValidationError

from dateline.ads.factories import AdPlacementFactory, AdSlotFactory
from dateline.ads.models import AdSlot
from dateline.ads.placement import paragraph_break_index
from dateline.articles.factories import ArticlePageFactory
from dateline.articles.services import revise_article
from dateline.home.models import HomePageSectionBlock
from dateline.listings.factories import make_section

from .conftest import paragraphs

pytestmark = pytest.mark.django_db

BOX = re.compile(r'<aside class="ad-slot"[^>]*data-ad-slot="([a-z-]+)"')


def boxes(html: str) -> list[str]:
    return BOX.findall(html)


def html_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_without_placements_the_article_keeps_its_labelled_boxes(client, long_story):
    html = html_of(client, long_story.url)
    assert boxes(html) == [
        "article-top",
        "article-inline",
        "article-sidebar",
        "article-sidebar-sticky",
    ]
    # fixed height per breakpoint, written in the page: nothing waits for the ad to size it
    top = re.search(r'<aside class="ad-slot"[^>]*data-ad-slot="article-top"[^>]*>', html)[0]
    assert "--ad-h:100px;--ad-h-wide:90px" in top
    assert html.count("Advertisement</span>") == 4
    # after the third paragraph (the default rule), before the fourth
    body = html[html.index("Paragraph number 3") : html.index("Paragraph number 4")]
    assert 'data-ad-slot="article-inline"' in body


def test_the_desk_moves_the_in_body_box_and_sets_its_unit_and_size(client, long_story):
    slot = AdSlotFactory(ad_unit_path="/1234/dateline/inline", height_small=260, height_large=290)
    AdPlacementFactory(position="article-inline", slot=slot, n=5)
    html = html_of(client, long_story.url)
    between = html[html.index("Paragraph number 5") : html.index("Paragraph number 6")]
    assert 'data-ad-slot="article-inline"' in between
    assert 'data-ad-unit="/1234/dateline/inline"' in between
    assert "--ad-h:260px;--ad-h-wide:290px" in between
    assert 'data-ad-margin="300"' in between
    assert "[[300, 250], [336, 280]]" in between.replace("&quot;", '"')


def test_no_box_after_the_last_paragraph_nor_in_a_short_story(client, world):
    AdPlacementFactory(position="article-inline", n=2)
    story = ArticlePageFactory(section=world, body=paragraphs(2))
    assert "article-inline" not in boxes(html_of(client, story.url))


def test_the_body_box_goes_between_blocks_never_inside_a_gallery():
    class Block:
        def __init__(self, block_type):
            self.block_type = block_type

    body = [
        Block("paragraph"),
        Block("gallery"),
        Block("image"),
        Block("paragraph"),
        Block("quote"),
    ]
    assert paragraph_break_index(body, 1) == 0
    assert paragraph_break_index(body, 2) == 3  # galleries and pictures are not counted
    assert paragraph_break_index(body, 3) is None
    assert paragraph_break_index(body[:4], 2) is None  # never after the last block


def test_a_photostory_has_no_box_in_its_body(client, world):
    story = ArticlePageFactory(section=world, body=paragraphs(6), article_type="photostory")
    assert "article-inline" not in boxes(html_of(client, story.url))


def test_a_position_turned_off_shows_nothing(client, long_story):
    AdPlacementFactory(position="article-sidebar-sticky", enabled=False)
    assert "article-sidebar-sticky" not in boxes(html_of(client, long_story.url))


def test_a_no_ads_story_shows_no_box_and_the_cached_page_follows(client, long_story):
    assert len(boxes(html_of(client, long_story.url))) == 4
    assert client.get(long_story.url)["X-Cache"] == "HIT"
    revise_article(long_story, no_ads=True)
    html = html_of(client, long_story.url)
    assert boxes(html) == []
    assert "Advertisement" not in html
    other = ArticlePageFactory(section=long_story.section, body=paragraphs(6))
    assert len(boxes(html_of(client, other.url))) == 4  # only that story


def test_a_placement_saved_in_the_admin_purges_the_cached_pages(client, long_story):
    assert "data-ad-unit" not in html_of(client, long_story.url)
    assert client.get(long_story.url)["X-Cache"] == "HIT"
    placement = AdPlacementFactory(position="article-top", slot=AdSlotFactory(ad_unit_path="/1/a"))
    assert 'data-ad-unit="/1/a"' in html_of(client, long_story.url)
    placement.slot.ad_unit_path = "/1/b"
    placement.slot.save()
    assert 'data-ad-unit="/1/b"' in html_of(client, long_story.url)
    placement.enabled = False
    placement.save()
    assert "article-top" not in boxes(html_of(client, long_story.url))


def test_home_shows_a_box_between_section_blocks_after_block_n(client, home, world, image):
    sections = [make_section(home, name) for name in ("Sports", "Tech", "Health")]
    for order, section in enumerate(sections):
        HomePageSectionBlock.objects.create(page=home, section=section, sort_order=order)
        for _ in range(4):
            ArticlePageFactory(section=section, hero_image=image)
    home.top_stories_count = home.latest_count = 2  # the blocks keep stories of their own
    home.save_revision().publish()
    assert "home-between" not in boxes(html_of(client, "/"))  # none until the desk says
    AdPlacementFactory(position="home-between", n=1)
    html = html_of(client, "/")
    blocks = [html.index(f'id="section-block-{s.pk}"') for s in sections if f"block-{s.pk}" in html]
    assert len(blocks) >= 2
    assert boxes(html).count("home-between") == 1  # after the first block only
    assert blocks[0] < html.index('"home-between"') < blocks[1]


def test_a_section_listing_shows_a_box_every_n_cards(client, world):
    for _ in range(8):  # the lead, then seven cards
        ArticlePageFactory(section=world)
    AdPlacementFactory(position="listing-inline", n=3)
    html = html_of(client, world.url)
    assert boxes(html).count("listing-inline") == 2  # after cards 3 and 6 of the seven
    assert '<li class="story-list__ad">' in html


def test_ads_switched_off_in_settings_leave_no_box(client, long_story, settings):
    settings.DATELINE_ADS = {**settings.DATELINE_ADS, "ENABLED": False}
    assert boxes(html_of(client, long_story.url)) == []


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"sizes_small": "300 by 250"}, "sizes_small"),
        ({"sizes_large": ""}, "sizes_large"),
        ({"height_small": 200}, "height_small"),  # lower than 250: the ad would be cut
    ],
)
def test_a_slot_with_bad_sizes_is_refused_with_a_message(fields, error_field):
    good = {
        "name": "Rail",
        "ad_unit_path": "/1/rail",
        "sizes_small": "300x250",
        "sizes_large": "300x250",
        "height_small": 250,
        "height_large": 250,
    }
    slot = AdSlot(**{**good, **fields})
    with pytest.raises(ValidationError) as error:
        slot.full_clean()
    assert error_field in error.value.message_dict


def test_a_counted_position_needs_n():
    placement = AdPlacementFactory.build(position="listing-inline", slot=AdSlotFactory(), n=None)
    with pytest.raises(ValidationError) as error:
        placement.full_clean()
    assert "n" in error.value.message_dict


@pytest.mark.parametrize("kind", ["topic", "author", "agency"])
def test_topic_author_and_agency_listings_show_a_box_every_n_cards(client, world, kind):
    from dateline.articles.factories import AgencyFactory, AuthorFactory

    author = AuthorFactory(name="Arjun Mehta", slug="arjun-mehta")
    agency = AgencyFactory(name="Reuters", slug="reuters", short_name="")
    for _ in range(7):
        ArticlePageFactory(section=world, tags=["Budget"], authors=[author], agency=agency)
    AdPlacementFactory(position="listing-inline", n=3)
    url = {
        "topic": "/topic/budget/",
        "author": "/author/arjun-mehta/",
        "agency": "/agency/reuters/",
    }
    html = html_of(client, url[kind])
    assert boxes(html).count("listing-inline") == 2  # after cards 3 and 6 of the seven
    assert '<li class="story-list__ad">' in html
