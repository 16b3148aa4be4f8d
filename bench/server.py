"""Serving the product as in production (gunicorn, 2 workers, bench.settings: DEBUG off) and a
signed-in HTTP client for it."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn with the bench settings against the bench database (environment inherited)."""

    def __init__(self, capture_dir: Path, log_path: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.capture_dir = capture_dir
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Server":
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "BENCH_CAPTURE_DIR": str(self.capture_dir),
            "PYTHONPATH": str(ROOT),
        }
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "irm.wsgi:application",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout",
            "300",
            "--error-logfile",
            str(self.log_path),
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env)
        try:
            return self._wait_until_up()
        except BaseException:
            self.__exit__()
            raise

    def _wait_until_up(self) -> "Server":
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                if requests.get(f"{self.base}/healthz", timeout=10).status_code == 200:
                    return self
            except (requests.ConnectionError, requests.Timeout):
                pass
            time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()


CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def signed_in(base: str, email: str, password: str) -> requests.Session:
    """A session signed in through the sign-in page, as a person signs in."""
    session = requests.Session()
    page = session.get(f"{base}/sign-in/", timeout=30)
    token = CSRF_INPUT.search(page.text)
    if page.status_code != 200 or token is None:
        raise RuntimeError(f"sign-in page answered {page.status_code}")
    answer = session.post(
        f"{base}/sign-in/",
        data={"csrfmiddlewaretoken": token.group(1), "username": email, "password": password},
        headers={"Referer": f"{base}/sign-in/"},
        allow_redirects=False,
        timeout=30,
    )
    if answer.status_code != 302 or "sessionid" not in session.cookies:
        raise RuntimeError(f"sign-in failed: {answer.status_code}")
    session.headers["X-CSRFToken"] = session.cookies.get("csrftoken", "")
    session.headers["Referer"] = f"{base}/"
    return session


def same_session(signed: requests.Session) -> requests.Session:
    """Another client with the same session cookie (one sign-in: hashing a password per client
    would be most of a short load run)."""
    session = requests.Session()
    session.cookies.update(signed.cookies)
    session.headers.update(signed.headers)
    return session
