"""Writes for offers (what we offer for which deliverables) and the exchange rates the workspace
keeps to compare offers with rate cards in other currencies. The fair-value check of an offer
is a read: campaigns/selectors/offers.py."""

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from campaigns.fairness import deliverable_noun, money
from campaigns.models import (
    Collaboration,
    ExchangeRate,
    Offer,
    OfferItem,
    OfferStatus,
    Stage,
)
from campaigns.services.campaigns import currency_clean
from campaigns.services.pipeline import collaboration_advance
from contacts.models import DeliverableType, Direction, InteractionKind
from contacts.services import interaction_record
from irm.errors import RuleError
from irm.models import User, Workspace

# A collaboration that ended takes no new offers.
CLOSED_STAGES = (Stage.COMPLETED, Stage.DECLINED, Stage.CANCELLED)


def _amount(value, *, field: str, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise RuleError(f"The {label} is a number.", field=field) from None
    if not amount.is_finite():
        raise RuleError(f"The {label} is a number.", field=field)
    if amount < 0:
        raise RuleError(f"The {label} cannot be negative.", field=field)
    if amount >= Decimal("1e10"):
        raise RuleError(f"The {label} is too large.", field=field)
    return amount.quantize(Decimal("0.01"))


def _items(items: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    cleaned: dict[str, int] = {}
    for kind, quantity in items:
        if kind not in DeliverableType.values:
            raise RuleError(f"“{kind}” is not a kind of deliverable.", field="items")
        if int(quantity) < 1:
            raise RuleError(
                f"Give how many {deliverable_noun(kind)} you ask for: at least 1.", field="items"
            )
        if kind in cleaned:
            raise RuleError(
                f"{deliverable_noun(kind).capitalize()} are listed twice: give one line with "
                "how many.",
                field="items",
            )
        cleaned[kind] = int(quantity)
    return list(cleaned.items())


def offer_summary(offer: Offer, items: Iterable[tuple[str, int]]) -> str:
    """“900.00 EUR fee and a product (300.00 EUR) for 2 Instagram reels”, for the timeline."""
    parts = []
    if offer.fee:
        parts.append(f"{money(offer.fee, offer.currency)} fee")
    if offer.product:
        value = f" ({money(offer.product_value, offer.currency)})" if offer.product_value else ""
        parts.append(f"{offer.product}{value}")
    if offer.affiliate_percent:
        parts.append(f"{offer.affiliate_percent.normalize():f}% affiliate share")
    if offer.cross_promotion:
        parts.append("cross-promotion")
    if offer.other_value:
        parts.append("other value")
    nouns = [deliverable_noun(kind, quantity) for kind, quantity in items]
    what = " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
    return f"{what} for {', '.join(nouns)}" if nouns else what


@transaction.atomic
def offer_create(
    *,
    collaboration: Collaboration,
    actor: User,
    fee: Decimal | None = None,
    currency: str = "EUR",
    product: str = "",
    product_value: Decimal | None = None,
    affiliate_percent: Decimal | None = None,
    cross_promotion: str = "",
    other_value: str = "",
    items: Iterable[tuple[str, int]] = (),
    now: datetime | None = None,
) -> Offer:
    """1. check the amounts, the currency and the deliverables, 2. save the offer with its items,
    3. note it on the influencer's timeline."""
    now = now or timezone.now()
    if collaboration.stage in CLOSED_STAGES:
        raise RuleError(
            f"This collaboration is {Stage(collaboration.stage).label.lower()}: it takes no new "
            "offers."
        )
    currency = currency_clean(currency)
    fee = _amount(fee, field="fee", label="fee")
    product_value = _amount(product_value, field="product_value", label="product value")
    percent = _amount(affiliate_percent, field="affiliate_percent", label="affiliate share")
    if percent is not None and percent > 100:
        raise RuleError("An affiliate share is at most 100%.", field="affiliate_percent")
    product, cross_promotion, other_value = (
        " ".join(product.split())[:300],
        cross_promotion.strip(),
        other_value.strip(),
    )
    if product_value and not product:
        raise RuleError("Name the product this value is for.", field="product")
    if not (fee or product or percent or cross_promotion or other_value):
        raise RuleError(
            "Say what you offer: a fee, a product, an affiliate share, cross-promotion or other "
            "value.",
            field="fee",
        )
    cleaned = _items(items)
    offer = Offer.objects.create(
        collaboration=collaboration,
        fee=fee,
        currency=currency,
        product=product,
        product_value=product_value,
        affiliate_percent=percent,
        cross_promotion=cross_promotion,
        other_value=other_value,
        status=OfferStatus.PROPOSED,
        created_by=actor,
        created_at=now,
    )
    OfferItem.objects.bulk_create(
        [OfferItem(offer=offer, deliverable_type=kind, quantity=qty) for kind, qty in cleaned]
    )
    interaction_record(
        influencer=collaboration.influencer,
        kind=InteractionKind.NOTE,
        direction=Direction.INTERNAL,
        summary=f"Offer for {collaboration.campaign.name}: {offer_summary(offer, cleaned)}",
        author=actor,
        occurred_at=now,
        source=offer,
        now=now,
    )
    return offer


@transaction.atomic
def offer_decide(
    *, offer: Offer, accepted: bool, actor: User | None = None, now: datetime | None = None
) -> Offer:
    """Their answer to a proposed offer. Accepting one withdraws the collaboration's other
    proposals: the accepted one is the deal, so the collaboration moves on to Agreed (when it
    is not there or further yet). Both land on the influencer's timeline."""
    now = now or timezone.now()
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .select_related("collaboration__influencer", "collaboration__campaign")
        .get(pk=offer.pk)
    )
    if offer.status != OfferStatus.PROPOSED:
        raise RuleError(f"This offer was {offer.get_status_display().lower()} already.")
    offer.status = OfferStatus.ACCEPTED if accepted else OfferStatus.DECLINED
    offer.save(update_fields=["status"])
    if accepted:
        Offer.objects.filter(
            collaboration_id=offer.collaboration_id, status=OfferStatus.PROPOSED
        ).exclude(pk=offer.pk).update(status=OfferStatus.WITHDRAWN)
    collaboration = offer.collaboration
    items = offer.items.values_list("deliverable_type", "quantity")
    interaction_record(
        influencer=collaboration.influencer,
        kind=InteractionKind.NOTE,
        direction=Direction.INTERNAL,
        summary=f"Offer {'accepted' if accepted else 'declined'} for "
        f"{collaboration.campaign.name}: {offer_summary(offer, items)}",
        author=actor,
        occurred_at=now,
        source=offer,
        now=now,
    )
    if accepted:
        collaboration_advance(
            collaboration=collaboration,
            stage=Stage.AGREED,
            actor=actor,
            because=f"{collaboration.influencer.name} accepted the offer.",
            now=now,
        )
    return offer


@transaction.atomic
def exchange_rate_set(
    *,
    workspace: Workspace,
    actor: User,
    from_currency: str,
    to_currency: str,
    rate: Decimal,
    as_of: date,
    now: datetime | None = None,
) -> ExchangeRate:
    """Keep what 1 from_currency is in to_currency on a day (one rate per pair and day: setting
    it again replaces that day's). Offers compare through the latest on or before their day."""
    now = now or timezone.now()
    source = currency_clean(from_currency, field="from_currency")
    target = currency_clean(to_currency, field="to_currency")
    if source == target:
        raise RuleError("Pick two different currencies.", field="to_currency")
    try:
        value = Decimal(str(rate))
    except InvalidOperation:
        raise RuleError("An exchange rate is a number.", field="rate") from None
    if not value.is_finite() or value <= 0:
        raise RuleError("An exchange rate is more than 0.", field="rate")
    value = value.quantize(Decimal("0.000001"))
    if value <= 0 or value >= Decimal("1e8"):
        raise RuleError("This exchange rate is out of range.", field="rate")
    if as_of > timezone.localdate(now, workspace.zone):
        raise RuleError(
            "An exchange rate is kept for a day that came: pick today or earlier.", field="as_of"
        )
    exchange_rate, _ = ExchangeRate.objects.update_or_create(
        workspace=workspace,
        from_currency=source,
        to_currency=target,
        as_of=as_of,
        defaults={"rate": value, "set_by": actor},
    )
    return exchange_rate
