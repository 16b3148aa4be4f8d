import io
from collections import Counter
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from contacts.health.compute import health_day
from contacts.merge import duplicate_pairs
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
from contacts.services import influencer_refresh_last_contact
from irm.models import Workspace


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Influencer, SocialAccount, MetricSnapshot, Interaction, Commitment, RateCard,
            ChannelPermission, Topic, InfluencerList,
        )
    }  # fmt: skip


def test_it_creates_about_two_hundred_influencers_once(db):
    call_command("demo_data", stdout=io.StringIO())
    first = counts()

    output = io.StringIO()
    call_command("demo_data", stdout=output)

    assert counts() == first
    assert "already there" in output.getvalue()
    assert 190 <= first["Influencer"] <= 220
    assert first["Topic"] >= 25
    assert first["MetricSnapshot"] >= first["SocialAccount"] * 26


def test_every_influencer_has_an_account_and_consistent_denormalized_fields(db):
    call_command("demo_data", stdout=io.StringIO())
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


def test_it_tells_a_believable_story(db):
    call_command("demo_data", stdout=io.StringIO())
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


def test_it_leaves_ninety_days_of_health_history_with_a_spread_of_bands(db):
    output = io.StringIO()
    call_command("demo_data", stdout=output)
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
    assert "demo health: 90 days of history" in output.getvalue()


def test_a_second_run_keeps_the_health_history_as_it_is(db):
    call_command("demo_data", stdout=io.StringIO())
    computed = set(HealthSnapshot.objects.values_list("pk", "computed_at"))

    output = io.StringIO()
    call_command("demo_data", stdout=output)

    assert set(HealthSnapshot.objects.values_list("pk", "computed_at")) == computed
    assert "demo health history already there" in output.getvalue()
