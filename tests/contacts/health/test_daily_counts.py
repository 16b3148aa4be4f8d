"""The daily band counts behind the dashboard's trend (contacts.selectors.health_day_counts): after
every kind of write they equal a recount of the snapshots of the people in each scope now, and
the dashboard's trend for a workspace, a team or an owner reads them."""

import importlib
import pkgutil
from collections import Counter
from datetime import timedelta

from django.db import connection

import contacts.migrations
from contacts.models import HealthBand, HealthDayCount, HealthSnapshot, Influencer
from contacts.services.erasure import influencer_archive, influencer_erase, influencer_restore
from contacts.services.health import health_recompute
from irm.services import team_delete
from tests.contacts.health.test_dashboard import NOW, TODAY, board, person, snapshot, team

ANY, NOBODY = HealthDayCount.ANY, HealthDayCount.NOBODY


def recount() -> Counter:
    """What the counts must hold: each snapshot of someone neither erased nor archived, under
    the workspace, their team, their owner and both, as they are now."""
    expected = Counter()
    counted = HealthSnapshot.objects.filter(
        influencer__erased_at__isnull=True, influencer__archived_at__isnull=True
    ).values_list(
        "influencer__workspace_id", "influencer__team_id", "influencer__owner_id", "day", "band"
    )
    for workspace, team_id, owner_id, day, band in counted:
        team_key, owner_key = team_id or NOBODY, owner_id or NOBODY
        for key in ((ANY, ANY), (team_key, ANY), (ANY, owner_key), (team_key, owner_key)):
            expected[(workspace, *key, day, band)] += 1
    return expected


def kept() -> Counter:
    rows = HealthDayCount.objects.exclude(count=0).values_list(
        "workspace_id", "team_key", "owner_key", "day", "band", "count"
    )
    return Counter({tuple(row[:5]): row[5] for row in rows})


def world(personas):
    ws = personas.workspace
    pr = team(personas, "PR", personas.member)
    ana = person(ws, "Ana", team=pr, owner=personas.member)
    bo = person(ws, "Bo", owner=personas.manager)
    cy = person(ws, "Cy", team=pr)
    days = [TODAY - timedelta(days=back) for back in (0, 1, 30)]
    HealthSnapshot.objects.bulk_create(
        [
            snapshot(someone, day, band)
            for someone, band in ((ana, HealthBand.HEALTHY), (bo, HealthBand.COOLING), (cy, "new"))
            for day in days
        ]
    )
    return pr, ana, bo, cy


def test_the_counts_follow_each_snapshot_written_rewritten_or_deleted(personas):
    _, ana, bo, cy = world(personas)
    gloria = person(personas.other_workspace, "Gloria", owner=personas.outsider)
    HealthSnapshot.objects.bulk_create([snapshot(gloria, TODAY, HealthBand.AT_RISK)])
    assert kept() == recount()
    assert kept()[(personas.workspace.pk, ANY, ANY, TODAY, HealthBand.HEALTHY)] == 1

    # The health computation rewrites today's snapshots in place (an upsert).
    health_recompute(influencer_ids=[ana.pk, bo.pk, cy.pk], now=NOW)
    assert kept() == recount()
    HealthSnapshot.objects.filter(influencer=bo).update(band=HealthBand.DORMANT)
    HealthSnapshot.objects.filter(influencer=cy, day=TODAY).delete()

    assert kept() == recount()
    assert kept()[(personas.workspace.pk, ANY, ANY, TODAY, HealthBand.DORMANT)] == 1
    assert kept()[(personas.other_workspace.pk, ANY, ANY, TODAY, HealthBand.AT_RISK)] == 1


def test_the_migration_fills_the_counts_from_the_snapshots_already_there(personas):
    world(personas)
    HealthDayCount.objects.all().delete()
    name = next(
        module.name
        for module in pkgutil.iter_modules(contacts.migrations.__path__)
        if module.name.endswith("_health_day_counts")
    )
    migration = importlib.import_module(f"contacts.migrations.{name}")

    with connection.cursor() as cursor:
        cursor.execute(migration.FILL)

    assert kept() == recount()
    assert kept()[(personas.workspace.pk, ANY, ANY, TODAY, HealthBand.COOLING)] == 1


def test_archived_and_erased_people_leave_every_past_day_and_restored_ones_come_back(personas):
    _, ana, bo, _ = world(personas)
    month_ago = TODAY - timedelta(days=30)

    influencer_archive(influencer=ana, actor=personas.manager, now=NOW)
    archived = board(personas)
    influencer_restore(influencer=ana, actor=personas.manager, now=NOW)
    restored = board(personas)
    influencer_erase(workspace=personas.workspace, influencer=bo, actor=personas.admin, now=NOW)
    erased = board(personas)

    def healthy_then(result):
        return next(day.counts for day in result.trend if day.day == month_ago).get(
            HealthBand.HEALTHY, 0
        )

    assert healthy_then(archived) == 0
    assert healthy_then(restored) == 1
    assert all(HealthBand.COOLING not in day.counts for day in erased.trend)
    assert kept() == recount()


def test_a_new_team_or_owner_takes_the_persons_history_along(personas):
    pr, _, bo, _ = world(personas)

    Influencer.objects.filter(pk=bo.pk).update(team=pr, owner=personas.member)
    by_team = board(personas, team=str(pr.public_id))
    by_member = board(personas, owner=str(personas.member.public_id))
    team_delete(team=pr)  # its people now have no team
    nobody = board(personas, team="none")

    assert kept() == recount()
    assert [day.counts for day in by_team.trend] == [
        {HealthBand.HEALTHY: 1, HealthBand.COOLING: 1, HealthBand.NEW: 1}
    ] * 3
    assert [day.counts for day in by_member.trend] == [
        {HealthBand.HEALTHY: 1, HealthBand.COOLING: 1}
    ] * 3
    assert [day.counts for day in nobody.trend] == [
        {HealthBand.HEALTHY: 1, HealthBand.COOLING: 1, HealthBand.NEW: 1}
    ] * 3
    assert board(personas, team="none", owner=str(personas.manager.public_id)).trend == []


def test_a_workspace_deleted_with_its_history_leaves_no_count_behind(personas):
    world(personas)
    gloria = person(personas.other_workspace, "Gloria", owner=personas.outsider)
    HealthSnapshot.objects.bulk_create([snapshot(gloria, TODAY, HealthBand.AT_RISK)])

    personas.workspace.delete()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what the commit would check

    assert set(HealthDayCount.objects.values_list("workspace_id", flat=True)) == {
        personas.other_workspace.pk
    }
    assert kept() == recount()


def test_the_count_triggers_run_without_jit(db):
    """Compiling their grouping sets cost an import's UPDATE of 2,000 profiles 1 to 2 s (see
    0014_health_day_count_triggers_without_jit); the setting is the functions' own."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname, proconfig FROM pg_proc WHERE proname IN "
            "('contacts_health_day_counts_people', 'contacts_health_day_counts_snapshots')"
        )
        settings = dict(cursor.fetchall())
    assert settings == {
        "contacts_health_day_counts_people": ["jit=off"],
        "contacts_health_day_counts_snapshots": ["jit=off"],
    }
