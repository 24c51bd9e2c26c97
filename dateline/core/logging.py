"""Structured logs: one JSON object per line on stderr, each stamped with the request id.

`RequestIdMiddleware` sets the id for the duration of a request; the filter copies it (and
the path and status Django's request logger passes) onto every record, so a traceback in
the logs can be matched to the `X-Request-ID` a reader or the proxy saw.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar

current_request_id: ContextVar[str] = ContextVar("dateline_request_id", default="-")


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id.get()
        request = getattr(record, "request", None)
        if request is not None:
            # Django's request logger attaches the request object: log what is useful and
            # serialisable (the formatter leaves the object, and its cookies, out).
            record.method = getattr(request, "method", None)
            record.path = getattr(request, "path", None)
        return True


def logging_config(*, json_lines: bool, level: str = "INFO", task_level: str = "WARNING") -> dict:
    """The LOGGING dict: everything at `level` and above from Django, Wagtail, the task
    worker and Dateline to stderr, with tracebacks (JSON lines or plain text)."""
    formatter = (
        {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "reserved_attrs": [*_RESERVED, "request"],
            # ISO 8601 in UTC ("2026-11-30T04:38:36.123+00:00"): unambiguous across hosts.
            "timestamp": "time",
        }
        if json_lines
        else {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": RequestContextFilter}},
        "formatters": {"default": formatter},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "default",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["stderr"], "level": "WARNING"},
        "loggers": {
            # Django's own handlers (mail_admins with no ADMINS) would swallow 500s.
            "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "django.request": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            "dateline": {"handlers": ["stderr"], "level": level, "propagate": False},
            # The task worker: failures always; each task's start and end at INFO.
            "django_tasks": {"handlers": ["stderr"], "level": task_level, "propagate": False},
            "django_tasks_db": {"handlers": ["stderr"], "level": task_level, "propagate": False},
            "django_redis": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
            "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        },
    }


# The LogRecord attributes python-json-logger leaves out unless named in `fmt`.
_RESERVED = [
    "args",
    "created",
    "exc_text",
    "filename",
    "funcName",
    "levelno",
    "lineno",
    "module",
    "msecs",
    "msg",
    "pathname",
    "process",
    "processName",
    "relativeCreated",
    "stack_info",
    "thread",
    "threadName",
    "taskName",
]
