"""A page under a view restriction (its own or an ancestor's), of any type, is never
stored, and its public copy goes the moment the restriction is added."""

from __future__ import annotations

import pytest
from wagtail.models import PageViewRestriction

from dateline.caching.middleware import PRIVATE_PAGE
from dateline.shorts.factories import make_short, make_shorts_index
from dateline.stories.factories import make_web_story, make_web_story_index
from dateline.video.factories import make_episode, make_show, make_show_index

pytestmark = pytest.mark.django_db

BODIES = {
    "short": "Libraries stay open later",
    "episode": "A locked episode",
    "web story": "A day on the river",
}


@pytest.fixture
def pages(home, image) -> dict:
    return {
        "short": make_short(make_shorts_index(home)),
        "episode": make_episode(make_show(make_show_index(home), "A show"), BODIES["episode"]),
        "web story": make_web_story(make_web_story_index(home), image=image),
    }


def restrict(page, kind: str, capture) -> None:
    with capture(execute=True):  # the purge runs after commit
        PageViewRestriction.objects.create(page=page, restriction_type=kind, password="pw")


@pytest.mark.parametrize("kind", ["password", "login"])
@pytest.mark.parametrize("name", list(BODIES))
def test_a_restriction_added_purges_the_public_copy_at_once(
    client, pages, name, kind, django_capture_on_commit_callbacks
):
    page = pages[name]
    client.get(page.url)
    cached = client.get(page.url)
    assert (cached["X-Cache"], BODIES[name] in cached.text) == ("HIT", True)

    restrict(page, kind, django_capture_on_commit_callbacks)

    for _ in range(2):
        response = client.get(page.url)
        assert response.get("X-Cache") != "HIT"
        assert BODIES[name] not in response.text
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]


@pytest.mark.parametrize("name", list(BODIES))
def test_a_restriction_on_an_ancestor_purges_the_pages_below(
    client, pages, name, django_capture_on_commit_callbacks
):
    page = pages[name]
    client.get(page.url)
    assert client.get(page.url)["X-Cache"] == "HIT"

    restrict(page.get_parent(), "login", django_capture_on_commit_callbacks)

    response = client.get(page.url)
    assert response.status_code == 302  # to the login page
    assert BODIES[name] not in response.text and response["X-Cache"] != "HIT"


@pytest.mark.parametrize("name", list(BODIES))
def test_a_reader_who_passed_the_password_is_never_served_a_stored_copy(
    client, pages, name, django_capture_on_commit_callbacks
):
    page = pages[name]
    restrict(page, "password", django_capture_on_commit_callbacks)
    restriction = PageViewRestriction.objects.get(page=page)
    client.post(
        f"/_util/authenticate_with_password/{restriction.pk}/{page.pk}/",
        {"password": "pw", "return_url": page.url},
    )
    for _ in range(2):
        response = client.get(page.url)
        assert BODIES[name] in response.text
        assert response.get("X-Cache") != "HIT"
        assert "private" in response["Cache-Control"]


def test_a_restricted_page_is_private_whatever_its_response_says(
    client, pages, monkeypatch, django_capture_on_commit_callbacks
):
    """The rule does not lean on Wagtail's never-cache headers: with a restriction that lets
    everyone through and no such headers, the page is still neither stored nor public."""
    from wagtail import wagtail_hooks

    short = pages["short"]
    restrict(short, "password", django_capture_on_commit_callbacks)
    monkeypatch.setattr(PageViewRestriction, "accept_request", lambda self, request: True)
    monkeypatch.setattr(wagtail_hooks, "add_never_cache_headers", lambda response: None)
    for _ in range(2):
        response = client.get(short.url)
        assert BODIES["short"] in response.text
        assert getattr(response.wsgi_request, PRIVATE_PAGE, False)
        assert response["X-Cache"] == "BYPASS"
        assert response["Cache-Control"].startswith("private")
