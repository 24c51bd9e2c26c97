"""A poll's files filed as one batch: one transaction, a savepoint per item, every story
through the publish path, and the pages the batch made stale purged once per key."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from django.core.cache import cache
from taggit.models import Tag

from dateline.api.models import ApiChange
from dateline.articles import services as article_services
from dateline.articles.models import ArticlePage
from dateline.caching import backends
from dateline.caching.autodeps import own_keys
from dateline.caching.dependencies import listing_key
from dateline.site.factories import make_standard_page
from dateline.wires.models import IngestRecord, QuarantinedFile
from dateline.wires.services.intake import ingest_files

from .conftest import BODY, T0

CALLS: list[set[str]] = []


def remember_keys(keys: set[str], urls: set[str]) -> None:
    CALLS.append(set(keys))


def ninjs(number: int, subject: str = "Shipping") -> bytes:
    return json.dumps(
        {
            "uri": f"urn:batch:{number}",
            "type": "text",
            "version": "1",
            "versionCreated": T0.isoformat(),
            "pubStatus": "usable",
            "headlines": [{"role": "main", "value": f"Harbour story number {number}"}],
            "bodies": [{"contentType": "text/html", "value": BODY.replace("Monday", str(number))}],
            "subjects": [{"name": subject}],
        }
    ).encode()


@pytest.fixture
def page_cache_on(settings):
    settings.DATELINE_PAGE_CACHE = {**settings.DATELINE_PAGE_CACHE, "ENABLED": True}
    settings.WAGTAILFRONTENDCACHE = {
        "recording": {"BACKEND": "dateline.caching.backends.RecordingBackend"}
    }
    settings.DATELINE_INVALIDATORS = [
        *settings.DATELINE_INVALIDATORS,
        "dateline.wires.tests.test_batch.remember_keys",
    ]
    cache.clear()
    backends.PURGED.clear()
    CALLS.clear()
    yield
    backends.PURGED.clear()
    CALLS.clear()


def test_a_batch_publishes_purges_each_key_once_and_quarantines_only_the_bad_items(
    client,
    home,
    world,
    wire_source,
    page_cache_on,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    about = make_standard_page(home, "About us", intro="Who we are.")
    for page in (world, about):
        client.get(page.url)
        assert client.get(page.url)["X-Cache"] == "HIT"
    CALLS.clear()  # adding the About page purged once already: count the batch's own

    # The third story fails after it was filed (a database error, say). The batch's
    # stories, filed together, are taken back and filed one by one; the third's savepoint
    # takes it back, its file is quarantined, and the other stories land.
    real_file_articles = article_services.file_articles
    real_file_article = article_services.file_article

    def failing_file_articles(filings):
        filed = real_file_articles(filings)
        if any(story.title.endswith("number 3") for story in filed):
            raise RuntimeError("disk full")
        return filed

    def failing_file_article(section, article, **kwargs):
        filed = real_file_article(section, article, **kwargs)
        if filed.title.endswith("number 3"):
            raise RuntimeError("disk full")
        return filed

    monkeypatch.setattr(article_services, "file_articles", failing_file_articles)
    monkeypatch.setattr(article_services, "file_article", failing_file_article)
    files = [(f"{n}.json", ninjs(n)) for n in (1, 2, 3, 4)]
    files.insert(2, ("truncated.json", ninjs(9)[:40]))
    files.append(("5.json", ninjs(5, subject="Ports")))

    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_files(files, source=wire_source)

    assert report.summary() == "4 created, 0 updated, 0 unchanged, 0 withdrawn, 2 quarantined"
    stories = list(ArticlePage.objects.live().order_by("title"))
    assert [story.title for story in stories] == [f"Harbour story number {n}" for n in (1, 2, 4, 5)]
    held = dict(QuarantinedFile.objects.values_list("filename", "reason"))
    assert set(held) == {"truncated.json", "3.json"}
    assert "disk full" in held["3.json"]
    assert bytes(QuarantinedFile.objects.get(filename="3.json").data) == ninjs(3)
    assert IngestRecord.objects.filter(outcome="created").count() == 4

    # One purge for the whole batch, each key once: the union of what the publish button
    # purges for each page the batch made public (`caching.signal_handlers`), nothing
    # else: the four stories, the year and month buckets made for them, the two topics.
    assert len(CALLS) == 1
    assert Counter(key for call in CALLS for key in call).most_common(1)[0][1] == 1
    month = stories[0].get_parent().specific
    year = month.get_parent().specific
    assert {story.get_parent().pk for story in stories} == {month.pk}
    expected = {listing_key("pages")}
    for page, parent in ((year, world), (month, year)):
        expected |= own_keys(page) | {listing_key("children", parent.pk)}
    for story in stories:
        expected |= own_keys(story) | story.freshness_touches() | story.freshness_listings()
    expected.add(listing_key("children", month.pk))
    for tag in Tag.objects.filter(name__in=["Shipping", "Ports"]):
        expected |= own_keys(tag) | {listing_key("tags")}
    for change in ApiChange.objects.all():  # the content API's change feed, one entry a story
        expected |= own_keys(change)
    assert CALLS[0] == expected
    # What each story joined: its section, latest news, its topic, its month.
    assert {
        listing_key("section", world.pk),
        listing_key("articles"),
        listing_key("bucket", month.pk),
        listing_key("modified", "2026-03"),
    } <= expected
    # The section's page, cached before, was purged (once, from the front cache too);
    # a page that lists no story was not.
    assert client.get(world.url)["X-Cache"] != "HIT"
    assert client.get(about.url)["X-Cache"] == "HIT"
    world_urls = [url for url in backends.PURGED if url.endswith(world.url)]
    assert len(world_urls) == 1


def ninjs_item(guid: str, *, provider: str = "", version: int = 1, headline: str = "") -> bytes:
    item = json.loads(ninjs(1))
    item.update(uri=guid, version=str(version))
    if provider:
        item["copyrightHolder"] = provider
        item["provider"] = {"name": provider}
    if headline:
        item["headlines"] = [{"role": "main", "value": headline}]
    return json.dumps(item).encode()


def test_a_poll_files_its_new_stories_together_not_one_by_one(
    home, world, wire_source, monkeypatch
):
    def one_by_one(*args, **kwargs):
        raise AssertionError("filed one by one")

    monkeypatch.setattr(article_services, "file_article", one_by_one)
    report = ingest_files([(f"{n}.json", ninjs(n)) for n in range(1, 6)], source=wire_source)
    assert report.summary() == "5 created, 0 updated, 0 unchanged, 0 withdrawn, 0 quarantined"
    assert ArticlePage.objects.live().count() == 5
    assert [r.outcome for r in report.records] == ["created"] * 5
    assert all(r.story.article_id for r in report.records)


def test_queries_of_a_poll_grow_by_a_fixed_few_per_story(home, world, wire_source):
    ingest_files([(f"{n}.json", ninjs(n)) for n in range(1, 3)], source=wire_source)  # warm
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for first, size in ((10, 4), (20, 8)):
        files = [(f"{n}.json", ninjs(n)) for n in range(first, first + size)]
        with CaptureQueriesContext(connection) as queries:
            ingest_files(files, source=wire_source)
        counts.append(len(queries))
    # Per story: its savepoint and release, and the frontend-cache purge that
    # `page_published` enqueues for the page (as for a story published in the admin); the
    # change feed's entry (dateline.api) and its look-up of whether the feed lists the item
    # already (created or updated), and the look-up of newsletters sent on publication.
    assert counts[1] - counts[0] == 4 * 6


def test_in_one_poll_a_later_version_updates_and_another_agency_is_flagged(home, world):
    report = ingest_files(
        [
            ("a1.json", ninjs_item("urn:a:1", provider="Agency A")),
            (
                "a1v2.json",
                ninjs_item(
                    "urn:a:1", provider="Agency A", version=2, headline="Harbour story, updated"
                ),
            ),
            ("b1.json", ninjs_item("urn:b:1", provider="Agency B")),
        ],
        publish=True,
    )
    assert report.summary() == "2 created, 1 updated, 0 unchanged, 0 withdrawn, 0 quarantined"
    from dateline.wires.models import WireStory

    first, second = WireStory.objects.get(guid="urn:a:1"), WireStory.objects.get(guid="urn:b:1")
    assert first.article.title == "Harbour story, updated"
    assert first.article.live and second.article.live
    assert second.duplicate_of == first
