"""robots.txt, the sitemap index, month-split article sitemaps and the Google News sitemap."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.utils import timezone

from dateline.articles.factories import AuthorFactory
from dateline.articles.models import refresh_article_months
from dateline.distribution import sitemaps
from dateline.distribution.links import current_site
from dateline.distribution.sitemaps import ArticleMonthSitemap, NewsSitemap
from dateline.distribution.sitemaps import pages as page_sitemaps
from dateline.distribution.sitemaps import stories as story_sitemaps

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"


def locs(response) -> list[str]:
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter(f"{SM}loc")]


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=dt.UTC)


@pytest.fixture
def client():
    """Requests to the Site's own host: Django's index view writes the request's host."""
    return Client(HTTP_HOST="localhost")


def test_robots_txt_points_at_both_sitemaps(client, home):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Allow: /",
        "",
        "Sitemap: http://localhost/sitemap.xml",
        "Sitemap: http://localhost/sitemap-news.xml",
    ]


def test_index_lists_listings_news_and_each_month_with_stories(client, make_story):
    make_story(published_at=utc(2025, 1, 15, 12))
    make_story(published_at=utc(2025, 3, 2, 8))

    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert locs(response) == [
        "http://localhost/sitemap-pages.xml",
        "http://localhost/sitemap-sections.xml",
        "http://localhost/sitemap-topics.xml",
        "http://localhost/sitemap-authors.xml",
        "http://localhost/sitemap-agencies.xml",
        "http://localhost/sitemap-news.xml",
        "http://localhost/sitemap-articles-2025-01.xml",
        "http://localhost/sitemap-articles-2025-03.xml",
    ]


def test_month_lastmod_is_the_newest_change_in_that_month(client, make_story):
    story = make_story(published_at=utc(2025, 1, 15, 12))
    make_story(published_at=utc(2025, 1, 20, 12))
    type(story).objects.filter(pk=story.pk).update(updated_at=utc(2025, 6, 1, 9, 30))
    refresh_article_months([story.published_at])  # a change made outside the services

    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {
        s.findtext(f"{SM}loc"): s.findtext(f"{SM}lastmod") for s in root.iter(f"{SM}sitemap")
    }

    expected = timezone.localtime(utc(2025, 6, 1, 9, 30)).isoformat()
    assert entries["http://localhost/sitemap-articles-2025-01.xml"] == expected


def test_a_republished_old_story_refreshes_its_month(client, make_story):
    story = make_story(published_at=utc(2025, 1, 15, 12))
    client.get("/sitemap.xml")

    type(story).objects.filter(pk=story.pk).update(updated_at=utc(2025, 7, 1, 8))
    story.refresh_from_db()
    story.save_revision().publish()
    root = ET.fromstring(client.get("/sitemap.xml").content)

    lastmods = {
        s.findtext(f"{SM}loc"): s.findtext(f"{SM}lastmod") for s in root.iter(f"{SM}sitemap")
    }
    story.refresh_from_db()
    assert lastmods["http://localhost/sitemap-articles-2025-01.xml"] == timezone.localtime(
        story.last_published_at
    ).isoformat(timespec="seconds")


def test_month_sitemap_holds_that_utc_month_only(client, make_story, image):
    last_second = make_story(title="Old", published_at=utc(2025, 1, 31, 23, 59, 59))
    first_second = make_story(title="New", published_at=utc(2025, 2, 1, 0, 0, 0), hero_image=image)

    january = ET.fromstring(client.get("/sitemap-articles-2025-01.xml").content)
    february = ET.fromstring(client.get("/sitemap-articles-2025-02.xml").content)

    assert [u.findtext(f"{SM}loc") for u in january.iter(f"{SM}url")] == [
        f"http://localhost{last_second.url}"
    ]
    [entry] = february.iter(f"{SM}url")
    assert entry.findtext(f"{SM}loc") == f"http://localhost{first_second.url}"
    assert entry.findtext(f"{SM}lastmod") == timezone.localtime(utc(2025, 2, 1)).isoformat()
    image_loc = entry.findtext(f"{IMAGE}image/{IMAGE}loc")
    assert image_loc == f"http://localhost{image.file.url}"
    assert client.get("/sitemap-articles-2025-03.xml").status_code == 404
    assert client.get("/sitemap-articles-2025-13.xml").status_code == 404


def test_a_month_over_the_file_limit_is_split_into_pages(client, make_story, monkeypatch):
    assert ArticleMonthSitemap.limit == 1_000
    monkeypatch.setattr(ArticleMonthSitemap, "limit", 2)
    stories = [make_story(published_at=utc(2025, 1, day, 12)) for day in (1, 2, 3)]

    index = locs(client.get("/sitemap.xml"))
    first = locs(client.get("/sitemap-articles-2025-01.xml"))
    second = locs(client.get("/sitemap-articles-2025-01.xml?p=2"))

    assert index[-2:] == [
        "http://localhost/sitemap-articles-2025-01.xml",
        "http://localhost/sitemap-articles-2025-01.xml?p=2",
    ]
    assert first == [f"http://localhost{s.url}" for s in stories[:2]]
    assert second == [f"http://localhost{stories[2].url}"]
    assert client.get("/sitemap-articles-2025-01.xml?p=3").status_code == 404


def test_hidden_stories_are_in_no_sitemap(client, make_story):
    make_story(title="Visible", hours_ago=2)
    make_story(title="Draft", publish=False)
    make_story(title="Embargoed", hours_ago=-5)
    make_story(title="Withdrawn").unpublish()
    held = make_story(title="Under embargo", hours_ago=1)
    type(held).objects.filter(pk=held.pk).update(
        embargo_until=timezone.now() + dt.timedelta(hours=1)
    )
    month = f"{timezone.now() - dt.timedelta(hours=2):%Y-%m}"

    news = ET.fromstring(client.get("/sitemap-news.xml").content)
    monthly = ET.fromstring(client.get(f"/sitemap-articles-{month}.xml").content)

    assert [t.text for t in news.iter(f"{NEWS}title")] == ["Visible"]
    assert len(list(monthly.iter(f"{SM}url"))) == 1


def test_news_sitemap_has_the_last_48_hours_with_publication_details(client, make_story, now):
    recent = make_story(title="Fresh & new", published_at=now - dt.timedelta(hours=47))
    make_story(title="Stale", published_at=now - dt.timedelta(hours=49))

    response = client.get("/sitemap-news.xml")

    assert response.status_code == 200
    [url] = ET.fromstring(response.content).iter(f"{SM}url")
    assert url.findtext(f"{SM}loc") == f"http://localhost{recent.url}"
    news = url.find(f"{NEWS}news")
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Dateline"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "en"
    assert (
        news.findtext(f"{NEWS}publication_date")
        == timezone.localtime(now - dt.timedelta(hours=47)).isoformat()
    )
    assert news.findtext(f"{NEWS}title") == "Fresh & new"


def test_news_sitemap_keeps_only_the_newest_up_to_its_cap(client, make_story, monkeypatch):
    assert story_sitemaps.NEWS_LIMIT == 1_000
    monkeypatch.setattr(story_sitemaps, "NEWS_LIMIT", 2)
    monkeypatch.setattr(NewsSitemap, "limit", 2)
    for hours in (3, 2, 1):
        make_story(title=f"{hours}h", hours_ago=hours)

    news = ET.fromstring(client.get("/sitemap-news.xml").content)

    assert [t.text for t in news.iter(f"{NEWS}title")] == ["1h", "2h"]


def test_listing_sitemaps(client, make_story, us_news, author, agency):
    story = make_story(section=us_news, tags=["Budget"], authors=[author])
    type(story).objects.filter(pk=story.pk).update(agency=agency)

    assert locs(client.get("/sitemap-sections.xml")) == [
        "http://localhost/world/",
        "http://localhost/world/us-news/",
    ]
    assert locs(client.get("/sitemap-topics.xml")) == ["http://localhost/topic/budget/"]
    assert locs(client.get("/sitemap-authors.xml")) == ["http://localhost/author/asha-rao/"]
    assert locs(client.get("/sitemap-agencies.xml")) == [
        "http://localhost/agency/associated-press/"
    ]
    assert locs(client.get("/sitemap-pages.xml")) == ["http://localhost/"]
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_section_lastmod_is_its_newest_story(client, make_story, world, now):
    type(world).objects.filter(pk=world.pk).update(last_published_at=now - dt.timedelta(days=9))
    make_story(published_at=now - dt.timedelta(minutes=5))

    [url] = ET.fromstring(client.get("/sitemap-sections.xml").content).iter(f"{SM}url")

    expected = timezone.localtime(now - dt.timedelta(minutes=5)).isoformat()
    assert url.findtext(f"{SM}lastmod") == expected


@pytest.mark.parametrize(
    # The index (fragments off, as uncached): the site, its settings, the page sitemaps'
    # counts and newest changes by type, one row of the other listings' counts and newest
    # changes, the month rows, the news file's newest change.
    ("path", "bound"),
    # Each +1: the restricted pages the public rule leaves out (core.visibility); +1 more:
    # the next moment a waiting story is due (core.visibility.next_due).
    [("/sitemap.xml", 8), ("/sitemap-articles-2025-01.xml", 6)],
)
@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_sitemap_queries_do_not_grow_with_stories_or_months(
    client, make_story, image, path, bound, django_assert_num_queries
):
    for month in range(1, 6):
        make_story(published_at=utc(2025, month, 2, 12), hero_image=image)
        make_story(published_at=utc(2025, 1, month, 18), hero_image=image)

    client.get(path)  # renditions and per-process caches, made once

    with django_assert_num_queries(bound):
        response = client.get(path)

    assert response.status_code == 200


def test_month_file_is_what_djangos_sitemap_view_and_template_would_write(
    client, make_story, image, monkeypatch
):
    from django.contrib.sitemaps import views as sitemap_views
    from django.test import RequestFactory

    monkeypatch.setattr(ArticleMonthSitemap, "limit", 2)
    make_story(title="Tom & Jerry <live>", published_at=utc(2025, 1, 3, 12), hero_image=image)
    make_story(published_at=utc(2025, 1, 4, 12))
    make_story(published_at=utc(2025, 1, 5, 12), hero_image=image)

    for page in ("1", "2"):
        ours = client.get(f"/sitemap-articles-2025-01.xml?p={page}")
        request = RequestFactory(HTTP_HOST="localhost").get("/", {"p": page})
        month = ArticleMonthSitemap(request, sitemaps.month_start(2025, 1))
        django_view = sitemap_views.sitemap(
            request, {"m": month}, section="m", template_name="distribution/sitemap.xml"
        )
        django_view.render()

        assert ours.status_code == 200
        assert ours.content == django_view.content
        assert ours["X-Robots-Tag"] == django_view["X-Robots-Tag"]
        assert ours["Content-Type"] == "application/xml"
    assert client.get("/sitemap-articles-2025-01.xml?p=x").status_code == 404


def djangos_index(request, monkeypatch=None):
    """Django's own sitemap `index` view given the sitemaps themselves, each asked its page
    count and newest change through its queryset (what `write_sitemap_index` is given
    precomputed): every listing that has pages, the news file, every month."""
    from django.contrib.sitemaps import views as sitemap_views

    from dateline.distribution import views

    maps = {
        name: sitemap
        for name, sitemap in sitemaps.listing_sitemaps(request).items()
        if name in ("pages", "sections", "topics", "authors", "agencies") or sitemap.paginator.count
    }
    maps["news"] = NewsSitemap(request)
    for month in story_sitemaps.article_months(request):
        # Counted by Django's paginator from the stories, not from the summary row.
        maps[month.section] = ArticleMonthSitemap(request, month.start, None, month.latest_in_month)
    response = sitemap_views.index(
        request,
        maps,
        template_name="distribution/sitemap_index.xml",
        sitemap_url_name=views.SITEMAP_URL_NAME,
    )
    response.render()
    return response


# The view's own response: the page cache adds a Last-Modified of its own (caching tests).
@pytest.mark.usefixtures("page_cache_off")
def test_index_is_what_djangos_index_view_and_template_would_write(
    client, make_story, image, monkeypatch
):
    from django.test import RequestFactory

    from dateline.shorts.factories import make_short, make_shorts_index
    from dateline.stories.factories import make_web_story, make_web_story_index
    from dateline.video.factories import make_episode, make_video_index

    monkeypatch.setattr(ArticleMonthSitemap, "limit", 2)
    for day in (1, 2, 3):
        make_story(published_at=utc(2025, 1, day, 12))
    make_story(published_at=utc(2025, 3, 2, 12))
    home = current_site(None).root_page
    make_short(make_shorts_index(home), "Budget in brief")
    make_web_story(make_web_story_index(home), "River day", image=image)
    make_episode(make_video_index(home), "First")

    ours = client.get("/sitemap.xml")
    django_view = djangos_index(RequestFactory(HTTP_HOST="localhost").get("/sitemap.xml"))

    assert "sitemap-articles-2025-01.xml?p=2<" in ours.text
    for section in ("videos", "shorts", "web-stories", "news"):
        assert f"/sitemap-{section}.xml<" in ours.text
    assert ours.content == django_view.content
    assert ours.get("Last-Modified") == django_view.get("Last-Modified")
    assert ours["X-Robots-Tag"] == django_view["X-Robots-Tag"]


def test_index_leaves_out_pages_in_a_private_section(client, make_story):
    from django.test import RequestFactory
    from wagtail.models import PageViewRestriction

    from dateline.shorts.factories import make_short, make_shorts_index

    make_story()
    shorts = make_shorts_index(current_site(None).root_page)
    make_short(shorts, "Members only")
    PageViewRestriction.objects.create(page=shorts, restriction_type="login")

    ours = client.get("/sitemap.xml")
    django_view = djangos_index(RequestFactory(HTTP_HOST="localhost").get("/sitemap.xml"))

    assert "/sitemap-shorts.xml" not in ours.text  # its only pages are private
    assert ours.content == django_view.content


@pytest.fixture
def fragments(settings):
    """Cached fragments on (pages still render), as in production behind the page cache."""
    from django.core.cache import cache

    cache.clear()
    settings.DATELINE_PAGE_CACHE = {
        **settings.DATELINE_PAGE_CACHE, "ENABLED": False, "FRAGMENTS": True,
    }  # fmt: skip
    yield
    cache.clear()


def test_the_cached_index_changes_at_once_with_a_new_video_short_or_story(
    client, make_story, fragments, django_capture_on_commit_callbacks
):
    from dateline.shorts.factories import make_short, make_shorts_index
    from dateline.video.factories import make_episode, make_video_index

    home = current_site(None).root_page
    make_story(published_at=utc(2025, 1, 2, 12))
    hub = make_video_index(home)
    first = client.get("/sitemap.xml").text
    assert client.get("/sitemap.xml").text == first  # served from the cached entries
    assert "/sitemap-videos.xml" not in first

    with django_capture_on_commit_callbacks(execute=True):
        make_episode(hub, "First")
    with_video = client.get("/sitemap.xml").text
    assert "/sitemap-videos.xml" in with_video

    with django_capture_on_commit_callbacks(execute=True):
        make_short(make_shorts_index(home), "Budget in brief")
    assert "/sitemap-shorts.xml" in client.get("/sitemap.xml").text

    with django_capture_on_commit_callbacks(execute=True):
        make_story(published_at=utc(2025, 4, 2, 12), tags=["Budget"])
    with_story = client.get("/sitemap.xml").text
    assert "/sitemap-articles-2025-04.xml" in with_story
    topics = locs(client.get("/sitemap-topics.xml"))
    assert topics == ["http://localhost/topic/budget/"]


def test_the_cached_index_counts_a_new_section_and_drops_a_deleted_author(
    client, make_story, author, world, fragments, monkeypatch, django_capture_on_commit_callbacks
):
    from dateline.listings.factories import make_section

    monkeypatch.setattr(page_sitemaps.SectionSitemap, "limit", 1)
    monkeypatch.setattr(page_sitemaps.AuthorSitemap, "limit", 1)
    make_story(authors=[author])
    make_story(authors=[AuthorFactory()])
    before = client.get("/sitemap.xml").text
    assert "/sitemap-sections.xml?p=2" not in before  # World alone
    assert "/sitemap-authors.xml?p=2" in before

    with django_capture_on_commit_callbacks(execute=True):
        make_section(current_site(None).root_page, "Sport")
    assert "/sitemap-sections.xml?p=2" in client.get("/sitemap.xml").text

    with django_capture_on_commit_callbacks(execute=True):
        author.delete()
    assert "/sitemap-authors.xml?p=2" not in client.get("/sitemap.xml").text


def test_news_file_is_what_djangos_sitemap_view_and_template_would_write(client, make_story, image):
    from django.contrib.sitemaps import views as sitemap_views
    from django.test import RequestFactory

    from dateline.site.models import SiteSettings

    make_story(title="Tom & Jerry <live>", hours_ago=3, hero_image=image)
    make_story(title="Rates held", hours_ago=5)

    ours = client.get("/sitemap-news.xml")
    request = RequestFactory(HTTP_HOST="localhost").get("/sitemap-news.xml")
    django_view = sitemap_views.sitemap(
        request,
        {"news": NewsSitemap(request)},
        section="news",
        template_name="distribution/sitemap_news.xml",
    )
    django_view.context_data["publication"] = SiteSettings.objects.get()
    django_view.render()

    assert "Tom &amp; Jerry &lt;live&gt;" in ours.text
    assert ours.content == django_view.content
    assert ours["Last-Modified"] == django_view["Last-Modified"]
    assert ours["X-Robots-Tag"] == django_view["X-Robots-Tag"]
