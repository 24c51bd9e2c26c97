"""The reader's path has bounded cost, and its headers say only what they must (issue 18,
findings 10, 11 and 13).

Each probe is what an attacker or a misconfigured proxy would send; each asserts the bound
that now holds. Runs on SQLite and on PostgreSQL (DATABASE_URL).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.stories.factories import make_web_story, make_web_story_index
from dateline.video.factories import make_episode, make_show, make_show_index, make_video_index

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past any database's OFFSET range


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}


@pytest.fixture
def listings(home, world, image):
    """One of every paginated view kind, each with a first page of content."""
    author = AuthorFactory(name="Asha Rao", slug="asha")
    agency = AgencyFactory(name="Wire", slug="wire")
    story = ArticlePageFactory(
        section=world,
        title="A story",
        authors=[author],
        agency=agency,
        tags=["budget"],
        published_at=timezone.now() - dt.timedelta(hours=1),
    )
    month = story.get_parent()
    shorts = make_shorts_index(home)
    make_short(shorts)
    web_stories = make_web_story_index(home)
    make_web_story(web_stories, image=image)
    video = make_video_index(home)
    make_episode(video)
    show = make_show(make_show_index(home), "The Long Read")
    make_episode(show)
    return {
        "section": world.url,
        "month archive": month.url,
        "topic": "/topic/budget/",
        "author": "/author/asha/",
        "agency": "/agency/wire/",
        "shorts": shorts.url,
        "web stories": web_stories.url,
        "video hub": video.url,
        "show": show.url,
        "search": "/search/?q=story&",
    }


def _with_page(url: str, number: str) -> str:
    if url.endswith("&"):
        return f"{url}page={number}"
    return f"{url}?page={number}"


@override_settings(DATELINE_MAX_PAGES=3, DATELINE_ARCHIVE_MAX_PAGES=4)
def test_every_paginated_view_answers_a_404_page_past_its_cap_and_past_its_end(client, listings):
    """Finding 11: `?page=99999999999999999999` on a month archive was a 500 (OFFSET overflow:
    month archives had no cap). Every listing kind now has one, and past it, or past the
    last page, answers the site's 404 page."""
    for kind, url in listings.items():
        first = client.get(_with_page(url, "1"))
        assert first.status_code == 200, kind
        for number in (HUGE, "5", "2", "0", "-1", "1" * 5000):
            response = client.get(_with_page(url, number))
            assert response.status_code == 404, (kind, number[:30], response.status_code)
            assert b"<html" in response.content, kind  # the site's page, not a bare error


@pytest.fixture
def reader_site(home, world, image):
    """A small site with one page of each kind a signed-in user may open."""
    from dateline.video.factories import make_live_tv

    story = ArticlePageFactory(
        section=world, title="A story", tags=["budget"], hero_image=image,
        published_at=timezone.now() - dt.timedelta(hours=1),
    )  # fmt: skip
    web_stories = make_web_story_index(home)
    web_story = make_web_story(web_stories, image=image)
    live_tv = make_live_tv(home)
    return {
        "home": "/",
        "section": world.url,
        "story": story.url,
        "month archive": story.get_parent().url,
        "topic": "/topic/budget/",
        "web story": web_story.url,
        "web stories": web_stories.url,
        "live tv": live_tv.url,
        "search": "/search/?q=story",
        "autocomplete": "/search/suggest/?q=sto",
        "feed": "/feeds/latest/rss/",
        "sitemap": "/sitemap.xml",
        "robots": "/robots.txt",
        "not found": "/no-such-page/",
        "admin": "/admin/",
        "admin pages": "/admin/pages/",
    }


def test_a_made_up_session_cookie_is_served_the_cached_page(client, reader_site, settings):
    """Finding 10: `Cookie: sessionid=<anything>` bypassed the page cache (every request a
    render). Only a stored session of a signed-in user does now."""
    from dateline.caching.cachestore import index

    story = reader_site["story"]
    assert client.get(story)["X-Cache"] == "MISS"
    rows = index().count()
    for value in ("x", "0" * 32, "forged-session-value-abcdefghijklmnop", ""):
        client.cookies[settings.SESSION_COOKIE_NAME] = value
        response = client.get(story)
        assert response["X-Cache"] == "HIT", value
        assert "Set-Cookie" not in response
    # A miss with a made-up cookie renders the anonymous page and stores it, once.
    client.cookies[settings.SESSION_COOKIE_NAME] = "made-up"
    assert client.get(reader_site["section"])["X-Cache"] == "MISS"
    assert client.get(reader_site["section"])["X-Cache"] == "HIT"
    assert index().count() > rows


def test_a_signed_in_session_still_bypasses_the_cache(client, reader_site, django_user_model):
    client.get(reader_site["story"])
    editor = django_user_model.objects.create_user("ed", "ed@example.com", "pw")
    client.force_login(editor)
    assert client.get(reader_site["story"]).get("X-Cache") in (None, "BYPASS")
    client.logout()  # a session that was signed in and no longer is: a reader again
    assert client.get(reader_site["story"])["X-Cache"] == "HIT"


def test_every_response_for_a_signed_in_user_is_private(client, reader_site, django_user_model):
    """Finding 13: a logged-in editor's /live-tv/ carried `max-age=300` without `private`.
    Every response rendered for a signed-in user is now `private, no-cache`, whatever the
    view set; the same URLs for a reader keep their public headers."""
    for path in reader_site.values():
        client.get(path)  # warm the page cache: a signed-in user must not get its entries
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(editor)
    for kind, path in reader_site.items():
        response = client.get(path)
        directives = {d.strip().split("=")[0] for d in response["Cache-Control"].split(",")}
        assert {"private", "no-cache"} <= directives, (kind, response["Cache-Control"])
        assert not directives & {"public", "s-maxage", "stale-while-revalidate"}, kind
        assert response.get("X-Cache") != "HIT", kind
    client.logout()
    assert "public" in client.get(reader_site["live tv"])["Cache-Control"]


def test_every_content_security_policy_says_who_may_frame_and_where_forms_post(
    client, reader_site, django_user_model
):
    """Finding 13: web story pages' own policy lacked `frame-ancestors` and `form-action`.
    Every policy, the site's, the admin's and a view's own, carries both."""
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    for signed_in in (False, True):
        if signed_in:
            client.force_login(editor)
        for kind, path in reader_site.items():
            policy = client.get(path)["Content-Security-Policy"]
            directives = {part.strip().split(" ")[0] for part in policy.split(";")}
            assert {"frame-ancestors", "form-action"} <= directives, (kind, policy)


def test_unique_query_strings_add_no_cache_entries(client, reader_site):
    """Finding 10: 387 requests with unique query strings added 34,600 dependency index members.
    Parameters no page reads are dropped before the cache key is made."""
    from dateline.caching.cachestore import index

    for kind in ("home", "section", "story", "topic"):
        client.get(reader_site[kind])
    rows = index().count()
    for n in range(50):
        for kind in ("home", "section", "story", "topic"):
            query = f"utm_source=x{n}&fbclid=IwAR{n}&gclid={n}&mc_eid={n}&igshid={n}&x{n}={n}"
            response = client.get(f"{reader_site[kind]}?{query}")
            assert response["X-Cache"] == "HIT", (kind, n)
    assert index().count() == rows


def test_response_headers_stay_under_four_kilobytes(client, reader_site, world):
    """Finding 13: `/` sent 8.5 KB of headers (xkey, Surrogate-Key and Cache-Tag repeating
    one list); nginx's default buffers answered 502. A home page showing many stories keeps
    one keys header, and every response's headers stay under 4 KB."""
    for n in range(40):
        ArticlePageFactory(
            section=world, title=f"Story {n}",
            published_at=timezone.now() - dt.timedelta(minutes=n + 5),
        )  # fmt: skip
    for kind, path in reader_site.items():
        response = client.get(path)
        size = sum(len(f"{name}: {value}\r\n") for name, value in response.items())
        assert size < 4096, (kind, size)
        assert "Surrogate-Key" not in response and "Cache-Tag" not in response, kind


@pytest.mark.parametrize(
    "breakage",
    ["no body-count", "count not a number", "a block without its type", "a huge count"],
)
def test_a_page_post_with_a_broken_stream_field_is_a_form_error(
    client, world, django_user_model, breakage
):
    """Finding 11: a page-create POST without `body-count` answered 500 (Wagtail's
    StreamBlock indexes the posted keys). It re-renders the form with an error, and nothing
    is saved; an edit post of the same kind leaves the story as it was."""
    from dateline.articles.models import ArticlePage
    from dateline.core.streamforms import MALFORMED_MESSAGE
    from dateline.newsroom.tests.conftest import article_form, create_url, edit_url

    editor = django_user_model.objects.create_superuser("chief", "chief@example.com", "pw")
    client.force_login(editor)

    def broken(form: dict) -> dict:
        if breakage == "no body-count":
            return {k: v for k, v in form.items() if not k.startswith("body-")}
        if breakage == "count not a number":
            return {**form, "body-count": "lots"}
        if breakage == "a huge count":
            return {**form, "body-count": "999999999999"}
        return {k: v for k, v in form.items() if k != "body-0-type"}

    response = client.post(create_url(world), broken(article_form("Broken post", "broken-post")))
    assert response.status_code == 200
    assert "arrived incomplete" in response.content.decode()
    assert not ArticlePage.objects.filter(slug="broken-post").exists()

    story = ArticlePageFactory(section=world, title="Kept story", slug="kept-story")
    before = list(story.get_latest_revision_as_object().body.raw_data)
    form = article_form("Kept story", "kept-story", body="<p>Replaced</p>")
    response = client.post(edit_url(story), broken(form))
    assert response.status_code == 200, response.status_code
    assert MALFORMED_MESSAGE.split(",")[0] in response.content.decode()
    story.refresh_from_db()
    assert list(story.get_latest_revision_as_object().body.raw_data) == before
