"""No story goes out without a byline, whatever the path: the desk's services (wire copy,
partner submissions, code), the scheduler and the model's publication gate ask the rule the
admin form asks (dateline.articles.rules)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import Page

from dateline.articles import services
from dateline.articles.factories import AgencyFactory, ArticlePageFactory, AuthorFactory
from dateline.articles.models import ArticlePage, ArticlePageAuthor
from dateline.newsroom.services import run_scheduled_publishing

pytestmark = pytest.mark.django_db


def _story(title: str = "Port strike ends after talks", **fields) -> ArticlePage:
    return ArticlePage(
        title=title, body=[("paragraph", "<p>The strike is over, both sides said.</p>")], **fields
    )


def test_filing_a_story_without_a_byline_is_refused_and_leaves_nothing(world):
    pages_before = Page.objects.count()
    with pytest.raises(services.BylineMissing):
        services.file_article(world, _story())
    assert Page.objects.count() == pages_before  # no stray draft, no empty month folder


def test_a_draft_may_wait_for_its_byline(world):
    draft = services.file_article(world, _story(), publish=False)
    assert not draft.live


@pytest.mark.parametrize("byline", ["author", "agency"])
def test_an_author_or_the_agency_is_a_byline(world, byline):
    story = _story(agency=AgencyFactory()) if byline == "agency" else _story()
    if byline == "author":
        story.article_authors = [ArticlePageAuthor(author=AuthorFactory())]
    assert services.file_article(world, story).live


def test_the_wire_batch_refuses_a_story_without_a_byline_and_files_none(world):
    now = timezone.now()
    signed = _story("Signed copy", agency=AgencyFactory())
    unsigned = _story("Unsigned copy")
    with pytest.raises(services.BylineMissing):
        services.file_articles(
            [services.Filing(world, signed, now, None), services.Filing(world, unsigned, now, None)]
        )
    assert not ArticlePage.objects.exists()


def test_a_revision_that_drops_the_byline_is_not_published(world):
    story = ArticlePageFactory(section=world, agency=AgencyFactory(), title="Agency copy")
    with pytest.raises(services.BylineMissing):
        services.revise_article(story, agency=None, title="Agency copy, unsigned")
    story.refresh_from_db()
    assert story.live and story.title == "Agency copy"
    # As a draft it may be saved; the desk signs it before it goes out.
    services.revise_article(story, publish=False, agency=None, title="Agency copy, unsigned")


def test_the_scheduler_drops_an_unsigned_schedule_and_publishes_the_rest(world, caplog):
    """A revision scheduled before bylines were required: the scheduler's pass goes on (a
    refusal would stop every pass), the story stays a draft and the log says why."""
    past = timezone.now() - dt.timedelta(minutes=1)
    unsigned = services.file_article(world, _story("Unsigned"), publish=False)
    signed = services.file_article(world, _story("Signed", agency=AgencyFactory()), publish=False)
    for story in (unsigned, signed):
        story.latest_revision.__class__.objects.filter(pk=story.latest_revision.pk).update(
            approved_go_live_at=past
        )
    output = run_scheduled_publishing()
    assert ArticlePage.objects.get(pk=signed.pk).live, output
    unsigned.refresh_from_db()
    assert not unsigned.live
    assert unsigned.latest_revision.approved_go_live_at is None
    assert "Not published on schedule, no byline: Unsigned" in caplog.text
    run_scheduled_publishing()  # the next pass does not try it again
    assert caplog.text.count("no byline") == 1
