from datetime import datetime

from django.utils import timezone

from irm.redis_client import redis_client

WORKER_HEARTBEAT_KEY = "rapport:worker-heartbeat"


def worker_heartbeat_record(*, now: datetime | None = None) -> datetime:
    """Store the moment a worker last ran a task; /healthz reads it."""
    now = now or timezone.now()
    redis_client().set(WORKER_HEARTBEAT_KEY, now.isoformat(), ex=24 * 60 * 60)
    return now
