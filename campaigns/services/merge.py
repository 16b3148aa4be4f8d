"""How two profiles' collaborations combine when contacts merges a duplicate influencer: both in
the same campaign become one collaboration with everything of both (offers, payments,
deliverables, moments), at the further stage of the two. A write (campaigns/services/merge.py),
registered with contacts.services.merge when the app is ready."""

from campaigns.models import (
    Collaboration,
    ContractStatus,
    Deliverable,
    Moment,
    Offer,
    Payment,
    Shipment,
    Stage,
)
from campaigns.services.pipeline import PIPELINE
from contacts.services import merge_resolver_register

# Further along the pipeline wins; a declined or cancelled one never wins over a live one.
PROGRESS = [Stage.CANCELLED, Stage.DECLINED, *PIPELINE]


@merge_resolver_register("campaigns.Collaboration")
def move_collaborations(*, model, field, keep, drop, now) -> int:
    kept = {c.campaign_id: c for c in Collaboration.objects.filter(influencer=keep)}
    for twin in Collaboration.objects.filter(influencer=drop, campaign_id__in=list(kept)):
        _combine(kept[twin.campaign_id], twin, now)
    return Collaboration.objects.filter(influencer=drop).update(influencer=keep)


def _combine(kept: Collaboration, twin: Collaboration, now) -> None:
    for child in (Offer, Payment, Deliverable, Moment):
        child.objects.filter(collaboration=twin).update(collaboration=kept)
    _combine_shipments(kept, twin)
    if PROGRESS.index(twin.stage) > PROGRESS.index(kept.stage):
        kept.stage, kept.stage_changed_at = twin.stage, twin.stage_changed_at
    if kept.contract_status == ContractStatus.NONE and twin.contract_status != ContractStatus.NONE:
        kept.contract_status = twin.contract_status
        kept.contract_signed_on = twin.contract_signed_on
        kept.contract_file, kept.contract_file_name = twin.contract_file, twin.contract_file_name
    kept.invitation = kept.invitation or twin.invitation
    kept.owner = kept.owner or twin.owner
    notes = [text for text in (kept.story_notes, twin.story_notes) if text]
    kept.story_notes = "\n\n".join(dict.fromkeys(notes))
    kept.usage_rights = kept.usage_rights or twin.usage_rights
    kept.updated_at = now
    kept.save()
    twin.delete()


def _combine_shipments(kept: Collaboration, twin: Collaboration) -> None:
    theirs = Shipment.objects.filter(collaboration=twin).first()
    if theirs is None:
        return
    ours = Shipment.objects.filter(collaboration=kept).first()
    if ours is None:
        theirs.collaboration = kept
        theirs.save(update_fields=["collaboration"])
        return
    ours.items = f"{ours.items}\n\nAlso sent (from the merged profile): {theirs.items}".strip()
    ours.tracking = ours.tracking or theirs.tracking
    ours.save(update_fields=["items", "tracking"])
    theirs.delete()
