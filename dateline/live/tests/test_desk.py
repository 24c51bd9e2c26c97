"""The live desk: posting, correcting, pinning and deleting are one form or one button, with
the newsroom's roles, and every change is in the history."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from dateline.live import services
from dateline.live.factories import LiveEntryFactory
from dateline.live.models import CoverageStatus, LiveEntry

pytestmark = pytest.mark.django_db


def entry_form(text: str, **extra) -> dict:
    return nested_form_data(
        {
            "headline": extra.pop("headline", ""),
            "body": streamfield([("text", rich_text(text))]),
            **extra,
        }
    )


def refused(response) -> bool:
    """The admin answers a refused action by sending the user back to the dashboard."""
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def actions(entry) -> list[str]:
    return list(
        ModelLogEntry.objects.filter(object_id=str(entry.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def test_reporter_posts_from_the_desk_in_one_action(client, blog, reporter):
    client.force_login(reporter)
    desk = reverse("live_desk", args=[blog.pk])
    page = client.get(desk)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Post an entry" in html and 'name="is_pinned"' not in html  # flags: editors only
    response = client.post(
        desk, entry_form("Finance minister rises to speak.", headline="Speech begins")
    )
    assert response.status_code == 302 and response["Location"] == desk
    entry = LiveEntry.objects.get(blog=blog)
    assert entry.headline == "Speech begins" and entry.created_by == reporter
    assert "Finance minister rises" in entry.text()
    assert actions(entry) == ["wagtail.create"]
    assert "Speech begins" in client.get(desk).content.decode()


def test_a_bad_entry_is_refused_with_the_reason_and_keeps_what_was_typed(client, blog, reporter):
    client.force_login(reporter)
    data = nested_form_data({"headline": "x" * 141, "body": streamfield([])})
    response = client.post(reverse("live_desk", args=[blog.pk]), data)
    assert response.status_code == 200
    assert "The entry was not posted" in response.content.decode()
    assert response.context["form"].errors.keys() >= {"headline", "body"}
    assert ("x" * 141) in response.content.decode()
    assert not LiveEntry.objects.exists()


def test_first_entry_starts_an_upcoming_blog(blog, reporter):
    blog = services.set_status(blog, CoverageStatus.UPCOMING, check=False)
    services.post_entry(blog, user=reporter, body=[("text", "<p>Doors open.</p>")])
    blog.refresh_from_db()
    assert blog.coverage_status == CoverageStatus.LIVE


def test_reporters_correct_and_delete_their_own_entries_only(
    client, blog, reporter, other_reporter
):
    mine = LiveEntryFactory(blog=blog, created_by=reporter)
    theirs = LiveEntryFactory(blog=blog, created_by=other_reporter)
    client.force_login(reporter)
    edit = reverse("live_entry_edit", args=[mine.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, entry_form("Corrected figure: 4.4%.", headline="Deficit"))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.headline == "Deficit" and "4.4%" in mine.text()
    assert refused(client.get(reverse("live_entry_edit", args=[theirs.pk])))
    assert refused(client.post(reverse("live_entry_delete", args=[theirs.pk])))
    assert client.post(reverse("live_entry_delete", args=[mine.pk])).status_code == 302
    mine.refresh_from_db()
    assert mine.deleted_at is not None
    assert actions(mine) == ["wagtail.edit", "wagtail.delete"]
    theirs.refresh_from_db()
    assert theirs.deleted_at is None


def test_only_editors_pin_and_mark_key_events(client, blog, reporter, editor):
    entry = LiveEntryFactory(blog=blog, created_by=reporter)
    client.force_login(reporter)
    pin = reverse("live_entry_flag", args=[entry.pk, "pin"])
    assert refused(client.post(pin, {"on": "1"}))
    client.force_login(editor)
    assert client.post(pin, {"on": "1"}).status_code == 302
    assert (
        client.post(reverse("live_entry_flag", args=[entry.pk, "key"]), {"on": "1"}).status_code
        == 302
    )
    entry.refresh_from_db()
    assert entry.is_pinned and entry.is_key_event
    assert actions(entry) == ["live.pin", "wagtail.edit"]


def test_pinning_one_entry_unpins_the_other(blog, editor):
    first = services.post_entry(blog, user=editor, body=[("text", "<p>One.</p>")], is_pinned=True)
    second = services.post_entry(blog, user=editor, body=[("text", "<p>Two.</p>")], is_pinned=True)
    first.refresh_from_db()
    assert not first.is_pinned and LiveEntry.objects.get(pk=second.pk).is_pinned


def test_editors_correct_anyone_and_end_the_coverage(client, blog, reporter, editor):
    entry = LiveEntryFactory(blog=blog, created_by=reporter)
    client.force_login(editor)
    assert (
        client.post(reverse("live_entry_edit", args=[entry.pk]), entry_form("Fixed.")).status_code
        == 302
    )
    response = client.post(reverse("live_desk_status", args=[blog.pk]), {"status": "ended"})
    assert response.status_code == 302
    blog.refresh_from_db()
    assert blog.coverage_status == CoverageStatus.ENDED and blog.coverage_ended_at is not None
    assert blog.get_latest_revision().user == editor  # the story's history says who ended it
    response = client.post(reverse("live_desk_pace", args=[blog.pk]), {"poll_seconds": "5"})
    assert response.status_code == 302
    blog.refresh_from_db()
    assert blog.poll_seconds == 10  # refused: under the floor


def test_reporters_cannot_end_the_coverage(client, blog, reporter):
    client.force_login(reporter)
    assert refused(client.post(reverse("live_desk_status", args=[blog.pk]), {"status": "ended"}))
    blog.refresh_from_db()
    assert blog.coverage_status == CoverageStatus.LIVE


def test_people_off_the_desk_see_no_desk(client, blog, django_user_model):
    user = django_user_model.objects.create_user("reader", "r@example.com", "pw")
    client.force_login(user)
    response = client.get(reverse("live_desk", args=[blog.pk]))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
