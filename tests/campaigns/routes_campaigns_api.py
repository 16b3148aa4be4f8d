"""Who may use the campaigns API (see tests/access.py).

Viewers read brands, campaigns, the board, offers, deliverables, payments and the report
figures; members and up write. Each request gets fresh objects of "acme" (a brand, a
campaign, one influencer shortlisted in it, a proposed offer, a planned deliverable and an
unpaid payment), so what a member may do answers the same for every persona. With no input:
creating anything is a 400 (its required fields), a change without fields is a 200, moving
or inviting says what is missing (400), deciding an offer needs `accepted` (400), a planned
deliverable cannot be approved or given results yet (400), and an unpaid payment is marked
paid now (200).
"""

import uuid
from datetime import date

from campaigns.models import (
    Collaboration,
    Deliverable,
    Offer,
    OfferItem,
    Payment,
)
from contacts.models import DeliverableType
from tests.access import api_route, guarded, record_ownership
from tests.factories import CampaignFactory, CollaborationFactory

NAMESPACE = "api:campaigns-api:"


def _read(status: int = 200) -> dict:
    return {"GET": api_route(needs="viewer", allowed=status)}


def _post(status: int) -> dict:
    return {"POST": api_route(needs="member", allowed=status)}


ROUTES = {
    f"{NAMESPACE}brand-list": {**_read(), **_post(400)},
    f"{NAMESPACE}brand-detail": {**_read(), "PATCH": api_route(needs="member", allowed=200)},
    f"{NAMESPACE}campaign-list": {**_read(), **_post(400)},
    f"{NAMESPACE}campaign-detail": {**_read(), "PATCH": api_route(needs="member", allowed=200)},
    f"{NAMESPACE}campaign-report": _read(),
    f"{NAMESPACE}collaboration-list": {**_read(), **_post(400)},
    f"{NAMESPACE}collaboration-detail": _read(),
    f"{NAMESPACE}collaboration-move": _post(400),
    f"{NAMESPACE}collaboration-invite": _post(400),
    f"{NAMESPACE}offer-list": {**_read(), **_post(400)},
    f"{NAMESPACE}offer-decide": _post(400),
    f"{NAMESPACE}deliverable-list": {**_read(), **_post(400)},
    f"{NAMESPACE}deliverable-detail": _read(),
    f"{NAMESPACE}deliverable-submit": _post(400),
    f"{NAMESPACE}deliverable-request-changes": _post(400),
    f"{NAMESPACE}deliverable-approve": _post(400),
    f"{NAMESPACE}deliverable-publish": _post(400),
    f"{NAMESPACE}deliverable-results": {"PUT": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}payment-list": {**_read(), **_post(400)},
    f"{NAMESPACE}payment-paid": _post(200),
    # As on the page: managers read, admins set (no input: 400).
    f"{NAMESPACE}exchange-rate-list": {
        "GET": api_route(needs="manager", allowed=200),
        "POST": api_route(needs="admin", allowed=400),
    },
}

BY_CAMPAIGN = {"campaign-detail", "campaign-report", "collaboration-list"}
BY_COLLABORATION = {
    "collaboration-detail",
    "collaboration-move",
    "collaboration-invite",
    "offer-list",
    "deliverable-list",
    "payment-list",
}
BY_DELIVERABLE = {
    "deliverable-detail",
    "deliverable-submit",
    "deliverable-request-changes",
    "deliverable-approve",
    "deliverable-publish",
    "deliverable-results",
}

# Every write but a brand's and the exchange rates changes a campaign: a member only on their
# own or their team's.
GUARDED = {
    name: guarded("campaign", *(method for method in methods if method != "GET"))
    for name, methods in ROUTES.items()
    if set(methods) - {"GET"}
    and name.removeprefix(NAMESPACE)
    not in {"brand-list", "brand-detail", "campaign-list", "exchange-rate-list"}
}


def _collaboration(personas) -> Collaboration:
    campaign = CampaignFactory(
        workspace=personas.workspace,
        brand__name=f"Trailhead {uuid.uuid4().hex[:8]}",
        **record_ownership(personas),
    )
    return CollaborationFactory(
        campaign=campaign, influencer__name="Ana Rocha", owner=personas.member
    )


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    short = name.removeprefix(NAMESPACE)
    kwargs = {"slug": personas.workspace.slug}
    if short in {"brand-list", "campaign-list", "exchange-rate-list"}:
        return kwargs
    collaboration = _collaboration(personas)
    if short == "brand-detail":
        public_id = collaboration.campaign.brand.public_id
    elif short in BY_CAMPAIGN:
        public_id = collaboration.campaign.public_id
    elif short in BY_COLLABORATION:
        public_id = collaboration.public_id
    elif short == "offer-decide":
        offer = Offer.objects.create(collaboration=collaboration, fee=500, currency="EUR")
        OfferItem.objects.create(offer=offer, deliverable_type=DeliverableType.INSTAGRAM_REEL)
        public_id = offer.public_id
    elif short in BY_DELIVERABLE:
        deliverable = Deliverable.objects.create(
            collaboration=collaboration, kind=DeliverableType.INSTAGRAM_REEL
        )
        public_id = deliverable.public_id
    else:  # payment-paid
        payment = Payment.objects.create(
            collaboration=collaboration, amount=500, currency="EUR", due_on=date(2026, 12, 15)
        )
        public_id = payment.public_id
    return {**kwargs, "public_id": public_id}
