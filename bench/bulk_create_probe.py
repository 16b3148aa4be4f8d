"""Why a plain bulk_create of influencers runs at a couple of thousand rows a second: the same
N new profiles written several ways, each in a transaction rolled back, with the time the
database spent (the statements) apart from the time Python spent around them.
Run through `bench/import_bench.py --probe-bulk-create N`; bench/README.md has the findings."""

import cProfile
import io
import pstats
import time

from django.db import connection, transaction
from django.utils import timezone

from contacts import normalize
from contacts.imports.columns import rows_insert
from contacts.models import Influencer
from contacts.selectors import search
from irm.models import User, Workspace
from irm.services import workspace_create

GIN_INDEXES = ["contacts_infl_search_idx", "contacts_infl_languages_idx"]


class StatementTimer:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def _profiles(workspace, actor, rows: int, *, vector: bool) -> list[Influencer]:
    now = timezone.now()
    made = []
    for n in range(rows):
        name = f"Créatrice {n:06d}"
        influencer = Influencer(
            workspace=workspace, name=name, sort_name=normalize.sort_key(name), owner=actor,
            created_by=actor, country="FR", languages=["fr"], location="Lyon",
            time_zone="Europe/Paris", created_at=now, updated_at=now,
        )  # fmt: skip
        if vector:
            influencer.search_vector = search.vector_for(search.document(name, "Lyon"))
        made.append(influencer)
    return made


def _write(label: str, rows: int, write, *, drop: tuple = (), profile: bool = False) -> None:
    timer = StatementTimer()
    profiler = cProfile.Profile() if profile else None
    with transaction.atomic():
        with connection.cursor() as cursor:
            for index in drop:
                cursor.execute(f"DROP INDEX {index}")
        started = time.perf_counter()
        with connection.execute_wrapper(timer):
            if profiler:
                profiler.enable()
            write()
            if profiler:
                profiler.disable()
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    print(
        f"{label:<58} {rows / seconds:8,.0f} rows/s  {seconds:5.2f} s, of which the database "
        f"{timer.seconds:5.2f} s ({100 * timer.seconds / seconds:3.0f}%) in {timer.count} "
        "statements",
        flush=True,
    )
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(8)
        print("\n".join(line for line in out.getvalue().splitlines() if "(" in line)[:2000])


def probe(rows: int) -> None:
    stamp = timezone.now().strftime("%Y%m%d%H%M%S")
    actor = User.objects.create_user(email=f"probe-{stamp}@bench.example", password=None)
    workspace = workspace_create(name=f"Probe {stamp}", slug=f"probe-{stamp}", admin=actor)
    fields = [f.attname for f in Influencer._meta.concrete_fields if not f.primary_key]
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'contacts_influencer'::regclass "
                "AND NOT tgisinternal"
            )
            triggers = cursor.fetchone()[0]
            cursor.execute(
                "SELECT count(*) FROM pg_indexes WHERE tablename = 'contacts_influencer'"
            )
            indexes = cursor.fetchone()[0]
        print(f"contacts_influencer: {len(fields) + 1} columns, {indexes} indexes, "
              f"{triggers} triggers of our own; {rows} rows each way", flush=True)  # fmt: skip

        def plain():
            Influencer.objects.bulk_create(_profiles(workspace, actor, rows, vector=False))

        def with_vector():
            Influencer.objects.bulk_create(_profiles(workspace, actor, rows, vector=True))

        def by_columns():
            made = _profiles(workspace, actor, rows, vector=False)
            rows_insert(
                Influencer,
                rows=len(made),
                columns={name: [getattr(row, name) for row in made] for name in fields},
            )

        _write("bulk_create (sort_name computed in Python)", rows, plain)
        _write("bulk_create with the search vector as a per-row expression", rows, with_vector)
        _write("bulk_create without the two GIN indexes", rows, plain, drop=tuple(GIN_INDEXES))
        _write("INSERT ... SELECT FROM unnest(column arrays) (the import's)", rows, by_columns)
        _write("the same unnest INSERT without the two GIN indexes", rows, by_columns,
               drop=tuple(GIN_INDEXES))  # fmt: skip
        print("Where bulk_create's Python time goes (cProfile, so slower):")
        _write("bulk_create, profiled", rows, plain, profile=True)
    finally:
        Workspace.objects.filter(pk=workspace.pk).delete()
        actor.delete()
