"""`manage.py demo_data` as `make run` calls it: run once, then again over its own data.

Making the demo takes a while, so the module runs the command twice, once for all its tests,
inside a transaction rolled back when the module ends; each test still has its own savepoint.
The apps' own demo modules (outreach.demo, campaigns.demo) have their fine-grained tests beside
them; these check what the whole command leaves."""

import io
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus, Collaboration
from campaigns.models import Stage as CollaborationStage
from campaigns.selectors.report import campaign_report
from contacts.health.weights import health_day
from contacts.models import (
    ChannelPermission,
    Commitment,
    CommitmentKind,
    HealthBand,
    HealthSnapshot,
    Influencer,
    InfluencerList,
    Interaction,
    MetricSnapshot,
    RateCard,
    SocialAccount,
    Stage,
    Topic,
)
from contacts.normalize import sort_key
from contacts.selectors.duplicates import duplicate_pairs
from contacts.services import influencer_refresh_last_contact
from irm.models import Membership, Team, User, Workspace
from outreach.models import Pitch, PitchStatus
from tests.punctuation import double_full_stops, messages_seen

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Influencer, SocialAccount, MetricSnapshot, Interaction, Commitment, RateCard,
            ChannelPermission, Topic, InfluencerList,
        )
    }  # fmt: skip


@dataclass(frozen=True)
class DemoRuns:
    first_output: str
    second_output: str
    counts_after_first: dict
    snapshots_after_first: set
    # Messages people would read, seen while the command ran (tests/punctuation.py).
    messages: list[str]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The command run twice; between the runs someone renamed the demo member."""
    with (
        django_db_blocker.unblock(),
        pytest.MonkeyPatch.context() as monkeypatch,
        messages_seen(monkeypatch) as seen,
        transaction.atomic(),
    ):
        first = io.StringIO()
        call_command("demo_data", stdout=first)
        after_first = counts()
        snapshots = set(HealthSnapshot.objects.values_list("pk", "computed_at"))
        User.objects.filter(email="member@demo.test").update(name="Changed")
        second = io.StringIO()
        call_command("demo_data", stdout=second)
        yield DemoRuns(
            first_output=first.getvalue(),
            second_output=second.getvalue(),
            counts_after_first=after_first,
            snapshots_after_first=snapshots,
            messages=list(seen),
        )
        transaction.set_rollback(True)


def test_no_message_it_makes_ends_with_two_full_stops(demo):
    assert double_full_stops(demo.messages) == []


# --- people and their sign-in ------------------------------------------------------------------


def test_it_creates_the_demo_users_once_and_keeps_their_login_working(client, demo):
    assert sorted(User.objects.values_list("email", flat=True)) == [
        "admin@demo.test",
        "manager@demo.test",
        "member@demo.test",
        "viewer@demo.test",
    ]
    assert User.objects.get(email="member@demo.test").name == "Milo Member"
    assert User.objects.get(email="admin@demo.test").is_staff
    assert not User.objects.get(email="viewer@demo.test").is_staff
    signed_in = client.post(
        reverse("irm:login"), {"username": "viewer@demo.test", "password": "rapport-demo"}
    )
    assert signed_in.status_code == 302


def test_it_creates_the_demo_workspace_with_a_person_in_each_role_and_two_teams(demo):
    roles = dict(
        Membership.objects.filter(workspace__slug="demo").values_list("user__email", "role")
    )
    assert roles == {
        "admin@demo.test": "admin",
        "manager@demo.test": "manager",
        "member@demo.test": "member",
        "viewer@demo.test": "viewer",
    }
    assert sorted(Team.objects.values_list("name", flat=True)) == ["Digital marketing", "PR"]


# --- influencers -------------------------------------------------------------------------------


def test_it_creates_about_two_hundred_influencers_once(demo):
    first = demo.counts_after_first

    assert counts() == first
    assert "already there" in demo.second_output
    assert 190 <= first["Influencer"] <= 220
    assert first["Topic"] >= 25
    assert first["MetricSnapshot"] >= first["SocialAccount"] * 26


def test_every_influencer_has_an_account_and_consistent_denormalized_fields(demo):
    workspace = Workspace.objects.get(slug="demo")

    influencers = list(
        Influencer.objects.filter(workspace=workspace).prefetch_related("social_accounts")
    )

    assert all(person.social_accounts.all() for person in influencers)
    for person in influencers:
        assert person.total_followers == sum(a.followers for a in person.social_accounts.all())
        assert person.search_vector
        assert person.sort_name == sort_key(person.name)
    # The trend of every account ends where its accounts table stands.
    latest = {
        shot.social_account_id: shot
        for shot in MetricSnapshot.objects.filter(social_account__workspace=workspace).order_by(
            "captured_on"
        )
    }
    for account in SocialAccount.objects.filter(workspace=workspace):
        shot = latest[account.pk]
        assert (shot.followers, shot.engagement_rate) == (
            account.followers,
            account.engagement_rate,
        )
    # last_* match what the timeline service computes.
    sample = influencers[::17]
    before = [(p.last_inbound_at, p.last_outbound_at, p.last_two_way_at) for p in sample]
    for person in sample:
        influencer_refresh_last_contact(influencer=person)
    assert before == [(p.last_inbound_at, p.last_outbound_at, p.last_two_way_at) for p in sample]


def test_it_tells_a_believable_story(demo):
    workspace = Workspace.objects.get(slug="demo")
    people = Influencer.objects.filter(workspace=workspace)

    stages = {stage: people.filter(stage=stage).count() for stage in Stage.values}
    assert stages[Stage.PROSPECT] + stages[Stage.AWARE] > people.count() / 2
    assert 0 < stages[Stage.AMBASSADOR] < stages[Stage.COLLABORATING]
    assert people.filter(do_not_contact=True).exclude(do_not_contact_reason="").count() >= 3
    assert people.values("country").distinct().count() >= 12
    assert people.values("time_zone").distinct().count() >= 12
    assert people.filter(owner__isnull=False).count() > people.count() * 0.8
    assert people.filter(team__name="Digital marketing").exists()
    # Open reply commitments: messages of theirs nobody answered yet.
    open_replies = Commitment.objects.filter(
        workspace=workspace, kind=CommitmentKind.REPLY, fulfilled_at__isnull=True
    )
    assert open_replies.count() >= 10
    assert Commitment.objects.filter(kind=CommitmentKind.REPLY, fulfilled_at__isnull=False).exists()
    oldest = Interaction.objects.filter(workspace=workspace).order_by("occurred_at").first()
    newest = Interaction.objects.filter(workspace=workspace).order_by("occurred_at").last()
    assert (newest.occurred_at - oldest.occurred_at).days > 365
    assert ChannelPermission.objects.filter(influencer__workspace=workspace, is_open=True).exists()
    assert RateCard.objects.filter(influencer__workspace=workspace).exists()
    # A few profiles of the same person, for the duplicates page.
    assert len(duplicate_pairs(workspace=workspace).pairs) >= 3


# --- relationship health -----------------------------------------------------------------------


def test_it_leaves_ninety_days_of_health_history_with_a_spread_of_bands(demo):
    workspace = Workspace.objects.get(slug="demo")
    people = Influencer.objects.filter(workspace=workspace, erased_at__isnull=True)
    snapshots = HealthSnapshot.objects.filter(workspace=workspace)
    today = health_day(timezone.now())

    days = snapshots.values_list("day", flat=True).distinct()
    assert sorted(days) == [today - timedelta(days=back) for back in range(90, -1, -1)]
    assert snapshots.filter(day=today).count() == people.count()
    assert snapshots.count() == people.count() * 91
    bands = Counter(people.values_list("health_band", flat=True))
    assert set(bands) == set(HealthBand.values)
    for band in (HealthBand.AT_RISK, HealthBand.COOLING, HealthBand.DORMANT):
        assert 3 <= bands[band] <= 15, band
    assert bands[HealthBand.THRIVING] >= 10
    assert bands[HealthBand.HEALTHY] >= 30
    # The at-risk say why, in words the dashboard shows.
    for person in people.filter(health_band=HealthBand.AT_RISK):
        codes = {reason["code"] for reason in person.health_reasons}
        assert codes & {"quiet", "unanswered", "low_reply_rate", "waiting"}
    # The trend has a past: some relationships were in another band 90 days ago.
    first = dict(snapshots.filter(day=today - timedelta(days=90)).values_list("influencer", "band"))
    changed = [p for p in people if first[p.pk] != p.health_band]
    assert len(changed) >= 10
    assert "demo health: 90 days of history" in demo.first_output


def test_a_second_run_keeps_the_health_history_as_it_is(demo):
    assert set(HealthSnapshot.objects.values_list("pk", "computed_at")) == (
        demo.snapshots_after_first
    )
    assert "demo health history already there" in demo.second_output


# --- outreach and campaigns --------------------------------------------------------------------


def test_the_demo_command_tells_every_states_story(demo):
    statuses = set(Pitch.objects.values_list("status", flat=True))
    assert statuses == set(PitchStatus.values), demo.first_output
    assert "demo pitches: 13" in demo.first_output


def test_the_demo_campaigns_run_end_to_end(demo):
    said = demo.first_output
    assert set(Collaboration.objects.values_list("stage", flat=True)) == set(
        CollaborationStage.values
    ), said
    assert set(Campaign.objects.values_list("status", flat=True)) == set(CampaignStatus.values)
    active = Campaign.objects.get(status=CampaignStatus.ACTIVE)
    report = campaign_report(campaign=active, now=timezone.now())
    assert report.total.views > 0 and report.moments
    # The outreach demo kept its people: its pitches reached no one in a campaign.
    outreach_people = Pitch.objects.filter(context_id="").values("influencer")
    assert not Collaboration.objects.filter(influencer__in=outreach_people).exists()
