"""manage.py health_recompute and health_docs."""

from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from contacts.health.explain import README_END, README_START, markdown
from contacts.health.weights import health_day
from contacts.models import HealthSnapshot
from contacts.services.health import health_recompute
from tests.contacts.api_client import make_influencer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TODAY = health_day(NOW)


@pytest.fixture
def people(personas, time_machine):
    time_machine.move_to(NOW, tick=False)
    acme = [make_influencer(personas, f"Acme Person{number}") for number in range(5)]
    globex = make_influencer(personas, "Gloria Globex", workspace=personas.other_workspace)
    return acme, globex


def run(*args) -> str:
    out = StringIO()
    call_command("health_recompute", *args, stdout=out)
    return out.getvalue()


def days_of(influencer) -> list:
    snapshots = HealthSnapshot.objects.filter(influencer=influencer)
    return sorted(snapshots.values_list("day", flat=True))


def test_it_computes_today_for_everyone_missing_it_with_progress_per_batch(people):
    acme, globex = people
    health_recompute(influencer_ids=[acme[0].pk], now=NOW)

    output = run("--batch-size", "2")

    # Batches are the next two people by id, less those done already (acme[0]).
    assert output.splitlines() == [
        "  1 influencers done",
        "  3 influencers done",
        "  5 influencers done",
        "Computed today's health for 5 influencers.",
    ]
    for person in [*acme, globex]:
        assert days_of(person) == [TODAY]


def test_a_second_run_finds_nothing_left(people):
    run()

    assert run() == "Computed today's health for 0 influencers.\n"


def test_it_keeps_to_one_workspace(people, personas):
    acme, globex = people

    output = run("--workspace", personas.workspace.slug)

    assert output.endswith("Computed today's health for 5 influencers.\n")
    assert days_of(globex) == []
    assert all(days_of(person) == [TODAY] for person in acme)


def test_all_recomputes_everyone_even_when_done_today(people, time_machine):
    acme, _globex = people
    run()
    first = HealthSnapshot.objects.get(influencer=acme[0]).computed_at
    time_machine.move_to(NOW + timedelta(hours=1), tick=False)

    output = run("--all", "--batch-size", "4")

    assert output.splitlines() == [
        "  4 influencers done",
        "  6 influencers done",
        "Recomputed health for 6 influencers.",
    ]
    assert HealthSnapshot.objects.get(influencer=acme[0]).computed_at > first


def test_backfill_rebuilds_the_last_days_in_batches(people):
    acme, globex = people

    output = run("--backfill-days", "3", "--workspace", "acme", "--batch-size", "3")

    assert output.splitlines() == [
        "  3 influencers done",
        "  5 influencers done",
        "Rebuilt the last 3 days and today for 5 influencers.",
    ]
    expected = [TODAY - timedelta(days=back) for back in (3, 2, 1, 0)]
    assert all(days_of(person) == expected for person in acme)
    assert days_of(globex) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--workspace", "nowhere"), 'No workspace "nowhere".'),
        (("--backfill-days", "0"), "--backfill-days must be between 1 and 730."),
        (("--backfill-days", "9999"), "--backfill-days must be between 1 and 730."),
        (("--batch-size", "0"), "--batch-size must be at least 1."),
    ],
)
def test_bad_arguments_say_what_to_fix_and_compute_nothing(people, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)

    assert not HealthSnapshot.objects.exists()


def test_all_and_backfill_do_not_go_together(people):
    with pytest.raises(CommandError):
        run("--all", "--backfill-days", "3")


def test_health_docs_prints_the_block():
    out = StringIO()

    call_command("health_docs", stdout=out)

    assert out.getvalue() == markdown() + "\n"


def test_health_docs_write_replaces_only_the_block(settings, tmp_path: Path):
    settings.BASE_DIR = tmp_path
    readme = tmp_path / "README.md"
    readme.write_text(f"# Intro\n\n{README_START}\nold weights\n{README_END}\n\n## After\n")

    call_command("health_docs", "--write", stdout=StringIO())

    assert readme.read_text() == (
        f"# Intro\n\n{README_START}\n{markdown()}\n{README_END}\n\n## After\n"
    )


def test_health_docs_write_refuses_a_readme_without_markers(settings, tmp_path: Path):
    settings.BASE_DIR = tmp_path
    readme = tmp_path / "README.md"
    readme.write_text("# Intro\n")

    with pytest.raises(CommandError, match="needs the markers"):
        call_command("health_docs", "--write", stdout=StringIO())

    assert readme.read_text() == "# Intro\n"
