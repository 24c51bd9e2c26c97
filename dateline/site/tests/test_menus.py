import pytest
from wagtail import blocks

from dateline.core.blocks import LinkBlock
from dateline.site.factories import MenuFactory
from dateline.site.templatetags.site_tags import get_menu


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


def link(label: str, url: str) -> tuple[str, dict]:
    return ("link", {"page": None, "label": label, "url": url})


@pytest.mark.django_db
def test_events_and_quick_topics_menus_are_rendered(client, home):
    MenuFactory(handle="events", items=[link("Budget 2025", "/events/budget-2025/")])
    MenuFactory(handle="quick-topics", items=[link("Monsoon", "/topic/monsoon/")])
    html = client.get("/").content.decode()
    drawer = html.split('<nav class="drawer" aria-label="All sections">')[1].split("</nav>")[0]
    assert "<li><span>Events</span>" in drawer
    assert '<li><a href="/events/budget-2025/">Budget 2025</a></li>' in drawer
    assert "<li><span>Topics</span>" in drawer
    assert '<li><a href="/topic/monsoon/">Monsoon</a></li>' in drawer
    footer = html.split('<footer class="site-footer">')[1]
    topics = footer.split('aria-label="Popular topics"')[1].split("</nav>")[0]
    assert '<li><a href="/topic/monsoon/">Monsoon</a></li>' in topics


@pytest.mark.django_db
def test_main_navigation_groups_open_as_native_dropdowns(client, world, us_news):
    MenuFactory(
        handle="main",
        items=[
            (
                "group",
                {
                    "heading": "World",
                    "link": {"page": world, "label": "", "url": ""},
                    "children": [{"page": us_news, "label": "", "url": ""}],
                },
            ),
            link("Opinion", "/opinion/"),
        ],
    )
    html = client.get("/").content.decode()
    nav = html.split('<nav class="main-nav" aria-label="Main">')[1].split("</nav>")[0]
    world_item = nav.split('<li class="main-nav__item main-nav__item--parent">')[1]
    world_item = world_item.split("</details>")[0]
    assert '<a href="/world/">World</a>' in world_item
    assert '<details class="main-nav__sub">' in world_item
    assert '<summary><span class="visually-hidden">World: sub-sections</span></summary>' in (
        world_item
    )
    assert '<li><a href="/world/us-news/">US News</a></li>' in world_item
    assert nav.count("<details") == 1  # a plain link gets no drop-down


@pytest.mark.django_db
def test_rendered_menus_record_their_handles(client, home):
    from dateline.caching.dependencies import recording

    MenuFactory(handle="events", items=[link("A", "/a/")])
    with recording() as keys:
        client.get("/")
    assert {"list:menu:events", "list:menu:quick-topics", "list:menu:main"} <= keys


@pytest.mark.django_db
def test_all_menus_resolve_in_two_queries_as_the_blocks_do(
    world, us_news, settings, django_assert_num_queries
):
    """One query for the menus, one for every page they link to (it was two per menu or
    more), with the entries the StreamField's own blocks give (`Menu.resolved`): labels and
    titles, icons and their default, groups, and a link whose page is gone left out."""
    from django.core.cache import cache
    from wagtail.models import Site

    from dateline.site.menus import all_menus
    from dateline.site.models import Menu

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    gone = us_news.pk + 1000
    MenuFactory(
        handle="main",
        items=[
            ("link", {"page": world, "label": "", "url": ""}),
            ("link", {"page": None, "label": "Cricket", "url": "/topic/cricket/"}),
            (
                "group",
                {
                    "heading": "More",
                    "link": {"page": world, "label": "", "url": ""},
                    "children": [
                        {"page": us_news, "label": "US", "url": ""},
                        {"page": us_news, "label": "", "url": ""},
                    ],
                },
            ),
        ],
    )
    MenuFactory(handle="footer", items=[("link", {"page": us_news, "label": "", "url": ""})])
    MenuFactory(
        handle="bottom-bar",
        items=[
            ("icon_link", {"page": None, "label": "Live", "url": "/live-tv/", "icon": "live"}),
            ("icon_link", {"page": world, "label": "", "url": ""}),
        ],
    )
    menus = list(Menu.objects.all())
    for menu in menus:  # a page deleted since the menu was saved
        raw = list(menu.items.raw_data)
        raw.append({"type": "link", "value": {"label": "", "page": gone, "url": ""}})
        Menu.objects.filter(pk=menu.pk).update(items=raw)
    cache.clear()
    Site.get_site_root_paths()  # Wagtail's own cached value, which either way reads
    with django_assert_num_queries(2):
        resolved = all_menus()
    assert resolved == {menu.handle: menu.resolved for menu in Menu.objects.all()}
    assert resolved["bottom-bar"][1]["icon"] == "home"
    assert [entry["text"] for entry in resolved["main"]] == ["World", "Cricket", "More"]
    with django_assert_num_queries(2):
        assert get_menu("main") == resolved["main"]
    with django_assert_num_queries(0):
        assert get_menu("footer") == resolved["footer"]  # one cached value for all menus


@pytest.mark.django_db
def test_menus_are_read_once_a_request_and_recorded_by_each_caller(world, settings):
    """The header, footer and bottom bar each ask for menus: one cache read a request, and
    every caller's fragment still records the menus' keys (a hit replays them)."""
    from unittest import mock

    from dateline.caching import cachestore
    from dateline.caching.dependencies import recording
    from dateline.core.visibility import request_scope

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    MenuFactory(handle="main", items=[("link", {"page": world, "label": "", "url": ""})])
    get_menu("main")  # stored
    reads = mock.patch.object(cachestore, "cache_get", wraps=cachestore.cache_get)
    with request_scope(), reads as cache_get:
        with recording() as first:
            assert [e["href"] for e in get_menu("main")] == ["/world/"]
        with recording() as second:
            assert get_menu("footer") == []
    assert cache_get.call_count == 1
    assert {f"page:{world.pk}", "list:menu:main", "list:menu:footer"} <= first & second
