"""The public rule (`core.visibility`) and private renders (`caching.cachestore.private_render`)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from wagtail.models import PageViewRestriction, get_page_models

from dateline.articles.factories import ArticlePageFactory
from dateline.caching import cachestore
from dateline.caching.dependencies import recording
from dateline.core.middleware import renders_privately
from dateline.core.visibility import RESTRICTIONS_KEY, PublicPageQuerySet, request_scope
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.video.factories import make_episode, make_show, make_show_index

pytestmark = pytest.mark.django_db


def test_every_listed_page_type_has_the_one_rule():
    """The page types readers see in listings share one `published()` (not their own)."""
    from dateline.articles.models import ArticlePage
    from dateline.shorts.models import ShortPage
    from dateline.stories.models import WebStoryPage
    from dateline.video.models import EpisodePage, ShowPage

    listed = {ArticlePage, ShortPage, WebStoryPage, EpisodePage, ShowPage}
    for model in get_page_models():
        queryset = model.objects.all()
        if model in listed:
            assert isinstance(queryset, PublicPageQuerySet), model
            assert type(queryset).published is PublicPageQuerySet.published, model


def test_no_restriction_adds_no_sql(world):
    from dateline.articles.models import ArticlePage

    ArticlePageFactory(section=world)
    where = str(ArticlePage.objects.published().query).split("WHERE", 1)[1]
    assert "LIKE" not in where.split("ORDER BY")[0].upper()
    PageViewRestriction.objects.create(page=world, restriction_type="login")
    where = str(ArticlePage.objects.published().query).split("WHERE", 1)[1]
    assert "LIKE" in where.split("ORDER BY")[0].upper()


def test_a_restriction_hides_the_page_and_its_descendants(home, world, us_news, image):
    from dateline.articles.models import ArticlePage
    from dateline.shorts.models import ShortPage
    from dateline.video.models import EpisodePage

    inside = ArticlePageFactory(section=us_news, title="Under a locked section")
    outside = ArticlePageFactory(section=world, title="In the open")
    short = make_short(make_shorts_index(home), "A locked short")
    episode = make_episode(make_show(make_show_index(home), "A show"), "A locked episode")
    for page, kind in [(us_news, "password"), (short, "login"), (episode, "password")]:
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="pw")

    assert list(ArticlePage.objects.published()) == [outside]
    assert inside not in ArticlePage.objects.published().in_section(us_news)
    assert not ShortPage.objects.published().exists()
    assert not EpisodePage.objects.published().exists()
    # The search backend accepts the rule as a filter (Wagtail's `path` filter field).
    assert list(ArticlePage.objects.published().search("locked")) == []
    assert [p.pk for p in ArticlePage.objects.published().search("open")] == [outside.pk]


def test_restrictions_are_read_once_per_request(world, django_assert_num_queries):
    from dateline.articles.models import ArticlePage

    PageViewRestriction.objects.create(page=world, restriction_type="login")
    with request_scope(), django_assert_num_queries(1):  # cold: the read (a miss writes none)
        for _ in range(3):
            ArticlePage.objects.published()
    with request_scope(), django_assert_num_queries(0):  # warm: the cached value
        for _ in range(3):
            ArticlePage.objects.published()


def test_a_listing_depends_on_the_restrictions_where_it_is_evaluated(world):
    from dateline.articles.models import ArticlePage

    ArticlePageFactory(section=world)
    stories = ArticlePage.objects.published()  # built outside, as get_context does
    with recording() as keys:  # evaluated inside a fragment
        list(stories)
    assert RESTRICTIONS_KEY in keys
    with recording() as keys:
        stories.count()
    assert RESTRICTIONS_KEY in keys


def test_a_private_render_never_reads_or_writes_the_shared_cache(settings, monkeypatch):
    from dateline.articles.models import ArticlePage

    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    built = []

    def build():
        built.append(1)
        return "value"

    used = []

    def no_cache():
        used.append(1)  # (the cache's own guards swallow the error: count the use too)
        raise AssertionError("the shared cache was used")

    cachestore.cached("dateline:test-entry", build)  # now shared: cached
    # Undone before the autouse cache clear's teardown, which does use the cache.
    with monkeypatch.context() as patched, cachestore.private_render():
        patched.setattr(cachestore, "page_cache", no_cache)
        assert not cachestore.is_shared_render()
        assert cachestore.cached("dateline:test-entry", build) == "value"
        assert cachestore.cached("dateline:test-entry", build) == "value"  # its own memo
        assert cachestore.cache_get("dateline:test-entry") is None
        assert not cachestore.store("e", "v", [], timeout=5, started_at_generation=1)
        assert cachestore.generation() is None
        list(ArticlePage.objects.published())  # its next due moment is shared data too
    assert built == [1, 1] and not used
    assert cachestore.is_shared_render()


@pytest.mark.parametrize(
    ("setup", "private"),
    [
        (lambda r: None, False),
        # A made-up session cookie is an anonymous reader's (issue 18); a stored signed-in
        # session is private (tests/security/test_bounds_probes.py).
        (lambda r: r.COOKIES.update(sessionid="x"), False),
        (lambda r: r.META.update(HTTP_AUTHORIZATION="Bearer x"), True),
        (lambda r: setattr(r, "is_dummy", True), True),
        (lambda r: setattr(r, "is_preview", True), True),
    ],
)
def test_which_requests_render_privately(setup, private):
    request = RequestFactory().get("/world/")
    setup(request)
    assert renders_privately(request) is private
    assert renders_privately(RequestFactory().get("/admin/pages/3/view_draft/"))
