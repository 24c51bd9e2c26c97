"""How often each (normalised) query was searched per day: no user, no address, no time."""

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
