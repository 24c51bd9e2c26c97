"""The newsroom's "Send alert": only for whoever may publish the story, with a preview, the
day's cap, logged on the story and in the alerts' list, sent through the task worker."""

from __future__ import annotations

import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from dateline.alerts.factories import AlertTopicFactory, PushSubscriptionFactory
from dateline.alerts.models import Alert
from dateline.alerts.senders import DummySender
from dateline.articles.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, desk_user):
    client.force_login(desk_user("edna", "Editor"))
    return client


def send_url(story) -> str:
    return reverse("alerts_send", args=[story.pk])


def test_an_editor_sees_the_button_and_a_preview_of_the_notification(editor_client, story):
    edit = editor_client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert "Send alert" in edit and send_url(story) in edit

    html = editor_client.get(send_url(story)).content.decode()
    assert story.title in html and story.full_url in html
    assert "/static/dateline/logo-publisher.png" in html  # the icon: the story has no picture
    assert "0 of 6 alerts sent today" in html

    # The editor shortens the text; "Update preview" shows it and sends nothing.
    response = editor_client.post(
        send_url(story),
        {"title": "Quake hits capital", "body": "Buildings evacuated", "audience": "breaking"},
    )
    html = response.content.decode()
    assert "<strong data-preview-title>Quake hits capital</strong>" in html
    assert "Buildings evacuated" in html
    assert not Alert.objects.exists()


def test_sending_reaches_subscribers_and_is_logged_on_the_story(
    editor_client, story, django_capture_on_commit_callbacks
):
    PushSubscriptionFactory.create_batch(3)
    form = {"title": "Quake hits capital", "body": "", "audience": "breaking", "action": "send"}
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(send_url(story), form)
    assert response.status_code == 302 and response["Location"] == reverse("alerts_index")
    alert = Alert.objects.get()
    assert (alert.title, alert.story_id, alert.sent_by.username) == (
        "Quake hits capital",
        story.pk,
        "edna",
    )
    assert alert.state == "sent" and alert.recipient_count == 3
    assert len(DummySender.outbox) == 3
    entry = PageLogEntry.objects.get(page=story, action="alerts.send")
    assert entry.user.username == "edna" and entry.data["recipients"] == 3

    listing = editor_client.get(reverse("alerts_index")).content.decode()
    assert "Quake hits capital" in listing and "1 of 6 alerts sent today" in listing


def test_the_daily_cap_holds(editor_client, story, settings):
    settings.DATELINE_ALERTS = {**settings.DATELINE_ALERTS, "DAILY_CAP": 2}
    form = {"title": "Update", "body": "", "audience": "breaking", "action": "send"}
    for _ in range(3):
        editor_client.post(send_url(story), form)
    assert Alert.objects.count() == 2
    assert sorted(Alert.objects.values_list("number", flat=True)) == [1, 2]
    html = editor_client.get(send_url(story)).content.decode()
    assert "Today's cap is reached" in html and 'value="send"' not in html
    response = editor_client.post(send_url(story), form, follow=True)
    assert "Not sent: 2 alerts have been sent today." in response.content.decode()


def test_a_topic_alert_needs_a_topic_readers_follow(editor_client, world):
    AlertTopicFactory(slug="elections", name="Elections")
    untagged = ArticlePageFactory(section=world, title="Untagged")
    form = {"title": "Results", "body": "", "audience": "topics", "action": "send"}
    response = editor_client.post(send_url(untagged), form)
    assert "has no topic readers follow" in response.content.decode()
    assert not Alert.objects.exists()

    tagged = ArticlePageFactory(section=world, title="Results", tags=["Elections", "Polls"])
    editor_client.post(send_url(tagged), form)
    assert Alert.objects.get().topics == ["elections"]


@pytest.mark.parametrize("group", ["Reporter", "Copy desk"])
def test_roles_that_may_not_publish_cannot_send(client, desk_user, story, group):
    client.force_login(desk_user("rita", group))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[story.pk])).content.decode()
    assert send_url(story) not in edit
    response = client.post(
        send_url(story), {"title": "x", "audience": "breaking", "action": "send"}
    )
    assert response.status_code in (302, 403)
    assert not Alert.objects.exists()


def test_a_story_readers_cannot_open_cannot_be_sent(editor_client, world):
    draft = ArticlePageFactory(section=world, title="Not out yet", publish=False)
    assert editor_client.get(send_url(draft)).status_code in (302, 403)
