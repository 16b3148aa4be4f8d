"""Merging two profiles of the same influencer moves their collaborations; both in one
campaign become one, with everything of both, at the further stage."""

from datetime import UTC, date, datetime

import pytest

from campaigns.models import (
    Collaboration,
    Deliverable,
    Offer,
    Payment,
    Shipment,
    Stage,
)
from contacts.services.merge import influencer_merge
from tests.factories import CampaignFactory, CollaborationFactory, ProfileFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def person(personas, name, email):
    return ProfileFactory(personas=personas, name=name, emails=[email])


def campaign(personas, name):
    return CampaignFactory(workspace=personas.workspace, name=name)


def collaboration(campaign, influencer, stage=Stage.SHORTLISTED, **extra):
    return CollaborationFactory(campaign=campaign, influencer=influencer, stage=stage, **extra)


def test_collaborations_of_the_duplicate_move_to_the_kept_profile(personas):
    keep = person(personas, "Ana Rocha", "ana@trails.example")
    drop = person(personas, "Ana R.", "ana.r@studio.example")
    spring = campaign(personas, "Spring trails")
    moved = collaboration(spring, drop, Stage.AGREED)

    influencer_merge(keep=keep, drop=drop, actor=personas.manager, now=NOW)

    moved.refresh_from_db()
    assert moved.influencer == keep and moved.stage == Stage.AGREED


def test_both_in_one_campaign_become_one_collaboration_with_everything_of_both(personas):
    keep = person(personas, "Ana Rocha", "ana@trails.example")
    drop = person(personas, "Ana R.", "ana.r@studio.example")
    spring = campaign(personas, "Spring trails")
    ours = collaboration(spring, keep, Stage.INVITED, story_notes="Her knee story")
    theirs = collaboration(spring, drop, Stage.AGREED, story_notes="Shoot in Chamonix")
    Offer.objects.create(collaboration=theirs, fee=900, currency="EUR")
    Payment.objects.create(collaboration=theirs, amount=900, due_on=date(2026, 12, 1))
    Deliverable.objects.create(collaboration=theirs, kind="instagram_reel", title="Reel 1")
    Shipment.objects.create(collaboration=ours, items="Trail shoes, size 39")
    Shipment.objects.create(collaboration=theirs, items="Rain jacket", tracking="1Z999")

    influencer_merge(keep=keep, drop=drop, actor=personas.manager, now=NOW)

    only = Collaboration.objects.get(campaign=spring)
    assert only.pk == ours.pk and only.influencer == keep
    assert only.stage == Stage.AGREED  # the further of the two
    assert only.story_notes == "Her knee story\n\nShoot in Chamonix"
    assert only.offers.get().fee == 900
    assert only.payments.count() == 1 and only.deliverables.get().title == "Reel 1"
    shipment = Shipment.objects.get()
    assert shipment.collaboration == only
    assert "Rain jacket" in shipment.items and "Trail shoes" in shipment.items
    assert shipment.tracking == "1Z999"


def test_a_live_collaboration_wins_over_a_declined_one(personas):
    keep = person(personas, "Ana Rocha", "ana@trails.example")
    drop = person(personas, "Ana R.", "ana.r@studio.example")
    spring = campaign(personas, "Spring trails")
    collaboration(spring, keep, Stage.DECLINED)
    collaboration(spring, drop, Stage.NEGOTIATING)

    influencer_merge(keep=keep, drop=drop, actor=personas.manager, now=NOW)

    assert Collaboration.objects.get(campaign=spring).stage == Stage.NEGOTIATING
