"""What operations keep in the database."""

from django.db import models


class ServiceHeartbeat(models.Model):
    """When a background service (the scheduler, the task worker) last showed it was alive.

    In the database, not the cache: the cache may be down (and is then skipped), and a beat
    must still be seen by every web process.
    """

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        db_table = "core_serviceheartbeat"  # moved from core by state (ops/0001)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
