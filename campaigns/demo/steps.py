"""One collaboration's steps for the demo campaigns (campaigns/demo/steps.py), each through
the services with `now=` in the past: shortlist, invite, answer, move, offer, agree, ship, the
deliverables through their review and results, payments; and a campaign created and moved
through its statuses."""

import dataclasses
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from campaigns.demo.base import EXCHANGE_RATES, Demo
from campaigns.demo.people import first_name, invitation_body, pick_free, topics
from campaigns.models import Campaign, Collaboration
from campaigns.services import campaigns as campaign_services
from campaigns.services import deliverables, delivery, offers, pipeline
from contacts.models import Channel, Influencer, RateCard
from irm.models import Role, User
from outreach import services as outreach_services
from outreach.models import Pitch


def shortlist_in(demo: Demo, campaign: Campaign, influencer: Influencer, at: datetime):
    collaboration = pipeline.collaboration_shortlist(
        campaign=campaign, influencer=influencer, actor=campaign.owner, now=at
    )
    demo.made.append(collaboration)
    return collaboration


def invite_to(demo: Demo, collaboration: Collaboration, at: datetime) -> Pitch:
    """Drafted through the guard, then sent by its author a few minutes later."""
    campaign, influencer = collaboration.campaign, collaboration.influencer
    author = campaign.owner
    invitation = pipeline.collaboration_invite(
        collaboration=collaboration,
        actor=author,
        actor_role=role_of(demo, author),
        subject=f"{campaign.name}: {campaign.brand.name} and {first_name(influencer)}",
        body=invitation_body(influencer, campaign, author),
        channel=Channel.EMAIL,
        topics=topics(influencer),
        now=at,
    )
    collaboration.refresh_from_db()
    return outreach_services.pitch_send(
        pitch=invitation.pitch,
        actor=author,
        actor_role=role_of(demo, author),
        now=at + timedelta(minutes=4),
    )


def role_of(demo: Demo, user: User) -> str:
    return next((role for role, member in demo.members.items() if member == user), Role.MEMBER)


def answer_with(pitch: Pitch, answer: str, at: datetime, note: str, actor: User) -> None:
    outreach_services.pitch_log_answer(
        pitch=pitch, answer=answer, actor=actor, note=note, answered_at=at, now=at
    )


def move_to(collaboration: Collaboration, stage: str, at: datetime) -> Collaboration:
    return pipeline.collaboration_move(
        collaboration=collaboration, stage=stage, actor=collaboration.campaign.owner, now=at
    )


def offer_items(influencer: Influencer) -> list[tuple[str, int]]:
    """Two of what their rate card prices, the first of them twice."""
    kinds = list(
        RateCard.objects.filter(influencer=influencer)
        .order_by("deliverable_type")
        .values_list("deliverable_type", flat=True)
        .distinct()
    )[:2]
    return [(kind, 2 if index == 0 else 1) for index, kind in enumerate(kinds)]


def rates_value(influencer: Influencer, items, currency: str) -> Decimal:
    """What their rate card asks for these items, in `currency` at the demo's exchange rates."""
    total = Decimal(0)
    for kind, quantity in items:
        rates = {
            rate.currency: rate.amount
            for rate in RateCard.objects.filter(influencer=influencer, deliverable_type=kind)
        }
        if currency in rates:
            amount = rates[currency]
        else:
            source, amount = next(iter(rates.items()))
            amount = amount * EXCHANGE_RATES[(source, currency)]
        total += amount * quantity
    return total


def fee_for(influencer: Influencer, items, currency: str, share: str) -> Decimal:
    value = rates_value(influencer, items, currency) * Decimal(share)
    return max(Decimal(50), (value / 10).quantize(Decimal(1), rounding=ROUND_HALF_UP) * 10)


def offer_make(
    collaboration: Collaboration, at: datetime, *, share: str, product: str = "", value=0
):
    campaign, influencer = collaboration.campaign, collaboration.influencer
    items = offer_items(influencer)
    return offers.offer_create(
        collaboration=collaboration,
        actor=campaign.owner,
        fee=fee_for(influencer, items, campaign.currency, share),
        currency=campaign.currency,
        product=product,
        product_value=Decimal(value) if product else None,
        items=items,
        now=at,
    )


def agree(demo: Demo, collaboration: Collaboration, offer, at: datetime, *, signed_days: int):
    """They accept the offer (which moves them to Agreed); the contract goes out the same day
    and comes back signed."""
    offers.offer_decide(offer=offer, accepted=True, actor=collaboration.campaign.owner, now=at)
    owner = collaboration.campaign.owner
    for status, moment in (("draft", at + timedelta(hours=1)), ("sent", at + timedelta(hours=2))):
        collaboration = delivery.contract_update(
            collaboration=collaboration, actor=owner, status=status, now=moment
        )
    signed_at = at + timedelta(days=signed_days)
    return delivery.contract_update(
        collaboration=collaboration,
        actor=owner,
        status="signed",
        signed_on=timezone.localtime(signed_at, demo.zone).date(),
        now=signed_at,
    )


def ship(collaboration: Collaboration, items: str, value, at: datetime, arrived_at=None):
    owner = collaboration.campaign.owner
    shipment = delivery.shipment_save(
        collaboration=collaboration,
        items=items,
        value=value,
        currency=collaboration.campaign.currency,
        # Their profile's address when they gave one.
        address=None if collaboration.influencer.shipping_address else "c/o their studio",
        carrier="DHL",
        tracking=f"JD0146{collaboration.pk:06d}",
        actor=owner,
        now=at,
    )
    shipment = delivery.shipment_mark_shipped(shipment=shipment, shipped_at=at, actor=owner, now=at)
    if arrived_at is not None:
        delivery.shipment_mark_delivered(
            shipment=shipment, delivered_at=arrived_at, actor=owner, now=arrived_at
        )
    return shipment


@dataclasses.dataclass(frozen=True)
class Piece:
    """One deliverable's life, in days ago (None: it has not happened yet)."""

    title: str
    due: int
    draft: int | None = None
    changes: int | None = None  # sent back for changes, then submitted again a day later
    approved: int | None = None
    published: int | None = None
    reach: float = 1.0  # how well it did, as a share of their audience's usual
    moment: str = ""


def piece_add(demo: Demo, collaboration: Collaboration, piece: Piece, added: int):
    return deliverables.deliverable_add(
        collaboration=collaboration,
        kind=offer_items(collaboration.influencer)[0][0],
        title=piece.title,
        due_on=demo.day(piece.due),
        actor=collaboration.campaign.owner,
        now=demo.at(added),
    )


def piece_progress(demo: Demo, collaboration: Collaboration, deliverable, piece: Piece):
    """Draft, review, publishing and a moment, as far as the piece has come; the collaboration
    moves to In review with its first draft and to Published with its first post."""
    owner = collaboration.campaign.owner
    handle = "".join(collaboration.influencer.name.lower().split())
    if piece.draft is None:
        return collaboration
    draft = f"https://drafts.example/{handle}/{deliverable.pk}"
    deliverable = deliverables.deliverable_submit_draft(
        deliverable=deliverable, draft_url=draft, actor=None, now=demo.at(piece.draft, 15)
    )
    if piece.changes is not None:
        deliverables.deliverable_request_changes(
            deliverable=deliverable,
            comment="Lovely. Could the repair-bench shot come first, and the #ad be in the first "
            "line rather than among the hashtags?",
            actor=owner,
            now=demo.at(piece.changes, 10),
        )
        deliverable = deliverables.deliverable_submit_draft(
            deliverable=deliverable,
            draft_url=f"{draft}?v=2",
            actor=None,
            now=demo.at(piece.changes - 1, 16),
        )
    if piece.approved is None:
        return collaboration
    deliverables.deliverable_approve(
        deliverable=deliverable,
        comment="Approved: thank you, it is wonderful.",
        actor=owner,
        now=demo.at(piece.approved, 10),
    )
    if piece.published is None:
        return collaboration
    deliverables.deliverable_publish(
        deliverable=deliverable,
        published_url=f"https://social.example/{handle}/{deliverable.pk}",
        published_at=demo.at(piece.published, 18),
        actor=owner,
        now=demo.at(piece.published, 19),
    )
    if piece.moment:
        deliverables.moment_add(
            collaboration=collaboration,
            deliverable=deliverable,
            text=piece.moment,
            actor=owner,
            now=demo.at(piece.published - 1, 12),
        )
    return collaboration


def piece_measure(demo: Demo, deliverable, piece: Piece, days_ago: int) -> None:
    deliverable.refresh_from_db()  # published since it was added
    deliverables.deliverable_result_save(
        deliverable=deliverable,
        actor=deliverable.collaboration.campaign.owner,
        now=demo.at(days_ago, 9),
        **result_metrics(deliverable.collaboration.influencer, piece.reach),
    )


def result_metrics(influencer: Influencer, reach: float) -> dict[str, int]:
    """Believable figures for their audience: views a fifth of it, a few percent engaging."""
    audience = max(influencer.total_followers or 0, 5_000)
    views = int(audience * 0.22 * reach)
    likes = int(views * 0.061)
    comments = max(3, int(likes * 0.045))
    positive = int(comments * 0.7)
    negative = max(0, int(comments * 0.05))
    return {
        "views": views,
        "likes": likes,
        "comments": comments,
        "shares": int(likes * 0.08),
        "saves": int(likes * 0.12),
        "clicks": int(views * 0.012),
        "conversions": int(views * 0.0011),
        "positive_comments": positive,
        "negative_comments": negative,
        "neutral_comments": comments - positive - negative,
    }


def payment_plan(
    demo: Demo,
    collaboration: Collaboration,
    amount: Decimal,
    *,
    currency: str,
    scheduled: int,
    due: int,
    note: str = "",
):
    owner = collaboration.campaign.owner
    payment = delivery.payment_schedule(
        collaboration=collaboration,
        amount=amount,
        currency=currency,
        due_on=demo.day(due),
        note=note,
        actor=owner,
        now=demo.at(scheduled, 12),
    )
    return payment


def payment_paid(demo: Demo, payment, days_ago: int) -> None:
    moment = demo.at(days_ago, 14)
    delivery.payment_mark_paid(
        payment=payment, actor=payment.collaboration.campaign.owner, paid_at=moment, now=moment
    )


def accepted_fee(collaboration: Collaboration) -> Decimal:
    return collaboration.offers.get(status="accepted").fee


def campaign_start(demo: Demo, brand, *, created: int, owner: User, **fields) -> Campaign:
    return campaign_services.campaign_create(
        workspace=demo.workspace,
        actor=owner,
        brand=brand,
        owner=owner,
        now=demo.at(created, 9),
        **fields,
    )


def campaign_status_set(campaign: Campaign, status: str, at: datetime) -> Campaign:
    return campaign_services.campaign_update(
        campaign=campaign, actor=campaign.owner, status=status, now=at
    )


def invited_first(demo: Demo, campaign: Campaign, invite_days_ago: int):
    """The first free person the guard lets through, shortlisted two days before their
    invitation went out `invite_days_ago` days ago: (collaboration, pitch), or None."""
    person, at = pick_free(demo, campaign, invite_days_ago)
    if person is None:
        return None
    collab = shortlist_in(demo, campaign, person, at - timedelta(days=2))
    return collab, invite_to(demo, collab, at)


def answered(
    demo: Demo, campaign: Campaign, invite_days_ago: int, answer: str, at, note: str, actor
) -> Collaboration | None:
    """The first free person the guard lets through, invited `invite_days_ago` days ago (see
    invited_first), who answered their invitation at `at`: their collaboration, or None."""
    found = invited_first(demo, campaign, invite_days_ago)
    if found is None:
        return None
    collab, pitch = found
    answer_with(pitch, answer, at, note, actor)
    return collab
