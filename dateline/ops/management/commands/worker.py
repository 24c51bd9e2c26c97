"""`dateline worker`: django-tasks' database worker, logging as the rest of Dateline does.

`db_worker` sets its loggers' levels from `-v`: at 1 it prints two lines per task (the demo's
first load queues hundreds), at 0 it silences even a task that fails. Here the levels come
from settings.LOGGING instead: failures always reach stderr, each task's start and end only
when DATELINE_TASK_LOG_LEVEL=INFO.
"""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand


class Command(DatabaseWorkerCommand):
    help = "Run the background task worker (django-tasks' database queue)."

    def configure_logging(self, verbosity: int) -> None:
        """Levels and handlers come from settings.LOGGING."""
