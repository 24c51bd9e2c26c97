"""The archive's month summaries: how many stories a site shows for each UTC month."""

from __future__ import annotations

import datetime as dt

from django.db import models


def utc_month_start(when: dt.datetime) -> dt.date:
    """The first day of `when`'s calendar month in UTC (sitemaps split the archive by it)."""
    when = when.astimezone(dt.UTC)
    return dt.date(when.year, when.month, 1)


def next_month(start: dt.date) -> dt.date:
    return dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)


class ArticleMonth(models.Model):
    """How many stories a site shows for one UTC month, and the newest change among them.

    The sitemap index lists every month of the archive with its count and lastmod; summing
    them from the stories on each request (or on a cold cache) read every story. These rows
    are kept true by `refresh_article_months`, which every path that changes what a month
    shows calls: `ArticlePage.publish`, the filing service, `recount_story_months` (unpublish,
    expiry, moves, deletion, a lifted embargo) and the bulk generator."""

    # The site's home page (every home page sits at SITE_ROOT_DEPTH, under Wagtail's root).
    root_path = models.CharField(max_length=255)
    month = models.DateField(help_text="First day of the month, UTC.")
    stories = models.PositiveIntegerField(default=0)
    lastmod = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["root_path", "month"], name="article_month_unique")
        ]

    def __str__(self) -> str:
        return f"{self.root_path} {self.month:%Y-%m}: {self.stories}"
