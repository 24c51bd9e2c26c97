"""The ingest service: new, newer, older and withdrawn versions, embargo, sanitising,
routing, near-duplicates, quarantine and retry."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from dateline.api.models import ApiChange
from dateline.articles.models import Agency, ArticlePage
from dateline.caching.autodeps import own_keys
from dateline.caching.placement import placement_key
from dateline.wires.models import (
    DuplicatePolicy,
    IngestRecord,
    PublishMode,
    QuarantinedFile,
    QuarantineStatus,
    WireRule,
    WireStory,
)
from dateline.wires.services.filing import ingest_item
from dateline.wires.services.intake import ingest_file
from dateline.wires.services.quarantine import retry_quarantined
from dateline.wires.services.records import _Context

from .conftest import make_item


def _ingest(item, source=None, publish=True):
    return ingest_item(item, _Context(source=source, publish=publish))


def test_new_guid_files_a_published_story_with_agency_byline_and_dateline(world, wire_source):
    record = _ingest(make_item(), wire_source)
    assert record.outcome == "created"
    article = ArticlePage.objects.get()
    assert article.live
    assert article.title == "Harbour channel closed after cargo ship loses power"
    assert article.agency.name == "The Associated Press"
    assert article.dateline_place == "Kochi"
    assert article.section == world
    assert article.published_at == make_item().first_created
    assert [tag.name for tag in article.tags.all()] == ["Shipping"]
    assert article.url == "/world/2026/03/harbour-channel-closed-after-cargo-ship-loses-power/"


def test_a_wire_slug_gets_a_suffix_only_when_the_month_has_it(world, wire_source):
    _ingest(make_item(), wire_source)
    _ingest(make_item(guid="urn:test:harbour-2"), wire_source)
    assert sorted(ArticlePage.objects.values_list("slug", flat=True)) == [
        "harbour-channel-closed-after-cargo-ship-loses-power",
        "harbour-channel-closed-after-cargo-ship-loses-power-2",
    ]


def test_wire_copy_without_a_summary_does_not_repeat_its_first_paragraph(
    world, wire_source, client
):
    _ingest(make_item(), wire_source)
    article = ArticlePage.objects.get()
    assert article.dek == ""
    assert article.search_description.startswith("The harbour authority closed")
    page = client.get(article.url).content.decode()
    assert 'class="article__dek"' not in page
    _ingest(make_item(dek="Tugs hold the ship.", guid="urn:test:harbour-9"), wire_source)
    assert ArticlePage.objects.get(dek="Tugs hold the ship.").search_description == ""


def test_review_mode_files_a_draft(wire_source):
    wire_source.publish_mode = PublishMode.REVIEW
    wire_source.save()
    _ingest(make_item(), wire_source, publish=None)
    assert ArticlePage.objects.get().live is False


def test_without_a_source_the_agency_named_in_the_item_is_used(world):
    _ingest(make_item(provider="Harbour News Agency"))
    assert ArticlePage.objects.get().agency == Agency.objects.get(name="Harbour News Agency")


def test_copy_naming_no_agency_waits_as_a_draft_for_its_byline(world, wire_source):
    """No byline, no publication (articles.rules): the desk gets a draft that says why."""
    wire_source.agency = None
    wire_source.save()
    record = _ingest(make_item(provider=""), wire_source)
    assert record.outcome == "created"
    assert "It names no agency: add a byline before it goes out." in record.detail
    article = ArticlePage.objects.get()
    assert not article.live and article.agency is None


def test_newer_version_updates_the_same_article_as_a_new_revision(world, wire_source, client):
    _ingest(make_item(), wire_source)
    article = ArticlePage.objects.get()
    url, revisions = article.url, article.revisions.count()
    record = _ingest(
        make_item(
            version=2,
            headline="Harbour channel reopens",
            version_created=make_item().version_created + dt.timedelta(hours=1),
        ),
        wire_source,
    )
    assert record.outcome == "updated"
    article.refresh_from_db()
    assert ArticlePage.objects.count() == 1
    assert article.title == "Harbour channel reopens"
    assert article.url == url
    assert article.revisions.count() == revisions + 1
    assert article.updated_at is not None and article.updated_at > article.published_at
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("version", [1, 0])
def test_same_or_older_version_leaves_the_story_unchanged(world, wire_source, version):
    _ingest(make_item(), wire_source)
    revisions = ArticlePage.objects.get().revisions.count()
    record = _ingest(make_item(version=version, headline="Stale copy"), wire_source)
    assert record.outcome == "unchanged"
    article = ArticlePage.objects.get()
    assert (article.title, article.revisions.count()) == (
        "Harbour channel closed after cargo ship loses power",
        revisions,
    )


def test_same_version_with_a_later_time_counts_as_newer(world, wire_source):
    _ingest(make_item(version=0), wire_source)
    later = make_item(
        version=0,
        headline="Later",
        version_created=make_item().version_created + dt.timedelta(minutes=5),
    )
    assert _ingest(later, wire_source).outcome == "updated"


@pytest.mark.parametrize("status", ["canceled", "withheld"])
def test_canceled_or_withheld_version_unpublishes_with_410(world, wire_source, client, status):
    _ingest(make_item(), wire_source)
    url = ArticlePage.objects.get().url
    record = _ingest(
        make_item(version=2, pub_status=status, status_reason="Wrong ship named"), wire_source
    )
    assert record.outcome == "withdrawn"
    assert record.detail == (
        f"{status.capitalize()} by the agency. Unpublished: its URL now answers 410 Gone. "
        "Reason: Wrong ship named"
    )
    assert ArticlePage.objects.get().live is False
    assert client.get(url).status_code == 410


def test_canceled_before_publication_files_nothing(world):
    record = _ingest(make_item(pub_status="canceled"))
    assert record.outcome == "withdrawn"
    assert ArticlePage.objects.count() == 0
    assert WireStory.objects.get().state == "withdrawn"


def test_embargoed_story_is_scheduled_not_public_before_its_time(world, wire_source, client):
    embargo = timezone.now() + dt.timedelta(hours=2)
    record = _ingest(make_item(embargo=embargo), wire_source)
    assert record.detail == "Scheduled for the embargo time in World."
    article = ArticlePage.objects.get()
    assert article.live is False
    assert article.embargo_until == embargo
    assert article.get_latest_revision().approved_go_live_at == embargo
    assert ArticlePage.objects.published().count() == 0


def test_past_embargo_publishes_at_once(world, wire_source):
    _ingest(make_item(embargo=timezone.now() - dt.timedelta(minutes=1)), wire_source)
    assert ArticlePage.objects.published().count() == 1


HOSTILE = (
    '<p onclick="steal()">Safe words <a href="javascript:alert(1)">bad link</a> '
    '<a href="https://example.org/x" onmouseover="x()">good link</a></p>'
    "<script>document.cookie</script><style>p{}</style>"
    '<iframe src="https://unknown.example/embed"></iframe>'
    '<img src="x" onerror="alert(1)"><p style="color:red">Second</p>'
)


def test_hostile_body_html_is_sanitised_before_it_reaches_the_database(world, wire_source):
    _ingest(make_item(body_html=HOSTILE), wire_source)
    stored = ArticlePage.objects.get().body.raw_data[0]["value"]
    assert stored == (
        '<p>Safe words <a>bad link</a> <a href="https://example.org/x">good link</a></p>'
        "<p>Second</p>"
    )


def test_rules_route_subjects_to_sections_and_add_tags(world, us_news, wire_source):
    WireRule.objects.create(
        source=wire_source, match="medtop:20000279", section=us_news, tags="Ports, Kerala"
    )
    _ingest(make_item(), wire_source)
    article = ArticlePage.objects.get()
    assert article.section == us_news
    assert sorted(tag.name for tag in article.tags.all()) == ["Kerala", "Ports", "Shipping"]


def test_near_duplicate_from_another_agency_is_flagged(world, wire_source):
    _ingest(make_item(guid="urn:other:1", provider="Other Agency"))
    record = _ingest(
        make_item(guid="urn:ap:1", headline="Cargo ship loses power, harbour channel shut"),
        wire_source,
    )
    story = WireStory.objects.get(guid="urn:ap:1")
    assert story.duplicate_of.guid == "urn:other:1"
    assert story.similarity >= 0.6
    assert "Near-duplicate" in record.detail
    assert ArticlePage.objects.filter(live=True).count() == 2  # flag policy: published


def test_near_duplicate_is_held_as_a_draft_when_the_rule_says_so(world, wire_source):
    wire_source.duplicate_policy = DuplicatePolicy.HOLD
    wire_source.save()
    _ingest(make_item(guid="urn:other:1", provider="Other Agency"))
    record = _ingest(make_item(guid="urn:ap:1"), wire_source)
    assert record.detail.endswith("; held as a draft.")
    assert ArticlePage.objects.get(live=False).title == make_item().headline


def test_different_story_is_not_a_duplicate(world, wire_source):
    _ingest(make_item(guid="urn:other:1", provider="Other Agency"))
    _ingest(
        make_item(
            guid="urn:ap:2",
            headline="Budget vote delayed",
            body_html="<p>Lawmakers postponed the vote on the state budget until next week "
            "after the opposition asked for more time to study the spending plan.</p>",
        ),
        wire_source,
    )
    assert WireStory.objects.get(guid="urn:ap:2").duplicate_of is None


def test_unreadable_file_is_quarantined_and_retried_after_a_fix(world, wire_source, settings):
    data = b'{"uri": "urn:q:1", "type": "text", "headlines": [{"value": "Held story"}], "bodies": [{"value": "Body."}]}'  # noqa: E501
    settings.DATELINE_WIRE_PARSERS = {
        "ninjs": {"BACKEND": "dateline.wires.parsers.ninjs.NinjsParser", "MAX_BYTES": 10}
    }
    report = ingest_file(data, source=wire_source, filename="held.json")
    held = QuarantinedFile.objects.get()
    assert report.summary() == "0 created, 0 updated, 0 unchanged, 0 withdrawn, 1 quarantined"
    assert held.reason == f"The file is {len(data)} bytes; the limit is 10 bytes."
    assert (bytes(held.data), held.filename, held.source) == (data, "held.json", wire_source)
    assert IngestRecord.objects.get().outcome == "quarantined"

    del settings.DATELINE_WIRE_PARSERS
    report = retry_quarantined(held)
    held.refresh_from_db()
    assert report.summary() == "1 created, 0 updated, 0 unchanged, 0 withdrawn, 0 quarantined"
    assert (held.status, held.retries) == (QuarantineStatus.RETRIED, 1)
    assert ArticlePage.objects.get().title == "Held story"


def test_item_that_cannot_be_filed_quarantines_its_file(db, home):
    """No section exists at all: the file is kept with the reason instead of lost."""
    report = ingest_file(
        b'{"uri": "urn:n:1", "headline": "Nowhere", "body_text": "Text."}', filename="n.json"
    )
    assert report.counts["quarantined"] == 1
    assert QuarantinedFile.objects.get().reason == (
        "Item 'urn:n:1' (Nowhere): There is no section to file the story in: give the source "
        "a default section."
    )


def test_xxe_file_is_quarantined_without_reading_local_files(world):
    data = (
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>t</title><guid>g</guid><description>&x;</description>"
        b"</item></channel></rss>"
    )
    ingest_file(data, filename="xxe.rss", publish=True)
    held = QuarantinedFile.objects.get()
    assert held.reason.startswith("The XML declares entities (<!ENTITY>)")
    assert "root:" not in held.reason
    assert ArticlePage.objects.count() == 0


def test_huge_file_is_quarantined_by_size(world):
    data = b'{"uri": "urn:big", "body_text": "' + b"x" * (5 * 1024 * 1024) + b'"}'
    ingest_file(data, filename="big.json")
    assert QuarantinedFile.objects.get().reason == (
        f"The file is {len(data):,} bytes; the limit is 5,242,880 bytes."
    )


def test_update_purges_the_story_through_the_publish_path(
    world, wire_source, django_capture_on_commit_callbacks, settings
):
    """An update keeps the story's place in its listings, so it purges what the publish
    button purges for such an edit (`caching.signal_handlers`), once, after commit: the
    story's own key, the coarse keys of its tables (`own_keys`: what un-narrowed queries
    record) and the sitemaps' modification listings; none of the listings it stays in
    (their cards recorded the story's key)."""
    settings.DATELINE_INVALIDATORS = ["dateline.wires.tests.test_ingest.remember_keys"]
    REMEMBERED.clear()
    _ingest(make_item(), wire_source)
    article = ArticlePage.objects.get()
    REMEMBERED.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _ingest(make_item(version=2, headline="Reopened"), wire_source)
    # The change feed's entry (dateline.api, written on page_published) is purged on its own.
    feed = set().union(*(own_keys(change) for change in ApiChange.objects.all()))
    story_purges = [keys - feed for keys in REMEMBERED if keys - feed]
    assert len(story_purges) == 1
    (purged,) = story_purges
    # A headline update keeps where the story stands: the blocks around it on its page
    # (`placement:<id>`, which `own_keys` lists for other writes) are kept.
    placement = placement_key(article.pk)
    assert placement in own_keys(article)
    assert purged == (own_keys(article) - {placement}) | {"list:modified", "list:modified:2026-03"}
    assert {f"page:{article.pk}", "list:articles.articlepage"} <= purged
    listings = article.freshness_listings()
    assert f"list:section:{world.pk}" in listings and "list:articles" in listings
    assert not purged & listings


REMEMBERED: list[set[str]] = []


def remember_keys(keys: set[str], urls: set[str]) -> None:
    REMEMBERED.append(set(keys))


def test_newer_version_of_a_draft_stays_a_draft_with_a_new_revision(wire_source):
    wire_source.publish_mode = PublishMode.REVIEW
    wire_source.save()
    _ingest(make_item(), wire_source, publish=None)
    record = _ingest(make_item(version=2, headline="Draft reworded"), wire_source, publish=None)
    assert record.detail == "Version 2 saved as a draft as a new revision."
    article = ArticlePage.objects.get()
    assert article.live is False
    assert article.get_latest_revision_as_object().title == "Draft reworded"
