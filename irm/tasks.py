"""irm's Celery tasks: the worker's heartbeat and the outbox's delivery and sweep."""

from dataclasses import asdict

from celery import shared_task
from celery.signals import worker_ready

from irm import outbox
from irm.services import worker_heartbeat_record


@shared_task(name="irm.tasks.heartbeat")
def heartbeat() -> str:
    return worker_heartbeat_record().isoformat()


@worker_ready.connect
def _heartbeat_on_start(sender, **kwargs) -> None:
    # A fresh worker shows as alive at once instead of after beat's next tick.
    heartbeat.delay()


@shared_task(name="irm.tasks.deliver_outbox_email", reject_on_worker_lost=True)
def deliver_outbox_email(email_id: int) -> str:
    """Queued on commit by `email_queue`; a row already claimed or sent is left alone."""
    return outbox.email_deliver(email_id=email_id).value


@shared_task(name="irm.tasks.outbox_sweep", reject_on_worker_lost=True)
def outbox_sweep() -> dict:
    """Every minute (beat): stuck rows become `unknown`, due rows are delivered."""
    return asdict(outbox.outbox_sweep())
