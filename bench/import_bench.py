"""CSV import benchmark: a synthetic file (100,000 rows by default) through the import services,
against the configured database. Not part of the test suite; see bench/README.md.

Phases, each timed: upload (encoding, delimiter and header detection, row count, storage),
dry run (parse, combine, match), run (the Celery task's service, called in this process), and
the same file imported again (everyone matches: nothing is created). Before them, `--existing`
people are imported (sharing their emails with the file's first people, in another city), so
the first import both creates and updates. Each phase reports its peak memory: the process's
high-water mark (ru_maxrss) and, with --tracemalloc, Python's own peak allocation during it.
`--probe-bulk-create N` measures why a plain bulk_create of influencers is slow (see
bench/README.md) and exits.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings.dev")
# Uploads go to a throwaway folder, never the project's media/.
MEDIA = tempfile.mkdtemp(prefix="rapport-import-bench-")
os.environ["MEDIA_ROOT"] = MEDIA

import django  # noqa: E402

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from contacts.models import ImportJob, ImportStatus, Influencer  # noqa: E402
from contacts.services import imports  # noqa: E402
from irm.models import User, Workspace  # noqa: E402
from irm.services import workspace_create  # noqa: E402

TOPICS = ["Baking", "Vegan", "Running", "Travel", "Beauty", "Gaming", "Parenting", "Tech",
          "Fashion", "Fitness", "Books", "Coffee", "Hiking", "Music", "Design", "Film"]  # fmt: skip
COUNTRIES = ["FR", "DE", "ES", "IT", "GB", "US", "NL", "BE", "PT", "SE"]
LANGUAGES = ["fr", "en", "de", "es", "it", "nl", "pt", "sv"]


def followers_text(rng: random.Random) -> str:
    number = rng.randint(1_000, 3_000_000)
    style = rng.randrange(4)
    if style == 0:
        return f"{number / 1_000_000:.1f}M" if number >= 1_000_000 else f"{number // 1000}k"
    if style == 1:
        return f"{number / 1000:.1f}K".replace(".", ",")
    if style == 2:
        return f"{number:,}".replace(",", " ")
    return f"{number:,}"


def generate_existing(path: Path, people: int) -> None:
    """The people already there: the file's first `people`, known by the same email, living
    in Paris (the file says Lyon, so importing it updates them)."""
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Full name;E-mail;Country;City\r\n")
        for n in range(1, people + 1):
            out.write(f"Creator {n:06d};creator{n:06d}@bench.example;FR;Paris\r\n")


def generate(path: Path, rows: int, seed: int = 7) -> dict[str, int]:
    """A semicolon CSV like an agency's export: about 1% rows with errors and 1% rows that
    repeat an earlier person's email (combined with that person)."""
    rng = random.Random(seed)
    stats = {"rows": rows, "bad": 0, "repeats": 0}
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(
            "Full name;E-mail;Instagram;IG followers;TikTok;TikTok followers;Country;"
            "Languages;Topics;City\r\n"
        )
        for n in range(1, rows + 1):
            roll = rng.random()
            if roll < 0.01:
                stats["bad"] += 1
                out.write(f"Broken {n};not-an-email-{n};;;;;;;;\r\n")
                continue
            person = rng.randint(1, n - 1) if roll < 0.02 and n > 1 else n
            if person != n:
                stats["repeats"] += 1
            tiktok = rng.random() < 0.5
            topics = ", ".join(rng.sample(TOPICS, rng.randint(1, 3)))
            out.write(
                ";".join(
                    [
                        f"Creator {person:06d}",
                        f"creator{person:06d}@bench.example",
                        f"@creator.{person:06d}",
                        followers_text(rng),
                        f"creator_{person:06d}" if tiktok else "",
                        followers_text(rng) if tiktok else "",
                        rng.choice(COUNTRIES),
                        ",".join(rng.sample(LANGUAGES, rng.randint(1, 2))),
                        f'"{topics}"',
                        "Lyon",
                    ]
                )
                + "\r\n"
            )
    return stats


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def backend_cpu() -> float | None:
    """CPU seconds the database server's process for this connection has used, when it runs
    on this machine (/proc); None elsewhere. With this process's own CPU, a measure the other
    work on a shared machine does not inflate, unlike the wall-clock time."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb() -> float:
    """The process's memory high-water mark so far (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def phase(name: str, rows: int, results: list, traced: bool = False):
    counter = QueryCounter()
    if traced:
        tracemalloc.start()
    database = backend_cpu()
    started, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(counter):
        yield
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = backend_cpu()
    database = after - database if after is not None and database is not None else None
    python_peak = tracemalloc.get_traced_memory()[1] / (1024 * 1024) if traced else None
    if traced:
        tracemalloc.stop()
    rss = peak_rss_mb()
    cpu_total = cpu + (database or 0)
    results.append((name, seconds, rows, counter.count, rss, python_peak, cpu_total))
    traced_text = f", Python peak {python_peak:.0f} MB" if python_peak is not None else ""
    print(
        f"{name:<28} {seconds:9.1f} s {rows / seconds:10.0f} rows/s "
        f"{counter.count:10d} queries ({counter.count / rows:.3f}/row), "
        f"process peak {rss:.0f} MB{traced_text}; CPU {cpu:.1f} s here + "
        f"{database or 0:.1f} s in the database = {rows / cpu_total:,.0f} rows per CPU-second",
        flush=True,
    )


def run_once(
    workspace, actor, path: Path, label: str, results: list, traced: bool = False
) -> ImportJob:
    rows = sum(1 for _ in path.open("rb")) - 1
    with phase(f"{label}: upload", rows, results), path.open("rb") as handle:
        job = imports.import_job_upload(
            workspace=workspace, actor=actor, file=ContentFile(handle.read(), name=path.name)
        )
    with phase(f"{label}: dry run", rows, results):
        job = imports.import_job_map(job=job, mapping={})
    # The task's service, in this process: queued as import_job_queue would, without a broker.
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.QUEUED)
    with phase(f"{label}: run", rows, results, traced=traced):
        job = imports.import_job_run(job_id=job.pk)
    return job


def copy_peer(path: Path, results: list) -> float:
    """The peer the rates compare with: COPY of the same file into a table of text columns
    (no reading, checking, matching or indexes), in a transaction rolled back. Rows/s."""
    rows = sum(1 for _ in path.open("rb")) - 1
    columns = len(path.open(encoding="utf-8").readline().split(";"))
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor, path.open(encoding="utf-8") as data:
        cells = ", ".join(f"c{n} text" for n in range(columns))
        cursor.execute(f"CREATE TEMP TABLE import_copy_peer ({cells}) ON COMMIT DROP")
        cursor.copy_expert(
            "COPY import_copy_peer FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)", data
        )
        transaction.set_rollback(True)
    seconds = time.perf_counter() - started
    print(f"{'COPY (the peer)':<28} {seconds:9.2f} s {rows / seconds:10.0f} rows/s", flush=True)
    return rows / seconds


def summary(job: ImportJob) -> str:
    return (
        f"  -> {job.status}: {job.created_count} created, {job.updated_count} updated, "
        f"{job.error_count} rejected, {job.preview['result']}"
    )


def extrapolate(results: list, copy_rate: float, target: int = 100_000) -> None:
    """The first import's run, scaled to `target` rows at the rate measured."""
    for name, seconds, rows, queries, _, _, cpu in results:
        if name == "first import: run":
            print(
                f"at {rows / seconds:,.0f} rows/s ({100 * rows / seconds / copy_rate:.1f}% of "
                f"COPY's rate), {target:,} rows would take {target * seconds / rows:.1f} s with "
                f"{queries / rows:.3f} queries per row; at {rows / cpu:,.0f} rows per CPU-second "
                f"(the machine to itself), {target * cpu / rows:.1f} s"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--keep", action="store_true", help="keep the bench workspace")
    parser.add_argument("--no-reimport", action="store_true", help="skip the second import")
    parser.add_argument(
        "--existing", type=int, default=3000, help="people there before (matched by email)"
    )
    parser.add_argument(
        "--tracemalloc", action="store_true", help="trace Python's allocations in the run"
    )
    parser.add_argument("--probe-bulk-create", type=int, default=0, metavar="N")
    args = parser.parse_args()
    if args.probe_bulk_create:
        from bulk_create_probe import probe

        probe(args.probe_bulk_create)
        return

    db = connection.settings_dict
    print(f"database {db['NAME']} on {db['HOST'] or 'localhost'}; media in {MEDIA}")
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    actor = User.objects.create_user(email=f"import-bench-{stamp}@bench.example", password=None)
    workspace = workspace_create(name=f"Import bench {stamp}", slug=f"bench-{stamp}", admin=actor)
    path = Path(MEDIA) / f"bench-{args.rows}.csv"
    stats = generate(path, args.rows)
    size = path.stat().st_size / (1024 * 1024)
    print(f"generated {args.rows} rows ({size:.1f} MB): {stats['bad']} bad, "
          f"{stats['repeats']} repeating an earlier person", flush=True)  # fmt: skip

    results: list = []
    if args.existing:
        seed = Path(MEDIA) / f"existing-{args.existing}.csv"
        generate_existing(seed, args.existing)
        existing = run_once(workspace, actor, seed, "existing people", results)
        print(summary(existing), flush=True)
    total = time.perf_counter()
    first = run_once(workspace, actor, path, "first import", results, traced=args.tracemalloc)
    print(summary(first), flush=True)
    if not args.no_reimport:
        again = run_once(workspace, actor, path, "same file again", results)
        print(summary(again), flush=True)
    extrapolate(results, copy_peer(path, results))
    print(f"total {time.perf_counter() - total:.1f} s; influencers in the bench workspace: "
          f"{Influencer.objects.filter(workspace=workspace).count()}")  # fmt: skip

    if args.keep:
        print(f"kept workspace {workspace.slug}")
    else:
        started = time.perf_counter()
        Workspace.objects.filter(pk=workspace.pk).delete()
        actor.delete()
        print(f"cleaned up in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
