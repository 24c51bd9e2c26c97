"""The desk's day in a real browser: a reporter writes and submits a story, the copy desk
and then an editor approve it, and it appears on its section page and in Latest News."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from dateline.articles.factories import ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage
from dateline.listings.factories import make_section

HEADLINE = "Harbour bridge reopens after repairs"

# A flush empties what migrations created; make_home and desk_roles rebuild what this needs.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def desk(live_site, desk_roles):
    home = live_site
    world = make_section(home, "World")
    # One older story curated as the only top story, so new stories land in Latest News.
    older = ArticlePageFactory(section=world, title="Older story on top")
    home.top_stories_count = 1
    home.top_stories.create(story=older, sort_order=0)
    home.save_revision().publish()
    users = {}
    for username, group in [("rita", "Reporter"), ("carl", "Copy desk"), ("edna", "Editor")]:
        user = get_user_model().objects.create_user(username=username, password="desk-pass")
        user.groups.add(Group.objects.get(name=group))
        users[group] = user
    # The reporter's byline: a story they create starts with it (and needs one to be submitted).
    AuthorFactory(name="Rita Reporter", user=users["Reporter"])
    return {"home": home, "world": world, "users": users}


def log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "desk-pass")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base_url}/admin/")


def log_out(page, base_url: str) -> None:
    page.context.clear_cookies()


def approve(page, base_url: str, story: ArticlePage) -> None:
    page.goto(f"{base_url}/admin/pages/{story.pk}/edit/")
    button = page.locator(
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])"
    )
    if not button.is_visible():
        open_more_actions(page)
    button.click()
    page.wait_for_url(f"{base_url}/admin/**")
    page.wait_for_load_state("networkidle")


def open_more_actions(page) -> None:
    page.locator("[data-w-dropdown-target='toggle']").filter(has_text="More actions").first.click()


def test_reporter_submits_copy_desk_and_editor_approve_and_the_story_is_published(
    browser, artifacts, live_server, desk
):
    base_url = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})

    # The reporter writes the story in the section and submits it for review.
    log_in(page, base_url, "rita")
    page.goto(f"{base_url}/admin/pages/add/articles/articlepage/{desk['world'].pk}/")
    page.fill("#id_title", HEADLINE)
    page.fill("#id_dek", "Traffic flows again across the harbour from this morning.")
    page.screenshot(path=artifacts / "newsroom-1-reporter-writes.png", full_page=False)
    open_more_actions(page)
    page.locator("button[name='action-submit']").click()
    page.wait_for_url(f"{base_url}/admin/pages/**")
    story = ArticlePage.objects.get(title=HEADLINE)
    assert story.live is False
    assert story.get_parent().get_parent().get_parent().pk == desk["world"].pk  # World › Y › M
    log_out(page, base_url)

    # The copy desk approves the first step; the story is still not public.
    log_in(page, base_url, "carl")
    approve(page, base_url, story)
    story.refresh_from_db()
    assert story.live is False
    log_out(page, base_url)

    # The editor signs off, which publishes it.
    log_in(page, base_url, "edna")
    page.goto(f"{base_url}/admin/pages/{story.pk}/edit/")
    page.screenshot(path=artifacts / "newsroom-2-editor-reviews.png", full_page=False)
    approve(page, base_url, story)
    story.refresh_from_db()
    assert story.live is True
    log_out(page, base_url)

    # Readers see it on the section page and in the home page's Latest News.
    page.goto(f"{base_url}{desk['world'].url}")
    assert page.get_by_role("link", name=HEADLINE).count() >= 1
    page.goto(f"{base_url}/")
    latest = page.locator("section[aria-labelledby='latest-heading']")
    assert latest.get_by_role("link", name=HEADLINE).count() == 1
    page.screenshot(path=artifacts / "newsroom-3-home-latest.png", full_page=False)
    page.goto(f"{base_url}{story.url}")
    assert page.locator("h1").inner_text() == HEADLINE
    assert story.authors[0].name == "Rita Reporter"  # credited without the reporter asking
    assert "Rita Reporter" in page.locator(".article__meta").inner_text()
    page.close()
