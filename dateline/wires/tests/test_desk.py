"""The ingest desk: sources with health, recent items, the quarantine and its retry button."""

from __future__ import annotations

from django.urls import reverse

from dateline.articles.models import ArticlePage
from dateline.wires.models import QuarantinedFile, QuarantineStatus
from dateline.wires.services.intake import ingest_file

GOOD = b'{"uri": "urn:desk:1", "headline": "Desk story", "body_text": "Words."}'


def test_desk_shows_sources_items_and_quarantine(
    admin_client, world, wire_source, django_assert_max_num_queries
):
    wire_source.consecutive_failures, wire_source.last_error = 2, "Feed answered HTTP 500."
    wire_source.save()
    ingest_file(GOOD, source=wire_source, filename="good.json")
    ingest_file(b"<html/>", source=wire_source, filename="page.html")
    with django_assert_max_num_queries(20):
        response = admin_client.get(reverse("wires_desk"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 failures" in html and "Feed answered HTTP 500." in html
    assert "Desk story" in html and "Created" in html
    assert "page.html" in html and "the XML root element is &lt;html&gt;" in html
    assert "Quarantine (1)" in html


def test_retry_button_ingests_a_held_file(admin_client, world, wire_source):
    ingest_file(GOOD, source=wire_source, filename="good.json", wire_format="rss")
    held = QuarantinedFile.objects.get()
    response = admin_client.post(reverse("wires_retry", args=[held.pk]))
    assert response.status_code == 302
    held.refresh_from_db()
    assert held.status == QuarantineStatus.HELD  # still "rss": the retry fails with its reason
    held.format = "auto"
    held.save()
    admin_client.post(reverse("wires_retry", args=[held.pk]))
    held.refresh_from_db()
    assert (held.status, held.retries) == (QuarantineStatus.RETRIED, 2)
    assert ArticlePage.objects.get().title == "Desk story"


def test_desk_actions_need_post_and_permission(client, admin_client, django_user_model, db):
    assert admin_client.get(reverse("wires_retry", args=[1])).status_code == 405
    user = django_user_model.objects.create_user("reader", password="pw")
    client.force_login(user)
    assert client.get(reverse("wires_desk")).status_code == 302  # no admin access: to login


def _health_cell(html: str, name: str) -> str:
    row = html[html.index(name) :]
    return row[: row.index("</tr>")]


def test_a_source_never_read_says_so_instead_of_ok(admin_client, world, wire_source):
    html = admin_client.get(reverse("wires_desk")).content.decode()
    cell = _health_cell(html, "Associated Press")
    assert "Not read yet" in cell and "The scheduler reads it at its next pass." in cell
    assert ">OK<" not in cell and "never" not in cell


def test_a_source_read_successfully_is_ok_with_its_time(admin_client, world, wire_source):
    from django.utils import timezone

    from dateline.wires.models import WireSource

    now = timezone.now()
    WireSource.objects.filter(pk=wire_source.pk).update(last_polled_at=now, last_success_at=now)
    cell = _health_cell(admin_client.get(reverse("wires_desk")).content.decode(), "Associated")
    assert ">OK<" in cell and "Not read yet" not in cell and "never" not in cell
