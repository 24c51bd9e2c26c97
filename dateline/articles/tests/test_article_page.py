import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArchiveMonthPage, ArticlePage, ArticleType
from dateline.articles.services import move_into_bucket
from dateline.core.scripts import integrity
from dateline.home.models import HomePageTopStory

pytestmark = pytest.mark.django_db

FILED = dt.datetime(2021, 10, 16, 5, 14, 16, tzinfo=dt.UTC)


@pytest.fixture
def story(world, image):
    return ArticlePageFactory(
        section=world,
        title="Tokyo rail strike ends after three days",
        dek="Commuters return as unions accept a revised pay offer.",
        hero_image=image,
        hero_alt="A crowded platform at Shinjuku station",
        hero_caption="Morning commuters in Tokyo.",
        hero_credit="Dateline",
        dateline_place="Tokyo",
        article_type=ArticleType.ANALYSIS,
        authors=[AuthorFactory(name="Priya Raman", slug="priya-raman")],
        agency=AgencyFactory(),
        tags=["Japan", "Labour"],
        published_at=FILED,
    )


def test_article_is_filed_in_its_section_month_bucket(story, world):
    parent = story.get_parent().specific
    assert isinstance(parent, ArchiveMonthPage)
    assert parent.slug == "10"
    assert parent.get_parent().slug == "2021"
    assert story.url == "/world/2021/10/tokyo-rail-strike-ends-after-three-days/"
    assert story.section_id == world.pk
    assert story.top_section_id == world.pk


def test_sub_section_story_records_both_sections(world, us_news):
    article = ArticlePageFactory(section=us_news)
    assert (article.section_id, article.top_section_id) == (us_news.pk, world.pk)


def test_article_page_shows_everything_a_reader_expects(client, story):
    response = client.get(story.url)
    assert response.status_code == 200
    html = response.content.decode()
    # breadcrumbs: Home › World › headline, without the year/month buckets
    assert '<li><a href="/">Home</a></li>\n    \n    <li><a href="/world/">World</a></li>' in html
    assert '<span aria-current="page">Tokyo rail strike ends after three days</span>' in html
    assert '<h1 id="article-headline" class="article__headline">Tokyo rail strike ends' in html
    assert '<p class="article__dek">Commuters return as unions accept' in html
    assert '<p class="article__type">Analysis</p>' in html
    assert (
        '<a class="byline__name" href="/author/priya-raman/" rel="author">Priya Raman</a>' in html
    )
    assert (
        '<a class="byline__agency" href="/agency/associated-press/">The Associated Press</a>'
        in html
    )
    assert (
        '<time datetime="2021-10-16T05:14:16+00:00">October 16, 2021, 10:44:16 IST</time>' in html
    )
    assert '<p><span class="article__dateline">Tokyo:</span> The first paragraph' in html
    assert 'alt="A crowded platform at Shinjuku station"' in html
    assert "Morning commuters in Tokyo." in html
    assert '<li><a href="/topic/japan/">Japan</a></li>' in html
    assert "https://wa.me/?text=" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A//localhost/world/2021/10/" in html
    assert "https://x.com/intent/post?url=" in html
    assert "data-copy-link" in html
    assert 'data-ad-slot="article-top"' in html
    assert 'data-ad-slot="article-sidebar"' in html
    assert 'action="/newsletter/"' in html
    assert '<p class="article__end">End of Article</p>' in html
    site_js = f'<script src="/static/dateline/site.js" integrity="{integrity("dateline/site.js")}"'
    assert f"{site_js} defer></script>" in html


# Writes the stored state directly between renders (no production path does): the render is
# under test, not freshness (the freshness matrix covers republication and pictures).
@pytest.mark.usefixtures("page_cache_off")
def test_updated_time_shows_only_when_really_later(client, story):
    html = client.get(story.url).content.decode()
    assert "Updated:" not in html
    ArticlePage.objects.filter(pk=story.pk).update(updated_at=FILED + dt.timedelta(hours=2))
    html = client.get(story.url).content.decode()
    assert (
        'Updated: <time datetime="2021-10-16T07:14:16+00:00">October 16, 2021, 12:44:16 IST</time>'
        in html
    )


def test_related_stories_rank_by_shared_tags_then_recency(world, us_news):
    now = timezone.now()
    base = ArticlePageFactory(section=world, tags=["Japan", "Labour", "Rail"])
    two_shared_old = ArticlePageFactory(
        section=us_news, tags=["Japan", "Rail"], published_at=now - dt.timedelta(days=3)
    )
    one_shared_new = ArticlePageFactory(
        section=us_news, tags=["Labour"], published_at=now - dt.timedelta(hours=1)
    )
    one_shared_older = ArticlePageFactory(
        section=us_news, tags=["Japan"], published_at=now - dt.timedelta(days=5)
    )
    ArticlePageFactory(section=us_news, tags=["Cricket"])  # nothing shared, other section
    same_section = ArticlePageFactory(
        section=world, tags=["Cricket"], published_at=now - dt.timedelta(days=9)
    )
    draft = ArticlePageFactory(section=world, tags=["Japan", "Labour", "Rail"], publish=False)

    related = base.related_stories(limit=4)
    assert [p.pk for p in related] == [
        two_shared_old.pk,
        one_shared_new.pk,
        one_shared_older.pk,
        same_section.pk,  # section tops up when tags run out
    ]
    assert draft.pk not in [p.pk for p in related]


def test_draft_and_future_stories_are_not_served_or_listed(client, world):
    draft = ArticlePageFactory(section=world, title="Draft copy", publish=False)
    draft_path = "/" + draft.url_path.removeprefix(world.get_parent().url_path)
    assert draft_path.startswith("/world/") and draft_path.endswith("/draft-copy/")
    assert client.get(draft_path).status_code == 404
    assert "Draft copy" not in client.get("/world/").content.decode()
    future = ArticlePageFactory(
        section=world, title="Tomorrow's story", published_at=timezone.now() + dt.timedelta(days=1)
    )
    assert not ArticlePage.objects.published().filter(pk=future.pk).exists()
    assert client.get(future.url).status_code == 404  # live, but its time has not come
    assert "Tomorrow&#x27;s story" not in client.get("/world/").content.decode()


def rail_titles(html: str, rail_id: str) -> list[str]:
    if f'id="{rail_id}"' not in html:
        return []
    part = html.split(f'id="{rail_id}"')[1].split("</section>")[0]
    return [
        chunk.split('">', 1)[1].split("</a>")[0]
        for chunk in part.split('class="story__title"><a href=')[1:]
    ]


def test_sidebar_lists_top_stories_then_different_latest_news(client, home, world, story):
    from dateline.listings.factories import make_section

    # Another section: World's own stories fill the related block and are left out of the rail.
    sports = make_section(home, "Sports")
    pinned = ArticlePageFactory(section=sports, title="The pinned lead story")
    HomePageTopStory.objects.create(page=home, story=pinned, sort_order=0)
    newest = [
        ArticlePageFactory(
            section=sports,
            title=f"Fresh story {i}",
            published_at=timezone.now() - dt.timedelta(minutes=i + 1),
        )
        for i in range(12)
    ]
    html = client.get(story.url).content.decode()
    top = rail_titles(html, "rail-top")
    latest = rail_titles(html, "rail-latest")
    assert top == ["The pinned lead story"] + [s.title for s in newest[:4]]
    assert latest == [s.title for s in newest[4:9]]
    assert story.title not in top + latest
    # top stories carry thumbnails, latest news is text only
    top_part = html.split('id="rail-top"')[1].split("</section>")[0]
    assert top_part.count('class="story story--thumb"') == 5


def test_sidebar_skips_the_related_stories_shown_below(client, home, world, story):
    related = ArticlePageFactory(section=world, title="Japan related piece", tags=["Japan"])
    unrelated = ArticlePageFactory(section=world, title="Older unrelated piece", published_at=FILED)
    html = client.get(story.url).content.decode()
    related_part = html.split('id="related-heading"')[1]
    assert related.title in related_part
    rails = rail_titles(html, "rail-top") + rail_titles(html, "rail-latest")
    assert related.title not in rails
    assert unrelated.title not in rails  # also related (the section tops related up)


def test_preferred_source_button_sits_by_the_byline(client, home, story):
    from wagtail.models import Site

    from dateline.site.models import SiteSettings

    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.preferred_source_url = "https://www.google.com/preferences/source?q=example.com"
    settings.save()
    html = client.get(story.url).content.decode()
    meta = html.split('<div class="article__meta">')[1].split("</div>")[0]
    assert (
        '<a class="preferred-source__button" '
        'href="https://www.google.com/preferences/source?q=example.com" rel="noopener">'
    ) in meta
    assert html.count("preferred-source__button") == 1


def test_sidebar_has_a_join_us_block(client, home, story):
    html = client.get(story.url).content.decode()
    aside = html.split('<aside class="sidebar"')[1]
    assert '<h2 id="join-us-heading" class="join-us__heading">Join us</h2>' in aside
    assert '<a class="join-us__subscribe" href="/newsletter/">' in aside


def test_article_page_records_its_rail_and_related_stories(client, home, world, story):
    from dateline.caching.dependencies import recording

    other = ArticlePageFactory(section=world)
    with recording() as keys:
        client.get(story.url)
    assert {f"page:{home.pk}", "list:articles", f"page:{other.pk}"} <= keys


def test_article_created_under_a_section_moves_into_its_bucket(world):
    article = ArticlePage(title="Filed from the admin", published_at=FILED)
    world.add_child(instance=article)
    move_into_bucket(article)
    article.refresh_from_db()
    assert article.url_path.endswith("/world/2021/10/filed-from-the-admin/")
    assert article.section_id == world.pk


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_article_page_query_count_is_exact(client, story, world, django_assert_num_queries):
    for _ in range(8):
        ArticlePageFactory(section=world, tags=["Japan"], hero_image=story.hero_image)
    client.get(story.url)  # renditions are generated on first view
    # one candidate query per tag (a story carries 2 to 5) keeps related stories flat in cost;
    # one de-duplicated rail, Top Shows (3) and Impact Shorts (2, none yet): cached fragments
    # in production; the story's sections in one query (its hero image comes with it)
    # the restriction check is read once per request (core.visibility), not per caller;
    # the next moment a waiting story is due, once per request (core.visibility.next_due);
    # the ad placements with their slots, once per request (dateline.ads.placement);
    # the hero's renditions with the routed story (articles.routing), none from the cache;
    # the cards of Related and of the rail's two lists in one prefetch (right_rail), 37 -> 34;
    # Top Shows leave restricted pages out by the cached restricted paths (Wagtail's public()
    # read the restrictions again), 34 -> 33; the rail's cards come with their pictures
    # (`for_cards`), whose renditions are then read alone, 33 -> 32
    with django_assert_num_queries(32):
        assert client.get(story.url).status_code == 200


# Writes the stored state directly between renders (no production path does): the render is
# under test, not freshness (the freshness matrix covers republication and pictures).
@pytest.mark.usefixtures("page_cache_off")
def test_a_picture_or_a_sub_section_costs_no_extra_query(client, story, world, us_news):
    """The route loads the hero image with the story and both its sections in one query: a
    story with a picture (as generated ones have) costs one query more than one without (as
    the demo's newest has), its renditions, which the cached routed story then carries
    (articles.routing), and a story in a sub-section as many as one in a section."""
    counts = []
    for hero_image_id, section in ((story.hero_image_id, world), (None, world), (None, us_news)):
        ArticlePage.objects.filter(pk=story.pk).update(hero_image_id=hero_image_id, section=section)
        client.get(story.url)  # renditions are generated on first view
        with CaptureQueriesContext(connection) as queries:
            response = client.get(story.url)
        html = response.content.decode()
        assert ("article__hero" in html) == bool(hero_image_id)
        assert (f'href="{us_news.url}"' in html) == (section == us_news)  # in the breadcrumbs
        counts.append(len(queries))
    assert counts[0] - 1 == counts[1] == counts[2]


def _card_queries(queries) -> list[str]:
    """The story-card queries (`for_cards`: stories with their agency joined, newest first;
    the routed story is one, unordered)."""
    return [
        q["sql"]
        for q in queries
        if 'JOIN "articles_agency"' in q["sql"] and '"published_at" DESC' in q["sql"]
    ]


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_related_and_rail_cards_load_in_one_query(client, home, story, world):
    """Related's cards, the desk's picks and the newest stories of the rail: one card query
    (three on the previous code), the lists' ids read apart."""
    from dateline.listings.factories import make_section

    related = [ArticlePageFactory(section=world, tags=["Japan"]) for _ in range(4)]
    sports = make_section(home, "Sports")
    pick = ArticlePageFactory(section=sports, title="The desk pick")
    HomePageTopStory.objects.create(page=home, story=pick, sort_order=0)
    ArticlePageFactory(section=sports, title="The newest story")
    client.get(story.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(story.url).content.decode()
    assert all(p.title in html.split('id="related-heading"')[1] for p in related)
    assert rail_titles(html, "rail-top") == ["The desk pick", "The newest story"]
    assert len(_card_queries(queries.captured_queries)) == 1


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_an_article_reads_the_view_restrictions_once(client, home, story):
    """The public rule's restricted paths are read once a request (`core.visibility`); Top
    Shows and Impact Shorts' feed link asked the database again through Wagtail's public()."""
    from dateline.shorts.factories import make_short, make_shorts_index

    make_short(make_shorts_index(home), "A short on the strike")
    client.get(story.url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(story.url).content.decode()
    assert "A short on the strike" in html
    restrictions = [q for q in queries.captured_queries if "pageviewrestriction" in q["sql"]]
    assert len(restrictions) == 1
