"""The publishing scheduler: Wagtail's `publish_scheduled`, run every few seconds.

Why a loop and not cron or a django-tasks periodic job: the embedded set-up has no cron,
django-tasks has no periodic scheduling, and one small process is easy for `make run` to
start and stop. Wagtail's command does the work (go-live, expiry, audit log, signals), so
there is no second publishing path. Run exactly one scheduler per database.
"""

from __future__ import annotations

import logging
import threading

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils.module_loading import import_string

from dateline.ops import health

from . import services

logger = logging.getLogger("dateline.newsroom")

DEFAULT_INTERVAL_SECONDS = 10.0  # worst case: a story goes live 10 s after its time


def run_periodic_jobs() -> None:
    """The other apps' periodic work (settings.DATELINE_PERIODIC_JOBS, dotted callables):
    each runs once per pass; one that fails is logged and never stops the others."""
    for path in getattr(settings, "DATELINE_PERIODIC_JOBS", []):
        try:
            import_string(path)()
        except Exception:
            logger.exception("Periodic job %s failed", path)


def run_scheduler(
    stop: threading.Event, interval: float = DEFAULT_INTERVAL_SECONDS, *, once: bool = False
) -> None:
    """Publish and expire what is due until `stop` is set. A failed pass is logged and retried."""
    try:
        while not stop.is_set():
            try:
                output = services.run_scheduled_publishing()
                if output.strip():
                    logger.debug("publish_scheduled: %s", output.strip())
                # Only a pass that worked counts as alive (/healthz, the admin dashboard).
                health.beat(health.SCHEDULER)
            except Exception:
                logger.exception("Scheduled publishing failed; retrying in %s s", interval)
            try:
                run_periodic_jobs()
            finally:
                # A long-lived process must not hold a broken or stale connection.
                close_old_connections()
            if once:
                return
            stop.wait(interval)
    finally:
        connections.close_all()  # this thread's connections; nothing may keep the DB open
