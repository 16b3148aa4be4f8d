import os

import pytest

from irm.redis_client import redis_client
from irm.services import WORKER_HEARTBEAT_KEY
from irm.tasks import heartbeat
from tests.processes import PYTHON, start, stop, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def worker(tmp_path, settings):
    redis_client().delete(WORKER_HEARTBEAT_KEY)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "irm.settings.test"}
    command = [PYTHON, "-m", "celery", "-A", "irm", "worker", "--pool", "solo", "-l", "INFO"]
    process = start(command, env=env, log=tmp_path / "worker.log")
    yield process
    stop(process)


def test_a_real_worker_runs_a_task_sent_through_redis(worker, tmp_path):
    # The worker announces itself with a heartbeat as soon as it is ready...
    wait_for(
        lambda: redis_client().get(WORKER_HEARTBEAT_KEY),
        timeout=60,
        what=f"the worker's first heartbeat (log: {tmp_path / 'worker.log'})",
    )
    redis_client().delete(WORKER_HEARTBEAT_KEY)

    # ...and then runs the one we send, through the broker.
    heartbeat.delay()

    wait_for(
        lambda: redis_client().get(WORKER_HEARTBEAT_KEY),
        timeout=30,
        what="the worker to run the heartbeat task",
    )


def test_healthz_sees_the_live_worker(worker, client, db):
    wait_for(
        lambda: client.get("/healthz").json()["worker"]["ok"],
        timeout=60,
        what="/healthz to report the worker alive",
    )
