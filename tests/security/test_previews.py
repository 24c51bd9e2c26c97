"""Issue 18, finding 2: an editor's preview must never reach the public through a cache.

Every page type Wagtail knows is previewed with a change (Wagtail's own preview request, as
the admin's preview panel makes it) and viewed as a draft and as a revision in the admin,
with the page cache and fragments on. None of those renders may read or write the shared
cache; afterwards readers get the live pages and the cache holds nothing of the previews.
The reverse too: a preview shows its draft, not the live fragment the cache holds.
"""

from __future__ import annotations

import pickle

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from dateline.caching import cachestore
from dateline.home.models import HomePageTopStory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]

MARKER = "Zanzibarpreviewonly"


@pytest.fixture
def cache_calls(monkeypatch):
    """The names of the shared-cache methods called from now on."""
    calls: list[str] = []
    real = cachestore.page_cache

    class Spy:
        def __getattr__(self, name):
            attribute = getattr(real(), name)
            if not callable(attribute):
                return attribute

            def spied(*args, **kwargs):
                calls.append(name)
                return attribute(*args, **kwargs)

            return spied

    monkeypatch.setattr(cachestore, "page_cache", lambda: Spy())
    return calls


def cache_holds(text: str) -> bool:
    """Whether any entry of the shared cache (LocMem or Redis) holds `text`."""
    needle = text.encode()
    if hasattr(cache, "iter_keys"):  # django-redis
        return any(needle in pickle.dumps(cache.get(key)) for key in cache.iter_keys("*"))
    return any(needle in value for value in cache._cache.values())


def lead_title(html: str) -> str:
    """The headline of the front page's lead card."""
    card = html.split('class="story story--lead"', 1)[1]
    return card.split("</h3>", 1)[0]


def warm(reader: Client, urls: list[str]) -> None:
    for url in urls:
        assert reader.get(url).status_code == 200, url
        assert reader.get(url)["X-Cache"] == "HIT", url


def test_previews_drafts_and_revisions_never_touch_the_shared_cache(
    time_held_still, every_kind, admin_client, cache_calls
):
    pages = every_kind.page_of_each_type()
    reader = Client()
    urls = sorted({page.url for page in pages.values()})
    warm(reader, urls)
    cache_calls.clear()

    for model, page in pages.items():
        draft = model.objects.get(pk=page.pk)
        # Title and description: every page type shows at least one of them.
        draft.title = f"{MARKER} {draft.title}"
        draft.search_description = MARKER
        # The admin's preview panel: Wagtail's dummy request through the middleware stack.
        preview = draft.make_preview_request(None, draft.default_preview_mode)
        assert preview.status_code == 200, model
        assert MARKER in preview.content.decode(), f"{model.__name__} preview lost the draft"
        # "View draft" and a revision's view, as a signed-in editor opens them.
        revision = draft.save_revision()
        for url in (
            reverse("wagtailadmin_pages:view_draft", args=[page.pk]),
            reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]),
        ):
            response = admin_client.get(url)
            assert response.status_code == 200, (model, url)
            assert MARKER in response.content.decode(), (model, url)
        assert cache_calls == [], f"{model.__name__}: a preview used the cache: {cache_calls}"

    assert not cache_holds(MARKER)
    for url in urls:  # the cached copies still serve, and they are the live pages
        response = reader.get(url)
        assert response["X-Cache"] == "HIT" and MARKER not in response.content.decode(), url
    cache.clear()
    for url in urls:  # and so do fresh renders
        assert MARKER not in reader.get(url).content.decode(), url
    assert not cache_holds(MARKER)


def test_a_home_preview_never_becomes_the_public_front_page(every_kind):
    """The attack: a user who cannot publish the home page previews another lead story just
    after a publication purged the front page; readers must still get the published one."""
    home = every_kind.home
    reader = Client()
    assert every_kind.lead.title in lead_title(reader.get("/").content.decode())
    cache.clear()  # a publication purged the front page and its fragments

    draft = type(home).objects.get(pk=home.pk)
    draft.top_stories = [HomePageTopStory(story=every_kind.sport_story)]
    preview = draft.make_preview_request(None, draft.default_preview_mode)
    assert every_kind.sport_story.title in lead_title(preview.content.decode())

    for _ in range(2):  # the render that fills the cache, then the hit
        assert every_kind.lead.title in lead_title(reader.get("/").content.decode())


def test_a_preview_shows_its_draft_not_the_cached_live_fragment(every_kind, admin_client):
    home = every_kind.home
    reader = Client()
    warm(reader, ["/"])  # the live front page and its "home-top" fragment are cached

    draft = type(home).objects.get(pk=home.pk)
    draft.top_stories = [HomePageTopStory(story=every_kind.sport_story)]
    preview = draft.make_preview_request(None, draft.default_preview_mode)
    assert every_kind.sport_story.title in lead_title(preview.content.decode())

    draft.save_revision()
    view_draft = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[home.pk]))
    assert every_kind.sport_story.title in lead_title(view_draft.content.decode())
    assert every_kind.lead.title in lead_title(reader.get("/").content.decode())
