"""Publishing purges what showed a video; the admin's page rules and desk permissions."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from dateline.listings.factories import make_section
from dateline.video.factories import make_episode, make_show
from dateline.video.models import (
    EpisodePage,
    LiveTvPage,
    ShowIndexPage,
    ShowPage,
    VideoIndexPage,
)

pytestmark = pytest.mark.django_db


def test_publishing_an_episode_purges_it_its_show_and_the_listings(
    show, invalidated, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        episode = make_episode(show, "Fresh")

    assert {
        f"page:{episode.pk}",
        "list:videos",
        f"list:show:{show.pk}",
        f"page:{show.pk}",
    } <= set().union(*invalidated)  # with the tables' coarse keys (caching.signal_handlers)


def test_unpublishing_an_episode_purges_the_same_keys(
    show, invalidated, django_capture_on_commit_callbacks
):
    episode = make_episode(show, "Withdrawn")
    invalidated.clear()

    with django_capture_on_commit_callbacks(execute=True):
        episode.unpublish()

    assert {
        f"page:{episode.pk}",
        "list:videos",
        f"list:show:{show.pk}",
        f"page:{show.pk}",
    } <= set().union(*invalidated)  # with the tables' coarse keys (caching.signal_handlers)


def test_a_video_story_outside_a_show_purges_only_itself_and_the_latest(
    video_hub, invalidated, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        story = make_episode(video_hub, "Standalone")

    assert {f"page:{story.pk}", "list:videos"} <= set().union(*invalidated)
    assert not any(key.startswith("list:show:") for keys in invalidated for key in keys)


def test_publishing_a_show_purges_every_list_of_shows(
    show_index, invalidated, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        show = make_show(show_index, "New programme")

    assert {f"page:{show.pk}", "list:shows"} <= set().union(*invalidated)


def test_page_types_sit_where_they_belong(home, show_index, show, video_hub):
    section = make_section(home, "World")

    assert EpisodePage.can_create_at(show)
    assert EpisodePage.can_create_at(video_hub)
    assert not EpisodePage.can_create_at(section)
    assert ShowPage.can_create_at(show_index)
    assert not ShowPage.can_create_at(home)
    # One hub, one shows page and one live page per site.
    assert not VideoIndexPage.can_create_at(home)
    assert not ShowIndexPage.can_create_at(home)
    assert LiveTvPage.can_create_at(home)
    assert not LiveTvPage.can_create_at(show)


def user_in(group: str):
    user = get_user_model().objects.create_user(username=group.replace(" ", "-"), password="x")
    user.groups.add(Group.objects.get(name=group))
    return user


def test_the_desk_edits_shows_and_episodes_and_the_homepage_editor_does_not(show, desk_roles):
    episode = make_episode(show)
    editor, curator = user_in("Editor"), user_in("Homepage editor")

    for page in (show, episode):
        assert page.permissions_for_user(editor).can_edit()
        assert page.permissions_for_user(editor).can_publish()
        assert not page.permissions_for_user(curator).can_edit()
        assert not page.permissions_for_user(curator).can_publish()


def test_the_admin_adds_an_episode_with_a_youtube_url(admin_client, show):
    response = admin_client.post(
        f"/admin/pages/add/video/episodepage/{show.pk}/",
        {
            "title": "From the archive",
            "slug": "from-the-archive",
            "description": "An old interview.",
            "youtube_id": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "video_url": "",
            "duration": "4:05",
            "tags": "Archive",
            "transcript": "",
            "action-publish": "publish",
        },
    )

    assert response.status_code == 302
    episode = EpisodePage.objects.get(slug="from-the-archive")
    assert (episode.youtube_id, episode.live, episode.show_id) == ("dQw4w9WgXcQ", True, show.pk)
    assert episode.duration.total_seconds() == 245


def test_the_admin_refuses_an_episode_without_a_source_and_keeps_the_input(admin_client, show):
    response = admin_client.post(
        f"/admin/pages/add/video/episodepage/{show.pk}/",
        {
            "title": "Nothing to play",
            "slug": "nothing-to-play",
            "description": "Typed with care.",
            "youtube_id": "",
            "video_url": "",
            "tags": "",
            "transcript": "",
        },
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Give exactly one source" in html
    assert "Typed with care." in html
    assert not EpisodePage.objects.filter(slug="nothing-to-play").exists()


def test_editors_may_set_the_live_stream_and_reporters_may_not(desk_roles):
    assert user_in("Editor").has_perm("video.change_livetvsettings")
    assert user_in("Homepage editor").has_perm("video.change_livetvsettings")
    assert not user_in("Reporter").has_perm("video.change_livetvsettings")
