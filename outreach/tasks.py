from celery import shared_task

from outreach.services import pitches_release_due


@shared_task(name="outreach.tasks.release_due_pitches")
def release_due_pitches() -> int:
    """Every minute: send scheduled and held pitches whose moment came (guard re-checked)."""
    return pitches_release_due()
