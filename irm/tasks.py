from celery import shared_task
from celery.signals import worker_ready

from irm.services import worker_heartbeat_record


@shared_task(name="irm.tasks.heartbeat")
def heartbeat() -> str:
    return worker_heartbeat_record().isoformat()


@worker_ready.connect
def _heartbeat_on_start(sender, **kwargs) -> None:
    # A fresh worker shows as alive at once instead of after beat's next tick.
    heartbeat.delay()
