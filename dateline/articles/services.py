"""State changes of articles. Views, hooks, commands, tasks and tests call these."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import dateparse, timezone
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, Revision

from dateline.core.timefmt import news_datetime

from .models import (
    ArchiveMonthPage,
    ArchiveYearPage,
    ArticleCorrection,
    ArticlePage,
    sync_tag_dates,
)


class EmbargoActive(PublishPermissionError):
    """Publishing was refused: the story's embargo has not lifted yet."""

    def __init__(self, embargo_until: dt.datetime):
        self.embargo_until = embargo_until
        super().__init__(
            f"This story is embargoed until {news_datetime(embargo_until)} "
            "and cannot be published before then."
        )


def month_bucket(section: Page, when: dt.datetime) -> ArchiveMonthPage:
    """The Year › Month bucket under `section` for `when` (site time), created if missing."""
    local = timezone.localtime(when)
    year_slug, month_slug = f"{local.year:04d}", f"{local.month:02d}"
    with transaction.atomic():
        year = ArchiveYearPage.objects.child_of(section).filter(slug=year_slug).first()
        if year is None:
            year = section.add_child(instance=ArchiveYearPage(title=year_slug, slug=year_slug))
        month = ArchiveMonthPage.objects.child_of(year).filter(slug=month_slug).first()
        if month is None:
            month = year.add_child(
                instance=ArchiveMonthPage(
                    title=f"{calendar.month_name[local.month]} {local.year}", slug=month_slug
                )
            )
    return month


def file_article(
    section: Page,
    article: ArticlePage,
    *,
    publish: bool = True,
    published_at: dt.datetime | None = None,
    user=None,
) -> ArticlePage:
    """Put a new article in its section's month bucket and (by default) publish it."""
    when = published_at or article.published_at or timezone.now()
    article.published_at = when if publish else article.published_at
    if publish:
        article.live = True
        article.first_published_at = article.first_published_at or when
        article.last_published_at = when
    else:
        article.live = False
    bucket = month_bucket(section, when)
    bucket.add_child(instance=article)
    revision = article.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, changed=False, log_action=False, skip_permission_checks=True)
        # publish() stamps "now"; keep the story's own publication times.
        ArticlePage.objects.filter(pk=article.pk).update(
            published_at=when, first_published_at=when, last_published_at=when
        )
        sync_tag_dates([article.pk])
        article.refresh_from_db()
    return article


def move_into_bucket(article: ArticlePage) -> ArticlePage:
    """An article created directly under a section moves into its month bucket."""
    parent = article.get_parent().specific
    if isinstance(parent, ArchiveMonthPage):
        return article
    bucket = month_bucket(parent, article.published_at or timezone.now())
    article.move(bucket, pos="last-child")
    article.refresh_from_db()
    article.save(update_fields=["section", "top_section"])
    return article


def _revision_time(revision: Revision, field: str) -> dt.datetime | None:
    value = revision.content.get(field)
    if isinstance(value, dt.datetime):  # a revision not yet read back from the database
        return value
    return dateparse.parse_datetime(value) if value else None


def check_embargo(revision: Revision) -> None:
    """Refuse a publication that would put an embargoed story live before its time.

    Scheduling for a go-live time at or after the embargo is allowed; Wagtail's scheduler
    then publishes it when both times have passed.
    """
    embargo_until = _revision_time(revision, "embargo_until")
    now = timezone.now()
    if embargo_until is None or embargo_until <= now:
        return
    go_live_at = _revision_time(revision, "go_live_at")
    if go_live_at and go_live_at > now and go_live_at >= embargo_until:
        return
    raise EmbargoActive(embargo_until)


def record_publication(article: ArticlePage, revision: Revision) -> ArticlePage:
    """After a revision goes live: stamp new correction notes and the visible update time.

    The first publication sets no "Updated" time; a republication of a live story does,
    unless the editor flagged it as a minor edit. Called from Wagtail's `page_published`.
    """
    now = article.last_published_at or timezone.now()
    ArticleCorrection.objects.filter(page=article, noted_at__isnull=True).update(noted_at=now)
    # The revision remembers whether a live version existed when it was written.
    was_live = revision.content.get("live_revision") is not None
    if was_live and not revision.content.get("minor_edit"):
        ArticlePage.objects.filter(pk=article.pk).update(updated_at=now)
        article.updated_at = now
    return article


@transaction.atomic
def unpublish_article(
    article: ArticlePage, *, user=None, redirect_to: Page | str | None = None
) -> ArticlePage:
    """Take a story off the site. Its URL answers 410 Gone, or redirects where the editor chose.

    Wagtail's unpublish action logs it, fires `page_unpublished` (frontend-cache purge) and
    the story drops out of every listing at once because they all filter on `live`.
    """
    site = article.get_site()
    old_path = Redirect.normalise_path(article.relative_url(site))
    article.unpublish(user=user, log_action=True)
    if redirect_to is not None:
        # Wagtail's redirect middleware answers before the 410 does.
        Redirect.objects.filter(old_path=old_path, site=site).delete()
        Redirect.add_redirect(old_path, redirect_to=redirect_to, is_permanent=True, site=site)
    article.refresh_from_db()
    return article


def article_dependency_keys(article: ArticlePage) -> set[str]:
    """The page of a story and every listing it appears in (see dateline.core.dependencies)."""
    from dateline.core.dependencies import key_for, listing_key

    keys = {key_for(article), listing_key("articles")}
    keys |= {
        listing_key("section", pk) for pk in (article.section_id, article.top_section_id) if pk
    }
    keys |= {listing_key("tag", pk) for pk in article.tagged_items.values_list("tag_id", flat=True)}
    if article.agency_id:
        keys.add(listing_key("agency", article.agency_id))
    keys |= {listing_key("author", link.author_id) for link in article.article_authors.all()}
    return keys


def revise_article(
    article: ArticlePage,
    *,
    user=None,
    publish: bool = True,
    tags: list[str] | None = None,
    **changes,
) -> ArticlePage:
    """Save `changes` (field values; `tags` replaces the tag names) as a new revision of the
    same page, and publish it: the URL stays, "Updated" moves (record_publication). With a
    future `go_live_at`, Wagtail schedules it instead. `publish=False` leaves a draft.
    """
    from dateline.core.dependencies import invalidate

    before = article_dependency_keys(article)
    for field, value in changes.items():
        setattr(article, field, value)
    if tags is not None:
        article.tags.set(tags)
    revision = article.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user, log_action=True, skip_permission_checks=True)
        article.refresh_from_db()
    invalidate(*(before | article_dependency_keys(article)))
    return article
