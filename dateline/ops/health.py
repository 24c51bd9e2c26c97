"""Health of the background services and the task queue, for /healthz and the admin.

The scheduler records a heartbeat on every pass; the supervisor records one for the task
worker while its process is alive. The queue's health is read from django-tasks-db's table:
how many tasks wait, how long the oldest has waited, and tasks whose worker died mid-run
(`recover_abandoned_tasks` puts those back in the queue, or fails them after MAX_ATTEMPTS).

Each cache alias is checked by a real write, read and delete that bypass the guard pages go
through (dateline.caching.cache.GuardedCache): a failing cache is reported as "degraded" with
the error it raised, while pages keep being served from the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.utils import timezone

logger = logging.getLogger("dateline.health")

SCHEDULER = "scheduler"
WORKER = "worker"
# A beat older than this means the service is down (the scheduler beats every 10 s, the
# supervisor every 5 s for the worker).
STALE_AFTER = dt.timedelta(seconds=int(getattr(settings, "DATELINE_HEARTBEAT_STALE_SECONDS", 60)))
# A task waiting longer than this means no worker is taking them.
QUEUE_BACKLOG_AFTER = dt.timedelta(minutes=5)
# A task claimed but unfinished for this long lost its worker (no task of ours runs so long).
ABANDONED_AFTER = dt.timedelta(minutes=30)
MAX_ATTEMPTS = 3


class AbandonedTask(Exception):
    """Recorded as the error of a task whose worker died MAX_ATTEMPTS times running it."""


def beat(name: str, detail: str = "", now: dt.datetime | None = None) -> None:
    from .models import ServiceHeartbeat

    ServiceHeartbeat.objects.update_or_create(
        name=name, defaults={"beat_at": now or timezone.now(), "detail": detail[:200]}
    )


@dataclass
class HealthReport:
    ok: bool
    database: str
    cache: str
    services: dict[str, dict] = field(default_factory=dict)
    queue: dict[str, object] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # Each cache alias: "ok" or "degraded: <the error>".
    caches: dict[str, str] = field(default_factory=dict)
    # What is broken while readers are still served (a cache): reported, not a failure.
    degraded: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """ "failing" (503), "degraded" (200, something to fix) or "ok"."""
        if not self.ok:
            return "failing"
        return "degraded" if self.degraded else "ok"

    def as_dict(self) -> dict:
        return {"status": self.status, **asdict(self)}


def cache_state(alias: str) -> str:
    """ "ok" when a write, a read and a delete of a fresh key work on this cache alias, else
    "degraded: " and the error (its type and message) met on the way."""
    key = f"dateline:healthz:{secrets.token_hex(8)}"
    token = secrets.token_hex(8)
    try:
        backend = caches[alias]
        if hasattr(backend, "round_trip"):  # guarded: go past the guard to the real error
            read = backend.round_trip(key, token)
        else:
            backend.set(key, token, 10)
            read = backend.get(key)
            backend.delete(key)
    except Exception as error:  # the report must show whatever the cache raised
        return f"degraded: {type(error).__name__}: {error}"[:300]
    if read != token:
        return "degraded: a value written was not read back (the write was dropped)"
    return "ok"


def _service_state(name: str, beats: dict, now: dt.datetime) -> dict:
    beat_at = beats.get(name)
    if beat_at is None:
        return {"status": "never-seen", "last_beat": None, "age_seconds": None}
    age = now - beat_at
    return {
        "status": "ok" if age <= STALE_AFTER else "stale",
        "last_beat": beat_at.isoformat(timespec="seconds"),
        "age_seconds": int(age.total_seconds()),
    }


def _queue_state(now: dt.datetime) -> dict:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY, run_after__lte=now)
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    return {
        "ready": ready.count(),
        "running": running.count(),
        "abandoned": running.filter(started_at__lt=now - ABANDONED_AFTER).count(),
        "failed_last_hour": DBTaskResult.objects.filter(
            status=TaskResultStatus.FAILED, finished_at__gte=now - dt.timedelta(hours=1)
        ).count(),
        "oldest_ready_seconds": int((now - oldest).total_seconds()) if oldest else 0,
    }


def uses_database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def health_report(now: dt.datetime | None = None) -> HealthReport:
    """What /healthz and the admin panel show. `ok` is False when readers or editors are
    affected: the database is down, the scheduler or worker stopped, or the queue is stuck.
    A cache outage is reported ("degraded", with the error) but not a failure: pages are
    served without it."""
    from .models import ServiceHeartbeat

    now = now or timezone.now()
    problems: list[str] = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as error:  # the report must render whatever is broken
        logger.exception("Health check: database unavailable")
        return HealthReport(
            False, f"error: {type(error).__name__}", "unknown", problems=["database"]
        )

    cache_states = {alias: cache_state(alias) for alias in settings.CACHES}
    cache_errors = {
        alias: state.removeprefix("degraded: ")
        for alias, state in cache_states.items()
        if state != "ok"
    }
    overall_cache = "ok"
    if cache_errors:
        overall_cache = "degraded: " + "; ".join(f"{a}: {e}" for a, e in cache_errors.items())
    degraded = [f"cache {alias}" for alias in cache_errors]

    beats = dict(ServiceHeartbeat.objects.values_list("name", "beat_at"))
    services = {SCHEDULER: _service_state(SCHEDULER, beats, now)}
    if uses_database_queue():
        services[WORKER] = _service_state(WORKER, beats, now)
    problems += [
        f"{name} {state['status']}" for name, state in services.items() if state["status"] != "ok"
    ]

    queue: dict[str, object] = {}
    if uses_database_queue():
        queue = _queue_state(now)
        if queue["oldest_ready_seconds"] > QUEUE_BACKLOG_AFTER.total_seconds():
            problems.append("queue backlog")
        if queue["abandoned"]:
            problems.append("abandoned tasks")
    return HealthReport(
        not problems,
        database,
        overall_cache,
        services,
        queue,
        problems,
        caches=cache_states,
        degraded=degraded,
    )


def recover_abandoned_tasks(
    worker_ids: Iterable[str] | None = None,
    *,
    started_before: dt.datetime | None = None,
    worker_id_prefix: str | None = None,
) -> dict[str, int]:
    """Put tasks whose worker died back in the queue (READY), or fail them once they have been
    claimed MAX_ATTEMPTS times. Select them by the dead workers' ids, their id prefix, or by
    having started before a time. Running it again changes nothing (idempotent)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
    selected = []
    worker_ids = set(worker_ids or ())
    for task in running.only("id", "worker_ids", "started_at"):
        last_worker = task.worker_ids[-1] if task.worker_ids else ""
        if (
            last_worker in worker_ids
            or (worker_id_prefix and last_worker.startswith(worker_id_prefix))
            or (started_before and task.started_at and task.started_at < started_before)
        ):
            selected.append(task)
    requeued = failed = 0
    for task in selected:
        if len(task.worker_ids) >= MAX_ATTEMPTS:
            # freshness: bookkeeping (task results)
            DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path="dateline.ops.health.AbandonedTask",
                traceback=f"Abandoned: {len(task.worker_ids)} workers died while running it.",
            )
            failed += 1
        else:
            # freshness: bookkeeping (task results)
            DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.READY, started_at=None
            )
            requeued += 1
    if requeued or failed:
        logger.warning("Recovered abandoned tasks: %s requeued, %s failed", requeued, failed)
    return {"requeued": requeued, "failed": failed}
