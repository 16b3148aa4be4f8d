"""Django admin for campaigns: every list and change page loads for a site admin."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from campaigns.models import (
    Deliverable,
    DeliverableResult,
    ExchangeRate,
    Moment,
    Offer,
    OfferItem,
    Payment,
    ReportShareLink,
    Shipment,
)
from tests.factories import CampaignFactory, CollaborationFactory, ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="root@example.test", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def rows(personas):
    ana = ProfileFactory(personas=personas, name="Ana Rocha")
    campaign = CampaignFactory(workspace=personas.workspace, name="Spring")
    brand = campaign.brand
    collaboration = CollaborationFactory(campaign=campaign, influencer=ana)
    offer = Offer.objects.create(collaboration=collaboration, fee=900)
    OfferItem.objects.create(offer=offer, deliverable_type="instagram_reel", quantity=2)
    deliverable = Deliverable.objects.create(collaboration=collaboration, kind="instagram_reel")
    return {
        "brand": brand,
        "campaign": campaign,
        "collaboration": collaboration,
        "offer": offer,
        "exchangerate": ExchangeRate.objects.create(
            workspace=personas.workspace,
            from_currency="USD",
            to_currency="EUR",
            rate="0.92",
            as_of=date(2026, 11, 12),
        ),
        "payment": Payment.objects.create(
            collaboration=collaboration, amount=900, due_on=date(2026, 12, 1)
        ),
        "shipment": Shipment.objects.create(collaboration=collaboration, items="Trail shoes"),
        "deliverable": deliverable,
        "deliverableresult": DeliverableResult.objects.create(deliverable=deliverable, likes=10),
        "moment": Moment.objects.create(collaboration=collaboration, text="“I cried a bit”"),
        "reportsharelink": ReportShareLink.objects.create(
            campaign=campaign, secret_hash="0" * 64, expires_at=NOW + timedelta(days=30)
        ),
    }


@pytest.mark.parametrize(
    "model",
    [
        "brand",
        "campaign",
        "collaboration",
        "offer",
        "exchangerate",
        "payment",
        "shipment",
        "deliverable",
        "moment",
        "reportsharelink",
    ],
)
def test_the_list_and_the_change_page_load(admin_client, rows, model):
    row = rows[model]

    listing = admin_client.get(reverse(f"admin:campaigns_{model}_changelist"))
    page = admin_client.get(reverse(f"admin:campaigns_{model}_change", args=[row.pk]))

    assert listing.status_code == 200 and listing.context["cl"].result_count == 1
    assert page.status_code == 200
