from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from irm.redis_client import redis_client
from irm.selectors import ServiceCheck, SystemHealth
from irm.services import WORKER_HEARTBEAT_KEY, worker_heartbeat_record


def test_it_answers_200_with_each_service_when_all_are_up(client, db):
    worker_heartbeat_record()

    response = client.get(reverse("irm:healthz"))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True
    assert body["redis"]["ok"] is True
    assert body["worker"]["ok"] is True


def test_it_reports_a_missing_worker_without_failing_the_web_check(client, db):
    redis_client().delete(WORKER_HEARTBEAT_KEY)

    response = client.get(reverse("irm:healthz"))

    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["worker"] == {
        "ok": False,
        "detail": "no heartbeat yet",
        "last_heartbeat": None,
    }


def test_it_calls_an_old_heartbeat_stale(client, db):
    worker_heartbeat_record(now=timezone.now() - timedelta(minutes=10))

    worker = client.get(reverse("irm:healthz")).json()["worker"]

    assert worker["ok"] is False
    assert "stale" in worker["detail"]


def test_it_answers_degraded_with_200_when_redis_is_down(client, db, settings):
    # Nothing listens on port 1: a real refused connection, not a mock.
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get(reverse("irm:healthz"))

    # Pages still work (background work waits in the database): a load balancer keeps it.
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["redis"]["ok"] is False
    assert body["database"]["ok"] is True
    assert body["worker"]["detail"] == "unknown while Redis is unreachable"


def test_only_the_database_decides_whether_it_is_down():
    # A database it cannot reach is the only reason the web cannot serve (503).
    up, gone = ServiceCheck(ok=True, detail="reachable"), ServiceCheck(ok=False, detail="gone")
    health = {
        (database.ok, redis.ok): SystemHealth(
            database=database, redis=redis, worker=up, last_heartbeat=None
        )
        for database in (up, gone)
        for redis in (up, gone)
    }

    assert {key: (h.serving, h.status) for key, h in health.items()} == {
        (True, True): (True, "ok"),
        (True, False): (True, "degraded"),
        (False, True): (False, "down"),
        (False, False): (False, "down"),
    }
