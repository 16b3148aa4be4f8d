"""Reads of offers and exchange rates: the workspace's offers with what they pay for, each
offer's fair-value check against the influencer's rate card (through the workspace's latest
exchange rates), and the rates themselves."""

from datetime import date, datetime
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from campaigns.fairness import Fairness, FairnessVerdict, offer_fairness
from campaigns.models import Collaboration, ExchangeRate, Offer, OfferItem
from contacts.models import RateCard


def offers_of(*, workspace, collaboration: Collaboration | None = None) -> QuerySet[Offer]:
    """The workspace's offers (or one collaboration's), newest first, with what they pay for."""
    rows = Offer.objects.filter(collaboration__workspace=workspace)
    if collaboration is not None:
        rows = rows.filter(collaboration=collaboration)
    return (
        rows.select_related("collaboration__influencer", "created_by")
        .prefetch_related(Prefetch("items", queryset=OfferItem.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )


def collaboration_offer_get(*, collaboration: Collaboration, public_id) -> Offer:
    return get_object_or_404(Offer, collaboration=collaboration, public_id=public_id)


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


def exchange_rates_of(*, workspace) -> QuerySet[ExchangeRate]:
    """The workspace's rates by pair, newest day first, with who set them."""
    return (
        ExchangeRate.objects.filter(workspace=workspace)
        .select_related("set_by")
        .order_by("from_currency", "to_currency", "-as_of", "id")
    )


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


def collaboration_offers(*, collaboration: Collaboration, now: datetime) -> list[Offer]:
    """The collaboration page's offers, each with its fairness and whether only a missing
    exchange rate stands in the way of comparing it."""
    offers = list(
        collaboration.offers.prefetch_related("items")
        .select_related("created_by", "collaboration__influencer")
        .all()
    )
    fairness = offers_fairness(offers, workspace=collaboration.workspace, now=now)
    for offer in offers:
        offer.fairness = fairness[offer.pk]
        # Only a missing exchange rate is something an admin can fix from here; no rate on the
        # card or no deliverables listed are not.
        offer.needs_exchange_rate = (
            offer.fairness.verdict == FairnessVerdict.CANNOT_COMPARE
            and "exchange rate" in offer.fairness.sentence
        )
    return offers


def offer_fairness_for(*, offer: Offer, now: datetime | None = None) -> Fairness:
    """The fair-value check of this one offer (offers_fairness)."""
    offer = (
        Offer.objects.select_related("collaboration__influencer", "collaboration__workspace")
        .prefetch_related("items")
        .get(pk=offer.pk)
    )
    found = offers_fairness(
        [offer], workspace=offer.collaboration.workspace, now=now or timezone.now()
    )
    return found[offer.pk]
