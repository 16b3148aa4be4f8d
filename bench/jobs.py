"""The batch figures: health for everyone, the keep-in-touch planner for everyone, the reminder
burst (real Celery workers) against a raw UPDATE ... RETURNING claim, and the CSV import
against COPY. Run in the harness's process (Django set up with bench.settings), the import in
a child process so its peak memory is its own: `python -m bench.jobs import ROWS`."""

import json
import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The claim a hand-written sweep would make: due rows, oldest first, skip-locked, fired in one
# statement. The peer of the product's burst.
RAW_CLAIM_SQL = """
UPDATE outreach_reminder SET status = 'fired', fired_at = now(), updated_at = now()
WHERE id IN (
    SELECT id FROM outreach_reminder
    WHERE status = 'pending' AND due_at <= now() AND workspace_id = %s
    ORDER BY due_at, id LIMIT %s FOR UPDATE SKIP LOCKED
)
RETURNING id
"""


def health_everyone() -> dict:
    """Today's health for everyone again: today's snapshots removed, the nightly sweep run."""
    from django.db import connection
    from django.utils import timezone

    from contacts.health.weights import health_day
    from contacts.services.health_sweep import health_sweep

    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM contacts_healthsnapshot WHERE day = %s", [health_day(now)])
    started = time.perf_counter()
    done = health_sweep(now=now)
    seconds = time.perf_counter() - started
    return {"influencers": done, "seconds": seconds, "per_second": done / seconds}


def planner_everyone() -> dict:
    """The hourly planning sweep (follow-ups, keep-in-touch, owed replies) over everyone."""
    from django.utils import timezone

    from contacts.models import Influencer
    from outreach.services.reminder_sweep import reminders_plan_sweep

    people = Influencer.objects.filter(erased_at__isnull=True).count()
    started = time.perf_counter()
    planned = reminders_plan_sweep(now=timezone.now())
    seconds = time.perf_counter() - started
    return {"influencers": people, "seconds": seconds, "planned": planned}


def reminder_burst(count: int) -> dict:
    """The product's sweep on real Celery workers (bench/reminders_bench.py), 2 workers. What
    is already due (left by an earlier run's planner, with --reuse) is fired first by the same
    sweep in this process, so the burst is measured alone."""
    from bench import reminders_bench
    from outreach.services.reminder_sweep import reminders_fire_due

    backlog = 0
    while claimed := reminders_fire_due():
        backlog += claimed
    result = reminders_bench.run(count, 5.0, workers=2, concurrency=2, keep=False)
    result["backlog_fired_first"] = backlog
    result["exactly_once"] = result["fired"] == count and result["notifications"] == count
    return result


def raw_claim(count: int, batch: int = 1000) -> dict:
    """The peer: the same number of due reminders claimed by one UPDATE ... RETURNING a batch."""
    from django.db import connection
    from django.utils import timezone

    from irm.models import User
    from irm.services import workspace_create
    from outreach.models import Reminder, ReminderKind

    stamp = timezone.now().strftime("%Y%m%d%H%M%S%f")
    user = User.objects.create_user(email=f"claim-{stamp}@bench.invalid", password=None)
    workspace = workspace_create(name=f"Claim {stamp}", slug=f"claim-{stamp}", admin=user)
    due = timezone.now() - timedelta(minutes=1)
    Reminder.objects.bulk_create(
        [
            Reminder(
                workspace=workspace,
                assignee=user,
                kind=ReminderKind.CUSTOM,
                title="Claim",
                due_at=due,
                dedupe_key=f"claim:{stamp}:{n}",
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    claimed = 0
    started = time.perf_counter()
    with connection.cursor() as cursor:
        while claimed < count:
            cursor.execute(RAW_CLAIM_SQL, [workspace.pk, batch])
            rows = len(cursor.fetchall())
            if not rows:
                break
            claimed += rows
    seconds = time.perf_counter() - started
    Reminder.objects.filter(workspace=workspace).delete()
    workspace.delete()
    user.delete()
    return {"claimed": claimed, "seconds": seconds, "per_second": claimed / seconds}


def import_in_child(rows: int) -> dict:
    """A fresh process (its peak memory is the import's), with the harness's environment."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.jobs", "import", str(rows)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=False,
    )
    if output.returncode != 0:
        raise RuntimeError(f"import failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def _import_child(rows: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from bench import import_bench  # sets up Django, media in a temporary folder
    from irm.models import User
    from irm.services import workspace_create

    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    actor = User.objects.create_user(email=f"import-{stamp}@bench.invalid", password=None)
    workspace = workspace_create(name=f"Import {stamp}", slug=f"import-{stamp}", admin=actor)
    path = Path(import_bench.MEDIA) / f"bench-{rows}.csv"
    stats = import_bench.generate(path, rows)
    phases: list = []
    with open(os.devnull, "w") as quiet:
        stdout, sys.stdout = sys.stdout, quiet
        try:
            job = import_bench.run_once(workspace, actor, path, "import", phases)
        finally:
            sys.stdout = stdout
    seconds = sum(phase[1] for phase in phases)
    queries = sum(phase[3] for phase in phases)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    copy_seconds = _copy_rate(path)
    print(
        json.dumps(
            {
                "rows": rows,
                "generated": stats,
                "status": job.status,
                "created": job.created_count,
                "updated": job.updated_count,
                "rejected": job.error_count,
                "seconds": seconds,
                "per_second": rows / seconds,
                "queries": queries,
                "queries_per_row": queries / rows,
                "peak_memory_mb": peak_mb,
                "copy_per_second": rows / copy_seconds,
                "phases": [
                    {"name": name, "seconds": s, "queries": q} for name, s, _, q, *_ in phases
                ],
            }
        )
    )
    connection.close()


def _copy_rate(path: Path) -> float:
    """The peer: the same file loaded by COPY into a table of its columns (seconds)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_copy (name text, email text, instagram text, "
            "ig_followers text, tiktok text, tiktok_followers text, country text, "
            "languages text, topics text, city text)"
        )
        started = time.perf_counter()
        with path.open() as handle:
            cursor.copy_expert(
                "COPY bench_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)",
                handle,
            )
        seconds = time.perf_counter() - started
        cursor.execute("DROP TABLE bench_copy")
    return seconds


if __name__ == "__main__":
    if sys.argv[1:2] == ["import"]:
        _import_child(int(sys.argv[2]))
