"""Video models: sources, validation, the fields set on save, related videos, the schedule."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dateline.articles.factories import AuthorFactory
from dateline.video.factories import make_episode, make_live_tv, make_show
from dateline.video.models import EpisodePage, LiveTvSettings, LiveTvSlot, ShowHost
from dateline.video.sources import (
    HLS_TYPE,
    clock_duration,
    iso_duration,
    parse_youtube_id,
    validate_media_url,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value",
    [
        "dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        "https://youtu.be/dQw4w9WgXcQ",
        "youtube.com/embed/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        "https://m.youtube.com/shorts/dQw4w9WgXcQ",
    ],
)
def test_youtube_ids_are_read_from_ids_and_usual_urls(value):
    assert parse_youtube_id(value) == "dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "value", ["", "short", "https://vimeo.com/12345678901", "https://www.youtube.com/watch?x=1"]
)
def test_anything_else_is_not_a_youtube_video(value):
    with pytest.raises(ValidationError):
        parse_youtube_id(value)


@pytest.mark.parametrize("value", ["/media/live/index.m3u8", "https://cdn.example.com/a.mp4"])
def test_media_urls_are_site_paths_or_http_urls(value):
    validate_media_url(value)


@pytest.mark.parametrize("value", ["//evil.example.com/a.mp4", "ftp://x/a.mp4", "a.mp4"])
def test_other_media_urls_are_refused(value):
    with pytest.raises(ValidationError):
        validate_media_url(value)


@pytest.mark.parametrize(
    ("seconds", "iso", "clock"),
    [(45, "PT45S", "0:45"), (754, "PT12M34S", "12:34"), (3723, "PT1H2M3S", "1:02:03"),
     (3600, "PT1H", "1:00:00"), (0, "PT0S", "0:00")],
)  # fmt: skip
def test_durations_read_as_iso_8601_and_as_a_clock(seconds, iso, clock):
    assert iso_duration(dt.timedelta(seconds=seconds)) == iso
    assert clock_duration(dt.timedelta(seconds=seconds)) == clock


def test_an_episode_needs_exactly_one_source(show):
    episode = EpisodePage(title="No source", slug="no-source")
    with pytest.raises(ValidationError) as error:
        episode.clean()
    assert "video_url" in error.value.message_dict

    both = EpisodePage(title="Two", slug="two", video_url="/a.mp4", youtube_id="dQw4w9WgXcQ")
    with pytest.raises(ValidationError):
        both.clean()


def test_clean_keeps_only_the_youtube_id(show):
    episode = EpisodePage(title="Tube", slug="tube", youtube_id="https://youtu.be/dQw4w9WgXcQ")
    episode.clean()
    assert episode.youtube_id == "dQw4w9WgXcQ"


def test_a_bad_youtube_url_is_an_error_on_its_field(show):
    episode = EpisodePage(title="Tube", slug="tube", youtube_id="https://vimeo.com/1")
    with pytest.raises(ValidationError) as error:
        episode.clean()
    assert list(error.value.message_dict) == ["youtube_id"]


def test_the_source_says_how_to_play(show, video_hub):
    mp4 = make_episode(show, video_url="/media/v/clip.mp4")
    hls = make_episode(show, video_url="https://example.com/live/index.m3u8")
    tube = make_episode(video_hub, youtube_id="dQw4w9WgXcQ")

    assert (mp4.source.kind, mp4.source.mime_type) == ("file", "video/mp4")
    assert (hls.source.kind, hls.source.mime_type) == ("hls", HLS_TYPE)
    assert tube.source.kind == "youtube"
    assert tube.source.embed_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"


def test_an_uploaded_file_plays_from_the_document_url(show):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document = get_document_model().objects.create(
        title="Clip", file=ContentFile(b"\x00\x00\x00\x18ftypmp42", name="clip.mp4")
    )
    episode = make_episode(show, video_file=document)

    assert episode.source.kind == "file"
    assert episode.source.url == document.url
    assert episode.source.mime_type == "video/mp4"


def test_saving_an_episode_notes_its_show_and_first_upload_time(show, video_hub):
    episode = make_episode(show, uploaded_at=None)
    story = make_episode(video_hub)

    assert episode.show_id == show.pk
    assert story.show_id is None
    stamped = EpisodePage.objects.get(pk=episode.pk).uploaded_at
    assert stamped is not None and stamped <= timezone.now()


def test_published_leaves_out_drafts_and_future_uploads(show):
    shown = make_episode(show, "Out now")
    make_episode(show, "Draft", publish=False)
    make_episode(show, "Later", uploaded_at=timezone.now() + dt.timedelta(hours=2))

    assert list(EpisodePage.objects.published()) == [shown]


def test_the_card_image_falls_back_to_the_show_artwork(show, image):
    own = make_episode(show, thumbnail=image)
    plain = make_episode(show)

    assert own.card_image == image
    assert plain.card_image == show.artwork


def test_related_videos_rank_shared_tags_then_top_up_from_the_show(show, show_index, video_hub):
    other_show = make_show(show_index, "Other show")
    current = make_episode(show, "Current", tags=["Budget", "Tax"])
    two_tags = make_episode(other_show, "Two tags", tags=["Budget", "Tax"])
    one_tag = make_episode(video_hub, "One tag", tags=["Tax"])
    same_show = make_episode(show, "Same show, no tags")
    make_episode(other_show, "Unrelated")

    assert current.related_videos() == [two_tags, one_tag, same_show]


def test_a_host_is_an_author_or_a_name(show):
    author = AuthorFactory(name="Nadia Khan")

    assert ShowHost(author=author).display_name == "Nadia Khan"
    assert ShowHost(name="A Guest").display_name == "A Guest"
    with pytest.raises(ValidationError):
        ShowHost(name="  ").clean()
    assert show.host_names == ["Asha Rao", "Guest Presenter"]


def test_a_programme_must_end_after_it_starts(home):
    start = timezone.now()
    with pytest.raises(ValidationError) as error:
        LiveTvSlot(title="Backwards", starts_at=start, ends_at=start).clean()
    assert list(error.value.message_dict) == ["ends_at"]


def test_the_schedule_knows_what_is_on_now_and_next(home):
    now = timezone.now().replace(microsecond=0)
    hour = dt.timedelta(hours=1)
    page = make_live_tv(
        home,
        slots=[
            ("Morning news", now - 2 * hour, now - hour),
            ("Midday", now - hour, now + hour),
            ("Evening", now + hour, now + 2 * hour),
            ("Night", now + 2 * hour, now + 3 * hour),
        ],
    )

    on_now, upcoming = page.schedule_at(now)
    assert on_now.title == "Midday"
    assert [slot.title for slot in upcoming] == ["Evening", "Night"]

    on_now, upcoming = page.schedule_at(now + 5 * hour)
    assert (on_now, upcoming) == (None, [])


def test_a_gap_in_the_schedule_has_nothing_on_now(home):
    now = timezone.now()
    page = make_live_tv(
        home, slots=[("Later", now + dt.timedelta(minutes=30), now + dt.timedelta(hours=1))]
    )

    on_now, upcoming = page.schedule_at(now)
    assert on_now is None
    assert [slot.title for slot in upcoming] == ["Later"]


def test_the_live_setting_gives_a_stream_only_when_set(home):
    from wagtail.models import Site

    live = LiveTvSettings.for_site(Site.objects.get(is_default_site=True))
    assert live.source is None
    live.stream_url = "/media/live/index.m3u8"
    assert (live.source.kind, live.source.url) == ("hls", "/media/live/index.m3u8")
