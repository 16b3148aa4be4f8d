"""Campaigns' sections of the per-person export (contacts/person_export.py): collaborations,
offers, payments, deliverables, product seeding and moments. Registered when the app is ready; each
reads its rows in a fixed number of queries."""

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


@person_export_section_register(name="payments", title="payments")
def payments(*, influencer) -> list[dict]:
    rows = Payment.objects.filter(collaboration__influencer=influencer).select_related(
        "collaboration__campaign"
    )
    return [
        {
            "id": payment.public_id,
            "campaign": payment.collaboration.campaign.name,
            "amount": payment.amount,
            "currency": payment.currency,
            "due_on": payment.due_on,
            "paid_at": payment.paid_at,
            "note": payment.note,
        }
        for payment in rows.order_by("due_on", "id")
    ]


@person_export_section_register(name="deliverables", title="deliverables")
def deliverables(*, influencer) -> list[dict]:
    rows = Deliverable.objects.filter(collaboration__influencer=influencer).select_related(
        "collaboration__campaign"
    )
    return [
        {
            "id": deliverable.public_id,
            "campaign": deliverable.collaboration.campaign.name,
            "kind": deliverable.kind,
            "title": deliverable.title,
            "due_on": deliverable.due_on,
            "status": deliverable.status,
            "draft_url": deliverable.draft_url,
            "review_comment": deliverable.review_comment,
            "published_url": deliverable.published_url,
            "published_at": deliverable.published_at,
        }
        for deliverable in rows.order_by("due_on", "id")
    ]


@person_export_section_register(name="shipments", title="product shipments")
def shipments(*, influencer) -> list[dict]:
    rows = Shipment.objects.filter(collaboration__influencer=influencer).select_related(
        "collaboration__campaign"
    )
    return [
        {
            "id": shipment.public_id,
            "campaign": shipment.collaboration.campaign.name,
            "items": shipment.items,
            "value": shipment.value,
            "currency": shipment.currency,
            "address": shipment.address,
            "carrier": shipment.carrier,
            "tracking": shipment.tracking,
            "shipped_at": shipment.shipped_at,
            "delivered_at": shipment.delivered_at,
        }
        for shipment in rows.order_by("id")
    ]


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
