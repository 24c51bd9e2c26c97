"""Each desk role can do what it should in the real admin, and is refused the rest."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import GroupPagePermission, Page

from dateline.articles.factories import ArticlePageFactory
from dateline.articles.models import ArchiveMonthPage, ArticlePage
from dateline.listings.factories import make_section

from .conftest import article_form, create_url, edit_url

pytestmark = pytest.mark.django_db


def test_data_migration_creates_each_role_with_its_page_permissions_on_the_root(desk_roles):
    root = Page.get_first_root_node()
    granted = {
        name: sorted(
            GroupPagePermission.objects.filter(group__name=name, page=root).values_list(
                "permission__codename", flat=True
            )
        )
        for name in ["Reporter", "Copy desk", "Editor", "Homepage editor", "Administrator"]
    }
    assert granted == {
        "Reporter": ["add_page"],
        "Copy desk": ["add_page", "change_page", "lock_page"],
        "Editor": ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"],
        "Homepage editor": ["change_page", "publish_page"],
        "Administrator": [
            "add_page",
            "bulk_delete_page",
            "change_page",
            "lock_page",
            "publish_page",
            "unlock_page",
        ],
    }


def test_reporter_writes_a_draft_that_is_filed_in_its_month_and_cannot_publish_it(
    client, reporter, world
):
    client.force_login(reporter)
    response = client.post(create_url(world), article_form(**{"action-publish": "publish"}))
    assert response.status_code == 302
    story = ArticlePage.objects.get(slug="port-strike-ends")
    assert story.live is False
    assert story.owner == reporter
    assert isinstance(story.get_parent().specific, ArchiveMonthPage)
    assert story.section_id == world.pk
    assert story.permissions_for_user(reporter).can_publish() is False


def test_reporter_edits_their_own_draft_but_not_a_colleagues_story(client, reporter, editor, world):
    own = ArticlePageFactory(section=world, title="Own draft", publish=False, owner=reporter)
    colleague = ArticlePageFactory(section=world, title="Colleague's", publish=False, owner=editor)
    client.force_login(reporter)
    assert client.get(edit_url(own)).status_code == 200
    refused = client.get(edit_url(colleague))
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")


def test_copy_desk_edits_any_story_but_publishing_only_saves_a_draft(
    client, copy_desk, reporter, world
):
    story = ArticlePageFactory(section=world, title="Draft", publish=False, owner=reporter)
    client.force_login(copy_desk)
    response = client.post(
        edit_url(story),
        article_form("Draft, copy-edited", story.slug, **{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live is False
    assert story.get_latest_revision_as_object().title == "Draft, copy-edited"
    assert story.permissions_for_user(copy_desk).can_publish() is False


def test_editor_publishes_and_unpublishes_any_story(client, editor, reporter, world):
    story = ArticlePageFactory(section=world, title="Draft", publish=False, owner=reporter)
    client.force_login(editor)
    client.post(edit_url(story), article_form("Draft", story.slug, **{"action-publish": "1"}))
    story.refresh_from_db()
    assert story.live is True
    response = client.post(reverse("wagtailadmin_pages:unpublish", args=(story.pk,)))
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.live is False


def test_homepage_editor_curates_but_cannot_touch_stories(client, homepage_editor, home, world):
    story = ArticlePageFactory(section=world, title="A story")
    client.force_login(homepage_editor)
    assert client.get(edit_url(home)).status_code == 200
    assert client.get(reverse("wagtailsnippets_site_menu:add")).status_code == 200
    banner_url = reverse("wagtailsettings:edit", args=("home", "breakingnewsbanner"))
    assert client.get(banner_url, follow=True).status_code == 200
    assert client.get(edit_url(story)).status_code == 302
    assert client.get(create_url(world)).status_code == 302
    perms = story.permissions_for_user(homepage_editor)
    assert (perms.can_edit(), perms.can_publish(), perms.can_unpublish()) == (False, False, False)


def test_homepage_editor_cannot_edit_sections_events_or_standard_pages(
    client, homepage_editor, editor, home, world
):
    from dateline.listings.factories import make_event
    from dateline.site.factories import make_standard_page

    event = make_event(home, "Budget 2025")
    about = make_standard_page(home, "About us")
    client.force_login(homepage_editor)
    for page in (world, event, about):
        assert client.get(edit_url(page)).status_code == 302, page.title
        perms = page.permissions_for_user(homepage_editor)
        assert (perms.can_edit(), perms.can_publish(), perms.can_delete()) == (False, False, False)
    assert home.permissions_for_user(homepage_editor).can_edit() is True
    client.force_login(editor)
    for page in (world, event, about):
        assert client.get(edit_url(page)).status_code == 200, page.title


def test_a_desk_with_permission_on_one_section_does_not_reach_another(client, make_user, home):
    world = make_section(home, "World")
    sport = make_section(home, "Sport")
    world_story = ArticlePageFactory(section=world, title="World story")
    sport_story = ArticlePageFactory(section=sport, title="Sport story")
    desk = Group.objects.create(name="World desk")
    desk.permissions.set(
        Permission.objects.filter(
            codename__in=["access_admin", "add_articlepage", "change_articlepage"]
        )
    )
    for codename in ["add_page", "change_page", "publish_page"]:
        GroupPagePermission.objects.create(
            group=desk, page=world, permission=Permission.objects.get(codename=codename)
        )
    user = make_user("wanda", "World desk")
    client.force_login(user)
    assert client.get(edit_url(world_story)).status_code == 200
    assert client.get(edit_url(sport_story)).status_code == 302
    assert world_story.permissions_for_user(user).can_publish() is True
    assert sport_story.permissions_for_user(user).can_publish() is False


@pytest.mark.parametrize(
    ("role", "status"), [("Copy desk", 200), ("Editor", 200), ("Reporter", 403)]
)
def test_the_wire_desk_is_open_to_the_roles_that_handle_copy(client, make_user, role, status):
    from django.urls import reverse

    client.force_login(make_user("wendy", role))
    response = client.get(reverse("wires_desk"))
    assert response.status_code in ({status} if status == 200 else {403, 302})
