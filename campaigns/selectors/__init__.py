"""Reads for campaigns, scoped to a workspace. Pages and the API fetch through these."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone

from campaigns.fairness import Fairness, offer_fairness
from campaigns.models import Collaboration, ExchangeRate, Offer
from contacts.models import RateCard
from outreach.models import PitchStatus
from outreach.selectors import pitch_verdict as pitch_check


def _first_sentence(message: str) -> str:
    head, dot, _ = message.partition(". ")
    return head + "." if dot else message


def collaboration_invite_state(*, collaboration: Collaboration, now: datetime) -> str:
    """Where their invitation stands, for the board: "blocked: <the guard's first sentence>",
    "held until <their next allowed moment>", "ready" (a draft that may go now), or, once it
    left the drafts, its pitch status ("sent", "scheduled", ...). The guard is asked at `now`,
    so a block that was lifted (a channel they opened since) shows as ready."""
    pitch = collaboration.invitation
    if pitch is None:
        return "not invited yet"
    if pitch.status != PitchStatus.DRAFT:
        return pitch.get_status_display().lower()
    verdict = pitch_check(pitch=pitch, now=now)
    if verdict.blocks:
        return f"blocked: {_first_sentence(verdict.blocks[0].message)}"
    if verdict.held_until is not None:
        zone = ZoneInfo(pitch.influencer.time_zone)
        local = verdict.held_until.astimezone(zone)
        return (
            f"held until {local:%a} {local.day} {local:%b} at {local:%H:%M} their time ({zone.key})"
        )
    return "ready"


def exchange_rates_on(
    *, workspace_id: int, to_currency: str, on: date
) -> dict[tuple[str, str], tuple[Decimal, date]]:
    """The workspace's latest rate into `to_currency` from each currency, set on or before `on`
    (one query: DISTINCT ON each pair, newest first)."""
    rows = (
        ExchangeRate.objects.filter(
            workspace_id=workspace_id, to_currency=to_currency, as_of__lte=on
        )
        .order_by("from_currency", "to_currency", "-as_of")
        .distinct("from_currency", "to_currency")
        .values_list("from_currency", "to_currency", "rate", "as_of")
    )
    return {(source, target): (rate, as_of) for source, target, rate, as_of in rows}


def offers_fairness(offers: list[Offer], *, workspace, now: datetime) -> dict[int, Fairness]:
    """Each offer's fair-value check against its influencer's rate card, through the
    workspace's latest exchange rates on or before today (in the workspace's time zone). The
    offers come with `collaboration__influencer` and their `items` loaded; this adds one query
    for the rate cards and one per currency offered, whatever the number of offers."""
    influencer_ids = {offer.collaboration.influencer_id for offer in offers}
    rates: dict[int, list] = {pk: [] for pk in influencer_ids}
    for influencer_id, kind, amount, currency in RateCard.objects.filter(
        influencer_id__in=influencer_ids
    ).values_list("influencer_id", "deliverable_type", "amount", "currency"):
        rates[influencer_id].append((kind, amount, currency))
    today = timezone.localdate(now, workspace.zone)
    exchange = {
        currency: exchange_rates_on(workspace_id=workspace.pk, to_currency=currency, on=today)
        for currency in {offer.currency for offer in offers}
    }
    found = {}
    for offer in offers:
        influencer = offer.collaboration.influencer
        found[offer.pk] = offer_fairness(
            offer_items=[(item.deliverable_type, item.quantity) for item in offer.items.all()],
            fee=offer.fee,
            product_value=offer.product_value,
            currency=offer.currency,
            rates=rates[influencer.pk],
            exchange=exchange[offer.currency],
            name=(influencer.name.split() or [influencer.name])[0],
            pronouns=influencer.pronouns,
        )
    return found
