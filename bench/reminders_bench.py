"""Reminder sweep benchmark: a burst of due reminders (10,000 by default) fired by real Celery
worker processes, with the sweep queued every 15 seconds as beat does. Prints the throughput
(reminders fired per second) and the latency from each reminder's due time to its notification
(p50, p99, max). Not part of the test suite; see bench/README.md."""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings.dev")

import django  # noqa: E402

django.setup()

from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from irm.celery import app  # noqa: E402
from irm.models import User, Workspace  # noqa: E402
from irm.services import workspace_create  # noqa: E402
from outreach.models import Notification, Reminder, ReminderKind, ReminderStatus  # noqa: E402
from outreach.tasks import fire_due_reminders  # noqa: E402

BEAT_EVERY = 15.0  # seconds, as in CELERY_BEAT_SCHEDULE


def burst(workspace: Workspace, user: User, count: int, spread: float) -> None:
    """`count` reminders falling due over the next `spread` seconds."""
    start = timezone.now() + timedelta(seconds=2)
    Reminder.objects.bulk_create(
        [
            Reminder(
                workspace=workspace,
                assignee=user,
                kind=ReminderKind.CUSTOM,
                title=f"Bench reminder {index}",
                due_at=start + timedelta(seconds=spread * index / count),
                dedupe_key=f"bench:{workspace.slug}:{index}",
            )
            for index in range(count)
        ],
        batch_size=2000,
    )


def start_workers(workers: int, concurrency: int) -> list[subprocess.Popen]:
    command = [sys.executable, "-m", "celery", "-A", "irm", "worker", "--loglevel", "WARNING"]
    return [
        subprocess.Popen(
            [*command, "--concurrency", str(concurrency), "-n", f"bench{index}@%h"],
            cwd=ROOT,
            env=os.environ.copy(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for index in range(workers)
    ]


def wait_until_ready(workers: int, timeout: float = 120.0) -> float:
    """Seconds until every worker answers a ping: the burst is timed from then, not from the
    workers' start-up."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if len(app.control.ping(timeout=1.0)) >= workers:
            return time.monotonic() - started
    raise RuntimeError(f"{workers} Celery workers did not answer within {timeout:.0f} s")


def run(count: int, spread: float, workers: int, concurrency: int, keep: bool) -> dict:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    user = User.objects.create_user(email=f"bench-{stamp}@bench.invalid", password=None)
    workspace = workspace_create(name=f"Bench {stamp}", slug=f"bench-{stamp}", admin=user)
    # Tasks queued earlier with no worker to take them (mail of sent pitches, ...) would be
    # worked through first and counted as the burst's latency.
    app.control.purge()
    processes = start_workers(workers, concurrency)
    try:
        print(f"workers ready in {wait_until_ready(workers):.1f} s")
        burst(workspace, user, count, spread)
        print(f"{count} reminders due over {spread:g} s; {workers} workers x {concurrency}")
        waiting = Reminder.objects.filter(workspace=workspace, status=ReminderStatus.PENDING)
        deadline = time.monotonic() + 600
        while waiting.exists() and time.monotonic() < deadline:
            fire_due_reminders.delay()  # what beat does every 15 seconds
            slept = 0.0
            while slept < BEAT_EVERY and waiting.exists():
                time.sleep(0.5)
                slept += 0.5
        return report(workspace, count)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:  # a warm shutdown stuck on a task
                process.kill()
                process.wait()
        if not keep:
            workspace.delete()
            user.delete()


def report(workspace: Workspace, count: int) -> dict:
    rows = list(
        Notification.objects.filter(workspace=workspace)
        .annotate(due_at=F("reminder__due_at"))
        .values_list("created_at", "due_at")
    )
    fired = Reminder.objects.filter(workspace=workspace, status=ReminderStatus.FIRED).count()
    latencies = sorted(max((created - due).total_seconds(), 0.0) for created, due in rows)
    first = min(created for created, _ in rows)
    last = max(created for created, _ in rows)
    seconds = max((last - first).total_seconds(), 0.001)
    p99 = latencies[max(int(len(latencies) * 0.99) - 1, 0)]
    print(f"fired: {fired} of {count}; notifications: {len(rows)}")
    print(f"throughput: {len(rows) / seconds:,.0f} reminders/s over {seconds:.1f} s")
    print(
        f"latency due -> notification: p50 {statistics.median(latencies):.1f} s, "
        f"p99 {p99:.1f} s, max {latencies[-1]:.1f} s"
    )
    return {
        "fired": fired,
        "notifications": len(rows),
        "per_second": len(rows) / seconds,
        "p50_s": statistics.median(latencies),
        "p99_s": p99,
        "max_s": latencies[-1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument(
        "--spread", type=float, default=5.0, help="seconds over which they fall due"
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--keep", action="store_true", help="keep the bench workspace")
    options = parser.parse_args()
    run(options.count, options.spread, options.workers, options.concurrency, options.keep)


if __name__ == "__main__":
    main()
