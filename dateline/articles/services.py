"""State changes of articles. Views, hooks, commands, tasks and tests call these."""

from __future__ import annotations

import calendar
import datetime as dt

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from .models import ArchiveMonthPage, ArchiveYearPage, ArticlePage


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
