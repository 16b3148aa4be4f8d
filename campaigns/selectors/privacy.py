"""Campaigns' sections of the per-person export (contacts/selectors/person_export.py), read here in
campaigns/selectors/privacy.py: collaborations, offers, payments, deliverables, product seeding
and moments. Registered when the app is ready; each reads its rows in a fixed number of
queries."""

from campaigns.models import Collaboration, Deliverable, Moment, Offer, Payment, Shipment
from contacts.selectors import person_export_section_register


@person_export_section_register(name="collaborations", title="collaborations")
def collaborations(*, influencer) -> list[dict]:
    rows = Collaboration.objects.filter(influencer=influencer).select_related(
        "campaign", "campaign__brand", "owner"
    )
    return [
        {
            "id": collaboration.public_id,
            "campaign": collaboration.campaign.name,
            "brand": collaboration.campaign.brand.name,
            "stage": collaboration.stage,
            "stage_changed_at": collaboration.stage_changed_at,
            "owner": (collaboration.owner.name or collaboration.owner.email)
            if collaboration.owner
            else "",
            "contract_status": collaboration.contract_status,
            "contract_signed_on": collaboration.contract_signed_on,
            "contract_file": collaboration.contract_file_name,
            "usage_rights": collaboration.usage_rights,
            "story_notes": collaboration.story_notes,
            "created_at": collaboration.created_at,
        }
        for collaboration in rows.order_by("created_at", "id")
    ]


@person_export_section_register(name="offers", title="offers")
def offers(*, influencer) -> list[dict]:
    rows = (
        Offer.objects.filter(collaboration__influencer=influencer)
        .select_related("collaboration__campaign")
        .prefetch_related("items")
    )
    return [
        {
            "id": offer.public_id,
            "campaign": offer.collaboration.campaign.name,
            "fee": offer.fee,
            "currency": offer.currency,
            "product": offer.product,
            "product_value": offer.product_value,
            "affiliate_percent": offer.affiliate_percent,
            "cross_promotion": offer.cross_promotion,
            "other_value": offer.other_value,
            "deliverables": [f"{i.quantity} x {i.deliverable_type}" for i in offer.items.all()],
            "status": offer.status,
            "created_at": offer.created_at,
        }
        for offer in rows.order_by("created_at", "id")
    ]


def _campaign_rows(model, *, influencer, order: tuple[str, ...], fields: tuple[str, ...]):
    """A collaboration's child rows of the person, each as its id, its campaign's name and
    `fields` as stored."""
    rows = model.objects.filter(collaboration__influencer=influencer).select_related(
        "collaboration__campaign"
    )
    return [
        {
            "id": row.public_id,
            "campaign": row.collaboration.campaign.name,
            **{name: getattr(row, name) for name in fields},
        }
        for row in rows.order_by(*order)
    ]


@person_export_section_register(name="payments", title="payments")
def payments(*, influencer) -> list[dict]:
    return _campaign_rows(
        Payment,
        influencer=influencer,
        order=("due_on", "id"),
        fields=("amount", "currency", "due_on", "paid_at", "note"),
    )


@person_export_section_register(name="deliverables", title="deliverables")
def deliverables(*, influencer) -> list[dict]:
    return _campaign_rows(
        Deliverable,
        influencer=influencer,
        order=("due_on", "id"),
        fields=(
            "kind",
            "title",
            "due_on",
            "status",
            "draft_url",
            "review_comment",
            "published_url",
            "published_at",
        ),
    )


@person_export_section_register(name="shipments", title="product shipments")
def shipments(*, influencer) -> list[dict]:
    return _campaign_rows(
        Shipment,
        influencer=influencer,
        order=("id",),
        fields=(
            "items",
            "value",
            "currency",
            "address",
            "carrier",
            "tracking",
            "shipped_at",
            "delivered_at",
        ),
    )


@person_export_section_register(name="moments", title="highlights of our work together")
def moments(*, influencer) -> list[dict]:
    rows = Moment.objects.filter(collaboration__influencer=influencer).select_related(
        "collaboration__campaign", "author"
    )
    return [
        {
            "id": moment.public_id,
            "campaign": moment.collaboration.campaign.name,
            "text": moment.text,
            "author": (moment.author.name or moment.author.email) if moment.author else "",
            "created_at": moment.created_at,
        }
        for moment in rows.order_by("created_at", "id")
    ]
