"""The board follows what happened: an accepted offer moves a collaboration to Agreed, a
submitted draft to In review, a published deliverable to Published, and the last payment of a
published collaboration to Completed. Each move lands on the timeline like a person's, and only
ever goes forward from where the card is now: it never undoes a later move made by hand and
never revives a declined or cancelled collaboration."""

from datetime import date, timedelta

import pytest

from campaigns.models import Collaboration, Stage
from campaigns.services.deliverables import (
    deliverable_add,
    deliverable_approve,
    deliverable_publish,
    deliverable_submit_draft,
)
from campaigns.services.delivery import payment_mark_paid, payment_schedule
from campaigns.services.offers import offer_create, offer_decide
from campaigns.services.pipeline import collaboration_move, collaboration_shortlist
from contacts.models import Interaction, InteractionKind
from tests.campaigns.conftest import NOW

pytestmark = pytest.mark.django_db

LATER = NOW + timedelta(hours=1)
MOVES = (InteractionKind.STAGE_CHANGE, InteractionKind.COLLABORATION_DONE)


@pytest.fixture
def ana_in(campaign, ana, personas):
    return collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )


def at_stage(collaboration, stage):
    Collaboration.objects.filter(pk=collaboration.pk).update(stage=stage)
    collaboration.refresh_from_db()
    return collaboration


def stage_of(collaboration) -> str:
    return Collaboration.objects.get(pk=collaboration.pk).stage


def moves_of(collaboration) -> list[tuple[str, str]]:
    entries = Interaction.objects.filter(source_id=str(collaboration.pk), kind__in=MOVES)
    return list(entries.order_by("occurred_at", "pk").values_list("summary", "body"))


def an_offer(collaboration, personas):
    return offer_create(
        collaboration=collaboration,
        actor=personas.member,
        fee=900,
        items=[("instagram_reel", 2)],
        now=NOW,
    )


def a_deliverable(collaboration, personas, title="Lavaredo reel"):
    return deliverable_add(
        collaboration=collaboration,
        kind="instagram_reel",
        title=title,
        actor=personas.member,
        now=NOW,
    )


def submitted(deliverable, at=LATER):
    return deliverable_submit_draft(
        deliverable=deliverable, draft_url="https://drafts.example/reel", actor=None, now=at
    )


def published(deliverable, personas, at=LATER):
    deliverable = submitted(deliverable, at)
    deliverable_approve(deliverable=deliverable, actor=personas.member, now=at)
    return deliverable_publish(
        deliverable=deliverable,
        published_url="https://social.example/p/reel",
        published_at=at,
        actor=personas.member,
        now=at,
    )


def a_payment(collaboration, personas, amount=450):
    return payment_schedule(
        collaboration=collaboration,
        amount=amount,
        currency="EUR",
        due_on=date(2026, 12, 1),
        actor=personas.member,
        now=NOW,
    )


def paid(payment, personas, at=LATER):
    return payment_mark_paid(payment=payment, actor=personas.member, paid_at=at, now=at)


# --- an accepted offer: Agreed -------------------------------------------------------------------


@pytest.mark.parametrize("stage", [Stage.SHORTLISTED, Stage.INVITED, Stage.NEGOTIATING])
def test_an_accepted_offer_moves_the_collaboration_to_agreed(ana_in, personas, stage):
    collaboration = at_stage(ana_in, stage)
    offer = an_offer(collaboration, personas)

    offer_decide(offer=offer, accepted=True, actor=personas.manager, now=LATER)

    moved = Collaboration.objects.get(pk=collaboration.pk)
    assert moved.stage == Stage.AGREED and moved.stage_changed_at == LATER
    entry = Interaction.objects.get(kind=InteractionKind.STAGE_CHANGE, source_id=str(moved.pk))
    assert entry.summary == f"Spring trails: {Stage(stage).label} → Agreed"
    assert entry.body == "Ana Rocha accepted the offer."
    assert entry.author == personas.manager and entry.occurred_at == LATER


def test_a_declined_offer_moves_nothing(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.NEGOTIATING)

    offer_decide(offer=an_offer(collaboration, personas), accepted=False, now=LATER)

    assert stage_of(collaboration) == Stage.NEGOTIATING
    assert moves_of(collaboration) == []


def test_an_offer_accepted_after_a_person_moved_the_card_further_leaves_it_there(ana_in, personas):
    offer = an_offer(at_stage(ana_in, Stage.NEGOTIATING), personas)
    collaboration_move(
        collaboration=ana_in,
        stage=Stage.IN_REVIEW,
        reason="Agreed by phone; her draft came by email.",
        actor=personas.member,
        now=NOW,
    )

    offer_decide(offer=offer, accepted=True, actor=personas.member, now=LATER)

    assert stage_of(ana_in) == Stage.IN_REVIEW
    assert moves_of(ana_in) == [
        ("Spring trails: Negotiating → In review", "Agreed by phone; her draft came by email.")
    ]


# --- a submitted draft: In review ----------------------------------------------------------------


def test_a_submitted_draft_moves_an_agreed_collaboration_to_in_review(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.AGREED)

    submitted(a_deliverable(collaboration, personas))

    assert stage_of(collaboration) == Stage.IN_REVIEW
    assert moves_of(collaboration) == [
        ("Spring trails: Agreed → In review", "Ana Rocha submitted a draft of “Lavaredo reel”.")
    ]


def test_a_late_draft_does_not_move_back_a_card_a_person_moved_to_published(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.AGREED)
    deliverable = a_deliverable(collaboration, personas)
    collaboration_move(
        collaboration=collaboration,
        stage=Stage.PUBLISHED,
        reason="She posted before sending the draft.",
        actor=personas.member,
        now=NOW,
    )

    submitted(deliverable)

    assert stage_of(collaboration) == Stage.PUBLISHED
    assert [summary for summary, _ in moves_of(collaboration)] == [
        "Spring trails: Agreed → Published"
    ]


@pytest.mark.parametrize("stage", [Stage.DECLINED, Stage.CANCELLED])
def test_a_draft_does_not_revive_a_declined_or_cancelled_collaboration(ana_in, personas, stage):
    collaboration = at_stage(ana_in, stage)

    submitted(a_deliverable(collaboration, personas))

    assert stage_of(collaboration) == stage
    assert moves_of(collaboration) == []


def test_a_second_draft_round_moves_nothing_more(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.AGREED)
    submitted(a_deliverable(collaboration, personas))

    submitted(a_deliverable(collaboration, personas, title="Second reel"), at=LATER + timedelta(1))

    assert stage_of(collaboration) == Stage.IN_REVIEW
    assert len(moves_of(collaboration)) == 1


# --- a published deliverable: Published ----------------------------------------------------------


def test_a_published_deliverable_moves_the_collaboration_to_published(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.AGREED)

    published(a_deliverable(collaboration, personas), personas)

    assert stage_of(collaboration) == Stage.PUBLISHED
    assert moves_of(collaboration) == [
        ("Spring trails: Agreed → In review", "Ana Rocha submitted a draft of “Lavaredo reel”."),
        ("Spring trails: In review → Published", "“Lavaredo reel” was published."),
    ]


def test_a_publication_does_not_undo_a_completed_collaboration(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.IN_REVIEW)
    deliverable = a_deliverable(collaboration, personas)
    collaboration_move(
        collaboration=collaboration,
        stage=Stage.COMPLETED,
        reason="Wrapped up on the phone.",
        actor=personas.member,
        now=NOW,
    )

    published(deliverable, personas)

    assert stage_of(collaboration) == Stage.COMPLETED


# --- the last payment: Completed -----------------------------------------------------------------


def test_the_last_payment_of_a_published_collaboration_completes_it(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.AGREED)
    first, last = a_payment(collaboration, personas), a_payment(collaboration, personas, 300)
    published(a_deliverable(collaboration, personas), personas)

    paid(first, personas)
    assert stage_of(collaboration) == Stage.PUBLISHED
    paid(last, personas, at=LATER + timedelta(minutes=5))

    assert stage_of(collaboration) == Stage.COMPLETED
    entry = Interaction.objects.get(
        kind=InteractionKind.COLLABORATION_DONE, source_id=str(collaboration.pk)
    )
    assert entry.summary == "Spring trails: Published → Completed"
    assert entry.body == "The last payment was made."
    assert entry.author == personas.member


def test_paid_before_the_content_is_out_it_waits_for_it(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.AGREED)
    deliverable = a_deliverable(collaboration, personas)

    paid(a_payment(collaboration, personas), personas)

    assert stage_of(collaboration) == Stage.AGREED
    published(deliverable, personas)
    assert stage_of(collaboration) == Stage.PUBLISHED


def test_paid_in_full_with_a_deliverable_still_to_come_it_stays_published(ana_in, personas):
    collaboration = at_stage(ana_in, Stage.AGREED)
    published(a_deliverable(collaboration, personas), personas)
    a_deliverable(collaboration, personas, title="Second reel")

    paid(a_payment(collaboration, personas), personas)

    assert stage_of(collaboration) == Stage.PUBLISHED


@pytest.mark.parametrize("stage", [Stage.CANCELLED, Stage.COMPLETED])
def test_a_payment_does_not_move_an_ended_collaboration(ana_in, personas, stage):
    collaboration = at_stage(ana_in, stage)

    paid(a_payment(collaboration, personas), personas)

    assert stage_of(collaboration) == stage
    assert moves_of(collaboration) == []
