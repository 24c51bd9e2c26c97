"""The newsroom's side (preview, test send, send, CSV import and export, erasure, the
dashboard) and provider webhooks through django-anymail (authentication checked)."""

from __future__ import annotations

import base64
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from dateline.newsletters.factories import NewsletterFactory, SubscriptionFactory
from dateline.newsletters.models import Delivery, Issue, Subscriber, Subscription, Suppression


@pytest.fixture
def morning(home, stories):
    newsletter = NewsletterFactory(name="Morning Brief", slug="morning")
    SubscriptionFactory(subscriber__email="r0@example.com", newsletter=newsletter)
    return newsletter


@pytest.fixture
def editor(admin_client, django_user_model):
    user = django_user_model.objects.get(username="admin")
    user.email = "editor@example.com"
    user.save()
    return admin_client


def test_preview_test_send_and_send_from_the_admin(editor, morning, smtp, after_commit):
    issue = Issue.objects.create(newsletter=morning, intro="Hello from the desk.")
    preview = editor.get(f"/admin/newsletters/issue/{issue.pk}/preview/")
    assert "Hello from the desk." in preview.content.decode()
    assert "Story 0 of the day" in preview.content.decode()

    editor.post(f"/admin/newsletters/issue/{issue.pk}/test-send/")
    assert [m["To"] for m in smtp.messages] == ["editor@example.com"]
    assert not Delivery.objects.exists()  # a test send is outside the list

    listing = editor.get("/admin/snippets/newsletters/issue/").content.decode()
    assert f"/admin/newsletters/issue/{issue.pk}/send/" in listing
    after_commit(editor.post, f"/admin/newsletters/issue/{issue.pk}/send/")
    issue.refresh_from_db()
    assert issue.state == "sent"
    assert sorted(m["To"] for m in smtp.messages) == ["editor@example.com", "r0@example.com"]


def test_csv_import_takes_confirmed_subscribers_with_their_consent(editor, morning):
    good = (
        "email,newsletter,consent_text,consent_version,consented_at,source\n"
        "A@Example.com,morning,Yes please,2,2026-01-05T10:00:00Z,old list\n"
    )
    response = editor.post(
        "/admin/newsletters/subscribers/import/",
        {"file": SimpleUploadedFile("list.csv", good.encode())},
    )
    assert response.status_code == 302
    imported = Subscription.objects.get(subscriber__email="a@example.com")
    assert (imported.status, imported.consent_text, imported.consent_version) == (
        "confirmed",
        "Yes please",
        "2",
    )
    assert imported.consented_at.isoformat() == "2026-01-05T10:00:00+00:00"

    bad = good.replace("A@Example.com", "b@example.com") + "c@example.com,nope,x,1,2026-01-05,\n"
    response = editor.post(
        "/admin/newsletters/subscribers/import/",
        {"file": SimpleUploadedFile("list.csv", bad.encode())},
    )
    assert response.status_code == 400
    assert "Line 3: no newsletter “nope”." in response.content.decode()
    assert not Subscriber.objects.filter(email="b@example.com").exists()  # all or nothing


def test_csv_export_has_each_subscription_with_its_consent(editor, morning):
    body = b"".join(editor.get("/admin/newsletters/subscribers/export/").streaming_content)
    lines = body.decode().splitlines()
    assert lines[0] == "email,newsletter,consent_text,consent_version,consented_at,source,status"
    assert lines[1].startswith("r0@example.com,morning,Send me this newsletter.,1,")


def test_erasure_removes_the_person_everywhere_in_one_action(editor, morning, smtp, after_commit):
    from dateline.newsletters import sending

    after_commit(sending.send_now, morning)
    Suppression.objects.create(email="r0@example.com", reason="manual")
    editor.post("/admin/newsletters/subscribers/erase/", {"email": "R0@example.com"})
    assert not Subscriber.objects.exists()
    assert not Subscription.objects.exists()
    assert not Delivery.objects.exists()
    assert not Suppression.objects.exists()


def test_the_dashboard_counts_subscribers_and_growth(editor, morning):
    html = editor.get("/admin/").content.decode()
    assert "Newsletter subscribers" in html
    assert "<td>Morning Brief</td><td>1</td><td>+1 / −0</td>" in html


def test_subscribers_are_searchable(editor, morning):
    html = editor.get("/admin/snippets/newsletters/subscriber/?q=r0@").content.decode()
    assert "r0@example.com" in html


def _postmark_bounce(client, auth: str | None, address: str):
    headers = {}
    if auth:
        headers["HTTP_AUTHORIZATION"] = "Basic " + base64.b64encode(auth.encode()).decode()
    payload = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "TypeCode": 1,
        "Email": address,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Description": "The server was unable to deliver your message",
        "BouncedAt": "2026-12-06T10:00:00Z",
    }
    return client.post(
        "/newsletters/anymail/postmark/tracking/",
        json.dumps(payload),
        content_type="application/json",
        **headers,
    )


def test_provider_bounces_suppress_only_with_the_secret(client, settings, morning):
    settings.ANYMAIL = {"WEBHOOK_SECRET": ""}
    assert _postmark_bounce(client, None, "r0@example.com").status_code == 404  # off
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    assert _postmark_bounce(client, "hook:wrong", "r0@example.com").status_code == 400
    assert not Suppression.objects.exists()
    assert _postmark_bounce(client, "hook:s3cret", "r0@example.com").status_code == 200
    assert Suppression.objects.get().reason == "bounce"
