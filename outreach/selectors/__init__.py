"""Reads for outreach. The guard's door (`pitch_verdict`) and what it reads live in
outreach.selectors.guard; the names other apps use are re-exported here."""

from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from irm.models import Workspace
from outreach.models import (
    ADMITTED_UNSENT,
    InboundKind,
    InboundMessage,
    InboundStatus,
    Pitch,
)
from outreach.selectors.guard import (
    PRIMARY_EMAIL_FIRST,
    GuardReading,
    PitchGuardFacts,
    guard_context_load,
    pitch_reading,
    pitch_verdict,
    primary_email,
)


def pitches_due(*, now: datetime, limit: int = 100) -> QuerySet[Pitch]:
    """Scheduled and held pitches whose moment came (the release sweep)."""
    return Pitch.objects.filter(status__in=ADMITTED_UNSENT, send_at__lte=now).order_by("send_at")[
        :limit
    ]


# --- inbound mail ---


def latest_auto_reply(*, pitch: Pitch) -> InboundMessage | None:
    """The newest auto-reply to this pitch's thread: while it says they are away, follow-ups
    wait."""
    thread = [pitch.pk] + ([pitch.follow_up_of_id] if pitch.follow_up_of_id else [])
    return (
        InboundMessage.objects.filter(pitch__in=thread, kind=InboundKind.AUTO_REPLY)
        .order_by("-received_at")
        .first()
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


def pitch_conversation(*, pitch: Pitch) -> list:
    """The thread in the order things happened: the pitch, its follow-ups and every message
    that came back (replies, auto-replies, delivery reports, members' own emails)."""
    root_id = pitch.follow_up_of_id or pitch.pk
    pitches = list(
        Pitch.objects.filter(Q(pk=root_id) | Q(follow_up_of_id=root_id))
        .exclude(sent_at__isnull=True)
        .select_related("author")
    )
    messages = list(
        InboundMessage.objects.filter(pitch__in=[p.pk for p in pitches] or [root_id])
        .prefetch_related("attachments")
        .order_by("received_at", "id")
    )
    # Ours by when they went, theirs by when they came (their Date header is only a claim).
    return sorted(
        [*pitches, *messages],
        key=lambda item: item.sent_at if isinstance(item, Pitch) else item.received_at,
    )


# The names other modules read through the package (other apps: pitch_verdict, guard_context_load).
__all__ = [
    "PRIMARY_EMAIL_FIRST",
    "GuardReading",
    "PitchGuardFacts",
    "guard_context_load",
    "inbound_get",
    "inbox_counts",
    "inbox_messages",
    "latest_auto_reply",
    "pitch_conversation",
    "pitch_reading",
    "pitch_verdict",
    "pitches_due",
    "primary_email",
]
