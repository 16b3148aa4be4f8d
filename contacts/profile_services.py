"""Writes behind the profile page that contacts.services does not cover: the rate card and
replacing an influencer's email addresses in one go.

Same rules as contacts.services: keyword-only, one transaction each, RuleError with a
message a person can read. Callers check who may act first.
"""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contacts import normalize
from contacts.models import DeliverableType, Influencer, InfluencerEmail, RateCard
from contacts.services import (
    influencer_add_email,
    influencer_refresh_search,
    influencer_remove_email,
)
from irm.errors import RuleError
from irm.models import User


@transaction.atomic
def rate_card_save(
    *,
    influencer: Influencer,
    deliverable_type: str,
    amount: Decimal,
    currency: str = "EUR",
    notes: str = "",
    now: datetime | None = None,
) -> RateCard:
    """Add their rate for a deliverable, or update it: one rate per deliverable and currency."""
    now = now or timezone.now()
    if deliverable_type not in DeliverableType.values:
        raise RuleError(
            f"“{deliverable_type}” is not a kind of deliverable.", field="deliverable_type"
        )
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        raise RuleError("Use a three-letter currency code, e.g. EUR.", field="currency")
    if amount is None or amount < 0:
        raise RuleError("The amount cannot be negative.", field="amount")
    rate = (
        RateCard.objects.select_for_update()
        .filter(influencer=influencer, deliverable_type=deliverable_type, currency=currency)
        .first()
    ) or RateCard(
        workspace_id=influencer.workspace_id,
        influencer=influencer,
        deliverable_type=deliverable_type,
        currency=currency,
    )
    rate.amount = amount
    rate.notes = notes.strip()
    rate.updated_at = now
    try:
        rate.full_clean(exclude=["workspace", "influencer"], validate_constraints=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RuleError(messages[0], field=None if field == "__all__" else field) from None
    rate.save()
    return rate


@transaction.atomic
def rate_card_delete(*, rate: RateCard) -> None:
    rate.delete()


@transaction.atomic
def influencer_set_emails(
    *, influencer: Influencer, emails: Iterable[str], actor: User | None = None
) -> None:
    """Make their addresses exactly `emails`, the first one primary. All or nothing: an
    address that belongs to someone else fails the whole change. A new address of someone
    erased before flags them do-not-contact, by `actor` (`influencer.erased_on` says when).
    1. drop the addresses no longer listed, 2. add the new ones, 3. move the primary flag."""
    wanted: list[str] = []
    for address in emails:
        address = normalize.email(address)
        if address and address not in wanted:
            wanted.append(address)
    current = {
        row.email.lower(): row for row in InfluencerEmail.objects.filter(influencer=influencer)
    }
    for address, row in current.items():
        if address not in wanted:
            influencer_remove_email(influencer=influencer, email=row.email)
    for address in wanted:
        if address not in current:
            influencer_add_email(influencer=influencer, email=address, actor=actor)
    if wanted:
        primary = wanted[0]
        rows = InfluencerEmail.objects.filter(influencer=influencer)
        if not rows.filter(email__iexact=primary, is_primary=True).exists():
            # The one-primary constraint is checked per statement: clear first, then set.
            rows.filter(is_primary=True).update(is_primary=False)
            rows.filter(email__iexact=primary).update(is_primary=True)
    influencer_refresh_search(influencer=influencer)
