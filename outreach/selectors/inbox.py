"""Reads behind the inbox (outreach.selectors.inbox): messages that found no influencer (or were
discarded), their counts, one message, and who a message may be attached to."""

from django.db.models import (
    Count,
    QuerySet,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404

from contacts.models import Influencer
from contacts.selectors import InfluencerFilters, influencers_filtered
from irm.models import Workspace
from outreach.models import (
    InboundAttachment,
    InboundMessage,
    InboundStatus,
)


def inbox_messages(*, workspace: Workspace, status: str = InboundStatus.UNMATCHED) -> QuerySet:
    """The inbox: messages that found no influencer (or were discarded), newest first."""
    return (
        InboundMessage.objects.filter(workspace=workspace, status=status)
        .select_related("handled_by")
        .prefetch_related("attachments")
        .order_by("-received_at", "-id")
    )


def inbox_counts(*, workspace: Workspace) -> dict[str, int]:
    rows = (
        InboundMessage.objects.filter(
            workspace=workspace, status__in=[InboundStatus.UNMATCHED, InboundStatus.DISCARDED]
        )
        .values_list("status")
        .annotate(count=Count("id"))
    )
    return {InboundStatus.UNMATCHED: 0, InboundStatus.DISCARDED: 0, **dict(rows)}


def inbound_get(*, workspace: Workspace, public_id) -> InboundMessage:
    return get_object_or_404(
        InboundMessage.objects.select_related("influencer", "pitch", "handled_by"),
        workspace=workspace,
        public_id=public_id,
    )


# How many people the inbox's "attach to" search offers at once.
ATTACH_CHOICES = 10


def attach_choices(
    *, workspace: Workspace, q: str, chosen: Influencer | None = None
) -> list[Influencer]:
    """Who an inbound message may be about: matches for `q` by the contacts search, with the
    person already chosen kept first so a new search never loses the choice. Their addresses
    come along (people tell namesakes apart by them): two queries."""
    rows = []
    if q.strip():
        found = influencers_filtered(workspace=workspace, filters=InfluencerFilters(q=q))
        rows = list(found.order_by("sort_name", "id")[:ATTACH_CHOICES])
    if chosen is not None and chosen not in rows:
        rows.insert(0, chosen)
    prefetch_related_objects(rows, "emails")
    return rows


def attach_influencer_get(*, workspace: Workspace, public_id) -> Influencer | None:
    """The influencer a person picked to attach a message to; None for anything not a living
    influencer of this workspace (the form then says so)."""
    return Influencer.objects.filter(
        workspace=workspace, public_id=public_id, erased_at__isnull=True
    ).first()


def inbound_attachment_get(*, workspace: Workspace, public_id) -> InboundAttachment:
    """A file that came by email, whose bytes were kept; 404 for another workspace's and for
    one that was only listed."""
    return get_object_or_404(
        InboundAttachment.objects.select_related("message").exclude(file=""),
        message__workspace=workspace,
        public_id=public_id,
    )
