from dataclasses import asdict, dataclass
from datetime import datetime

import redis
from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from irm.redis_client import redis_client
from irm.services import WORKER_HEARTBEAT_KEY


@dataclass(frozen=True)
class ServiceCheck:
    ok: bool
    detail: str


@dataclass(frozen=True)
class SystemHealth:
    database: ServiceCheck
    redis: ServiceCheck
    worker: ServiceCheck
    last_heartbeat: datetime | None

    @property
    def serving(self) -> bool:
        """The web app can serve requests; a missing worker only delays background work."""
        return self.database.ok and self.redis.ok

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.serving and self.worker.ok else "degraded",
            "database": asdict(self.database),
            "redis": asdict(self.redis),
            "worker": {
                **asdict(self.worker),
                "last_heartbeat": self.last_heartbeat.isoformat() if self.last_heartbeat else None,
            },
        }


def _check_database() -> ServiceCheck:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return ServiceCheck(ok=False, detail=f"unreachable: {type(error).__name__}")
    return ServiceCheck(ok=True, detail="reachable")


def _read_heartbeat() -> tuple[ServiceCheck, datetime | None]:
    try:
        raw = redis_client().get(WORKER_HEARTBEAT_KEY)
    except redis.RedisError as error:
        return ServiceCheck(ok=False, detail=f"unreachable: {type(error).__name__}"), None
    if raw is None:
        return ServiceCheck(ok=True, detail="reachable"), None
    return ServiceCheck(ok=True, detail="reachable"), datetime.fromisoformat(raw.decode())


def system_health_get(*, now: datetime | None = None) -> SystemHealth:
    now = now or timezone.now()
    database = _check_database()
    redis_check, last_heartbeat = _read_heartbeat()
    if not redis_check.ok:
        worker = ServiceCheck(ok=False, detail="unknown while Redis is unreachable")
    elif last_heartbeat is None:
        worker = ServiceCheck(ok=False, detail="no heartbeat yet")
    else:
        age = (now - last_heartbeat).total_seconds()
        fresh = age <= settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
        worker = ServiceCheck(
            ok=fresh, detail=f"last heartbeat {int(age)}s ago" + ("" if fresh else " (stale)")
        )
    return SystemHealth(
        database=database, redis=redis_check, worker=worker, last_heartbeat=last_heartbeat
    )
