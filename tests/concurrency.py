"""Racing real workers: threads started at the same moment, each with its own database
connection, for tests of compare-and-set claims and unique keys."""

import threading
from collections.abc import Callable

from django.db import connection


def race(workers: list[Callable[[], object]]) -> list[object]:
    """Start every worker at the same moment in its own thread; return what each returned."""
    barrier = threading.Barrier(len(workers))
    results: list[object] = [None] * len(workers)
    errors: list[BaseException] = []

    def run(index: int, work: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = work()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a worker did not finish"
    assert not errors, errors
    return results
