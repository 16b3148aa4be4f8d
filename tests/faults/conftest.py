"""A whole Rapport of the test's own: PostgreSQL, Redis and SMTP servers it started, migrated,
with Celery workers and beats as real processes, and the means to break each of them.

Nothing here touches the PostgreSQL and Redis the rest of the suite uses: the tests need no
`db` fixture and count what happened with plain SQL on their own server.
"""

import contextlib
import json
import logging
import os
import signal
import subprocess
import uuid
from pathlib import Path

import psutil
import pytest

from irm.env import BASE_DIR
from tests.faults.servers import Postgres, Redis, Smtp, remove, wait_until
from tests.processes import PYTHON, start, stop

CELERY = [PYTHON, "-m", "celery", "-A", "irm"]

# aiosmtpd logs every SMTP command at INFO: thousands of lines in a failure's report.
logging.getLogger("mail.log").setLevel(logging.WARNING)

# What the fault runs measured (fired, lost, duplicated, seconds), printed at the end of the run.
MEASURED: list[str] = []


def report(line: str) -> None:
    MEASURED.append(line)


def pytest_terminal_summary(terminalreporter):
    if MEASURED:
        terminalreporter.section("faults: measured")
        for line in MEASURED:
            terminalreporter.write_line(line)


def pytest_collection_modifyitems(config, items):
    """Marked `faults`, and run only when asked for by name (`make faults`, `-m faults`): a
    plain `pytest` or `-m "not sweep"` leaves these minutes of real processes out."""
    here = Path(__file__).parent
    ours = [item for item in items if Path(item.fspath).is_relative_to(here)]
    for item in ours:
        item.add_marker(pytest.mark.faults)
    if "faults" not in (config.option.markexpr or ""):
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]


class Stack:
    def __init__(self, folder: Path, logs: Path) -> None:
        self.folder = folder
        self.logs = logs
        self.postgres = Postgres(folder / "postgres")
        self.redis = Redis(folder / "redis")
        self.smtp = Smtp()
        self.processes: dict[str, subprocess.Popen] = {}

    # --- servers -----------------------------------------------------------------------------

    def start_servers(self, template: Path) -> None:
        """The servers, with a copy of the migrated and seeded cluster `template` as this
        test's own database."""
        self.smtp.start()
        self.redis.start()
        self.postgres.copy_from(template)
        self.postgres.start()

    def prepare_template(self) -> None:
        self.redis.start()
        self.postgres.initialise()
        self.postgres.start()
        self.postgres.create_database()
        self.manage("migrate", "--noinput", "-v", "0")
        self.step("seed")
        self.postgres.stop("fast")
        self.redis.stop()

    def env(self, **extra: str) -> dict[str, str]:
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DATABASE_URL", "REDIS_URL", "RAPPORT_DATA_DIR"}
        }
        return {
            **environment,
            "DJANGO_SETTINGS_MODULE": "tests.faults.settings",
            "DATABASE_URL": self.postgres.url,
            "REDIS_URL": self.redis.url,
            "REDIS_TEST_DB": "0",
            "RAPPORT_TEST_QUEUE": "faults",
            "FAULTS_SMTP_PORT": str(self.smtp.port),
            "MEDIA_ROOT": str(self.folder / "media"),
            "PYTHONUNBUFFERED": "1",
            **extra,
        }

    def manage(self, *arguments: str) -> None:
        subprocess.run([PYTHON, "manage.py", *arguments], cwd=BASE_DIR, env=self.env(), check=True)

    def step(self, name: str, *arguments: str, timeout: float = 300) -> dict:
        """One step of tests/faults/scenario.py in a process of its own; its JSON result."""
        done = subprocess.run(
            [PYTHON, "-m", "tests.faults.scenario", name, *arguments],
            cwd=BASE_DIR,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        (self.logs / f"step-{name}.log").write_text(done.stdout + done.stderr)
        assert done.returncode == 0, f"step {name} failed:\n{done.stderr[-4000:]}"
        return json.loads(done.stdout.strip().splitlines()[-1])

    # --- processes -----------------------------------------------------------------------------

    def start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        process = start(arguments, env=self.env(), log=self.log(name))
        self.processes[name] = process
        return process

    def worker(self, name: str, *options: str) -> subprocess.Popen:
        return self.start(
            name,
            [
                *CELERY, "worker", "-n", f"{name}@%h", "-l", "INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
                *(options or ("--pool", "solo")),
            ],
        )  # fmt: skip

    def beat(self, name: str) -> subprocess.Popen:
        schedule = str(self.folder / f"{name}-schedule")
        return self.start(name, [*CELERY, "beat", "-l", "INFO", "-s", schedule])

    def kill(self, name: str) -> None:
        """SIGKILL the process and all its children (a prefork worker's pool too)."""
        stop(self.processes[name], signal.SIGKILL)

    def log(self, name: str) -> Path:
        return self.logs / f"{name}.log"

    def text(self, name: str) -> str:
        path = self.log(name)
        return path.read_text(errors="replace") if path.exists() else ""

    def wait_ready(self, *names: str) -> None:
        for name in names:
            wait_until(
                lambda name=name: "ready." in self.text(name),
                timeout=60,
                what=f"{name} to be ready (log: {self.log(name)})",
            )

    def local_ports(self, name: str) -> set[int]:
        """The local ports of the TCP connections held by the process and its children."""
        with contextlib.suppress(psutil.NoSuchProcess):
            root = psutil.Process(self.processes[name].pid)
            ports = set()
            for process in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.NoSuchProcess):
                    ports |= {c.laddr.port for c in process.net_connections(kind="tcp")}
            return ports
        return set()

    def in_transaction(self, name: str) -> bool:
        """Whether one of the process's database sessions is inside a transaction now."""
        rows = self.postgres.query(
            "SELECT client_port FROM pg_stat_activity"
            " WHERE xact_start IS NOT NULL AND pid <> pg_backend_pid()"
        )
        return bool({port for (port,) in rows} & self.local_ports(name))

    def alive(self, name: str) -> bool:
        return self.processes[name].poll() is None

    def stop_all(self) -> None:
        for process in reversed(self.processes.values()):
            with contextlib.suppress(subprocess.TimeoutExpired, ProcessLookupError):
                stop(process, timeout=20)
        self.redis.stop()
        self.postgres.stop("immediate")
        self.smtp.stop()


def data_folder() -> Path:
    # Inside the project: run as root, PostgreSQL runs as another user, who must be able to
    # reach its folder (pgserver opens every parent folder to all users).
    folder = BASE_DIR / ".data" / f"faults-{uuid.uuid4().hex[:8]}"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture(scope="session")
def migrated_cluster(tmp_path_factory):
    """A PostgreSQL cluster initialised, migrated and seeded once; each test starts a copy."""
    folder = data_folder()
    template = Stack(folder, tmp_path_factory.mktemp("template"))
    try:
        template.prepare_template()
        yield template.postgres.folder
    finally:
        template.stop_all()
        remove(folder)


@pytest.fixture
def stack(tmp_path, migrated_cluster):
    folder = data_folder()
    built = Stack(folder, tmp_path)
    try:
        built.start_servers(migrated_cluster)
        yield built
    finally:
        built.stop_all()
        remove(folder)
