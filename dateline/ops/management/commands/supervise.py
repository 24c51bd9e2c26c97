"""`dateline supervise`: run the publishing scheduler and the task worker, restarting them."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from dateline.ops.supervisor import Supervisor, scheduler_child, worker_child


class Command(BaseCommand):
    help = (
        "Run the scheduler and the task worker, restarting either when it exits (with "
        "back-off) and requeueing tasks a dead worker had claimed. Stop with SIGTERM/SIGINT."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-scheduler", action="store_true", help="Run only the worker.")
        parser.add_argument("--no-worker", action="store_true", help="Run only the scheduler.")

    def handle(self, *args, no_scheduler: bool, no_worker: bool, **options) -> None:
        children = []
        if not no_scheduler:
            children.append(scheduler_child())
        uses_db_queue = settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
        if not no_worker and uses_db_queue:
            children.append(worker_child())
        names = ", ".join(child.name for child in children) or "nothing"
        self.stdout.write(f"Supervising: {names}.")
        self.stdout.flush()
        Supervisor(children).run_forever()
