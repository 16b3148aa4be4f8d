"""Demo campaigns: brands, campaigns in every status and collaborations in every stage, made
through the services; idempotent; the published campaign's report has figures."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from campaigns.demo import create_demo_data
from campaigns.fairness import FairnessVerdict
from campaigns.models import (
    Brand,
    Campaign,
    CampaignStatus,
    Collaboration,
    ContractStatus,
    Deliverable,
    DeliverableStatus,
    ExchangeRate,
    Offer,
    OfferStatus,
    Payment,
    Shipment,
    Stage,
)
from campaigns.selectors.offers import offer_fairness_for
from campaigns.selectors.report import campaign_report
from contacts.models import (
    Channel,
    Commitment,
    CommitmentKind,
    DeliverableType,
    Interaction,
    InteractionKind,
    RateCard,
)
from contacts.services import channel_permission_set, influencer_create, social_account_save
from irm.models import EmailStatus, OutboxEmail
from outreach.models import Pitch

pytestmark = pytest.mark.django_db

ZONES = ["Europe/Paris", "America/New_York", "Europe/London", "UTC", "Asia/Tokyo"]
CURRENCIES = ["EUR", "USD", "GBP"]


def users_of(personas) -> dict:
    people = [personas.admin, personas.manager, personas.member, personas.viewer]
    return {user.email: user for user in people}


def run(personas) -> str:
    out = io.StringIO()
    create_demo_data(workspace=personas.workspace, users=users_of(personas), stdout=out)
    return out.getvalue()


@pytest.fixture
def people(personas):
    """Twenty people with an open email channel and a rate card, in several currencies."""
    long_ago = timezone.now() - timedelta(days=400)
    made = []
    for index in range(20):
        influencer = influencer_create(
            workspace=personas.workspace,
            actor=personas.admin,
            name=f"Creator {index:02d}",
            emails=[f"creator{index}@example.test"],
            topics=["Repair and upcycling"],
            time_zone=ZONES[index % len(ZONES)],
            now=long_ago,
        )
        social_account_save(
            influencer=influencer,
            platform="instagram",
            handle=f"creator{index}",
            followers=20_000 + index * 3_000,
            now=long_ago,
        )
        channel_permission_set(
            influencer=influencer,
            channel=Channel.EMAIL,
            is_open=True,
            evidence="Business email on the profile",
            actor=personas.admin,
            since=long_ago,
            now=long_ago,
        )
        currency = CURRENCIES[index % 3]
        for kind, amount in ((DeliverableType.INSTAGRAM_REEL, 400), ("instagram_story", 120)):
            RateCard.objects.create(
                workspace=personas.workspace,
                influencer=influencer,
                deliverable_type=kind,
                amount=Decimal(amount + index * 10),
                currency=currency,
            )
        made.append(influencer)
    return made


def test_it_makes_campaigns_in_every_status_and_collaborations_in_every_stage(personas, people):
    said = run(personas)

    campaigns = Campaign.objects.filter(workspace=personas.workspace)
    assert set(campaigns.values_list("status", flat=True)) == set(CampaignStatus.values), said
    collaborations = Collaboration.objects.filter(campaign__workspace=personas.workspace)
    assert set(collaborations.values_list("stage", flat=True)) == set(Stage.values), said
    assert Brand.objects.filter(workspace=personas.workspace).count() == 3
    assert all(brand.values for brand in Brand.objects.all())
    # Nobody is in two stories.
    assert collaborations.count() == collaborations.values("influencer").distinct().count()


def test_every_collaboration_was_made_through_the_services(personas, people):
    run(personas)

    collaboration_type = ContentType.objects.get_for_model(Collaboration)
    for collaboration in Collaboration.objects.all():
        entries = Interaction.objects.filter(
            source_type=collaboration_type, source_id=str(collaboration.pk)
        )
        assert entries.filter(summary__startswith="Shortlisted for").exists()
        moves = entries.filter(kind=InteractionKind.STAGE_CHANGE).count()
        assert (moves == 0) == (collaboration.stage == Stage.SHORTLISTED)
        if collaboration.invitation is None:
            # Dropped (or not asked yet) before anyone wrote to them.
            assert collaboration.stage in {Stage.SHORTLISTED, Stage.CANCELLED}
            assert moves <= 1
        else:
            # Invited through the guard: their invitation is a pitch about this campaign.
            assert collaboration.invitation.context == collaboration.campaign
            assert collaboration.invitation.sent_at is not None
            assert entries.filter(summary__endswith="Shortlisted → Invited").exists()


def test_each_stage_tells_its_part_of_the_story(personas, people):
    run(personas)
    stage = {c.stage: c for c in Collaboration.objects.all()}

    negotiating = stage[Stage.NEGOTIATING].offers.get(status=OfferStatus.PROPOSED)
    fairness = offer_fairness_for(offer=negotiating)
    assert fairness.verdict == FairnessVerdict.BELOW, fairness.sentence
    assert fairness.sentence

    agreed = stage[Stage.AGREED]
    assert agreed.contract_status == ContractStatus.SIGNED
    assert agreed.payments.filter(paid_at__isnull=True, due_on__gt=timezone.localdate()).exists()
    assert agreed.offers.filter(status=OfferStatus.ACCEPTED).exists()

    in_review = stage[Stage.IN_REVIEW].deliverables.get()
    assert in_review.status == DeliverableStatus.DRAFT_SUBMITTED
    assert Commitment.objects.filter(
        influencer=stage[Stage.IN_REVIEW].influencer,
        kind=CommitmentKind.FEEDBACK,
        fulfilled_at__isnull=True,
    ).exists()

    published = stage[Stage.PUBLISHED]
    assert (
        published.deliverables.filter(
            status=DeliverableStatus.PUBLISHED, result__isnull=False
        ).count()
        == 2
    )
    assert published.moments.exists()
    overdue = published.payments.get()
    assert overdue.paid_at is None and overdue.due_on < timezone.localdate()
    assert Commitment.objects.filter(
        influencer=published.influencer,
        kind=CommitmentKind.PAYMENT,
        fulfilled_at__isnull=True,
        due_at__lt=timezone.now(),
    ).exists()

    completed = Collaboration.objects.filter(stage=Stage.COMPLETED)
    assert Payment.objects.filter(collaboration__in=completed, paid_at__isnull=False).exists()
    assert Shipment.objects.filter(delivered_at__isnull=False).exists()
    assert {r.from_currency for r in ExchangeRate.objects.all()} == {"EUR", "USD", "GBP"}
    assert stage[Stage.DECLINED].invitation.status == "declined"


def test_the_active_campaigns_report_has_figures(personas, people):
    run(personas)
    campaign = Campaign.objects.get(status=CampaignStatus.ACTIVE)

    report = campaign_report(campaign=campaign, now=timezone.now())

    published = Deliverable.objects.filter(
        collaboration__campaign=campaign, status=DeliverableStatus.PUBLISHED
    )
    assert published.filter(result__isnull=False).count() >= 4
    assert report.total.views > 0 and report.total.likes > 0
    assert len([row for row in report.rows if row.views]) >= 2
    assert report.spend.money.paid > 0 and report.spend.money.scheduled > 0
    assert report.moments
    completed = Campaign.objects.get(status=CampaignStatus.COMPLETED)
    assert campaign_report(campaign=completed, now=timezone.now()).rates_used


def test_email_of_the_past_is_not_sent_today(personas, people):
    run(personas)

    assert Pitch.objects.filter(sent_at__isnull=False).exists()
    assert not OutboxEmail.objects.filter(kind="pitch", status=EmailStatus.PENDING).exists()


def test_a_second_run_changes_nothing(personas, people):
    run(personas)
    counts = [
        model.objects.count()
        for model in (Brand, Campaign, Collaboration, Offer, Payment, Interaction, Pitch)
    ]

    said = run(personas)

    assert "demo campaigns already there" in said
    assert [
        model.objects.count()
        for model in (Brand, Campaign, Collaboration, Offer, Payment, Interaction, Pitch)
    ] == counts
