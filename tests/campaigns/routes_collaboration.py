"""Who may use a collaboration's page, the exchange rates and the results import (see
tests/access.py).

Viewers read the collaboration page, download its contract and open the import page; members
act. Exchange rates are a manager's read and an admin's write. Empty POSTs: forms need their
fields (400); marking a payment paid (today) and a shipment shipped (now), and saving results
(all zero) need no input (302)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from campaigns.models import (
    Collaboration,
    Deliverable,
    DeliverableStatus,
    Offer,
    Payment,
    Shipment,
)
from tests.access import guarded, record_ownership, workspace_route
from tests.factories import CampaignFactory, CollaborationFactory, ProfileFactory

ROUTES = {
    "campaigns:collaboration": {"GET": workspace_route(needs="viewer", allowed=200)},
    "campaigns:collaboration-offer-propose": {"POST": workspace_route(needs="member", allowed=400)},
    "campaigns:collaboration-offer-answer": {"POST": workspace_route(needs="member", allowed=400)},
    "campaigns:collaboration-contract": {"POST": workspace_route(needs="member", allowed=400)},
    "campaigns:collaboration-contract-file": {"GET": workspace_route(needs="viewer", allowed=200)},
    "campaigns:collaboration-payment-add": {"POST": workspace_route(needs="member", allowed=400)},
    "campaigns:collaboration-payment-paid": {"POST": workspace_route(needs="member", allowed=302)},
    "campaigns:collaboration-shipment": {"POST": workspace_route(needs="member", allowed=400)},
    "campaigns:collaboration-shipment-progress": {
        "POST": workspace_route(needs="member", allowed=302)
    },
    "campaigns:collaboration-deliverable-add": {
        "POST": workspace_route(needs="member", allowed=400)
    },
    "campaigns:collaboration-deliverable-review": {
        "POST": workspace_route(needs="member", allowed=400)
    },
    "campaigns:collaboration-deliverable-results": {
        "POST": workspace_route(needs="member", allowed=302)
    },
    "campaigns:collaboration-moment-add": {"POST": workspace_route(needs="member", allowed=400)},
    "campaigns:exchange-rates": {
        "GET": workspace_route(needs="manager", allowed=200),
        "POST": workspace_route(needs="admin", allowed=400),
    },
    "campaigns:results-import": {
        "GET": workspace_route(needs="viewer", allowed=200),
        "POST": workspace_route(needs="member", allowed=400),
    },
}

# Every write here but the exchange rates changes a campaign: a member only on their own or
# their team's.
GUARDED = {
    name: guarded("campaign", "POST")
    for name, methods in ROUTES.items()
    if "POST" in methods and name != "campaigns:exchange-rates"
}

# A file that starts like a PDF, enough for the download.
CONTRACT_BYTES = b"%PDF-1.4 the signed contract"


def _collaboration(personas) -> Collaboration:
    campaign = CampaignFactory(workspace=personas.workspace, **record_ownership(personas))
    influencer = ProfileFactory(
        workspace=personas.workspace, actor=personas.admin, name="Ana Rocha", emails=["a@r.test"]
    )
    return CollaborationFactory(campaign=campaign, influencer=influencer)


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    kwargs = {"slug": personas.workspace.slug}
    if name == "campaigns:exchange-rates":
        return kwargs
    collaboration = _collaboration(personas)
    if name == "campaigns:results-import":
        return {**kwargs, "public_id": collaboration.campaign.public_id}
    kwargs["public_id"] = collaboration.public_id
    if name == "campaigns:collaboration-offer-answer":
        offer = Offer.objects.create(collaboration=collaboration, fee=500)
        kwargs["offer_id"] = offer.public_id
    elif name == "campaigns:collaboration-contract-file":
        collaboration.contract_file.save(
            "access-matrix.pdf", ContentFile(CONTRACT_BYTES), save=False
        )
        collaboration.contract_file_name = "Contract.pdf"
        collaboration.save(update_fields=["contract_file", "contract_file_name"])
    elif name == "campaigns:collaboration-payment-paid":
        payment = Payment.objects.create(
            collaboration=collaboration, amount=500, due_on=timezone.localdate()
        )
        kwargs["payment_id"] = payment.public_id
    elif name == "campaigns:collaboration-shipment-progress":
        Shipment.objects.create(collaboration=collaboration, items="Trail shoes")
        kwargs["step"] = "shipped"
    elif name == "campaigns:collaboration-deliverable-review":
        deliverable = Deliverable.objects.create(collaboration=collaboration, kind="instagram_reel")
        kwargs["deliverable_id"] = deliverable.public_id
        kwargs["action"] = "draft"
    elif name == "campaigns:collaboration-deliverable-results":
        deliverable = Deliverable.objects.create(
            collaboration=collaboration,
            kind="instagram_reel",
            status=DeliverableStatus.PUBLISHED,
            published_url="https://instagram.example/p/1",
            published_at=timezone.now(),
        )
        kwargs["deliverable_id"] = deliverable.public_id
    return kwargs
