"""Supervision: children restarted with back-off, abandoned tasks recovered, heartbeats and
the queue's health shown at /healthz and on the admin dashboard."""

from __future__ import annotations

import datetime as dt
import json
import threading

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from dateline.ops import health
from dateline.ops.models import ServiceHeartbeat
from dateline.ops.supervisor import Child, Supervisor, worker_id_prefix

pytestmark = pytest.mark.django_db

DB_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class FakeProcess:
    pids = iter(range(1000, 2000))

    def __init__(self, command):
        self.command = command
        self.pid = next(self.pids)
        self.returncode = None

    def poll(self):
        return self.returncode

    def exit(self, code: int) -> None:
        self.returncode = code

    def terminate(self):
        self.returncode = -15

    def wait(self, timeout=None):
        return self.returncode

    def kill(self):
        self.returncode = -9


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def make_task(worker_ids: list[str], status=TaskResultStatus.RUNNING, **extra) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        status=status,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="dateline.ops.health.beat",
        worker_ids=worker_ids,
        queue_name="default",
        backend_name="default",
        run_after=now,
        started_at=now if status == TaskResultStatus.RUNNING else None,
        **extra,
    )


def test_a_child_that_exits_is_restarted_after_a_doubling_back_off(db):
    clock = Clock()
    spawned: list[FakeProcess] = []
    child = Child("scheduler", lambda: ["dateline", "scheduler"])
    supervisor = Supervisor(
        [child], spawn=lambda c: spawned.append(FakeProcess(c)) or spawned[-1], clock=clock
    )
    supervisor.start()
    assert len(spawned) == 1

    spawned[-1].exit(1)
    clock.now += 5
    supervisor.step()  # notices the exit: restart in 1 s
    assert len(spawned) == 1
    clock.now += 1
    supervisor.step()
    assert len(spawned) == 2

    spawned[-1].exit(1)  # crashed again at once: 2 s this time
    supervisor.step()
    clock.now += 1.5
    supervisor.step()
    assert len(spawned) == 2
    clock.now += 0.5
    supervisor.step()
    assert len(spawned) == 3

    clock.now += 120  # ran for two minutes: the back-off starts over
    spawned[-1].exit(0)
    supervisor.step()
    clock.now += 1
    supervisor.step()
    assert len(spawned) == 4
    assert child.restarts == 3


# The supervisor and the scheduler close their database connections between passes (a
# long-lived process must not keep a broken one), so these run outside a test transaction.
@pytest.mark.django_db(transaction=True)
def test_a_dead_workers_tasks_are_requeued_and_its_heartbeat_recorded():
    clock = Clock()
    spawned: list[FakeProcess] = []
    worker = Child("worker", lambda: ["dateline", "db_worker"], is_worker=True)
    worker.worker_id = worker_id_prefix() + "first"
    supervisor = Supervisor(
        [worker], spawn=lambda c: spawned.append(FakeProcess(c)) or spawned[-1], clock=clock
    )
    supervisor.start()
    supervisor.step()
    assert ServiceHeartbeat.objects.get(name="worker").detail == worker.worker_id

    claimed = make_task([worker.worker_id])
    other_hosts = make_task(["elsewhere:abc"])
    spawned[-1].exit(-9)
    supervisor.step()

    claimed.refresh_from_db()
    other_hosts.refresh_from_db()
    assert claimed.status == TaskResultStatus.READY
    assert claimed.started_at is None
    assert other_hosts.status == TaskResultStatus.RUNNING


def test_recovery_fails_a_task_after_three_dead_workers_and_is_idempotent(db):
    prefix = worker_id_prefix()
    again = make_task([prefix + "a"])
    third = make_task([prefix + "a", prefix + "b", prefix + "c"])
    finished = make_task([prefix + "a"], status=TaskResultStatus.SUCCESSFUL)

    assert health.recover_abandoned_tasks(worker_id_prefix=prefix) == {"requeued": 1, "failed": 1}
    assert health.recover_abandoned_tasks(worker_id_prefix=prefix) == {"requeued": 0, "failed": 0}

    statuses = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert statuses == {
        again.pk: TaskResultStatus.READY,
        third.pk: TaskResultStatus.FAILED,
        finished.pk: TaskResultStatus.SUCCESSFUL,
    }
    third.refresh_from_db()
    assert third.exception_class_path == "dateline.ops.health.AbandonedTask"


def test_on_start_the_supervisor_recovers_tasks_left_by_this_hosts_previous_workers(db):
    left_behind = make_task([worker_id_prefix() + "from-before-a-crash"])
    worker = Child("worker", lambda: ["dateline", "db_worker"], is_worker=True)
    Supervisor([worker], spawn=FakeProcess, clock=Clock()).start()
    left_behind.refresh_from_db()
    assert left_behind.status == TaskResultStatus.READY


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_beats_on_every_successful_pass(home):
    from dateline.newsroom.scheduler import run_scheduler

    assert not ServiceHeartbeat.objects.filter(name="scheduler").exists()
    run_scheduler(threading.Event(), once=True)
    assert ServiceHeartbeat.objects.get(name="scheduler").beat_at <= timezone.now()


@override_settings(TASKS=DB_QUEUE)
def test_healthz_is_200_when_everything_runs_and_never_cached(client, home):
    now = timezone.now()
    health.beat(health.SCHEDULER, now=now)
    health.beat(health.WORKER, now=now)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    body = json.loads(response.content)
    assert body["ok"] is True
    assert body["database"] == "ok"
    assert body["cache"] == "ok"
    assert body["services"]["scheduler"]["status"] == "ok"
    assert body["queue"] == {
        "ready": 0,
        "running": 0,
        "abandoned": 0,
        "failed_last_hour": 0,
        "oldest_ready_seconds": 0,
    }


@override_settings(TASKS=DB_QUEUE)
def test_healthz_is_503_when_the_scheduler_stopped_or_the_queue_is_stuck(client, home):
    long_ago = timezone.now() - dt.timedelta(minutes=10)
    health.beat(health.SCHEDULER, now=long_ago)
    health.beat(health.WORKER, now=timezone.now())
    stuck = make_task([], status=TaskResultStatus.READY)
    DBTaskResult.objects.filter(pk=stuck.pk).update(enqueued_at=long_ago, run_after=long_ago)

    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["ok"] is False
    assert body["problems"] == ["scheduler stale", "queue backlog"]
    assert body["queue"]["ready"] == 1


@override_settings(TASKS=DB_QUEUE)
def test_the_admin_dashboard_shows_the_services(client, home):
    health.beat(health.SCHEDULER)
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "x")
    client.force_login(user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Background services: attention needed" in html  # the worker was never seen
    assert "worker never-seen" in html
    assert "Task queue: 0 waiting" in html
