"""Story cards drawn cheaply (issue 21 point 3): a link without Wagtail's `reverse()` per
page, the sites' root paths read once for all the cards of a listing, and the card's picture
without a write to Wagtail's rendition cache. Each must give exactly what Wagtail gives."""

from unittest import mock

import pytest
from django.template import Context, Template
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArticlePage
from dateline.articles.models.queryset import prefetch_cards
from dateline.core import page_urls

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(world, image):
    return ArticlePageFactory(section=world, title="Harbour bridge reopens", hero_image=image)


def test_page_addresses_are_wagtails_own(home, world, us_news, story, rf):
    unicode_story = ArticlePageFactory(section=us_news, title="Ünïcode", slug="über-straße")
    for page in (home, world, us_news, story, unicode_story):
        page = Page.objects.get(pk=page.pk).specific
        assert page.get_url_parts() == Page.get_url_parts(page)
        assert page.get_url_parts(rf.get("/")) == Page.get_url_parts(page, rf.get("/"))
    assert "%C3%BCber-stra%C3%9Fe/" in unicode_story.url


def test_a_card_link_reverses_nothing(story):
    expected = Page.get_url_parts(story)[2]
    page_urls.serve_prefix()  # the one reverse, per script prefix and URLconf
    with mock.patch("wagtail.models.pages.reverse", side_effect=AssertionError("reversed")):
        assert ArticlePage.objects.get(pk=story.pk).url == expected


def test_a_page_wagtail_alone_can_place_falls_back(story, settings):
    settings.WAGTAIL_I18N_ENABLED = True
    assert page_urls.page_url_parts(story) is None
    assert story.get_url_parts() == Page.get_url_parts(story)


def test_cards_of_a_listing_read_the_sites_root_paths_once(world, image):
    for _ in range(3):
        ArticlePageFactory(section=world, hero_image=image)
    stories = list(ArticlePage.objects.published().for_listing(prefetch=False))
    with mock.patch.object(Site, "get_site_root_paths", wraps=Site.get_site_root_paths) as read:
        prefetch_cards(stories)
        urls = [story.url for story in stories]
    assert read.call_count == 1
    assert urls == [Page.get_url_parts(story)[2] for story in stories]


def test_card_picture_is_wagtails_tag_without_a_cache_write(story):
    card = ArticlePage.objects.published().for_listing().get(pk=story.pk)
    rendition_model = get_image_model().get_rendition_model()
    wagtails = Template(
        '{% load wagtailimages_tags %}{% image image fill-480x270 loading="lazy" alt="" %}'
    ).render(Context({"image": card.hero_image}))
    with mock.patch.object(rendition_model.cache_backend, "set") as cache_write:
        ours = Template(
            '{% load card_tags %}{% card_image image "fill-480x270" loading="lazy" alt="" %}'
        ).render(Context({"image": card.hero_image}))
    assert ours == wagtails
    assert "fill-480x270" in ours or "width=" in ours
    cache_write.assert_not_called()


def test_card_picture_without_its_rendition_is_made_as_wagtail_makes_it(image):
    fresh = get_image_model().objects.get(pk=image.pk)  # nothing prefetched
    html = Template('{% load card_tags %}{% card_image image "fill-240x135" alt="" %}').render(
        Context({"image": fresh})
    )
    assert 'width="240"' in html and 'height="135"' in html
    assert (
        Template('{% load card_tags %}{% card_image None "fill-240x135" %}').render(Context()) == ""
    )


def test_cards_load_only_the_card_sizes_of_their_pictures(story):
    for spec in ("fill-480x270", "fill-1200x630", "width-960"):
        story.hero_image.get_rendition(spec)
    stories = list(ArticlePage.objects.published().for_listing(prefetch=False))
    prefetch_cards(stories)
    loaded = {r.filter_spec for r in stories[0].hero_image.prefetched_renditions}
    assert loaded == {"fill-480x270"}


def test_card_picture_tag_is_wagtails_string_for_any_attributes(image):
    from dateline.articles.templatetags.card_tags import img_tag

    rendition = image.get_rendition("fill-240x135")
    for extra in (
        {},
        {"alt": 'A "quoted" <caption> & more', "loading": "lazy"},
        {"class": "x", "hidden": True, "draggable": False, "title": None},
    ):
        assert img_tag(rendition, extra) == rendition.img_tag(extra)
