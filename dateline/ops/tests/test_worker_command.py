"""`dateline worker` runs django-tasks' database worker but leaves log levels to LOGGING:
a failing task is logged, a task that succeeds is not (at the default WARNING level)."""

import logging

import pytest
from django.core.management import call_command
from django_tasks import task

pytestmark = pytest.mark.django_db(transaction=True)


@task
def succeeds() -> int:
    return 1


@task
def fails() -> None:
    raise RuntimeError("the feed server went away")


class Remember(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_worker_logs_failures_but_not_every_task(database_queue):
    succeeds.enqueue()
    failing = fails.enqueue()
    remembered = Remember()
    loggers = [logging.getLogger("django_tasks"), logging.getLogger("django_tasks_db")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(remembered)
    try:
        call_command("worker", "--batch", "--queue-name", "*", "--no-reload")
    finally:
        for logger in loggers:
            logger.removeHandler(remembered)

    assert [logger.level for logger in loggers] == levels == [logging.WARNING] * 2
    # The success left no line; the failure did, with its traceback.
    assert [record.levelno for record in remembered.records] == [logging.ERROR]
    assert str(failing.id) in remembered.records[0].getMessage()
    assert remembered.records[0].exc_info is not None
