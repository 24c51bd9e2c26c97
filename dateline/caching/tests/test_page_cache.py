"""The page cache as readers and editors meet it: headers, 304s, no per-reader data, editors
bypass, and lean renders when only the page itself is missing from the cache."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from dateline.articles.factories import ArticlePageFactory, AuthorFactory
from dateline.caching.cachestore import page_cache
from dateline.caching.middleware import page_entry_key
from dateline.site.models import Menu


def render_queries(n: int) -> int:
    """Queries of an uncached render that stores the page: the render's own and nothing
    more. Its dependencies go to the index kept with the cache (dateline.caching.depindex):
    a reader writes nothing to the database (one INSERT more before, counted here as 3
    statements where it was 1: the numbers below are now the real render's)."""
    return n


def test_anonymous_pages_are_cached_and_say_so(client, tree, clock):
    from django.utils import timezone

    from dateline.trending.ranking import window_moves_at

    clock.move_to(window_moves_at(timezone.now()))  # at the hour: the trending strip moves in 1 h
    first = client.get(tree.a.url)
    second = client.get(tree.a.url)
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content
    assert second["Cache-Control"] == (
        "public, max-age=60, s-maxage=3600, stale-while-revalidate=30"
    )
    assert "Cookie" not in second.get("Vary", "")
    assert not second.cookies and not first.cookies  # no CSRF or session cookie
    assert f"page:{tree.a.pk}" in second["xkey"].split()
    assert "Surrogate-Key" not in second and "Cache-Tag" not in second  # one keys header


def test_a_reader_who_has_the_page_gets_304(client, tree):
    response = client.get(tree.a.url)
    again = client.get(tree.a.url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]
    changed = client.get(tree.a.url, HTTP_IF_NONE_MATCH='"something-else"')
    assert changed.status_code == 200


def test_editors_and_previews_bypass_the_cache(client, tree, django_user_model):
    client.get(tree.a.url)
    editor = django_user_model.objects.create_superuser("ed", "ed@example.com", "pw")
    client.force_login(editor)
    response = client.get(tree.a.url)
    assert response.get("X-Cache") in (None, "BYPASS")
    assert "private" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_the_newsletter_form_on_a_cached_page_carries_no_token(client, tree):
    html = client.get(tree.a.url).content.decode()
    assert 'name="csrfmiddlewaretoken"' not in html
    assert 'action="/newsletter/"' in html


def test_errors_and_posts_are_never_stored(client, tree):
    assert client.get("/no-such-page/").status_code == 404
    assert client.get("/no-such-page/").get("X-Cache") != "HIT"
    response = client.post(
        "/newsletter/", {"email": "x@example.com"}, HTTP_SEC_FETCH_SITE="same-origin"
    )
    assert response.get("X-Cache") != "HIT"


def test_lean_renders_with_warm_fragments(
    client, home, world, us_news, image, django_assert_num_queries
):
    """Only the page is missing from the cache (a new query string): the shared fragments
    (menus, rails, the front page's body) are warm."""
    Menu.objects.create(
        handle="main", title="Main", items=[("link", {"page": world, "label": "", "url": ""})]
    )
    authors = [AuthorFactory(name="Asha Rao"), AuthorFactory(name="Dev Menon")]
    stories = [
        ArticlePageFactory(
            section=us_news,
            tags=["Elections", "Turnout", "Polls"],
            authors=authors,
            hero_image=image,
        )
        for _ in range(8)
    ]
    story = stories[0]  # not among the newest: it shares the rails
    for path in (story.url, "/", world.url):
        client.get(path)
        forget_page(path)
        client.get(path)
        forget_page(path)  # a query string no longer makes a new entry: drop the page's own
    # None: the routed story, the site with its settings and home page, the header and the
    # story's own content are cached values too (articles.routing, site.middleware).
    with django_assert_num_queries(render_queries(0)):
        assert client.get(story.url)["X-Cache"] == "MISS"
    with django_assert_num_queries(render_queries(0)):  # 3: the site, settings, home page
        assert client.get("/")["X-Cache"] == "MISS"
    # A listing page's rows and rail are warm fragments too (core.pagination reads them
    # lazily, inside the fragment): the subsections, the trail and the page itself remain.
    # (9 while a test could only miss the page by a new query string, which also made the
    # listing fragment, keyed by the page's parameters, cold; 6 before the site was cached.)
    with django_assert_num_queries(render_queries(3)):
        assert client.get(world.url)["X-Cache"] == "MISS"


def forget_page(path: str) -> None:
    """Drop one page's cached entry, its fragments kept (only the page itself is cold)."""
    page_cache().delete(page_entry_key(RequestFactory().get(path)))


@pytest.mark.parametrize("hits", [3])
def test_a_hit_runs_no_query(client, tree, hits, django_assert_num_queries):
    client.get(tree.a.url)
    with django_assert_num_queries(0):
        for _ in range(hits):
            assert client.get(tree.a.url)["X-Cache"] == "HIT"
