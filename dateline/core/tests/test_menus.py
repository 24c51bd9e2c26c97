import pytest
from wagtail import blocks

from dateline.core.blocks import LinkBlock
from dateline.core.factories import MenuFactory
from dateline.core.templatetags.dateline_tags import get_menu


@pytest.mark.django_db
def test_menu_resolves_pages_urls_and_groups(world, us_news):
    MenuFactory(
        handle="main",
        items=[
            ("link", {"page": world, "label": "", "url": ""}),
            ("link", {"page": None, "label": "Cricket", "url": "/topic/cricket/"}),
            (
                "group",
                {
                    "heading": "More",
                    "link": {"page": None, "label": "", "url": ""},
                    "children": [{"page": us_news, "label": "US", "url": ""}],
                },
            ),
        ],
    )
    assert get_menu("main") == [
        {"type": "link", "text": "World", "href": "/world/", "icon": "", "children": []},
        {"type": "link", "text": "Cricket", "href": "/topic/cricket/", "icon": "", "children": []},
        {
            "type": "group",
            "text": "More",
            "href": "",
            "children": [{"text": "US", "href": "/world/us-news/"}],
        },
    ]


@pytest.mark.django_db
def test_missing_menu_is_empty(home):
    assert get_menu("footer") == []


@pytest.mark.django_db
def test_menu_cache_is_refreshed_when_the_menu_is_saved(
    world, settings, django_assert_num_queries, django_capture_on_commit_callbacks
):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    menu = MenuFactory(
        handle="trending", items=[("link", {"page": world, "label": "A", "url": ""})]
    )
    assert [e["text"] for e in get_menu("trending")] == ["A"]
    with django_assert_num_queries(0):
        get_menu("trending")  # cached
    with django_capture_on_commit_callbacks(execute=True):
        menu.items = [("link", {"page": None, "label": "B", "url": "/b/"})]
        menu.save()
    assert [e["text"] for e in get_menu("trending")] == ["B"]


@pytest.mark.django_db
def test_menu_cache_is_refreshed_when_a_linked_page_changes(
    world, settings, django_capture_on_commit_callbacks
):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    MenuFactory(handle="main", items=[("link", {"page": world, "label": "", "url": ""})])
    assert [e["href"] for e in get_menu("main")] == ["/world/"]
    with django_capture_on_commit_callbacks(execute=True):
        world.slug = "globe"
        world.save_revision().publish()
    assert [e["href"] for e in get_menu("main")] == ["/globe/"]


@pytest.mark.django_db
def test_menus_render_in_header_footer_and_bottom_bar(client, home, world):
    MenuFactory(handle="main", items=[("link", {"page": world, "label": "", "url": ""})])
    MenuFactory(
        handle="trending",
        items=[("link", {"page": None, "label": "Budget", "url": "/topic/budget/"})],
    )
    MenuFactory(
        handle="footer",
        items=[
            (
                "group",
                {
                    "heading": "Quick links",
                    "link": {"page": None, "label": "", "url": ""},
                    "children": [{"page": None, "label": "Sitemap", "url": "/sitemap/"}],
                },
            )
        ],
    )
    MenuFactory(
        handle="bottom-bar",
        items=[
            ("icon_link", {"page": None, "label": "Live TV", "url": "/live-tv/", "icon": "live"})
        ],
    )
    html = client.get("/").content.decode()
    assert '<nav class="main-nav" aria-label="Main">' in html
    assert '<a href="/world/">World</a>' in html
    assert '<li><a href="/topic/budget/">Budget</a></li>' in html
    assert '<h2 class="footer-group__heading">Quick links</h2>' in html
    assert (
        '<a href="/live-tv/"><span class="icon-live" aria-hidden="true"></span>Live TV</a>' in html
    )


@pytest.mark.parametrize(
    ("value", "field", "message"),
    [
        ({"page": None, "label": "x", "url": ""}, "url", "Choose a page or give a URL."),
        ({"page": None, "label": "x", "url": "javascript:alert(1)"}, "url", "Use a path"),
        ({"page": None, "label": "", "url": "/a/"}, "label", "A label is needed"),
    ],
)
def test_link_block_refuses_bad_links(value, field, message):
    block = LinkBlock()
    with pytest.raises(blocks.StructBlockValidationError) as caught:
        block.clean(block.to_python(value))
    assert message in str(caught.value.block_errors[field])
