"""Partner keys: scopes, rate limits (per key and public), usage counts, submissions."""

import pytest
from wagtail.models import PageLogEntry

from dateline.api import gate
from dateline.api.models import ApiKey
from dateline.articles.models import ArticlePage

pytestmark = pytest.mark.django_db

SUBMISSION = {
    "title": "Floods close the coastal highway",
    "dek": "Heavy rain cut the road in three places.",
    "body_html": "<p>The road closed at dawn.</p><script>alert(1)</script>",
    "type": "news",
    "dateline": "Kochi",
}


def submit(client, world, key=None, **changes):
    payload = {**SUBMISSION, "section_id": world.pk, **changes}
    headers = {"HTTP_X_API_KEY": key} if key else {}
    return client.post("/api/v1/submissions/", payload, content_type="application/json", **headers)


def test_only_the_hash_is_kept(api_key):
    key, plain = api_key
    assert plain.startswith("dl_") and plain[3:11] == key.prefix
    stored = ApiKey.objects.get(pk=key.pk)
    assert plain not in (stored.key_hash, stored.prefix)
    assert gate.find_key(plain) == key


def test_an_unknown_or_inactive_key_is_refused(client, home, api_key):
    key, plain = api_key
    assert client.get("/api/v1/stories/", HTTP_X_API_KEY="dl_nope").status_code == 401
    key.active = False
    key.save()
    response = client.get("/api/v1/stories/", HTTP_X_API_KEY=plain)
    assert response.status_code == 401
    assert response.json() == {"detail": "Unknown or inactive API key."}


def test_a_key_has_its_own_limit_and_its_usage_is_counted(client, home, api_key, one_rate_window):
    key, plain = api_key  # 5 a minute
    for _ in range(5):
        assert client.get("/api/v1/sections/", HTTP_X_API_KEY=plain).status_code == 200
    refused = client.get("/api/v1/sections/", HTTP_X_API_KEY=plain)
    assert refused.status_code == 429
    assert "5/min" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert client.get("/api/v1/sections/").status_code == 200  # the public limit is apart
    gate.record_usage()
    key.refresh_from_db()
    assert key.usage_count == 5
    assert key.last_used_at is not None


def test_requests_without_a_key_have_the_public_limit(client, home, settings, one_rate_window):
    settings.DATELINE_API = {**settings.DATELINE_API, "PUBLIC_RATE_LIMIT": 2}
    assert client.get("/api/v1/sections/").status_code == 200
    assert client.get("/api/v1/sections/").status_code == 200  # a cache hit counts too
    refused = client.get("/api/v1/sections/")
    assert refused.status_code == 429
    assert "ask for an API key" in refused.json()["detail"]
    assert client.get("/").status_code == 200  # the site is not limited by it


def test_a_submission_goes_into_the_review_queue_never_live(client, world, api_key, desk_roles):
    key, plain = api_key
    response = submit(client, world, plain)
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "in_review"
    story = ArticlePage.objects.get(pk=response.json()["id"])
    assert not story.live
    assert story.workflow_in_progress
    assert story.section_id == world.pk
    assert "script" not in str(story.body.raw_data)
    assert PageLogEntry.objects.filter(
        page=story, action="dateline.api_submission", data__key_name="Partner app"
    ).exists()
    assert client.get("/api/v1/stories/").json()["items"] == []


def test_submitting_needs_the_submit_scope(client, world, api_key):
    key, plain = api_key
    assert submit(client, world).status_code == 401
    key.can_submit = False
    key.save()
    response = submit(client, world, plain)
    assert response.status_code == 403
    assert response.json() == {"detail": "This key has no submit scope."}
    assert not ArticlePage.objects.exists()


def test_a_bad_submission_is_a_clear_400_and_files_nothing(client, world, api_key):
    key, plain = api_key
    response = submit(client, world, plain, title="")
    assert response.status_code == 400
    assert "title" in response.json()["detail"]
    assert submit(client, world, plain, body_html="<script>x</script>").status_code == 400
    assert submit(client, world, plain, section_id=999999).status_code == 404
    assert not ArticlePage.objects.exists()


def test_a_key_without_the_read_scope_is_refused_on_reads(client, world, api_key, desk_roles):
    key, plain = api_key
    key.can_read = False
    key.save()
    assert client.get("/api/v1/sections/").status_code == 200  # cached for everyone
    for path in ("/api/v1/sections/", "/api/v1/stories/", "/api/v1/changes/"):
        response = client.get(path, HTTP_X_API_KEY=plain)
        assert response.status_code == 403, path
        assert response.json() == {"detail": "This key has no read scope."}
        assert response["Cache-Control"] == "no-store"
    # The contract stays readable, and the submit scope still works.
    assert client.get("/api/v1/openapi.json", HTTP_X_API_KEY=plain).status_code == 200
    assert client.get("/api/", HTTP_X_API_KEY=plain).status_code == 200
    assert submit(client, world, plain).status_code == 201


def test_a_submission_is_cleaned_by_the_one_sanitiser(client, world, api_key, desk_roles):
    """The wire desk's allow-list: blockquotes kept, loose text in paragraphs, bad links gone."""
    key, plain = api_key
    body_html = 'Loose <b>text</b><blockquote>Quoted</blockquote><a href="javascript:x">l</a>'
    response = submit(client, world, plain, body_html=body_html)
    assert response.status_code == 201, response.content
    story = ArticlePage.objects.get(pk=response.json()["id"])
    html = story.body[0].value.source
    assert html.startswith("<p>Loose <b>text</b></p><blockquote>Quoted</blockquote>")
    assert "javascript" not in html
