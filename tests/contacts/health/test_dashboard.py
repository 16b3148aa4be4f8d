"""The dashboard (the workspace home) and its data API: each section from hand-built rows at a
frozen moment, the team and owner filters, another workspace's rows never showing, who may
read it, and the same number of queries at 20 and 2,000 influencers."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts import facts
from contacts.models import (
    Commitment,
    CommitmentKind,
    ContactPolicy,
    HealthBand,
    HealthSnapshot,
    Influencer,
    Interaction,
    Stage,
)
from contacts.selectors.dashboard import dashboard_get
from contacts.selectors.dashboard_health import NEXT_STEPS, next_step
from contacts.selectors.dashboard_scope import dashboard_scope
from irm.errors import RuleError
from irm.models import Membership, Team
from irm.selectors import workspace_teams_and_members
from tests.contacts.api_client import client_for, token_client

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


# --- building rows by hand ----------------------------------------------------------------------


def person(workspace, name, *, band=HealthBand.NEW, score=None, reasons=(), **fields):
    return Influencer.objects.create(
        workspace=workspace,
        name=name,
        health_band=band,
        health_score=score,
        health_reasons=list(reasons),
        **fields,
    )


def entry(influencer, days_ago, *, kind="email", direction="outbound", **fields) -> Interaction:
    return Interaction.objects.create(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        occurred_at=NOW - timedelta(days=days_ago),
        kind=kind,
        direction=direction,
        summary=f"{kind} {direction}",
        **fields,
    )


def snapshot(influencer, day: date, band: str, score: int = 50) -> HealthSnapshot:
    return HealthSnapshot(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        day=day,
        score=score,
        band=band,
        computed_band=band,
        recency=score,
        reciprocity=score,
        respect=score,
        owed=score,
        depth=score,
        sentiment=score,
        computed_at=NOW,
    )


def owe(influencer, kind, *, due_days_ago, description="A promise", **fields) -> Commitment:
    return Commitment.objects.create(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        kind=kind,
        description=description,
        due_at=NOW - timedelta(days=due_days_ago),
        **fields,
    )


def team(personas, name, *members) -> Team:
    made = Team.objects.create(workspace=personas.workspace, name=name)
    made.members.set(Membership.objects.filter(workspace=personas.workspace, user__in=members))
    return made


def board(personas, **filters):
    scope = dashboard_scope(workspace=personas.workspace, **filters)
    return dashboard_get(scope=scope, now=NOW)


def band_row(result, band):
    return next(row for row in result.bands if row.band == band)


# --- a) bands now, their change and the trend ---------------------------------------------------


def test_it_counts_bands_now_and_their_change_since_30_days_ago(personas):
    ws = personas.workspace
    ana = person(ws, "Ana", band=HealthBand.THRIVING, score=85)
    bo = person(ws, "Bo", band=HealthBand.THRIVING, score=90)
    cy = person(ws, "Cy", band=HealthBand.AT_RISK, score=20)
    person(ws, "Dee")
    gone = person(ws, "Eve", band=HealthBand.THRIVING, score=95, erased_at=NOW)
    month_ago = TODAY - timedelta(days=30)
    HealthSnapshot.objects.bulk_create(
        [
            snapshot(ana, month_ago, HealthBand.HEALTHY),
            snapshot(bo, month_ago, HealthBand.THRIVING),
            snapshot(cy, month_ago, HealthBand.HEALTHY),
            snapshot(gone, month_ago, HealthBand.THRIVING),
            snapshot(cy, month_ago + timedelta(days=1), HealthBand.AT_RISK),
        ]
    )

    result = board(personas)

    assert result.compared_day == month_ago
    assert result.total == 4
    changes = {row.band: (row.count, row.then, row.change) for row in result.bands}
    assert changes == {
        HealthBand.THRIVING: (2, 1, 1),
        HealthBand.HEALTHY: (0, 2, -2),
        HealthBand.COOLING: (0, 0, 0),
        HealthBand.AT_RISK: (1, 0, 1),
        HealthBand.DORMANT: (0, 0, 0),
        HealthBand.NEW: (1, 0, 1),
    }


def test_without_snapshots_30_days_ago_the_change_is_unknown(personas):
    ana = person(personas.workspace, "Ana", band=HealthBand.HEALTHY, score=70)
    HealthSnapshot.objects.bulk_create([snapshot(ana, TODAY, HealthBand.HEALTHY)])

    result = board(personas)

    assert band_row(result, HealthBand.HEALTHY).count == 1
    assert all(row.then is None and row.change is None for row in result.bands)


def test_the_trend_counts_each_band_per_day_over_the_last_90_days(personas):
    ws = personas.workspace
    ana, bo = person(ws, "Ana"), person(ws, "Bo")
    first_day = TODAY - timedelta(days=89)
    HealthSnapshot.objects.bulk_create(
        [
            snapshot(ana, first_day - timedelta(days=1), HealthBand.HEALTHY),
            snapshot(ana, first_day, HealthBand.HEALTHY),
            snapshot(bo, first_day, HealthBand.HEALTHY),
            snapshot(ana, TODAY, HealthBand.COOLING),
            snapshot(bo, TODAY, HealthBand.THRIVING),
        ]
    )

    result = board(personas)

    assert [(day.day, day.counts) for day in result.trend] == [
        (first_day, {HealthBand.HEALTHY: 2}),
        (TODAY, {HealthBand.COOLING: 1, HealthBand.THRIVING: 1}),
    ]
    assert result.trend[-1].in_order() == [1, 0, 1, 0, 0, 0]
    # One area per band somebody was in, stacked from the best band up.
    assert [layer.band for layer in result.chart.layers] == [
        HealthBand.THRIVING,
        HealthBand.HEALTHY,
        HealthBand.COOLING,
    ]
    assert [tick.label for tick in result.chart.y_ticks] == ["0", "1", "2"]


def test_one_day_of_history_draws_no_chart(personas):
    ana = person(personas.workspace, "Ana")
    HealthSnapshot.objects.bulk_create([snapshot(ana, TODAY, HealthBand.HEALTHY)])

    result = board(personas)

    assert len(result.trend) == 1
    assert result.chart is None


# --- b) at-risk and cooling lists ---------------------------------------------------------------


UNANSWERED = {"code": "unanswered", "count": 3}
CAMPAIGNS = {"code": "campaigns", "count": 2}


def test_the_at_risk_list_shows_the_worst_first_with_reasons_owner_and_next_step(personas):
    ws = personas.workspace
    for number in range(12):
        person(ws, f"Risky {number:02}", band=HealthBand.AT_RISK, score=30 - number)
    person(ws, "Never scored", band=HealthBand.AT_RISK)
    worst = person(
        ws,
        "Ana",
        band=HealthBand.AT_RISK,
        score=5,
        reasons=[UNANSWERED, CAMPAIGNS],
        owner=personas.member,
    )

    at_risk = board(personas).at_risk

    assert at_risk.total == 14
    assert len(at_risk.rows) == 10
    assert at_risk.more == 4
    assert [row.name for row in at_risk.rows[:3]] == ["Ana", "Risky 11", "Risky 10"]
    top = at_risk.rows[0]
    assert top.public_id == worst.public_id
    assert top.owner == personas.member
    assert [(reason.code, reason.text, reason.concern) for reason in top.reasons] == [
        ("unanswered", "No reply to your last 3 messages", True),
        ("campaigns", "Two campaigns together this year", False),
    ]
    assert top.next_step == "Pause outreach; try another channel they opened"


def test_a_list_keeps_its_worst_only_when_others_of_its_band_show_elsewhere(personas):
    ws = personas.workspace
    for number in range(10):
        person(ws, f"Risky {number:02}", band=HealthBand.AT_RISK, score=10 + number)
    owed = person(ws, "Owed", band=HealthBand.AT_RISK, score=40)
    owe(owed, CommitmentKind.PAYMENT, due_days_ago=3)

    result = board(personas)

    assert [row.influencer.name for row in result.owed.rows] == ["Owed"]
    assert [row.name for row in result.at_risk.rows] == [f"Risky {n:02}" for n in range(10)]
    assert result.at_risk.more == 1


def test_the_cooling_list_says_to_reply_to_someone_waiting(personas):
    waiting = {"code": "waiting", "count": 1, "since": "2026-11-12T09:00:00+00:00"}
    person(personas.workspace, "Ana", band=HealthBand.COOLING, score=45, reasons=[waiting])
    person(personas.workspace, "Bo", band=HealthBand.HEALTHY, score=65)

    cooling = board(personas).cooling

    assert cooling.total == 1
    assert cooling.more == 0
    (row,) = cooling.rows
    assert row.reasons[0].text == "Ana wrote on 12 Nov and is still waiting"
    assert row.next_step == "Reply to them"


@pytest.mark.parametrize(
    ("codes", "step"),
    [
        (["unanswered", "waiting"], "Reply to them"),  # what we owe them comes first
        (["quiet", "payment_late"], "Chase the payment"),
        (["low_reply_rate", "feedback_late"], "Review their draft"),
        # They stopped answering: checking in would only add to the pile.
        (["quiet", "unanswered"], "Pause outreach; try another channel they opened"),
        (["quiet"], "Check in"),
    ],
)
def test_the_next_step_is_the_most_urgent_among_the_concerns(codes, step):
    reasons = [CAMPAIGNS, *({"code": code} for code in codes)]

    assert next_step(reasons) == step
    assert next_step(list(reversed(reasons))) == step


def test_every_concern_the_computation_names_has_a_next_step():
    concerns = {
        "quiet",
        "unanswered",
        "waiting",
        "payment_late",
        "feedback_late",
        "promise_late",
        "low_reply_rate",
        "rules_broken",
        "off_topic",
        "negative",
        "no_two_way",
    }
    assert concerns <= set(NEXT_STEPS)


def test_with_only_strengths_the_next_step_is_to_check_in():
    assert next_step([CAMPAIGNS]) == "Check in"
    assert next_step([]) == "Check in"


# --- c) what we owe -----------------------------------------------------------------------------


def test_what_we_owe_lists_overdue_open_promises_most_overdue_first(personas):
    ws = personas.workspace
    ana = person(ws, "Ana", owner=personas.manager)
    bo = person(ws, "Bo")
    gone = person(ws, "Eve", erased_at=NOW)
    owe(ana, CommitmentKind.REPLY, due_days_ago=3, description="Reply to Ana's question")
    owe(bo, CommitmentKind.PAYMENT, due_days_ago=10, description="Invoice 12")
    owe(bo, CommitmentKind.FEEDBACK, due_days_ago=-2, description="Not due yet")
    owe(ana, CommitmentKind.OTHER, due_days_ago=5, fulfilled_at=NOW - timedelta(days=1))
    owe(gone, CommitmentKind.REPLY, due_days_ago=4)

    owed = board(personas).owed

    assert owed.total == 2
    assert owed.by_kind == {"reply": 1, "payment": 1, "feedback": 0, "other": 0}
    assert [
        (row.influencer.name, row.kind, row.description, row.days_late) for row in owed.rows
    ] == [
        ("Bo", "payment", "Invoice 12", 10),
        ("Ana", "reply", "Reply to Ana's question", 3),
    ]
    assert owed.rows[1].influencer.owner == personas.manager


# --- d) keep in touch ---------------------------------------------------------------------------


def test_keep_in_touch_is_due_after_the_effective_cadence(personas):
    ws = personas.workspace
    ContactPolicy.objects.create(workspace=ws, keep_in_touch_days_by_stage={"engaged": 20})

    def talked(name, days_ago, **fields):
        return person(ws, name, last_two_way_at=NOW - timedelta(days=days_ago), **fields)

    by_workspace = talked("Workspace cadence", 25, stage=Stage.ENGAGED)
    talked("Own cadence", 25, stage=Stage.ENGAGED, keep_in_touch_days=40)
    by_default = talked("Default cadence", 130, stage=Stage.PROSPECT)
    by_override = talked("Override cadence", 12, stage=Stage.ENGAGED)
    ContactPolicy.objects.create(
        workspace=ws, influencer=by_override, keep_in_touch_days_by_stage={"engaged": 10}
    )
    talked("Within default", 60, stage=Stage.AWARE)
    talked("Asked not to", 200, stage=Stage.ENGAGED, do_not_contact=True)
    talked("Erased", 200, stage=Stage.ENGAGED, erased_at=NOW)
    person(ws, "Never talked", stage=Stage.ENGAGED)

    section = board(personas).keep_in_touch

    assert section.total == 3
    assert [(row.influencer.name, row.cadence_days, row.days_overdue) for row in section.rows] == [
        ("Default cadence", 120, 10),
        ("Workspace cadence", 20, 5),
        ("Override cadence", 10, 2),
    ]
    for row in section.rows:
        assert row.due_at == row.last_two_way_at + timedelta(days=row.cadence_days)
    # The set-based cadence is the one the reminder planner reads for each person.
    for influencer in (by_workspace, by_default, by_override):
        due = next(row for row in section.rows if row.influencer.pk == influencer.pk)
        assert (
            due.cadence_days
            == facts.contact_policy_effective(influencer=influencer).keep_in_touch_days
        )


def test_the_set_based_policy_matches_the_per_person_policy(personas):
    ws = personas.workspace
    ContactPolicy.objects.create(
        workspace=ws, team_cap_per_30_days=5, keep_in_touch_days_by_stage={"aware": 70}
    )
    people = [
        person(ws, f"{stage} {own}", stage=stage, keep_in_touch_days=own)
        for stage in Stage.values
        for own in (None, 15)
    ]
    ContactPolicy.objects.create(
        workspace=ws,
        influencer=people[0],
        team_cap_per_30_days=2,
        keep_in_touch_days_by_stage={people[0].stage: 33},
    )
    ContactPolicy.objects.create(workspace=ws, influencer=people[2])

    annotated = facts.with_effective_policy(
        Influencer.objects.filter(workspace=ws),
        workspace_policy=facts.workspace_policy_get(workspace_id=ws.pk),
    )

    for row in annotated:
        policy = facts.contact_policy_effective(influencer=row)
        assert row.keep_in_touch_days_effective == policy.keep_in_touch_days, row.name
        assert row.team_cap_effective == policy.team_cap_per_30_days, row.name


# --- e) near the contact cap --------------------------------------------------------------------


def test_near_the_cap_counts_outbound_contacts_in_30_days_as_the_guard_does(personas):
    ws = personas.workspace
    ContactPolicy.objects.create(workspace=ws, team_cap_per_30_days=4)
    near = person(ws, "Near", owner=personas.member)
    for days_ago in (1, 5, 29):
        entry(near, days_ago, kind="pitch")
    below = person(ws, "Below")
    entry(below, 2)
    entry(below, 3, kind="dm")
    entry(below, 4, kind="note", direction="internal")
    entry(below, 5, kind="reply", direction="inbound")
    entry(below, 6, deleted_at=NOW)
    entry(below, 31)
    entry(below, 30)  # the window's first moment is outside it, for the guard too
    entry(below, 7, kind="gift")
    low_cap = person(ws, "Low cap")
    ContactPolicy.objects.create(workspace=ws, influencer=low_cap, team_cap_per_30_days=2)
    entry(low_cap, 10, kind="call")
    at_cap = person(ws, "At cap")
    for days_ago in (1, 2, 3, 4):
        entry(at_cap, days_ago)
    blocked = person(ws, "Asked not to", do_not_contact=True)
    for days_ago in (1, 2, 3, 4):
        entry(blocked, days_ago)

    section = board(personas).near_cap

    rows = [(row.influencer.name, row.contacts, row.cap, row.at_cap) for row in section.rows]
    assert rows == [
        ("At cap", 4, 4, True),
        ("Near", 3, 4, False),
        ("Low cap", 1, 2, False),
    ]
    assert section.total == 3
    # The guard's count for each: its window's contact times, strictly inside 30 days.
    since = NOW - facts.CAP_WINDOW
    for influencer, expected in ((near, 3), (below, 2), (low_cap, 1), (at_cap, 4)):
        times = facts.outbound_contact_times(influencer=influencer, since=since)
        assert len([moment for moment in times if moment > since]) == expected


# --- f) per team and per owner ------------------------------------------------------------------


def ownership_world(personas):
    ws = personas.workspace
    pr = team(personas, "PR", personas.member)
    digital = team(personas, "Digital marketing", personas.manager)
    ana = person(ws, "Ana", band="healthy", score=70, team=pr, owner=personas.member)
    person(ws, "Bo", band="new", score=30, team=pr, owner=personas.member)
    cy = person(ws, "Cy", band="at_risk", score=20, team=digital, owner=personas.manager)
    person(ws, "Dee", band="cooling", score=50)
    person(ws, "Eve", band="thriving", score=99, team=pr, owner=personas.member, erased_at=NOW)
    # Ana answers the first message within 14 days, not the second one yet.
    entry(ana, 10)
    entry(ana, 5, kind="reply", direction="inbound")
    entry(ana, 3, kind="pitch")
    entry(ana, 40)  # outside the 30 days
    # Cy: an auto-reply is no answer, nor a reply 18 days later; a call answers itself.
    entry(cy, 20)
    entry(cy, 19, kind="auto_reply", direction="inbound")
    entry(cy, 2, kind="email", direction="inbound")
    entry(cy, 1, kind="call")
    return pr, digital


def test_the_team_table_shows_relationships_health_outreach_and_reply_rate(personas):
    ownership_world(personas)

    rows = [
        (row.name, row.owned, row.average_health, row.outreach_sent, row.answered, row.reply_rate)
        for row in board(personas).teams
    ]

    assert rows == [
        ("PR", 2, 70, 2, 1, 50),
        ("Digital marketing", 1, 20, 2, 1, 50),
        ("No team", 1, 50, 0, 0, None),
    ]


def test_the_owner_table_groups_by_who_owns_the_relationship(personas):
    ownership_world(personas)

    rows = [
        (row.name, row.owned, row.outreach_sent, row.answered) for row in board(personas).owners
    ]

    assert rows == [
        ("Member Person", 2, 2, 1),
        ("Manager Person", 1, 2, 1),
        ("No owner", 1, 0, 0),
    ]


def test_a_message_is_answered_only_by_a_real_reply_from_them_inside_the_window_by_now(personas):
    """The reply matching's edges: a reply at the same moment is not after it, one exactly 14
    days later still counts, a deleted reply or another person's does not, and neither does
    a reply dated after `now`; a message dated after `now` is not outreach yet but counts
    toward the cap."""
    ws = personas.workspace
    ana = person(ws, "Ana", owner=personas.member)
    bo = person(ws, "Bo", owner=personas.manager)
    window = timedelta(days=14)

    def at(influencer, moment, **fields):
        return Interaction.objects.create(
            workspace_id=ws.pk,
            influencer=influencer,
            occurred_at=moment,
            summary="An entry",
            **{"kind": "email", "direction": "outbound", **fields},
        )

    same = NOW - timedelta(days=25)
    at(ana, same)
    at(ana, same, kind="reply", direction="inbound")  # the same moment: not after it
    edge = NOW - timedelta(days=20)
    at(ana, edge)
    at(ana, edge + window, kind="reply", direction="inbound")  # the window's last moment
    deleted = NOW - timedelta(days=4, hours=12)
    at(ana, deleted)
    at(ana, deleted + timedelta(hours=1), kind="reply", direction="inbound", deleted_at=NOW)
    late = NOW - timedelta(days=1)
    at(ana, late)
    at(ana, NOW + timedelta(hours=1), kind="reply", direction="inbound")  # after now
    at(bo, late - timedelta(hours=1))
    at(ana, NOW + timedelta(days=1), kind="pitch")  # planned: not sent yet

    result = board(personas)

    owners = {row.name: (row.outreach_sent, row.answered) for row in result.owners}
    assert owners == {"Member Person": (4, 1), "Manager Person": (1, 0)}
    assert [(row.influencer.name, row.contacts) for row in result.near_cap.rows] == [("Ana", 5)]


def test_teams_owning_as_many_relationships_sort_by_name_as_people_read_it(personas):
    ws = personas.workspace
    lumen = team(personas, "Lumen", personas.member)
    elan = team(personas, "Élan", personas.manager)
    person(ws, "Ana", band="healthy", score=70, team=lumen)
    person(ws, "Bo", band="healthy", score=70, team=elan)

    assert [row.name for row in board(personas).teams] == ["Élan", "Lumen"]


# --- filters and other workspaces ---------------------------------------------------------------


def test_filters_by_team_and_owner_apply_to_every_section(personas):
    pr, _ = ownership_world(personas)
    dee = Influencer.objects.get(name="Dee")
    owe(dee, CommitmentKind.REPLY, due_days_ago=1)

    by_team = board(personas, team=str(pr.public_id))
    nobody = board(personas, owner="none")
    by_owner = board(personas, owner=str(personas.manager.public_id), team="")

    assert by_team.total == 2
    assert [row.name for row in by_team.teams] == ["PR"]
    assert by_team.owed.total == 0
    assert nobody.total == 1
    assert [row.name for row in nobody.cooling.rows] == ["Dee"]
    assert nobody.owed.total == 1
    assert by_owner.total == 1
    assert [row.name for row in by_owner.at_risk.rows] == ["Cy"]
    assert [(row.name, row.outreach_sent) for row in by_owner.owners] == [("Manager Person", 2)]
    assert board(personas, team="none").total == 1
    assert by_team.scope.as_query() == {"team": str(pr.public_id)}


@pytest.mark.parametrize(
    ("filters", "field"),
    [
        ({"team": "not-an-id"}, "team"),
        ({"team": "5b1c4f3e-0000-4000-8000-000000000000"}, "team"),
        ({"owner": "nobody"}, "owner"),
    ],
)
def test_an_unknown_team_or_owner_is_refused_with_a_message(personas, filters, field):
    with pytest.raises(RuleError) as refused:
        dashboard_scope(workspace=personas.workspace, **filters)

    assert refused.value.field == field
    assert "this workspace" in refused.value.message


def test_a_team_or_member_of_another_workspace_is_refused(personas):
    globex_team = Team.objects.create(workspace=personas.other_workspace, name="Globex PR")

    with pytest.raises(RuleError):
        dashboard_scope(workspace=personas.workspace, team=str(globex_team.public_id))
    with pytest.raises(RuleError):
        dashboard_scope(workspace=personas.workspace, owner=str(personas.outsider.public_id))


def test_another_workspace_never_shows(personas):
    globex = personas.other_workspace
    ContactPolicy.objects.create(workspace=globex, team_cap_per_30_days=1)
    gloria = person(
        globex,
        "Gloria",
        band=HealthBand.AT_RISK,
        score=10,
        reasons=[UNANSWERED],
        owner=personas.outsider,
        last_two_way_at=NOW - timedelta(days=400),
    )
    person(globex, "Gil", band=HealthBand.COOLING, score=45)
    entry(gloria, 1)
    owe(gloria, CommitmentKind.PAYMENT, due_days_ago=9)
    HealthSnapshot.objects.bulk_create(
        [
            snapshot(gloria, TODAY, HealthBand.AT_RISK),
            snapshot(gloria, TODAY - timedelta(days=30), HealthBand.HEALTHY),
        ]
    )

    result = board(personas)

    assert result.total == 0
    assert all(row.count == 0 and row.then is None for row in result.bands)
    assert result.trend == []
    assert result.at_risk.rows == [] and result.cooling.rows == []
    assert result.owed.total == 0
    assert result.keep_in_touch.total == 0
    assert result.near_cap.total == 0
    assert result.teams == [] and result.owners == []


# --- the page -----------------------------------------------------------------------------------


def home_url(slug="acme") -> str:
    return reverse("contacts:home", kwargs={"slug": slug})


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def page_world(personas):
    ws = personas.workspace
    ana = person(
        ws,
        "Ana Bakes",
        band=HealthBand.AT_RISK,
        score=22,
        reasons=[UNANSWERED],
        owner=personas.member,
    )
    for number in range(11):
        person(ws, f"Risky {number:02}", band=HealthBand.AT_RISK, score=30 + number)
    owe(ana, CommitmentKind.PAYMENT, due_days_ago=10, description="Invoice 12")
    HealthSnapshot.objects.bulk_create(
        [
            snapshot(ana, TODAY - timedelta(days=30), HealthBand.HEALTHY),
            snapshot(ana, TODAY, HealthBand.AT_RISK),
        ]
    )
    return ana


def test_the_home_page_is_the_dashboard_and_keeps_the_greeting_and_status(client, personas, frozen):
    ana = page_world(personas)
    client.force_login(personas.viewer)

    response = client.get(home_url())

    assert response.status_code == 200
    assert response.templates[0].name == "contacts/dashboard.html"
    page = response.content.decode()
    assert "Hello, Viewer" in page
    assert "System status" in page
    assert "Replies arrive at" in page
    profile = reverse("contacts:influencer-detail", args=["acme", ana.public_id])
    assert f'href="{profile}"' in page
    assert "No reply to your last 3 messages" in page
    assert "Pause outreach; try another channel they opened" in page
    assert "And 2 more" in page
    assert f'{reverse("contacts:influencer-list", args=["acme"])}?band=at_risk"' in page
    assert "Invoice 12" in page
    assert "+12 since 21 Oct" in page
    assert "Changes compare with the snapshots of 21 Oct 2026" in page
    assert '<polygon class="area area-at_risk"' in page
    # The numbers behind the chart: a row per day, its counts in the bands' order.
    cells = "".join(
        f"<td>{1 if band == HealthBand.AT_RISK else 0}</td>" for band in HealthBand.values
    )
    assert f'<time datetime="2026-11-20">20 Nov 2026</time></th>{cells}</tr>' in page
    assert '<time datetime="2026-10-21">21 Oct 2026</time>' in page
    assert client.session["last_workspace"] == "acme"


def test_an_htmx_request_gets_the_dashboard_body_only(client, personas, frozen):
    page_world(personas)
    client.force_login(personas.member)

    response = client.get(home_url(), {"owner": "none"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="dashboard-body">')
    assert "<html" not in body
    assert "Hello," not in body
    # Everyone at risk but Ana has no owner: 11 of them, 10 shown.
    assert "And 1 more" in body
    assert "?band=at_risk&amp;owner=none" in body


def test_a_team_filter_narrows_the_page(client, personas, frozen):
    pr = team(personas, "PR", personas.member)
    person(personas.workspace, "In PR", band=HealthBand.COOLING, score=44, team=pr)
    person(personas.workspace, "Elsewhere", band=HealthBand.COOLING, score=41)
    client.force_login(personas.viewer)

    page = client.get(home_url(), {"team": str(pr.public_id)}).content.decode()

    assert "In PR" in page
    assert "Elsewhere" not in page
    assert "No health snapshots from 21 Oct 2026 yet" in page
    assert f'<option value="{pr.public_id}" selected>PR</option>' in page


def test_an_unknown_team_answers_400_with_a_message_and_the_rest_of_the_page(
    client, personas, frozen
):
    person(personas.workspace, "Ana", band=HealthBand.COOLING, score=44)
    client.force_login(personas.viewer)

    response = client.get(home_url(), {"team": "bogus", "owner": "none"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "No team of this workspace has the id “bogus”" in page
    assert 'aria-invalid="true" aria-describedby="dashboard-team-error"' in page
    # The valid owner filter still applies.
    assert '<option value="none" selected>No owner</option>' in page
    assert "Ana" in page


def test_an_htmx_request_with_an_unknown_owner_says_so_in_the_part_it_swaps(
    client, personas, frozen
):
    client.force_login(personas.viewer)

    response = client.get(home_url(), {"owner": "someone"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert response.status_code == 400
    assert body.lstrip().startswith('<div id="dashboard-body">')
    assert "No member of this workspace has the id “someone”" in body


def test_outsiders_get_404_and_visitors_are_sent_to_sign_in(client, personas):
    client.force_login(personas.outsider)
    assert client.get(home_url()).status_code == 404
    client.logout()
    assert client.get(home_url()).status_code == 302


# --- the API ------------------------------------------------------------------------------------


def api_url(slug="acme") -> str:
    return reverse("api:contacts-api:dashboard", kwargs={"slug": slug})


def test_the_api_gives_the_same_sections_with_reason_codes_and_words(personas, frozen):
    ana = page_world(personas)

    response = token_client(personas, personas.viewer).get(api_url())

    assert response.status_code == 200
    data = response.json()
    assert data["total"] == 12
    assert data["compared_day"] == "2026-10-21"
    at_risk = next(row for row in data["bands"] if row["band"] == "at_risk")
    assert at_risk == {"band": "at_risk", "label": "At risk", "count": 12, "then": 0, "change": 12}
    assert data["trend"][-1] == {"day": "2026-11-20", "counts": {"at_risk": 1}}
    top = data["at_risk"]["rows"][0]
    assert top["public_id"] == str(ana.public_id)
    assert top["owner"]["public_id"] == str(personas.member.public_id)
    assert top["reasons"] == [
        {"code": "unanswered", "text": "No reply to your last 3 messages", "concern": True}
    ]
    assert top["next_step"] == "Pause outreach; try another channel they opened"
    assert data["at_risk"]["total"] == 12 and data["at_risk"]["more"] == 2
    assert data["owed"]["total"] == 1
    assert data["owed"]["rows"][0]["days_late"] == 10
    assert data["owed"]["rows"][0]["influencer"]["name"] == "Ana Bakes"
    assert data["filters"] == {"team": "", "owner": ""}
    assert [row["name"] for row in data["owners"]] == ["Member Person", "No owner"]
    for key in ("keep_in_touch", "near_cap", "teams", "cooling"):
        assert key in data


def test_the_api_filters_by_owner(personas, frozen):
    page_world(personas)

    data = client_for(personas.member).get(api_url(), {"owner": "none"}).json()

    assert data["total"] == 11
    assert data["filters"] == {"team": "", "owner": "none"}
    assert data["owed"]["total"] == 0


@pytest.mark.parametrize(
    ("params", "field"), [({"team": "12"}, "team"), ({"owner": "0000"}, "owner")]
)
def test_the_api_refuses_an_unknown_filter_with_a_message(personas, params, field):
    response = client_for(personas.viewer).get(api_url(), params)

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == [field]
    assert "of this workspace has the id" in errors[field][0]


def test_the_api_answers_outsiders_404_and_anonymous_401(personas):
    assert client_for(personas.outsider).get(api_url()).status_code == 404
    assert client_for(None).get(api_url()).status_code == 401
    assert token_client(personas, personas.viewer).get(api_url("globex")).status_code == 404


def test_the_api_is_described_in_the_schema(personas):
    schema = client_for(personas.viewer).get(reverse("api:schema"), {"format": "json"}).json()

    operation = schema["paths"]["/api/v1/w/{slug}/dashboard/"]["get"]
    assert {parameter["name"] for parameter in operation["parameters"]} >= {"team", "owner"}
    assert set(operation["responses"]) >= {"200", "400", "401", "404"}


# --- the same number of queries at 20 and 2,000 influencers -------------------------------------


def grow_world(personas, pr, size: int) -> None:
    """Bring the workspace to `size` influencers, each with some of everything the dashboard
    reads: bands, owners and teams, timeline entries, overdue promises, three days of
    snapshots."""
    ws = personas.workspace
    have = Influencer.objects.filter(workspace=ws).count()
    bands = [HealthBand.AT_RISK, HealthBand.COOLING, HealthBand.HEALTHY, HealthBand.NEW]
    owners = [personas.member, personas.manager, None]
    people = Influencer.objects.bulk_create(
        [
            Influencer(
                workspace=ws,
                name=f"Person {number:05}",
                health_band=bands[number % 4],
                health_score=number % 100,
                health_reasons=[UNANSWERED, CAMPAIGNS],
                owner=owners[number % 3],
                team=pr if number % 2 else None,
                stage=Stage.ENGAGED,
                last_two_way_at=NOW - timedelta(days=number % 120),
            )
            for number in range(have, size)
        ]
    )
    Interaction.objects.bulk_create(
        [
            Interaction(
                workspace=ws,
                influencer=influencer,
                occurred_at=NOW - timedelta(days=days_ago),
                kind=kind,
                direction=direction,
                summary="Hello",
            )
            for influencer in people
            for days_ago, kind, direction in (
                (3, "pitch", "outbound"),
                (2, "email", "outbound"),
                (1, "reply", "inbound"),
            )
        ]
    )
    Commitment.objects.bulk_create(
        [
            Commitment(
                workspace=ws,
                influencer=influencer,
                kind=CommitmentKind.REPLY,
                description="Answer them",
                due_at=NOW - timedelta(days=1),
            )
            for influencer in people
        ]
    )
    HealthSnapshot.objects.bulk_create(
        [
            snapshot(influencer, TODAY - timedelta(days=back), influencer.health_band)
            for influencer in people
            for back in (0, 1, 30)
        ]
    )


def queries_of(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


def test_the_page_and_the_api_cost_the_same_queries_at_20_and_2000_influencers(
    client, personas, frozen
):
    pr = team(personas, "PR", personas.member, personas.manager)
    one_team = {"team": str(pr.public_id), "owner": str(personas.member.public_id)}
    client.force_login(personas.manager)
    api = client_for(personas.manager)

    def measure() -> dict[str, int]:
        return {
            "page": queries_of(client, home_url()),
            "page, one team": queries_of(client, home_url(), one_team),
            "api": queries_of(api, api_url()),
            "api, one team": queries_of(api, api_url(), one_team),
        }

    grow_world(personas, pr, 20)
    client.get(home_url())  # the session row exists from here on
    small = measure()
    grow_world(personas, pr, 2000)
    large = measure()

    assert Influencer.objects.filter(workspace=personas.workspace).count() == 2000
    assert small == large
    # The API's ceiling (issue 16): the sign-in's 3 queries and the dashboard's 7.
    assert large["api"] <= 12
    # The page's filter menus (teams and members) come with the membership, in its query; the
    # system status asks no query of its own (that query proved the database reachable).
    assert large["page"] <= 12, large
    # A team or owner filter is looked up in those menus: no query of its own.
    assert large["page, one team"] == large["page"], large
    # Every list is full at 2,000: the count held with every row drawn.
    page = client.get(home_url()).content.decode()
    assert page.count("And ") >= 4


def test_days_late_and_overdue_count_the_viewers_calendar_dates(client, personas):
    """Due 4 Dec at 23:00 in New York, seen there on 7 Dec at 08:00: 57 hours, but three
    dates on the viewer's calendar."""
    new_york = ZoneInfo("America/New_York")
    now = datetime(2026, 12, 7, 8, 0, tzinfo=new_york)
    due = datetime(2026, 12, 4, 23, 0, tzinfo=new_york)
    ws = personas.workspace
    ana = person(ws, "Ana", owner=personas.member)
    Commitment.objects.create(
        workspace=ws, influencer=ana, kind=CommitmentKind.PAYMENT, description="Invoice 7",
        due_at=due,
    )  # fmt: skip
    person(
        ws,
        "Bo",
        stage=Stage.ENGAGED,
        keep_in_touch_days=10,
        last_two_way_at=due - timedelta(days=10),
    )
    personas.viewer.time_zone = "America/New_York"
    personas.viewer.save(update_fields=["time_zone"])
    client.force_login(personas.viewer)

    with time_machine.travel(now, tick=False):
        page = client.get(home_url()).content.decode()

    assert '<td>3 days <small class="muted">(due 4 Dec)</small></td>' in page
    assert "every 10 days, so 3 days overdue." in page


def test_the_filter_menus_list_every_team_with_its_members_in_one_query(personas):
    """Teams by name with their members (an empty team too), every member by name; another
    workspace's teams and members stay out."""
    team(personas, "Sports", personas.member, personas.manager)
    team(personas, "Beauty")
    Team.objects.create(workspace=personas.other_workspace, name="Elsewhere")

    with CaptureQueriesContext(connection) as captured:
        teams, members = workspace_teams_and_members(workspace=personas.workspace)

    assert len(captured) == 1
    assert [t.name for t in teams] == ["Beauty", "Sports"]
    assert teams[0].people == []
    assert {m.user for m in teams[1].people} == {personas.member, personas.manager}
    assert personas.outsider not in {m.user for m in members}
    assert set(Membership.objects.filter(workspace=personas.workspace)) == set(members)
    assert isinstance(teams[1].public_id, type(Team.objects.first().public_id))
