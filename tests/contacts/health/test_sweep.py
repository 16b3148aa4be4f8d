"""The daily health sweep: everyone without today's snapshot, in batches, across workspaces;
and the beat task running it in a real Celery worker."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from contacts.health.weights import health_day
from contacts.models import HealthBand, HealthSnapshot
from contacts.services.health_sweep import health_recompute_workspace, health_sweep
from contacts.services.policy import contact_policy_save
from contacts.tasks import health_sweep as health_sweep_task
from tests.contacts.health.history import DAY, NOW, compute, record, reply
from tests.factories import InfluencerFactory
from tests.processes import PYTHON, process_env, start, stop, wait_for


@pytest.fixture
def people(personas):
    """Three people in "acme", two in "globex", and someone erased."""
    acme = [InfluencerFactory(workspace=personas.workspace) for _ in range(3)]
    globex = [InfluencerFactory(workspace=personas.other_workspace) for _ in range(2)]
    InfluencerFactory(workspace=personas.workspace, erased_at=NOW - 30 * DAY)
    return acme + globex


def statements(queries) -> int:
    return sum("INSERT INTO contacts_healthsnapshot" in q["sql"] for q in queries)


def snapshot_days(influencer) -> list:
    return list(HealthSnapshot.objects.filter(influencer=influencer).values_list("day", flat=True))


def test_it_computes_everyone_in_every_workspace_in_batches(people):
    record(reply(people[0], NOW - DAY))

    with CaptureQueriesContext(connection) as queries:
        assert health_sweep(now=NOW, batch_size=2) == 5

    assert statements(queries.captured_queries) == 3  # 2 + 2 + 1
    assert HealthSnapshot.objects.filter(day=health_day(NOW)).count() == 5
    for person in people:
        person.refresh_from_db()
        assert person.health_computed_at == NOW
        assert snapshot_days(person) == [health_day(NOW)]
    assert people[0].health_band != HealthBand.NEW  # each from their own history
    assert {person.health_band for person in people[1:]} == {HealthBand.NEW}


def test_it_skips_the_erased(people):
    health_sweep(now=NOW, batch_size=2)

    assert not HealthSnapshot.objects.exclude(influencer__in=people).exists()


def test_it_skips_who_was_computed_today_already(people):
    earlier = compute(people[1], NOW - timedelta(hours=1))

    assert health_sweep(now=NOW, batch_size=2) == 4

    assert HealthSnapshot.objects.get(influencer=people[1]).computed_at == earlier.computed_at


def test_a_second_run_the_same_day_does_nothing_and_the_next_day_runs_again(people):
    health_sweep(now=NOW, batch_size=2)

    with CaptureQueriesContext(connection) as queries:
        assert health_sweep(now=NOW + DAY / 2, batch_size=2) == 0
    assert statements(queries.captured_queries) == 0

    assert health_sweep(now=NOW + DAY, batch_size=2) == 5
    for person in people:
        assert snapshot_days(person) == [health_day(NOW), health_day(NOW + DAY)]


def test_a_window_already_done_today_does_not_stop_the_sweep(people):
    for person in people[:2]:  # the whole first window of two
        compute(person, NOW - timedelta(hours=1))

    with CaptureQueriesContext(connection) as queries:
        assert health_sweep(now=NOW, batch_size=2) == 3

    assert statements(queries.captured_queries) == 2  # the 2nd and 3rd windows
    assert HealthSnapshot.objects.filter(day=health_day(NOW)).count() == 5


def test_a_run_that_finds_the_day_done_reads_it_in_ever_wider_windows(people):
    health_sweep(now=NOW, batch_size=2)

    with CaptureQueriesContext(connection) as queries:
        assert health_sweep(now=NOW + DAY / 2, batch_size=2) == 0

    # Windows of 2, then 16 (the three left), then the empty one that ends the run: each
    # reads its own people only, never "everyone after the last one" for each batch.
    limits = [re.findall(r"LIMIT (\d+)", query["sql"])[-1] for query in queries.captured_queries]
    assert limits == ["2", "16", "128"]


def test_a_wide_window_still_computes_a_batch_at_a_time(people):
    for person in people[:2]:
        compute(person, NOW - timedelta(hours=1))

    with CaptureQueriesContext(connection) as queries:
        assert health_sweep(now=NOW, batch_size=2) == 3

    # The window of 16 after the first (done) one holds three to compute: two, then one.
    assert statements(queries.captured_queries) == 2
    assert HealthSnapshot.objects.filter(day=health_day(NOW)).count() == 5


def test_one_workspace_alone(people, personas):
    assert health_sweep(now=NOW, batch_size=2, workspace_id=personas.other_workspace.pk) == 2

    assert set(
        HealthSnapshot.objects.filter(day=health_day(NOW)).values_list("influencer", flat=True)
    ) == {person.pk for person in people[3:]}


def test_snapshots_keep_no_index_that_repeats_another(db):
    """Each is written 100,000 times a night at issue 16's scale: influencer_id alone and
    workspace_id alone are the first column of the key and of the trend index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'contacts_healthsnapshot'"
        )
        columns = {definition.split(" USING btree ")[1] for (definition,) in cursor.fetchall()}
    assert columns == {"(id)", "(influencer_id, day)", "(workspace_id, day, band)"}


# --- the task in a real worker -------------------------------------------------------------------


@pytest.fixture
def worker(tmp_path, transactional_db):
    env = process_env()
    command = [PYTHON, "-m", "celery", "-A", "irm", "worker", "--pool", "solo", "-l", "INFO"]
    process = start(command, env=env, log=tmp_path / "worker.log")
    yield process
    stop(process)


def test_a_workspace_is_recomputed_whole_even_if_done_today(people, personas):
    health_sweep(now=NOW, batch_size=2)
    later = NOW + timedelta(hours=3)

    assert health_recompute_workspace(workspace_id=personas.workspace.pk, now=later) == 3

    computed = {person.pk: person.health_computed_at for person in people}
    for person in people:
        person.refresh_from_db()
        computed[person.pk] = person.health_computed_at
    assert [computed[p.pk] for p in people] == [later, later, later, NOW, NOW]


def test_a_new_workspace_cadence_recomputes_its_people_after_commit(
    personas, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr("contacts.services.policy._queue_health_recompute", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        contact_policy_save(workspace=personas.workspace, values={"no_weekends": False})
    with django_capture_on_commit_callbacks(execute=True):
        contact_policy_save(
            workspace=personas.workspace, values={"keep_in_touch_days_by_stage": {"engaged": 30}}
        )

    assert queued == [personas.workspace.pk]  # the cadence, not the weekend rule


@pytest.mark.slow
def test_the_beat_task_sweeps_in_a_real_worker(worker, people, tmp_path):
    health_sweep_task.delay()

    wait_for(
        lambda: HealthSnapshot.objects.count() == 5,
        timeout=90,
        what=f"the worker to sweep everyone (log: {tmp_path / 'worker.log'})",
    )
    today = health_day(timezone.now())
    assert set(HealthSnapshot.objects.values_list("influencer", "day")) == {
        (person.pk, today) for person in people
    }
