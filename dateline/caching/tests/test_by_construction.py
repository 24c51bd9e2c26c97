"""Freshness by construction (issue 19, points 1 and 2): recording needs no hand-written
call, every kind of write invalidates from one place, and bookkeeping purges nothing."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect
from wagtail.images.models import Rendition
from wagtail.models import Page, PageViewRestriction, Site

from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage, Author
from dateline.caching import autodeps, cachestore, signal_handlers
from dateline.caching.dependencies import key_for, listing_key, narrow, narrowed, recording
from dateline.caching.middleware import PageCacheMiddleware
from dateline.caching.models import PendingPurge
from dateline.home.models import BreakingNewsBanner
from dateline.listings.factories import make_section
from dateline.site.models import Menu, SiteSettings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def stored(monkeypatch) -> dict[str, set[str]]:
    """The keys each page stored in the page cache depends on, by URL."""
    found: dict[str, set[str]] = {}
    original = cachestore.store

    def spy(entry, value, keys, **kwargs):
        keys = set(keys)
        found[kwargs.get("url", "") or entry] = keys
        return original(entry, value, keys, **kwargs)

    monkeypatch.setattr(cachestore, "store", spy)
    return found


@pytest.fixture
def purged(monkeypatch) -> set[str]:
    """Every key the signal handlers ask to invalidate (before commit: what they name)."""
    keys: set[str] = set()
    monkeypatch.setattr(signal_handlers, "invalidate", lambda *named: keys.update(named))
    return keys


# --- which models count


def test_every_installed_model_is_classified():
    unclassified = [
        model._meta.label_lower for model in apps.get_models() if autodeps.classify(model) is None
    ]
    assert unclassified == [], "classify these in dateline.caching.autodeps"


@pytest.mark.parametrize(
    "model, content",
    [
        (ArticlePage, True),
        (Page, True),
        (Author, True),
        (SiteSettings, True),
        (BreakingNewsBanner, True),
        (Menu, True),
        (Site, True),
        (Redirect, True),
        (PageViewRestriction, True),
        (Rendition, False),
        (PendingPurge, False),
        (Session, False),
        (apps.get_model("wagtailcore", "Revision"), False),
        (apps.get_model("newsletters", "Subscription"), False),
        (apps.get_model("newsletters", "Issue"), True),
        (apps.get_model("wires", "QuarantinedFile"), False),
    ],
)
def test_content_and_bookkeeping(model, content):
    assert autodeps.is_content(model) is content


# --- recording by construction


def test_a_view_that_loads_an_object_depends_on_it_with_no_record_call(rf: RequestFactory, stored):
    author = AuthorFactory(name="Asha Rao")

    def view(request):  # a throwaway view: nothing hand-written about dependencies
        return HttpResponse(Author.objects.get(slug=author.slug).name)

    response = PageCacheMiddleware(view)(rf.get("/throwaway/"))

    assert response.status_code == 200 and response["X-Cache"] == "MISS"
    (keys,) = stored.values()
    assert key_for(author) in keys  # the instance it loaded
    assert listing_key("articles.author") in keys  # a lookup by slug: the table's coarse key


def test_a_query_records_the_coarse_key_of_every_content_table_it_reads(home):
    """Joins included, and the page table a story's columns come from."""
    AuthorFactory()
    with recording() as keys:
        list(ArticlePage.objects.filter(article_authors__author__name="x"))
    assert {
        listing_key("articles.articlepage"),
        listing_key("wagtailcore.page"),
        listing_key("articles.articlepageauthor"),
        listing_key("articles.author"),
    } <= keys


def test_a_query_without_a_condition_records_its_table(home):
    """`Model.objects.all()` has no FROM until it is compiled: it still records its table
    (an empty table too, so that the first row written purges what showed none)."""
    with recording() as keys:
        list(Author.objects.all())
    assert keys == {listing_key("articles.author")}


def test_a_primary_key_lookup_records_the_row_not_the_table():
    author = AuthorFactory()
    with recording() as keys:
        Author.objects.get(pk=author.pk)
    assert keys == {key_for(author)}


def test_plain_values_of_a_joined_table_record_that_table(us_news, image):
    """Plain values load no instance that could record itself: a public listing or an
    anchored query that selects another table's columns depends on that table too."""
    story = ArticlePageFactory(section=us_news, hero_image=image)
    image_listing = listing_key(type(image)._meta.label_lower)
    with recording() as keys:
        list(ArticlePage.objects.published().values("url_path", "hero_image__file"))
    assert {"list:articles", image_listing} <= keys
    with recording() as keys:
        list(ArticlePage.objects.published().values("url_path", "hero_alt"))
    assert "list:articles" in keys and image_listing not in keys
    with recording() as keys:
        list(ArticlePage.objects.filter(pk=story.pk).values_list("title", flat=True))
    assert keys == {key_for(story)}  # its own table and its parents' only
    with recording() as keys:
        list(ArticlePage.objects.filter(pk=story.pk).values_list("section__title", flat=True))
    assert keys == {key_for(story), listing_key("wagtailcore.page")}


def test_narrowing_replaces_the_coarse_keys_where_the_queryset_is_read(us_news):
    story = ArticlePageFactory(section=us_news, authors=[AuthorFactory()])
    listing = narrowed(ArticlePage.objects.all().for_listing(), "list:custom:1")
    with recording() as keys:  # built above, read here (as a template reads it)
        assert [s.pk for s in listing] == [story.pk]
        assert listing.count() == 1
    assert "list:custom:1" in keys and key_for(story) in keys
    assert not any(key.startswith("list:") and "." in key for key in keys), keys

    with recording() as keys, narrow("list:block"):
        list(Author.objects.all())
    assert "list:block" in keys and listing_key("articles.author") not in keys


def test_outside_a_recording_nothing_is_recorded_and_nothing_breaks(us_news):
    ArticlePageFactory(section=us_news)
    assert len(list(ArticlePage.objects.all().for_listing())) == 1


def test_routing_depends_on_the_page_found_or_on_the_children_it_was_not_among(
    rf: RequestFactory, home, world
):
    from django.http import Http404

    home = home.specific
    with recording() as keys, pytest.raises(Http404):
        home.route(rf.get("/world/no-such-story/"), ["world", "no-such-story"])
    # Purged when a child of World arrives, changes its slug or leaves; not by every page.
    assert listing_key("children", world.pk) in keys
    assert listing_key("children", home.pk) not in keys  # World itself was found
    assert listing_key("wagtailcore.page") not in keys

    with recording() as keys:
        found = home.route(rf.get("/world/"), ["world"])
    assert found.page.pk == world.pk
    assert key_for(world) in keys and listing_key("wagtailcore.page") not in keys


def test_a_routed_story_does_not_depend_on_the_page_table(client, us_news, stored):
    story = ArticlePageFactory(section=us_news)
    assert client.get(story.url)["X-Cache"] == "MISS"
    keys = next(keys for url, keys in stored.items() if url.endswith(story.url))
    assert key_for(story) in keys
    # Not purged by every publish anywhere: no coarse page or story table key.
    assert listing_key("wagtailcore.page") not in keys
    assert listing_key("articles.articlepage") not in keys


# --- every narrowed listing is purged when an item joins or leaves it


def _story_listings(section, author, agency):
    return {
        "section": (listing_key("section", section.pk), {"section": section}),
        "tag": (None, {"tags": ["Budget"]}),
        "author": (listing_key("author", author.pk), {"authors": [author]}),
        "agency": (listing_key("agency", agency.pk), {"agency": agency}),
        "latest": (listing_key("articles"), {}),
    }


@pytest.mark.parametrize("kind", ["section", "tag", "author", "agency", "latest"])
def test_a_story_joining_or_leaving_a_listing_purges_it(
    kind, us_news, world, purged, django_capture_on_commit_callbacks
):
    from taggit.models import Tag

    author, agency = AuthorFactory(), AgencyFactory()
    key, extra = _story_listings(us_news, author, agency)[kind]
    section = extra.pop("section", world)
    purged.clear()
    story = ArticlePageFactory(section=section, **extra)
    if kind == "tag":
        key = listing_key("tag", Tag.objects.get(name="Budget").pk)
    assert key in purged, f"joining {kind}"

    purged.clear()
    revision = story.save_revision()
    story.unpublish()
    assert key in purged, f"leaving {kind}"
    del revision


@pytest.mark.parametrize(
    "make, key",
    [
        ("short", "list:shorts"),
        ("episode", "list:videos"),
        ("show", "list:shows"),
        ("webstory", "list:webstories"),
    ],
)
def test_other_page_types_purge_their_listing_when_published_and_unpublished(
    make, key, home, image, purged
):
    page = _make_page(make, home, image)  # a draft (a show: published, then taken down)
    if page.live:
        page.unpublish()
    purged.clear()
    _fresh(page).save_revision().publish()
    assert key in purged, "joining"
    purged.clear()
    _fresh(page).save_revision().publish()  # an edit that keeps its place: own key only
    assert key not in purged and key_for(page) in purged
    purged.clear()
    _fresh(page).unpublish()
    assert key in purged, "leaving"


def _fresh(page: Page) -> Page:
    return Page.objects.get(pk=page.pk).specific


def _make_page(kind: str, home, image) -> Page:
    from dateline.shorts.factories import make_short, make_shorts_index
    from dateline.stories.factories import make_web_story, make_web_story_index
    from dateline.video.factories import make_episode, make_show, make_show_index

    if kind == "short":
        return make_short(make_shorts_index(home), publish=False)
    if kind == "webstory":
        return make_web_story(make_web_story_index(home), image=image, publish=False)
    show = make_show(make_show_index(home))
    return show if kind == "show" else make_episode(show, publish=False)


# --- invalidation fires for each kind of write


def test_model_save_and_delete_purge_the_instance_and_its_coarse_keys(purged):
    author = AuthorFactory()
    purged.clear()
    author.name = "Renamed"
    author.save()
    assert {key_for(author), listing_key("articles.author")} <= purged
    purged.clear()
    key = key_for(author)
    author.delete()
    assert key in purged


def test_a_queryset_delete_purges_like_a_model_delete(purged):
    """Snippet bulk delete is a queryset delete: it skips delete() overrides, not signals."""
    menu = Menu.objects.create(handle="footer", title="Footer")
    purged.clear()
    Menu.objects.filter(pk=menu.pk).delete()
    assert {key_for(menu), listing_key("menu", "footer")} <= purged


def test_a_menu_changing_handle_purges_the_old_and_the_new_one(purged):
    menu = Menu.objects.create(handle="footer", title="Footer")
    purged.clear()
    menu.handle = "trending"
    menu.save()
    assert {listing_key("menu", "footer"), listing_key("menu", "trending")} <= purged


def test_settings_sites_redirects_and_restrictions_purge(home, world, purged):
    settings_row = SiteSettings.for_site(Site.objects.get())
    purged.clear()
    settings_row.save()
    assert {key_for(settings_row), key_for(SiteSettings)} <= purged

    purged.clear()
    site = Site.objects.get()
    site.site_name = "Renamed"
    site.save()
    assert {key_for(site), listing_key("wagtailcore.site")} <= purged

    purged.clear()
    redirect = Redirect.objects.create(old_path="/old", redirect_link="/new")
    assert listing_key("wagtailredirects.redirect") in purged
    purged.clear()
    redirect.delete()
    assert listing_key("wagtailredirects.redirect") in purged

    purged.clear()
    restriction = PageViewRestriction.objects.create(page=world, restriction_type="login")
    assert {key_for(world), key_for(PageViewRestriction)} <= purged
    purged.clear()
    restriction.delete()
    assert key_for(world) in purged


def test_moves_and_slug_changes_purge_both_parents(home, world, us_news, purged):
    sport = make_section(home, "Sport")
    purged.clear()
    us_news.move(sport, pos="last-child")
    assert {
        key_for(us_news),
        listing_key("children", world.pk),
        listing_key("children", sport.pk),
    } <= purged

    purged.clear()
    sport.slug = "sports"
    sport.save_revision().publish()
    assert {key_for(sport), listing_key("children", home.pk)} <= purged


def test_an_image_saved_in_place_purges_the_image(image, purged):
    purged.clear()
    image.title = "New file"
    image.save()
    assert key_for(image) in purged


# --- bookkeeping purges nothing


def test_draft_saves_locks_and_unpublished_pages_purge_nothing(us_news, purged):
    story = ArticlePageFactory(section=us_news)
    purged.clear()
    story.title = "A draft headline"
    story.save_revision()  # a draft of a live story (also what autosave does)
    story.locked, story.locked_at = True, timezone.now()
    story.save(update_fields=["locked", "locked_at", "locked_by"])
    draft = ArticlePageFactory(section=us_news, publish=False)
    draft.title = "Still a draft"
    draft.save()
    draft.save_revision()
    assert purged == set()


def test_bookkeeping_rows_purge_nothing(purged):
    PendingPurge.objects.create(keys=["k"])
    Session.objects.create(
        session_key="x" * 32, session_data="", expire_date=timezone.now() + dt.timedelta(days=1)
    )
    assert purged == set()


# --- writes that send no signals are marked where they happen

QUERYSET_WRITES = {"update", "bulk_create", "bulk_update"}


def _unmarked_queryset_writes(path: Path) -> list[str]:
    source = path.read_text()
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        if node.func.attr not in QUERYSET_WRITES:
            continue
        receiver = ast.unparse(node.func.value)
        if node.func.attr == "update" and not (".objects" in receiver or ".filter(" in receiver):
            continue  # a dict's or a set's update
        context = "\n".join(lines[max(0, node.lineno - 3) : node.end_lineno])
        if "# freshness:" not in context:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {receiver}.{node.func.attr}")
    return found


def test_queryset_writes_say_how_they_stay_fresh():
    """`update()`, `bulk_create()` and `bulk_update()` skip the signals that purge: each call
    says, in a `# freshness:` comment on it or on the two lines above, what it purges or why
    nothing shown to readers changes (bookkeeping)."""
    unmarked = []
    for path in sorted((ROOT / "dateline").rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        unmarked += _unmarked_queryset_writes(path)
    assert unmarked == []
