import datetime as dt

import pytest
from django.utils import timezone

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.listings.factories import make_event, make_section
from dateline.listings.models import EventIndexPage, EventPagePick, HtmlSitemapPage
from dateline.site.factories import make_standard_page

pytestmark = pytest.mark.django_db


def make_stories(section, count, **kwargs):
    now = timezone.now()
    return [
        ArticlePageFactory(
            section=section,
            title=f"{section.title} story {i:02d}",
            published_at=now - dt.timedelta(minutes=i + 1),
            **kwargs,
        )
        for i in range(count)
    ]


def listing_part(response) -> str:
    """The page's own list, without the right column (which shows other stories on purpose)."""
    html = response.content.decode()
    return html.split('<div class="listing">')[1].split('<aside class="sidebar"')[0]


def test_section_lists_its_own_and_sub_section_stories_newest_first(client, world, us_news):
    now = timezone.now()
    older = ArticlePageFactory(
        section=world, title="Older world story", published_at=now - dt.timedelta(hours=2)
    )
    newer = ArticlePageFactory(
        section=us_news, title="Newer US story", published_at=now - dt.timedelta(hours=1)
    )
    html = client.get(world.url).content.decode()
    assert html.index(newer.title) < html.index(older.title)
    us_html = listing_part(client.get(us_news.url))
    assert newer.title in us_html
    assert older.title not in us_html


def test_section_shows_sub_section_links_and_breadcrumb(client, world, us_news):
    html = client.get(world.url).content.decode()
    assert '<li><a href="/world/us-news/">US News</a></li>' in html
    us_html = client.get(us_news.url).content.decode()
    assert '<li><a href="/world/">World</a></li>' in us_html
    assert '<span aria-current="page">US News</span>' in us_html


def test_section_paginates_twenty_a_page_and_404s_past_the_end(client, world):
    make_stories(world, 45)
    first = listing_part(client.get(world.url))
    assert "World story 00" in first
    assert "World story 19" in first
    assert "World story 20" not in first
    assert '<span class="pagination__status">Page 1</span>' in first
    assert 'rel="next" href="?page=2"' in first

    third = listing_part(client.get(world.url + "?page=3"))
    assert "World story 40" in third and "World story 44" in third
    assert "World story 39" not in third
    assert 'rel="prev" href="?page=2"' in third
    assert 'rel="next"' not in third

    assert client.get(world.url + "?page=4").status_code == 404
    assert client.get(world.url + "?page=0").status_code == 404
    assert client.get(world.url + "?page=abc").status_code == 404
    not_found = client.get(world.url + "?page=4").content.decode()
    assert "We couldn't find that page" in not_found


def test_listings_stop_at_the_depth_cap_and_point_to_the_month_archive(client, world, settings):
    settings.DATELINE_MAX_PAGES = 2
    make_stories(world, 45)

    second = client.get(world.url + "?page=2")

    oldest_shown = second.context["stories"][-1]
    month_url = oldest_shown.get_parent().url
    assert 'rel="next"' not in second.text
    assert (
        f'<a class="pagination__next" href="{month_url}">Older stories, month by month →</a>'
        in (second.text)
    )
    assert client.get(world.url + "?page=3").status_code == 404
    assert client.get(month_url).status_code == 200


def test_empty_section_says_so(client, world):
    response = client.get(world.url)
    assert response.status_code == 200
    assert "No stories in World yet." in response.content.decode()


def test_topic_page_lists_tagged_stories(client, world):
    tagged = ArticlePageFactory(section=world, title="Budget day arrives", tags=["Budget 2025"])
    ArticlePageFactory(section=world, title="Unrelated match report", tags=["Cricket"])
    response = client.get("/topic/budget-2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert tagged.title in listing_part(response)
    assert "Unrelated match report" not in listing_part(response)
    assert '<h1 class="page-title">Budget 2025</h1>' in html
    assert client.get("/topic/no-such-topic/").status_code == 404
    assert client.get("/topic/budget-2025/?page=2").status_code == 404


def test_topic_index_counts_stories(client, world):
    ArticlePageFactory(section=world, tags=["Cricket"])
    ArticlePageFactory(section=world, tags=["Cricket"])
    html = client.get("/topic/").content.decode()
    assert 'Cricket <span class="count">(2)</span>' in html


def test_author_page_lists_their_stories(client, world):
    author = AuthorFactory(name="Arjun Mehta", slug="arjun-mehta", role="Political Editor")
    mine = ArticlePageFactory(section=world, title="Arjun's scoop", authors=[author])
    ArticlePageFactory(section=world, title="Someone else's story")
    response = client.get("/author/arjun-mehta/")
    html = response.content.decode()
    assert '<h1 class="page-title">Arjun Mehta</h1>' in html
    assert "Political Editor" in html
    assert "Arjun&#x27;s scoop" in html and mine.url in html
    assert "Someone else" not in listing_part(response)
    assert client.get("/author/nobody/").status_code == 404


def test_agency_page_lists_its_copy(client, world):
    agency = AgencyFactory(name="Reuters", slug="reuters", short_name="")
    ArticlePageFactory(section=world, title="Wire copy from Reuters", agency=agency)
    ArticlePageFactory(section=world, title="Staff copy")
    html = listing_part(client.get("/agency/reuters/"))
    assert "Wire copy from Reuters" in html and "Staff copy" not in html


def test_event_hub_combines_lead_picks_and_tag_stream(client, home, world):
    events = EventIndexPage(title="Events", slug="events")
    home.add_child(instance=events)
    events.save_revision().publish()
    lead = ArticlePageFactory(section=world, title="Budget lead", tags=["Budget 2025"])
    pick = ArticlePageFactory(section=world, title="Budget explainer pick")
    ArticlePageFactory(section=world, title="Budget reaction", tags=["Budget 2025"])
    ArticlePageFactory(section=world, title="Not about the budget", tags=["Cricket"])
    from taggit.models import Tag

    event = make_event(
        events,
        "Budget 2025",
        intro="Everything about the budget.",
        lead_story=lead,
        tag=Tag.objects.get(name="Budget 2025"),
    )
    EventPagePick.objects.create(page=event, story=pick, sort_order=0)
    html = client.get(event.url).content.decode()
    assert (
        html.index("Budget lead")
        < html.index("Budget explainer pick")
        < html.index("Budget reaction")
    )
    assert html.count("Budget lead</a>") == 1  # the lead is not repeated in the stream
    assert "Not about the budget" not in html
    index_html = client.get(events.url).content.decode()
    assert "Budget 2025" in index_html


def test_html_sitemap_lists_sections_topics_and_pages(client, home, world, us_news):
    ArticlePageFactory(section=world, tags=["Cricket"])
    make_standard_page(home, "Privacy Policy")
    sitemap = HtmlSitemapPage(title="Sitemap", slug="sitemap")
    home.add_child(instance=sitemap)
    sitemap.save_revision().publish()
    html = client.get("/sitemap/").content.decode()
    assert '<a href="/world/us-news/">US News</a>' in html
    assert '<a href="/topic/cricket/">Cricket</a>' in html
    assert '<a href="/privacy-policy/">Privacy Policy</a>' in html


def test_year_and_month_archives_are_browsable(client, world):
    story = ArticlePageFactory(section=world, title="Archived story")
    month = story.get_parent()
    html = client.get(month.url).content.decode()
    assert "Archived story" in html
    year_html = client.get(month.get_parent().url).content.decode()
    assert month.title in year_html


@pytest.mark.parametrize(
    ("path_kind", "queries"),
    # Every page reads the events, quick-topic and shows menus (4: header drawer and footer);
    # section pages add 5 for their right column (home page, picks, one pool + prefetches:
    # the cards come with their pictures, `for_cards`, whose renditions are read alone).
    # A sub-section's breadcrumbs are the ancestors routing loaded (no query of their own).
    # A month archive is found by its address in one query (not one per level) and reads
    # its breadcrumbs' ancestors once.
    # topic, author, agency: +1, the restricted pages the public rule leaves out (read once per
    # request, core.visibility; a cached value when fragments are on). Every one +1: the next
    # moment a waiting story is due (core.visibility.next_due, once per request, cached too).
    # Pages with ad boxes +1: the placements and their slots (dateline.ads, once per request).
    [("section", 28), ("subsection", 30), ("topic", 20), ("author", 20), ("month", 23)],
)
@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_listing_query_counts_are_exact(
    client, world, us_news, image, path_kind, queries, django_assert_num_queries
):
    author = AuthorFactory(name="Bound Author", slug="bound-author")
    for i in range(25):
        story = ArticlePageFactory(
            section=us_news if i % 2 else world,
            hero_image=image,
            authors=[author],
            tags=["Cricket"],
        )
    path = {
        "section": world.url,
        "subsection": us_news.url,
        "topic": "/topic/cricket/",
        "author": "/author/bound-author/",
        "month": story.get_parent().url,
    }[path_kind]
    client.get(path)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200


def test_sub_sub_sections_are_possible(world, us_news):
    deeper = make_section(us_news, "Elections", slug="elections")
    story = ArticlePageFactory(section=deeper)
    assert story.section_id == deeper.pk and story.top_section_id == world.pk


def test_topic_listing_reads_the_tag_links_copy_of_the_publication_time(client, world):
    from dateline.articles.models import ArticlePageTag

    now = timezone.now()
    older = ArticlePageFactory(
        section=world,
        title="Older match",
        tags=["Cricket"],
        published_at=now - dt.timedelta(days=2),
    )
    newer = ArticlePageFactory(
        section=world,
        title="Newer match",
        tags=["Cricket"],
        published_at=now - dt.timedelta(hours=1),
    )
    links = dict(ArticlePageTag.objects.values_list("content_object_id", "published_at"))
    assert links == {older.pk: older.published_at, newer.pk: newer.published_at}
    html = client.get("/topic/cricket/").content.decode()
    assert html.index("Newer match") < html.index("Older match")

    older.published_at = now  # a later save keeps the copy in step
    older.save()
    assert ArticlePageTag.objects.get(content_object_id=older.pk).published_at == now
    html = client.get("/topic/cricket/").content.decode()
    assert html.index("Older match") < html.index("Newer match")


def rail_titles(html: str, rail_id: str) -> list[str]:
    if f'id="{rail_id}"' not in html:
        return []
    part = html.split(f'id="{rail_id}"')[1].split("</section>")[0]
    return [
        chunk.split('">', 1)[1].split("</a>")[0]
        for chunk in part.split('class="story__title"><a href=')[1:]
    ]


def listing_titles(html: str) -> list[str]:
    part = html.split('<div class="listing">')[1].split('<aside class="sidebar"')[0]
    return [
        chunk.split('">', 1)[1].split("</a>")[0]
        for chunk in part.split('class="story__title"><a href=')[1:]
    ]


def test_section_right_column_repeats_neither_the_listing_nor_itself(client, home, world):
    from dateline.home.models import HomePageTopStory

    sports = make_section(home, "Sports")
    world_stories = make_stories(world, 3)
    sports_stories = make_stories(sports, 12)
    # The desk pins a World story: it is on the World page already, so the rail skips it.
    HomePageTopStory.objects.create(page=home, story=world_stories[0], sort_order=0)
    html = client.get(world.url).content.decode()
    listed = listing_titles(html)
    top = rail_titles(html, "rail-top")
    latest = rail_titles(html, "rail-latest")
    assert listed == [s.title for s in world_stories]
    assert top == [s.title for s in sports_stories[:5]]
    assert latest == [s.title for s in sports_stories[5:10]]


def test_later_pages_of_a_listing_have_their_own_title(client, world):
    make_stories(world, 25)
    first = client.get(world.url).content.decode()
    second = client.get(world.url + "?page=2").content.decode()
    assert "<title>World | Dateline</title>" in first
    assert "<title>World – Page 2 | Dateline</title>" in second


def test_topic_page_two_title(client, world):
    make_stories(world, 25, tags=["Budget 2025"])
    html = client.get("/topic/budget-2025/?page=2").content.decode()
    assert "<title>Budget 2025: latest news and updates – Page 2 | Dateline</title>" in html


def test_section_meta_description_uses_the_intro_or_says_what_the_section_is(client, home, world):
    html = client.get(world.url).content.decode()
    assert '<meta name="description" content="News from around the globe.">' in html
    sports = make_section(home, "Sports")
    sports_html = client.get(sports.url).content.decode()
    assert (
        '<meta name="description" content="The latest Sports news, analysis and updates '
        'from Dateline.">' in sports_html
    )


def test_sections_and_topics_show_a_visible_rss_link(client, world, us_news):
    ArticlePageFactory(section=us_news, tags=["Budget 2025"])
    section_html = client.get(us_news.url).content.decode()
    assert '<a class="feed-link" href="/feeds/section/world/us-news/rss/"' in section_html
    assert 'RSS<span class="visually-hidden">: US News feed</span>' in section_html
    topic_html = client.get("/topic/budget-2025/").content.decode()
    assert '<a class="feed-link" href="/feeds/topic/budget-2025/rss/"' in topic_html
    assert client.get("/feeds/section/world/us-news/rss/").status_code == 200


def test_listings_record_what_they_show(client, world):
    from dateline.caching.dependencies import recording

    story = ArticlePageFactory(section=world, tags=["Budget 2025"])
    with recording() as keys:
        client.get(world.url)
    assert {
        f"list:section:{world.pk}",
        f"page:{world.pk}",
        f"page:{story.pk}",
        "list:articles",
    } <= keys
    tag = story.tags.get()
    with recording() as keys:
        client.get("/topic/budget-2025/")
    assert {f"list:tag:{tag.pk}", f"taggit.tag:{tag.pk}", f"page:{story.pk}"} <= keys


def test_html_sitemap_is_laid_out_in_titled_columns(client, home, world):
    sitemap = HtmlSitemapPage(title="Sitemap", slug="sitemap")
    home.add_child(instance=sitemap)
    sitemap.save_revision().publish()
    html = client.get("/sitemap/").content.decode()
    assert '<div class="sitemap-columns">' in html
    assert '<section class="sitemap-columns__topics" aria-labelledby="sm-topics">' in html


# An event's breadcrumbs are the ancestors routing loaded (no query of their own). Agency and
# event +1: their ad boxes' placements and slots (dateline.ads, once per request).
@pytest.mark.parametrize(("page", "queries"), [("agency", 20), ("events", 17), ("event", 29)])
@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_agency_and_event_pages_query_counts_are_exact(
    client, home, world, image, page, queries, django_assert_num_queries
):
    from taggit.models import Tag

    from dateline.articles.factories import AgencyFactory
    from dateline.core.services import add_published_child
    from dateline.listings.factories import make_event
    from dateline.listings.models import EventIndexPage

    agency = AgencyFactory()
    events = add_published_child(home, EventIndexPage(title="Events", slug="events"))
    stories = [
        ArticlePageFactory(section=world, hero_image=image, tags=["Budget"], agency=agency)
        for _ in range(6)
    ]
    budget = Tag.objects.get(name="Budget")
    event = make_event(events, "Budget 2026", tag=budget, lead_story=stories[0])
    path = {"agency": agency.get_absolute_url(), "events": events.url, "event": event.url}[page]
    client.get(path)
    with django_assert_num_queries(queries):
        assert client.get(path).status_code == 200
