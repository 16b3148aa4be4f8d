"""Celery tasks: thin wrappers around outreach's services and sweeps (outreach/services/). Tasks
import services, never the other way: the send service queues plan_follow_up by its name
("outreach.tasks.plan_follow_up"), and the beat schedule in irm/settings/base.py names the rest."""

from dataclasses import asdict

from celery import shared_task

from outreach.models import Pitch
from outreach.services.digests import digests_send_due
from outreach.services.follow_up_reminders import follow_up_plan
from outreach.services.reminder_sweep import (
    more_than_a_batch_due,
    reminders_fire_due,
    reminders_plan_sweep,
)
from outreach.services.sending import pitches_release_due


@shared_task(name="outreach.tasks.release_due_pitches", reject_on_worker_lost=True)
def release_due_pitches() -> int:
    """Every minute: send scheduled and held pitches whose moment came (guard re-checked)."""
    return pitches_release_due()


@shared_task(name="outreach.tasks.fire_due_reminders", reject_on_worker_lost=True)
def fire_due_reminders() -> int:
    """Every 15 seconds (beat). While more than a batch is due it first queues another copy,
    so a burst is worked through by every free worker at once. Safe to run twice or in
    parallel: each copy claims its own rows (skip-locked)."""
    if more_than_a_batch_due():
        fire_due_reminders.delay()
    return reminders_fire_due()


@shared_task(name="outreach.tasks.plan_reminders", reject_on_worker_lost=True)
def plan_reminders() -> dict[str, int]:
    """Hourly: plan missing follow-up, keep-in-touch and owed-reply reminders (idempotent)."""
    return reminders_plan_sweep()


@shared_task(name="outreach.tasks.plan_follow_up", reject_on_worker_lost=True)
def plan_follow_up(pitch_id: int) -> bool:
    """Right after a pitch is sent: its follow-up reminder (idempotent)."""
    pitch = Pitch.objects.select_related("influencer", "workspace", "author").filter(pk=pitch_id)
    found = pitch.first()
    return found is not None and follow_up_plan(pitch=found) is not None


@shared_task(name="outreach.tasks.send_digests", acks_late=True, reject_on_worker_lost=True)
def send_digests() -> dict[str, int]:
    """Every 15 minutes: the morning digest of everyone whose 08:00 came (once per person,
    workspace and local date, so running twice sends nothing twice)."""
    return asdict(digests_send_due())
