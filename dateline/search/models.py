"""Search counts per day ("most searched") and the search documents that rank at scale."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models


class SearchQueryDay(models.Model):
    query = models.CharField(max_length=100)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="search_query_day_unique")
        ]
        indexes = [models.Index(fields=["day", "-count"], name="search_query_day_count")]

    def __str__(self) -> str:
        return f"{self.query} ({self.day}: {self.count})"


class SearchDocument(models.Model):
    """A story's search vectors beside the columns the public rule filters on (PostgreSQL).

    Wagtail's index entries hold the vectors and the stories hold `live`, `published_at`,
    `embargo_until` and the tree `path`: ranking a frequent word had to join every match to
    its story before it could filter and cut. Here one row holds both, so a GIN index finds
    the matches and a btree walks them newest first, with no join (`sources.PageSource`).

    The rows are kept by PostgreSQL triggers (migration 0003), in the transaction of the
    write that changes them: an index entry's insert, update or delete writes the story's
    row; a page's `live` or `path`, a story's `published_at` or `embargo_until` updates it.
    No Python code writes here, so no write path (services, bulk loads, Wagtail's moves,
    raw updates) can leave a row stale. Other databases keep the table empty and search
    as before. Readers still see only what `published()` allows: the cards come through it.
    """

    page_id = models.IntegerField(primary_key=True)
    live = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True)
    embargo_until = models.DateTimeField(null=True)
    path = models.CharField(max_length=255)
    title = SearchVectorField(null=True)
    title_norm = models.FloatField(default=1.0)
    body = SearchVectorField(null=True)

    def __str__(self) -> str:
        return f"search document {self.page_id}"
