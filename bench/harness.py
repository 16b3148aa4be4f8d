"""The scale harness (issue 16): generate the data set at SCALE in a database of its own, serve
the product as in production, time every page against its peer, count and replay its SQL, run
the load and the batch figures, and write bench/results/latest.md and latest.json.

    python -m bench.harness --scale 0.01          # what `make bench SCALE=0.01` runs

Exits non-zero when a page answers an unexpected status or a step breaks (timings are never
judged for the exit status). See bench/README.md.
"""

import argparse
import hashlib
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def bench_database_url(url: str, smoke: bool = False) -> str:
    """The bench's own database: the configured one's name + "_bench" ("_bench_smoke" for
    the smoke run of `make test`, so that it never resets a full run's data)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/") or "rapport"
    suffix = "_bench_smoke" if smoke else "_bench"
    return urlunsplit(parts._replace(path=f"/{name}{suffix}"))


def fingerprint() -> str:
    """What the data depends on: the generators' source and the project's migrations. Data
    generated under another fingerprint is not reused (--reuse)."""
    root = ROOT
    digest = hashlib.sha256()
    for path in [root / "bench" / "generate.py", root / "bench" / "health_bench.py",
                 *sorted(root.glob("*/migrations/0*.py"))]:  # fmt: skip
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def reset_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE", "1")))
    parser.add_argument(
        "--repeat",
        type=int,
        default=int(os.environ.get("REPEAT") or 0) or None,
        help="timed requests per page and per peer (default: 30 at SCALE=1, fewer below)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="keep the data if it was generated at the same scale (skips generating)",
    )
    parser.add_argument("--skip", default="", help="comma-separated: load, burst, import, batch")
    parser.add_argument("--load-seconds", type=float, default=None)
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="prove it works, fast (make test): one request per page and peer (no warm-up, "
        "one replay), a 2-second load run, a 50-row import, no reminder burst",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    configured = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/rapport"
    url = os.environ.get("BENCH_DATABASE_URL") or bench_database_url(configured, smoke=args.smoke)
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))
    started = time.monotonic()
    fresh = not (args.reuse and _generated(url) == (args.scale, fingerprint()))
    if fresh:
        reset_database(url)

    import django

    django.setup()
    from bench.run import Run

    run = Run(args, url, fresh=fresh)
    status = run.all()
    print(f"harness done in {time.monotonic() - started:.0f} s", flush=True)
    return status


def _generated(url: str) -> tuple | None:
    import psycopg2

    try:
        connection = psycopg2.connect(url)
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT scale, fingerprint FROM bench_generated LIMIT 1")
            return cursor.fetchone()
    except psycopg2.Error:
        return None
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main())
