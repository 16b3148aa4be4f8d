"""The reminder sweep across real processes: Celery workers and beats on Redis, sharing the test
database. Whatever races or dies, each due reminder fires exactly once.

Exactly once is checked three ways: one notification per reminder; each notification made by
the same firing that set the reminder's fired_at (a second firing would have moved fired_at
past it); and the rows the workers say they claimed (each run logs its count) add up to the
number of reminders, so no row was claimed twice.

The processes use the test's Redis database (REDIS_TEST_DB): give each concurrent test run its
own, or their workers take each other's tasks.
"""

import contextlib
import re
import signal
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import Count, F
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from outreach.models import Notification, Reminder, ReminderStatus
from outreach.services.reminder_sweep import BATCH_SIZE
from outreach.tasks import fire_due_reminders
from tests.factories import due_reminders
from tests.processes import PYTHON, process_env, start, stop, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SWEEP = "outreach.tasks.fire_due_reminders"
# Celery logs what each task returned: the sweep returns how many rows it claimed.
CLAIMED = re.compile(rf"Task {re.escape(SWEEP)}\[[^\]]+\] succeeded in [\d.e-]+s: (\d+)")

# A worker whose firing is slow: each reminder waits REMINDER_FIRING_DELAY seconds before it
# fires, so a batch spends seconds inside its transaction and a kill lands in the middle of
# one. The product's code is unchanged; only this process is patched.
SLOW_WORKER = """
import os, sys, time

import django

django.setup()

from outreach.services import reminder_checks as checks

delay = float(os.environ["REMINDER_FIRING_DELAY"])
real_before_firing = checks.before_firing


def slow_before_firing(*, reminder, now):
    time.sleep(delay)
    return real_before_firing(reminder=reminder, now=now)


checks.before_firing = slow_before_firing

from celery.__main__ import main

sys.argv = ["celery", *sys.argv[1:]]
sys.exit(main())
"""


def worker_command(name: str, *options: str) -> list[str]:
    return [
        "-A",
        "irm",
        "worker",
        "-n",
        f"{name}@%h",
        "-l",
        "INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *options,
    ]


class Processes:
    """Processes this test started, stopped in its teardown whatever happened."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, arguments: list[str], **env: str) -> subprocess.Popen:
        process = start(arguments, env=process_env(**env), log=self.log(name))
        self.started.append(process)
        return process

    def worker(self, name: str, *options: str) -> subprocess.Popen:
        return self.start(name, [PYTHON, "-m", "celery", *worker_command(name, *options)])

    def log(self, name: str) -> Path:
        return self.folder / f"{name}.log"

    def text(self, name: str) -> str:
        path = self.log(name)
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_ready(self, *names: str) -> None:
        for name in names:
            wait_for(
                lambda name=name: "ready." in self.text(name),
                timeout=30,
                what=f"{name} to be ready (log: {self.log(name)})",
            )

    def claimed(self, name: str) -> list[int]:
        return [int(count) for count in CLAIMED.findall(self.text(name))]

    def stop_all(self) -> None:
        """Every process is stopped, even when one is slow to stop on a busy machine (stop()
        kills it then): how fast they stop is not what these tests are about."""
        for process in reversed(self.started):
            with contextlib.suppress(subprocess.TimeoutExpired):
                stop(process)


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()


@pytest.fixture
def assignee(personas):
    return personas.member


def fired_count() -> int:
    return Reminder.objects.filter(status=ReminderStatus.FIRED).count()


def other_transactions() -> list[str]:
    """The states of the other sessions on the test database that are inside a transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT state FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
        )
        return [state for (state,) in cursor.fetchall()]


def assert_each_fired_exactly_once(total: int) -> None:
    assert Reminder.objects.count() == total
    assert fired_count() == total
    assert Notification.objects.count() == total
    per_reminder = Notification.objects.values("reminder").annotate(n=Count("id"))
    assert {row["n"] for row in per_reminder} == {1}
    assert not Reminder.objects.filter(notifications__isnull=True).exists()
    # Made by the firing that set fired_at: a second firing would have moved fired_at on.
    assert not Notification.objects.exclude(created_at=F("reminder__fired_at")).exists()
    assert not Reminder.objects.exclude(attempts=0).exists()


def assert_no_errors(processes: Processes, *names: str) -> None:
    for name in names:
        text = processes.text(name)
        assert "Traceback" not in text and "ERROR" not in text, processes.log(name)


def test_two_workers_fire_1000_due_reminders_exactly_once(personas, assignee, processes):
    total = 1000
    due_reminders(
        personas.workspace,
        assignee=assignee,
        count=total,
        due_at=timezone.now() - timedelta(minutes=1),
    )
    processes.worker("one", "--pool", "solo")
    processes.worker("two", "--pool", "solo")
    processes.wait_ready("one", "two")

    for _ in range(4):
        fire_due_reminders.delay()

    wait_for(lambda: fired_count() == total, timeout=45, what=f"{total} reminders fired")
    # Every queued run has finished (the last ones find nothing left).
    wait_for(
        lambda: sum(processes.claimed("one") + processes.claimed("two")) >= total,
        timeout=30,
        what="the workers to log the runs that fired them",
    )
    assert sum(processes.claimed("one") + processes.claimed("two")) == total
    assert_each_fired_exactly_once(total)
    # Both took part: the batches were claimed side by side.
    assert sum(processes.claimed("one")) > 0 and sum(processes.claimed("two")) > 0
    assert_no_errors(processes, "one", "two")


def test_a_worker_killed_mid_sweep_loses_and_duplicates_nothing(personas, assignee, processes):
    total = 1000
    due_reminders(
        personas.workspace,
        assignee=assignee,
        count=total,
        due_at=timezone.now() - timedelta(minutes=1),
    )
    doomed = processes.start(
        "doomed",
        [PYTHON, "-c", SLOW_WORKER, *worker_command("doomed", "--pool", "solo")],
        REMINDER_FIRING_DELAY="0.01",
    )
    processes.wait_ready("doomed")
    fire_due_reminders.delay()

    # Kill it once a batch has been committed and the next one is half done (its session is
    # inside a transaction, waiting for the worker).
    wait_for(
        lambda: fired_count() >= BATCH_SIZE and "idle in transaction" in other_transactions(),
        timeout=45,
        what="the slow worker to be in the middle of a batch",
    )
    stop(doomed, signal.SIGKILL)

    # The batch it was firing is lost with its transaction: whole batches only.
    wait_for(
        lambda: not other_transactions(),
        timeout=30,
        what="the database to end the killed worker's transaction",
    )
    survived = fired_count()
    assert survived % BATCH_SIZE == 0 and BATCH_SIZE <= survived < total
    assert Notification.objects.count() == survived
    assert not Reminder.objects.filter(
        status=ReminderStatus.PENDING, fired_at__isnull=False
    ).exists()

    # A new worker and the next sweep (beat would queue it within 15 seconds) fire the rest.
    processes.worker("successor", "--pool", "solo")
    processes.wait_ready("successor")
    fire_due_reminders.delay()

    wait_for(lambda: fired_count() == total, timeout=45, what=f"all {total} reminders fired")
    wait_for(
        lambda: sum(processes.claimed("successor")) >= total - survived,
        timeout=30,
        what="the new worker to log its runs",
    )
    assert sum(processes.claimed("successor")) == total - survived
    assert_each_fired_exactly_once(total)
    assert_no_errors(processes, "successor")


def test_two_beats_at_once_still_fire_each_reminder_once(personas, assignee, processes):
    every_second, _ = IntervalSchedule.objects.get_or_create(
        every=1, period=IntervalSchedule.SECONDS
    )
    PeriodicTask.objects.create(
        name="outreach.fire-due-reminders-every-second", task=SWEEP, interval=every_second
    )
    processes.worker("worker", "--pool", "prefork", "--concurrency", "2")
    beat = [PYTHON, "-m", "celery", "-A", "irm", "beat", "-l", "INFO"]
    processes.start("beat-one", [*beat, "-s", str(processes.folder / "one-schedule")])
    # The first beat writes the built-in schedule to the tables; then the second joins it.
    wait_for(
        lambda: PeriodicTask.objects.filter(name="outreach.fire-due-reminders").exists(),
        timeout=30,
        what="the first beat to load its schedule",
    )
    processes.start("beat-two", [*beat, "-s", str(processes.folder / "two-schedule")])
    sending = "Sending due task outreach.fire-due-reminders-every-second"
    wait_for(
        lambda: sending in processes.text("beat-one") and sending in processes.text("beat-two"),
        timeout=30,
        what="both beats to queue the sweep every second",
    )
    processes.wait_ready("worker")

    total = 500
    due_reminders(
        personas.workspace,
        assignee=assignee,
        count=total,
        due_at=timezone.now() - timedelta(seconds=1),
    )

    wait_for(lambda: fired_count() == total, timeout=45, what=f"{total} reminders fired")
    wait_for(
        lambda: sum(processes.claimed("worker")) >= total,
        timeout=30,
        what="the worker to log its runs",
    )
    assert sum(processes.claimed("worker")) == total
    assert_each_fired_exactly_once(total)
    # Both beats queued the sweep (waited for above), again and again between them: the
    # database scheduler shares last-run times, so one of them may send less often.
    sends = [processes.text(name).count(sending) for name in ("beat-one", "beat-two")]
    assert min(sends) >= 1 and sum(sends) > 2
    assert_no_errors(processes, "worker", "beat-one", "beat-two")
