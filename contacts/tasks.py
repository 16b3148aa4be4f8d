"""Contacts' Celery tasks: thin wrappers that load by id and call one service (imports, health,
retention). Services queue these by their names
(irm.celery.task_queue), so no service imports this module back."""

from celery import shared_task

from contacts.services import health_sweep as sweep
from contacts.services import retention
from contacts.services.imports import import_job_run, import_jobs_start_waiting

# A big file takes far longer than the default five minutes (bench/README.md has the rates).
# Redis may hand the message to a second worker after its visibility timeout (an hour): that
# copy finds the job claimed and does nothing. Past the limit the job fails, keeping every batch
# written so far; importing the file again updates those and adds the rest.
IMPORT_SOFT_TIME_LIMIT = 12 * 60 * 60
IMPORT_TIME_LIMIT = IMPORT_SOFT_TIME_LIMIT + 60


@shared_task(
    name="contacts.tasks.import_run",
    soft_time_limit=IMPORT_SOFT_TIME_LIMIT,
    time_limit=IMPORT_TIME_LIMIT,
)
def import_run(job_id: int) -> str:
    """Queued on commit by contacts.services.imports.import_job_queue; a job already claimed (a
    duplicate message) is left alone."""
    job = import_job_run(job_id=job_id)
    return job.status if job is not None else "not claimed"


@shared_task(name="contacts.tasks.start_waiting_imports", reject_on_worker_lost=True)
def start_waiting_imports() -> int:
    """Every five minutes (beat): jobs still queued are asked for again (a lost message)."""
    return import_jobs_start_waiting()


# 100,000 influencers take minutes, not hours (bench/README.md); the limit only stops a runaway.
HEALTH_SWEEP_SOFT_TIME_LIMIT = 60 * 60


@shared_task(
    name="contacts.tasks.health_sweep",
    soft_time_limit=HEALTH_SWEEP_SOFT_TIME_LIMIT,
    time_limit=HEALTH_SWEEP_SOFT_TIME_LIMIT + 60,
)
def health_sweep() -> int:
    """Scheduled hourly by beat; the first run of each day recomputes everyone."""
    return sweep.health_sweep()


@shared_task(
    name="contacts.tasks.health_recompute_workspace",
    soft_time_limit=HEALTH_SWEEP_SOFT_TIME_LIMIT,
    time_limit=HEALTH_SWEEP_SOFT_TIME_LIMIT + 60,
)
def health_recompute_workspace(workspace_id: int) -> int:
    """Queued on commit when a workspace's keep-in-touch cadence changes."""
    return sweep.health_recompute_workspace(workspace_id=workspace_id)


@shared_task(name="contacts.tasks.retention_sweep")
def retention_sweep() -> dict[str, int]:
    """Scheduled daily by beat: blanks bodies older than each workspace's retention."""
    return retention.retention_sweep()
