"""Timing pages against their peers (interleaved A, B, B, A, ...), counting and replaying each
page's SQL, and the load run."""

import json
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import psycopg2
import requests


@dataclass
class Request:
    method: str
    path: str
    data: dict | None = None
    ok: tuple[int, ...] = (200,)


@dataclass
class Figure:
    name: str
    kind: str  # the target's group: page, list, profile, dashboard, api
    request: Request | Callable[[int], Request]
    peer: Request | None = None
    peer_name: str = ""
    target_ms: float | None = None
    # A write (pitch send) uses a fresh row each time: a callable of the repetition's number.
    repeat: int | None = None


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else 0.0

    @property
    def p95(self) -> float:
        if not self.samples:
            return 0.0
        ordered = sorted(self.samples)
        return ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered)) - 1))]


class PageError(RuntimeError):
    pass


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] if values else 0


def call(session: requests.Session, base: str, request: Request, headers=None) -> float:
    """One request, in milliseconds; a status the figure does not expect is an error."""
    started = time.perf_counter()
    if request.method == "GET":
        answer = session.get(base + request.path, headers=headers, timeout=300)
    else:
        answer = session.post(base + request.path, json=request.data, headers=headers, timeout=300)
    elapsed = (time.perf_counter() - started) * 1000
    if answer.status_code not in request.ok:
        raise PageError(f"{request.method} {request.path} answered {answer.status_code}")
    return elapsed


def resolve(request, number: int) -> Request:
    return request(number) if callable(request) else request


def time_figure(
    session, base: str, figure: Figure, repeat: int, *, warm_up: bool = True
) -> tuple[Timing, Timing | None]:
    """A, B, B, A, ...: the page and its peer alternate, so drift hits both alike. One warm-up
    request each first."""
    repeat = figure.repeat or repeat
    mine, theirs = Timing(), Timing() if figure.peer else None
    if warm_up:
        call(session, base, resolve(figure.request, -1))
        if figure.peer:
            call(session, base, figure.peer)
    for number in range(repeat):
        order = [True, False] if number % 2 == 0 else [False, True]
        for own in order if figure.peer else [True]:
            if own:
                mine.samples.append(call(session, base, resolve(figure.request, number)))
            else:
                theirs.samples.append(call(session, base, figure.peer))
    return mine, theirs


def capture(session, base: str, request: Request, name: str, folder: Path) -> dict:
    """The SQL one request runs, recorded by bench.middleware in the server."""
    call(session, base, request, headers={"X-Bench-Capture": name})
    path = folder / f"{name}.json"
    for _ in range(50):
        if path.exists():
            return json.loads(path.read_text())
        time.sleep(0.05)
    raise PageError(f"no SQL recorded for {name}")


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT")


def is_transaction_control(statement: str) -> bool:
    return statement.lstrip().upper().startswith(TRANSACTION_CONTROL)


def counted(statements: list[str]) -> int:
    """Queries per request: SQL statements, not BEGIN / COMMIT / savepoints."""
    return sum(not is_transaction_control(statement) for statement in statements)


def replay(dsn: str, statements: list[str], runs: int = 5) -> tuple[float, int]:
    """The same statements run directly, in a transaction rolled back (a write's replay may
    conflict with what the request wrote: each statement is in a savepoint, and a failed one
    is counted). Median milliseconds over `runs`, and how many statements failed."""
    connection = psycopg2.connect(dsn)
    times, failed = [], 0
    try:
        for _ in range(runs):
            failed = 0
            cursor = connection.cursor()
            started = time.perf_counter()
            for statement in statements:
                if is_transaction_control(statement):
                    continue
                cursor.execute("SAVEPOINT bench_replay")
                try:
                    cursor.execute(statement)
                    if cursor.description:
                        cursor.fetchall()
                    cursor.execute("RELEASE SAVEPOINT bench_replay")
                except psycopg2.Error:
                    cursor.execute("ROLLBACK TO SAVEPOINT bench_replay")
                    failed += 1
            times.append((time.perf_counter() - started) * 1000)
            connection.rollback()
    finally:
        connection.close()
    return statistics.median(times), failed


def load_run(sessions: list[requests.Session], base: str, paths: list[str], seconds: float):
    """Each client requests pages from the mix in random order until time is up."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client(session: requests.Session, seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < stop_at:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                status = session.get(base + path, timeout=60).status_code
            except requests.RequestException as error:
                status = type(error).__name__
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(f"{status} {path}")

    threads = [threading.Thread(target=client, args=(s, n)) for n, s in enumerate(sessions)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {
        "clients": len(sessions),
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "throughput": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else 0,
        "p95_ms": round(percentile(latencies, 0.95), 1),
    }
