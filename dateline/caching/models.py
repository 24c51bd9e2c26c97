"""The freshness model's one table: the purge outbox."""

from django.db import models


class PendingPurge(models.Model):
    """Keys a committed change still has to purge: the outbox of `dependencies.invalidate()`.

    Written in the same transaction as the change, marked done (`done_at`) once the purge
    succeeded and deleted by the periodic job `outbox.KEEP_DONE` later: a process whose Redis
    goes away replays the recent purges on the copies it made while Redis answered
    (`caching.fallback`). A row left by a crash or a failed purge (no `done_at`) is purged
    again by the periodic job (`outbox`).
    Written and deleted with bulk_create/_raw_delete: no signal, so no purge of its own.
    """

    keys = models.JSONField()
    urls = models.JSONField(default=list, blank=True)  # front-cache URLs a failed try found
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # The table keeps the name it had when the model lived in core.
        db_table = "core_pendingpurge"

    def __str__(self) -> str:
        return f"purge of {len(self.keys)} keys ({self.attempts} attempts)"
