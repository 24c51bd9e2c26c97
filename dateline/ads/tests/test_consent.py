"""The consent notice (cached, versioned) and the append-only ledger its beacon writes."""

import csv
import io
import json
import uuid

import pytest
from django.urls import reverse
from wagtail.models import Site

from dateline.ads.models import ConsentNotice, ConsentRecord

pytestmark = pytest.mark.django_db

RECORD = "/consent/record"


def decision(**fields) -> bytes:
    body = {
        "id": str(uuid.uuid4()),
        "decision": "accept",
        "purposes": ["advertising"],
        "version": 1,
    }
    body.update(fields)
    return json.dumps(body).encode()


def post(client, body: bytes):
    return client.generic("POST", RECORD, body, content_type="text/plain")


def test_the_notice_is_served_as_json_cached_and_versioned(client, home):
    response = client.get("/consent/notice.json")
    data = response.json()
    assert data["version"] == 1
    assert data["purposes"][0]["key"] == "advertising"
    assert {data["accept"], data["reject"]} == {"Accept", "Reject"}
    assert client.get("/consent/notice.json")["X-Cache"] == "HIT"
    notice = ConsentNotice.for_site(Site.objects.get(is_default_site=True))
    notice.text = "We ask before any ad loads."
    notice.save()
    data = client.get("/consent/notice.json").json()
    assert data["text"] == "We ask before any ad loads."
    assert data["version"] == 2  # changed text: readers are asked again
    notice.accept_label = "Yes"
    notice.save()
    assert client.get("/consent/notice.json").json()["version"] == 2  # a label is not a purpose


def test_pages_carry_the_consent_script_and_no_notice_or_per_reader_state(client, long_story):
    html = client.get(long_story.url).content.decode()
    assert 'data-consent="manage"' in html
    assert 'src="/static/ads/consent.js"' in html
    assert 'data-notice="/consent/notice.json"' in html
    assert "Your privacy choices" not in html  # the notice is the script's, from the JSON


def test_a_decision_is_recorded_without_personal_data(client, home):
    consent_id = uuid.uuid4()
    response = post(client, decision(id=str(consent_id)))
    assert response.status_code == 204
    assert "Set-Cookie" not in response
    row = ConsentRecord.objects.get()
    assert (row.consent_id, row.decision, row.purposes, row.notice_version) == (
        consent_id,
        "accept",
        ["advertising"],
        1,
    )
    fields = {f.name for f in ConsentRecord._meta.get_fields()}
    assert fields == {"id", "recorded_at", "consent_id", "decision", "purposes", "notice_version"}
    assert (
        post(client, decision(id=str(consent_id), decision="reject", purposes=[])).status_code
        == 204
    )
    assert list(ConsentRecord.objects.values_list("decision", flat=True)) == ["reject", "accept"]


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b"not json", "body is not JSON"),
        (b"[1, 2]", "body is not a JSON object"),
        (decision(id="1234"), "id is not a UUID"),
        (decision(decision="maybe"), "decision is not accept or reject"),
        (decision(version=2), "version is not a version of the notice"),
        (decision(version="1"), "version is not a version of the notice"),
        (decision(purposes=["profiling"]), "purposes names one the notice does not have"),
        (decision(purposes="advertising"), "purposes is not a list of names"),
        (decision(decision="reject"), "a rejection agrees to no purpose"),
        (b"{" + b" " * 3000 + b"}", "body too large"),
    ],
)
def test_a_bad_beacon_is_refused_with_a_reason_and_writes_nothing(client, home, body, error):
    response = post(client, body)
    assert response.status_code == 400
    assert response.json() == {"error": error}
    assert not ConsentRecord.objects.exists()


def test_the_beacon_only_takes_posts(client, home):
    assert client.get(RECORD).status_code == 405


def test_the_beacon_is_rate_limited(client, home, one_rate_window):
    for _ in range(30):
        assert post(client, decision()).status_code == 204
    assert post(client, decision()).status_code == 429
    assert ConsentRecord.objects.count() == 30


def test_the_ledger_is_append_only(home):
    row = ConsentRecord.objects.create(
        consent_id=uuid.uuid4(), decision="accept", purposes=["advertising"], notice_version=1
    )
    for change in (row.save, row.delete, ConsentRecord.objects.all().delete):
        with pytest.raises(TypeError):
            change()
    with pytest.raises(TypeError):
        ConsentRecord.objects.update(decision="reject")
    assert ConsentRecord.objects.get().decision == "accept"


def test_the_ledger_is_listed_and_exported_in_the_admin(client, admin_user, home):
    ids = [uuid.uuid4(), uuid.uuid4()]
    post(client, decision(id=str(ids[0])))
    post(client, decision(id=str(ids[1]), decision="reject", purposes=[]))
    client.force_login(admin_user)
    listing = client.get(reverse("consent_ledger"))
    assert listing.status_code == 200
    assert str(ids[0]) in listing.content.decode()
    export = client.get(reverse("consent_ledger") + "?export=csv")
    assert export.status_code == 200
    text = b"".join(export.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3  # the heading and two decisions
    assert {row[1] for row in rows[1:]} == {str(i) for i in ids}
    assert {row[2] for row in rows[1:]} == {"accept", "reject"}


def test_the_ledger_is_closed_to_staff_without_the_permission(client, django_user_model, home):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("desk", password="x" * 12)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("consent_ledger")).status_code in (302, 403)


def hindi(**parts) -> tuple[str, dict]:
    value = {
        "language": "hi",
        "heading": "आपकी निजता के विकल्प",
        "text": "कोई भी विज्ञापन लोड होने से पहले हम आपसे पूछते हैं।",
        "purposes": [{"key": "advertising", "label": "विज्ञापन", "description": ""}],
        "accept_label": "स्वीकार करें",
        "reject_label": "अस्वीकार करें",
    }
    value.update(parts)
    return ("translation", value)


def test_the_notice_is_served_in_the_pages_language_with_one_version(client, home):
    notice = ConsentNotice.for_site(Site.objects.get(is_default_site=True))
    notice.translations = [hindi()]
    notice.save()
    assert notice.version == 2  # a new language is a new text to agree to
    data = client.get("/consent/notice/hi.json").json()
    assert data["language"] == "hi" and data["version"] == 2
    assert data["heading"] == "आपकी निजता के विकल्प" and data["accept"] == "स्वीकार करें"
    # A purpose keeps its key (what scripts check); an empty part is the main text's.
    [purpose] = data["purposes"]
    assert purpose["key"] == "advertising" and purpose["label"] == "विज्ञापन"
    assert purpose["description"] == notice.purpose_list()[0]["description"]
    # A regional code falls back to its language; an unwritten language to the main text.
    assert client.get("/consent/notice/hi-in.json").json()["heading"] == data["heading"]
    english = client.get("/consent/notice/ta.json").json()
    assert english["language"] == "" and english["heading"] == notice.heading
    assert english["version"] == 2
    assert client.get("/consent/notice/x.json").status_code == 404  # not a language code
    # Cached per address and purged by a save like the main one.
    assert client.get("/consent/notice/hi.json")["X-Cache"] == "HIT"
    notice.translations = [hindi(text="हम पूछते हैं।")]
    notice.save()
    data = client.get("/consent/notice/hi.json").json()
    assert data["text"] == "हम पूछते हैं।" and data["version"] == 3


def test_pages_name_the_notice_address_for_their_language(client, long_story):
    html = client.get(long_story.url).content.decode()
    assert 'data-notice-language="/consent/notice/LANG.json"' in html
    assert reverse("consent_notice_language", args=["pt-br"]) == "/consent/notice/pt-br.json"


def test_a_tcf_cmp_is_named_to_the_consent_script_only_when_configured(
    client, long_story, settings
):
    assert 'data-cmp=""' in client.get(long_story.url).content.decode()
    settings.DATELINE_ADS = {
        **settings.DATELINE_ADS,
        "TCF_CMP_SCRIPT": "https://cmp.example.com/cmp.js",
    }
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": False}
    html = client.get(long_story.url).content.decode()
    assert 'data-cmp="https://cmp.example.com/cmp.js"' in html
