"""Web Stories: the model's page count, the AMP page, its CSP, the listing and the strip."""

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dateline.articles.factories import ArticlePageFactory
from dateline.caching.dependencies import recording
from dateline.core.factories import ImageFactory
from dateline.stories.factories import make_web_story, story_pages
from dateline.stories.models import WebStoryPage

from .amp_rules import BOILERPLATE, amp_story_errors


@pytest.fixture
def portrait(db):
    return ImageFactory(title="Portrait", width=900, height=1600)


def test_a_story_needs_five_to_thirty_pages(web_story_index, portrait):
    for count, ok in ((4, False), (5, True), (30, True), (31, False)):
        story = WebStoryPage(
            title=f"{count} pages",
            slug=f"pages-{count}",
            description="d",
            poster_image=portrait,
            pages=story_pages(portrait, count),
        )
        if ok:
            web_story_index.add_child(instance=story)  # saving runs full_clean()
            assert story.pk
        else:
            with pytest.raises(ValidationError) as exc:
                web_story_index.add_child(instance=story)
            assert exc.value.message_dict == {
                "pages": [f"A Web Story has 5 to 30 pages; this one has {count}."]
            }


def test_a_story_needs_a_poster(web_story_index, portrait):
    story = WebStoryPage(title="No poster", slug="no-poster", description="d",
                         pages=story_pages(portrait))  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        web_story_index.add_child(instance=story)
    assert list(exc.value.message_dict) == ["poster_image"]


def test_story_page_is_an_amp_story_that_passes_the_amp_rules(
    client, web_story_index, portrait, world
):
    article = ArticlePageFactory(section=world, title="The river in full")
    story = make_web_story(web_story_index, image=portrait, pages=story_pages(portrait, 6,
                           link_page=article))  # fmt: skip
    response = client.get(story.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert amp_story_errors(html) == []
    assert html.count("<amp-story-page ") == 6
    assert '<html ⚡ lang="en">' in html
    assert f'<link rel="canonical" href="http://localhost{story.url}">' in html
    assert '<link rel="icon" href="/static/dateline/favicon' in html  # no request for /favicon.ico
    assert 'poster-portrait-src="http://localhost/media/images/' in html
    assert 'publisher-logo-src="http://localhost/static/stories/publisher-logo.png"' in html
    assert f'<a href="http://localhost{article.url}">Read the story</a>' in html
    assert "amp-video" not in html  # no video, no video extension


def test_story_page_csp_allows_only_the_amp_runtime_from_elsewhere(
    client, web_story_index, portrait
):
    story = make_web_story(web_story_index, image=portrait)
    csp = client.get(story.url)["Content-Security-Policy"]
    assert "script-src https://cdn.ampproject.org/;" in csp
    assert "default-src 'self'" in csp
    hosts = set(re.findall(r"https?://[^\s;']+", csp))
    assert hosts == {"https://cdn.ampproject.org/", "https://cdn.ampproject.org"}


def test_other_pages_load_no_script_from_another_host(client, web_story_index, portrait):
    make_web_story(web_story_index, image=portrait)
    for url in ("/", "/web-stories/"):
        html = client.get(url).content.decode()
        assert "cdn.ampproject.org" not in html
        assert re.findall(r'<script[^>]+src="https?://', html) == []


def test_a_video_page_uses_amp_video_with_a_poster(client, web_story_index, portrait):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    video = Document.objects.create(title="clip", file=ContentFile(b"\x00" * 16, name="clip.mp4"))
    story = make_web_story(web_story_index, image=portrait,
                           pages=story_pages(portrait, video=video))  # fmt: skip
    html = client.get(story.url).content.decode()
    assert amp_story_errors(html) == []
    assert 'custom-element="amp-video"' in html
    assert '<source src="/documents/' in html and 'type="video/mp4"' in html


def test_story_json_ld_is_an_article_with_the_poster(client, web_story_index, portrait):
    story = make_web_story(web_story_index, "River day", image=portrait)
    html = client.get(story.url).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html).group(1)
    data = json.loads(block)
    assert data["@type"] == "Article"
    assert data["headline"] == "River day"
    assert data["image"][0]["url"].startswith("http://localhost/media/images/")
    assert (data["image"][0]["width"], data["image"][0]["height"]) == (640, 853)
    assert data["publisher"]["name"]


def test_amp_rules_catch_what_breaks_a_story(client, web_story_index, portrait):
    """The checker itself: each defect planted in a passing page is reported."""
    good = client.get(make_web_story(web_story_index, image=portrait).url).content.decode()
    defects = {
        "custom JavaScript": good.replace("</head>", "<script>alert(1)</script></head>"),
        "boilerplate": good.replace(BOILERPLATE, BOILERPLATE.replace("8s", "1s")),
        "<img>": good.replace(
            "</amp-story-grid-layer>", '<img src="/x.png" alt=""></amp-story-grid-layer>', 1
        ),
        "!important": good.replace("</style>\n", "a{color:red!important}</style>\n", 1).replace(
            "<style amp-custom>", "<style amp-custom>a{color:red !important}"
        ),
        "poster-portrait-src": re.sub(r' poster-portrait-src="[^"]*"', "", good),
        "event handler": good.replace("<amp-story ", '<amp-story onclick="x()" '),
        "unique id": good.replace('id="page-2"', 'id="page-1"'),
    }
    for needle, html in defects.items():
        errors = amp_story_errors(html)
        assert any(needle in error for error in errors), (needle, errors)


def test_listing_shows_published_stories_newest_first(client, web_story_index, portrait):
    now = timezone.now()
    make_web_story(web_story_index, "Older story", image=portrait,
                   published_at=now - dt.timedelta(hours=2))  # fmt: skip
    make_web_story(web_story_index, "Newer story", image=portrait)
    make_web_story(web_story_index, "Draft story", image=portrait, publish=False)
    with recording() as keys:
        response = client.get("/web-stories/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Newer story") < html.index("Older story")
    assert "Draft story" not in html
    assert "list:webstories" in keys and f"page:{web_story_index.pk}" in keys
    assert client.get("/web-stories/?page=2").status_code == 404


@pytest.mark.usefixtures("page_cache_off")  # the cost of an uncached render
def test_listing_query_count(client, web_story_index, portrait, django_assert_num_queries):
    for n in range(3):
        make_web_story(web_story_index, f"Story {n}", image=portrait)
    client.get("/web-stories/")
    with django_assert_num_queries(LISTING_QUERIES):
        client.get("/web-stories/")
    for n in range(3, 6):
        make_web_story(web_story_index, f"Story {n}", image=portrait)
    client.get("/web-stories/")
    with django_assert_num_queries(LISTING_QUERIES):
        client.get("/web-stories/")


LISTING_QUERIES = 19  # no view-restriction queries without restrictions


def test_home_page_strip(client, web_story_index, portrait):
    make_web_story(web_story_index, "On the home page", image=portrait)
    with recording() as keys:
        html = client.get("/").content.decode()
    assert 'aria-labelledby="web-stories-strip-heading"' in html
    assert '<a href="/web-stories/">Web Stories</a>' in html
    assert "On the home page" in html
    assert "list:webstories" in keys


def test_publishing_invalidates_the_story_and_listing(
    web_story_index, portrait, invalidated, django_capture_on_commit_callbacks
):
    story = make_web_story(web_story_index, image=portrait, publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        story.get_latest_revision().publish()
    assert {f"page:{story.pk}", "list:webstories"} <= set().union(*invalidated)
    invalidated.clear()
    story.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()
    assert {f"page:{story.pk}", "list:webstories"} <= set().union(*invalidated)
