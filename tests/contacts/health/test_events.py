"""Health is recomputed for the people a change touched as soon as it commits: a pitch, a
reply arriving by email, a payment; one statement for everyone a transaction touched."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from campaigns.models import Collaboration, Stage
from campaigns.services.deliverables import (
    deliverable_add,
    deliverable_approve,
    deliverable_publish,
    deliverable_submit_draft,
)
from campaigns.services.delivery import payment_mark_paid, payment_schedule
from campaigns.services.pipeline import brand_create, campaign_create
from contacts.models import (
    Channel,
    CommitmentKind,
    HealthBand,
    HealthSnapshot,
    InteractionKind,
)
from contacts.models import Stage as RelationshipStage
from contacts.services.channels import channel_permission_set
from contacts.services.profiles import influencer_create, influencer_update
from contacts.services.timeline import interaction_delete, interaction_record
from outreach.inbound.ingest import inbound_ingest
from outreach.services import pitch_create, pitch_send
from tests.contacts.factories import InfluencerFactory
from tests.contacts.health.history import DAY, IN, NOW, OUT, codes, compute, pitch, record, reply
from tests.outreach import inbound_mail as mail


@pytest.fixture
def ana(personas):
    """Ana Rocha in "acme", in UTC, who opened email to us and writes about trail running."""
    influencer = influencer_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Ana Rocha",
        emails=["ana@trails.example"],
        topics=["Trail running"],
        time_zone="UTC",
        now=NOW - 60 * DAY,
    )
    channel_permission_set(
        influencer=influencer,
        channel=Channel.EMAIL,
        is_open=True,
        evidence="Business email on her profile",
        actor=personas.member,
        now=NOW - 60 * DAY,
    )
    return influencer


def snapshot_statements(queries) -> int:
    return sum("INSERT INTO contacts_healthsnapshot" in q["sql"] for q in queries)


def test_a_pitch_in_an_unanswered_streak_lowers_respect_at_once(
    ana, personas, django_capture_on_commit_callbacks
):
    record(
        reply(ana, NOW - 30 * DAY),
        pitch(ana, NOW - 20 * DAY),
        pitch(ana, NOW - 10 * DAY),
    )
    assert compute(ana, NOW - DAY).respect == 85

    with django_capture_on_commit_callbacks(execute=True):
        interaction_record(
            influencer=ana,
            kind=InteractionKind.PITCH,
            direction=OUT,
            channel=Channel.EMAIL,
            summary="Shoes for Lavaredo, a third time",
            author=personas.member,
            guard_checked=True,
            now=NOW,
        )

    ana.refresh_from_db()
    assert ana.health_computed_at == NOW
    health = HealthSnapshot.objects.get(influencer=ana, day=NOW.date())
    assert health.respect == 70
    assert {"code": "unanswered", "count": 3} in ana.health_reasons
    assert ana.health_score == health.score


def test_a_reply_by_email_to_a_pitch_makes_the_relationship_two_way(
    ana, personas, django_capture_on_commit_callbacks
):
    sent_at, answered_at = NOW - 2 * DAY, NOW - DAY
    draft = pitch_create(
        influencer=ana,
        author=personas.member,
        channel=Channel.EMAIL,
        subject="Shoes for Lavaredo",
        body="Hi Ana, your write-up of the Lavaredo ultra was wonderful; would you test them?",
        topics=["Trail running"],
        now=sent_at,
    )
    sent = pitch_send(pitch=draft, actor=personas.member, actor_role="member", now=sent_at)
    assert compute(ana, sent_at).computed_band == HealthBand.NEW

    with django_capture_on_commit_callbacks(execute=True):
        result = inbound_ingest(
            raw=mail.gmail_reply(
                in_reply_to=sent.message_id,
                to=(personas.workspace.reply_to_address,),
                subject="Re: Shoes for Lavaredo",
                date=answered_at,
            ),
            now=NOW,
        )

    assert result.outcome == "matched"
    ana.refresh_from_db()
    assert ana.health_computed_at == NOW
    health = HealthSnapshot.objects.get(influencer=ana, day=NOW.date())
    assert health.recency == 100 and health.computed_band != HealthBand.NEW
    assert (health.facts["sent"], health.facts["answered"]) == (1, 1)
    assert health.reciprocity == 70
    assert "no_two_way" not in codes(health)
    assert ana.health_band == health.band


def test_a_late_payment_paid_restores_what_we_owe_at_once(
    ana, personas, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW - 20 * DAY, tick=False):
        brand = brand_create(workspace=personas.workspace, actor=personas.manager, name="Trailhead")
        campaign = campaign_create(
            workspace=personas.workspace,
            actor=personas.manager,
            brand=brand,
            name="Spring trails",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 12, 31),
            budget=10000,
            currency="eur",
            owner=personas.manager,
        )
        collaboration = Collaboration.objects.create(
            workspace=personas.workspace,
            campaign=campaign,
            influencer=ana,
            stage=Stage.AGREED,
            owner=personas.member,
        )
        payment = payment_schedule(
            collaboration=collaboration,
            amount=Decimal("900"),
            currency="EUR",
            due_on=(NOW - 10 * DAY).date(),  # due at 17:00 in Paris, that day
            actor=personas.member,
            now=NOW - 20 * DAY,
        )
    late = compute(ana, NOW)
    assert late.owed == 100 - (20 + 2 * 9)
    assert "payment_late" in codes(late)

    with (
        time_machine.travel(NOW + timedelta(hours=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        payment_mark_paid(
            payment=payment, actor=personas.manager, paid_at=NOW, now=NOW + timedelta(hours=1)
        )

    ana.refresh_from_db()
    assert ana.health_computed_at == NOW + timedelta(hours=1)
    paid = HealthSnapshot.objects.get(influencer=ana, day=NOW.date())
    assert paid.owed == 100
    assert paid.facts["payments_late"] == 0
    assert "payment_late" not in codes(paid)
    assert ana.commitments.get(kind=CommitmentKind.PAYMENT).fulfilled_at == NOW


def test_a_draft_they_submit_and_the_post_they_publish_are_contact_from_them(
    ana, personas, django_capture_on_commit_callbacks
):
    record(pitch(ana, NOW - 40 * DAY))
    with time_machine.travel(NOW - 40 * DAY, tick=False):
        brand = brand_create(workspace=personas.workspace, actor=personas.manager, name="Trailhead")
        campaign = campaign_create(
            workspace=personas.workspace,
            actor=personas.manager,
            brand=brand,
            name="Spring trails",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 12, 31),
            budget=10000,
            currency="eur",
            owner=personas.manager,
        )
    collaboration = Collaboration.objects.create(
        workspace=personas.workspace,
        campaign=campaign,
        influencer=ana,
        stage=Stage.AGREED,
        owner=personas.member,
    )
    reel = deliverable_add(
        collaboration=collaboration,
        kind="instagram_reel",
        title="Sunrise reel",
        actor=personas.member,
        now=NOW - 40 * DAY,
    )
    assert compute(ana, NOW - 30 * DAY).computed_band == HealthBand.NEW

    drafted_at = NOW - 30 * DAY
    with django_capture_on_commit_callbacks(execute=True):
        deliverable_submit_draft(
            deliverable=reel, draft_url="https://drive.example/reel", actor=None, now=drafted_at
        )

    ana.refresh_from_db()
    assert ana.last_two_way_at == drafted_at
    assert ana.health_band != HealthBand.NEW
    drafted = HealthSnapshot.objects.get(influencer=ana, day=drafted_at.date())
    assert drafted.recency == 100 and "no_two_way" not in codes(drafted)

    with (
        time_machine.travel(NOW - 2 * DAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliverable_approve(deliverable=reel, actor=personas.member, now=NOW - 2 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        deliverable_publish(
            deliverable=reel,
            published_url="https://instagram.example/p/Cx1",
            published_at=NOW - DAY,
            actor=personas.member,
            now=NOW,
        )

    ana.refresh_from_db()
    assert ana.last_two_way_at == NOW - DAY
    published = HealthSnapshot.objects.get(influencer=ana, day=NOW.date())
    assert published.facts["days_quiet"] == 1


def test_approving_a_draft_recomputes_health_as_of_the_approval_not_the_clock(
    ana, personas, django_capture_on_commit_callbacks
):
    """The feedback owed on the draft is kept when it is approved: health is recomputed at the
    `now` the approval was given, whatever the clock says."""
    with time_machine.travel(NOW - 40 * DAY, tick=False):
        brand = brand_create(workspace=personas.workspace, actor=personas.manager, name="Trailhead")
        campaign = campaign_create(
            workspace=personas.workspace,
            actor=personas.manager,
            brand=brand,
            name="Spring trails",
            starts_on=date(2026, 10, 1),
            ends_on=date(2026, 12, 31),
            budget=10000,
            currency="eur",
            owner=personas.manager,
        )
    collaboration = Collaboration.objects.create(
        workspace=personas.workspace,
        campaign=campaign,
        influencer=ana,
        stage=Stage.AGREED,
        owner=personas.member,
    )
    reel = deliverable_add(
        collaboration=collaboration,
        kind="instagram_reel",
        actor=personas.member,
        now=NOW - 40 * DAY,
    )
    with django_capture_on_commit_callbacks(execute=True):
        deliverable_submit_draft(
            deliverable=reel, draft_url="https://drive.example/reel", actor=None, now=NOW - 30 * DAY
        )

    # The clock reads a year later: the approval is still dated as it was given.
    with (
        time_machine.travel(NOW + 365 * DAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        deliverable_approve(deliverable=reel, actor=personas.member, now=NOW - 29 * DAY)

    ana.refresh_from_db()
    assert ana.health_computed_at == NOW - 29 * DAY
    assert ana.commitments.get(kind=CommitmentKind.FEEDBACK).fulfilled_at == NOW - 29 * DAY
    assert not HealthSnapshot.objects.filter(influencer=ana, day__gt=(NOW - 29 * DAY).date())


def test_deleting_the_only_reply_makes_the_relationship_new_again(
    ana, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answer = interaction_record(
            influencer=ana,
            kind=InteractionKind.REPLY,
            direction=IN,
            summary="Yes please",
            author=personas.member,
            occurred_at=NOW - DAY,
            now=NOW - DAY,
        )
    ana.refresh_from_db()
    assert ana.health_band != HealthBand.NEW

    with django_capture_on_commit_callbacks(execute=True):
        interaction_delete(interaction=answer, actor=personas.member, now=NOW)

    ana.refresh_from_db()
    assert (ana.health_band, ana.health_computed_at) == (HealthBand.NEW, NOW)


def test_one_transaction_touching_several_people_computes_each_once(
    ana, personas, django_capture_on_commit_callbacks
):
    ben = InfluencerFactory(workspace=personas.workspace, name="Ben Okafor")
    carl = InfluencerFactory(workspace=personas.workspace, name="Carl Nyberg")

    def log(influencer, minutes):
        interaction_record(
            influencer=influencer,
            kind=InteractionKind.CALL,
            direction=OUT,
            summary="A call about spring",
            author=personas.member,
            guard_checked=True,
            occurred_at=NOW - timedelta(minutes=minutes),
            now=NOW - timedelta(minutes=minutes),
        )

    with (
        CaptureQueriesContext(transaction.get_connection()) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        for minutes, influencer in enumerate([ana, ben, ana, carl, ben]):
            log(influencer, 10 - minutes)

    assert snapshot_statements(queries.captured_queries) == 1
    for influencer in (ana, ben, carl):
        influencer.refresh_from_db()
        # All at the latest moment of the transaction's changes.
        assert influencer.health_computed_at == NOW - timedelta(minutes=6)
        assert influencer.health_band != HealthBand.NEW
        assert HealthSnapshot.objects.filter(influencer=influencer).count() == 1


def test_a_change_committed_after_a_later_computation_still_shows(
    ana, personas, django_capture_on_commit_callbacks
):
    # A sweep batch computed Ana at 11:00, while a reply logged at 10:00 was not committed yet.
    later = NOW + timedelta(hours=1)
    assert compute(ana, later).computed_band == HealthBand.NEW

    with django_capture_on_commit_callbacks(execute=True):
        interaction_record(
            influencer=ana,
            kind=InteractionKind.REPLY,
            direction=IN,
            summary="Count me in",
            occurred_at=NOW,
            now=NOW,
        )

    ana.refresh_from_db()
    assert ana.health_computed_at == later
    assert ana.health_band != HealthBand.NEW
    assert HealthSnapshot.objects.get(influencer=ana).computed_at == later


def test_a_profile_edit_recomputes_health_only_when_its_stage_or_cadence_changed(
    ana, personas, django_capture_on_commit_callbacks
):
    """Stage and cadence are the profile's inputs of health (PROFILE_INPUTS); a new bio or city
    leaves health as it was computed."""
    with django_capture_on_commit_callbacks(execute=True):
        influencer_update(
            influencer=ana, actor=personas.member, bio="Ultra runner", location="Lyon", now=NOW
        )
    ana.refresh_from_db()
    assert ana.health_computed_at is None

    with django_capture_on_commit_callbacks(execute=True):
        influencer_update(influencer=ana, actor=personas.member, keep_in_touch_days=30, now=NOW)
    ana.refresh_from_db()
    assert ana.health_computed_at == NOW

    later = NOW + timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        influencer_update(
            influencer=ana, actor=personas.member, stage=RelationshipStage.ENGAGED, now=later
        )
    ana.refresh_from_db()
    assert ana.health_computed_at == later
