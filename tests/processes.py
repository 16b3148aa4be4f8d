"""Helpers for tests that start real processes: polling with a deadline, never sleeping blind."""

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from django.db import connection

from irm.env import BASE_DIR, service_url


def wait_for(condition: Callable[[], object], *, timeout: float, what: str) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def process_env(**extra: str) -> dict[str, str]:
    """The test's own settings, database (the test database, with this test's rows) and Redis
    database, for the processes it starts (Celery workers, beat)."""
    configured = urlsplit(
        service_url("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/rapport")
    )
    test_database = configured._replace(path="/" + quote(connection.settings_dict["NAME"]))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "irm.settings.test",
        "DATABASE_URL": urlunsplit(test_database),
        **extra,
    }


def start(command: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("w") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> int:
    if process.poll() is None:
        os.killpg(process.pid, sig)
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split()[2] != "Z"


PYTHON = sys.executable
