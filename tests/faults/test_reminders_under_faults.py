"""10,000 due reminders, two workers and two beats at once; one worker SIGKILLed mid-run and
PostgreSQL restarted (a crash: `pg_ctl stop -m immediate`) mid-sweep. Every reminder fires
exactly once: 0 lost, 0 duplicates."""

import time

from tests.faults.conftest import report
from tests.faults.servers import wait_until

TOTAL = 10_000


def fired(stack) -> int:
    return stack.postgres.value("SELECT count(*) FROM outreach_reminder WHERE status = 'fired'")


def test_10000_due_reminders_fire_exactly_once_through_a_killed_worker_and_a_database_crash(
    stack,
):
    stack.step("due-reminders", str(TOTAL))
    started = time.monotonic()
    stack.worker("worker-one")
    stack.worker("worker-two")
    stack.beat("beat-one")
    stack.beat("beat-two")
    stack.wait_ready("worker-one", "worker-two")

    # A worker dies without a word (the OOM killer, a lost machine) in the middle of a batch
    # (its session inside the batch's transaction); another takes its place.
    wait_until(lambda: fired(stack) >= TOTAL // 5, timeout=120, what="a fifth to fire")
    wait_until(
        lambda: stack.in_transaction("worker-one"),
        timeout=60,
        what="worker one to be inside a batch",
        every=0.02,
    )
    stack.kill("worker-one")
    fired_at_kill = fired(stack)
    stack.worker("worker-three")

    # The database crashes and comes back, its sessions gone mid-transaction.
    wait_until(lambda: fired(stack) >= TOTAL // 2, timeout=120, what="half to fire")
    wait_until(
        lambda: stack.in_transaction("worker-two"),
        timeout=60,
        what="worker two to be inside a batch",
        every=0.02,
    )
    stack.postgres.restart()
    fired_at_crash = fired(stack)

    wait_until(lambda: fired(stack) == TOTAL, timeout=240, what=f"all {TOTAL} to fire")
    seconds = time.monotonic() - started

    counts = dict(
        stack.postgres.query(
            "SELECT r.id, count(n.id) FROM outreach_reminder r"
            " LEFT JOIN outreach_notification n ON n.reminder_id = r.id GROUP BY r.id"
        )
    )
    lost = sum(1 for n in counts.values() if n == 0)
    duplicated = sum(1 for n in counts.values() if n > 1)
    # A second firing would have moved fired_at on past its notification's moment.
    refired = stack.postgres.value(
        "SELECT count(*) FROM outreach_notification n JOIN outreach_reminder r"
        " ON n.reminder_id = r.id WHERE n.created_at <> r.fired_at"
    )
    report(
        f"reminders: {TOTAL} due, {fired(stack)} fired, {lost} lost, {duplicated} duplicated,"
        f" {refired} fired twice, in {seconds:.0f}s (a worker killed mid-batch at"
        f" {fired_at_kill} fired, PostgreSQL crashed mid-batch at {fired_at_crash})"
    )
    assert len(counts) == TOTAL
    assert lost == 0
    assert duplicated == 0
    assert refired == 0
    assert stack.postgres.value("SELECT count(*) FROM outreach_notification") == TOTAL
    assert stack.postgres.value("SELECT count(*) FROM outreach_reminder WHERE attempts > 0") == 0
    # The faults cost no process but the one killed: the others reconnected by themselves.
    for name in ("worker-two", "worker-three", "beat-one", "beat-two"):
        assert stack.alive(name), stack.log(name)
