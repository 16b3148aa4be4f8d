"""Selectors for what the contact guard (outreach) and relationship health need to know about a
person: their effective contact policy, the channels they opened, and timeline facts. Each is
one query."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q

from contacts.models import (
    ChannelPermission,
    Commitment,
    CommitmentKind,
    ContactPolicy,
    Direction,
    Influencer,
    Interaction,
    default_keep_in_touch_by_stage,
)
from contacts.services import CONVERSATION_KINDS

POLICY_DEFAULTS = {
    "cooldown_days": 7,
    "max_follow_ups": 1,
    "follow_up_delay_days": 5,
    "quiet_hours_start": time(20, 0),
    "quiet_hours_end": time(8, 0),
    "no_weekends": True,
    "team_cap_per_30_days": 3,
    "decline_memory_days": 183,
    "personalization_required": True,
}


@dataclass(frozen=True)
class EffectivePolicy:
    cooldown_days: int
    max_follow_ups: int
    follow_up_delay_days: int
    quiet_hours_start: time
    quiet_hours_end: time
    no_weekends: bool
    team_cap_per_30_days: int
    decline_memory_days: int
    personalization_required: bool
    keep_in_touch_days: int


def contact_policy_effective(*, influencer: Influencer) -> EffectivePolicy:
    """The workspace's defaults with this person's overrides (an empty field inherits)."""
    rows = list(
        ContactPolicy.objects.filter(
            Q(influencer=influencer) | Q(workspace=influencer.workspace_id, influencer__isnull=True)
        )
    )
    default = next((row for row in rows if row.influencer_id is None), None)
    override = next((row for row in rows if row.influencer_id is not None), None)
    values = {}
    for name, fallback in POLICY_DEFAULTS.items():
        chosen = fallback
        for row in (default, override):
            if row is not None and getattr(row, name) is not None:
                chosen = getattr(row, name)
        values[name] = chosen
    cadence = default_keep_in_touch_by_stage()
    for row in (default, override):
        if row is not None:
            cadence.update(row.keep_in_touch_days_by_stage or {})
    keep_in_touch = influencer.keep_in_touch_days or cadence.get(influencer.stage, 90)
    return EffectivePolicy(**values, keep_in_touch_days=keep_in_touch)


def channel_states(*, influencer: Influencer) -> dict[str, ChannelPermission]:
    return {row.channel: row for row in ChannelPermission.objects.filter(influencer=influencer)}


def outbound_contact_times(*, influencer: Influencer, since: datetime) -> list[datetime]:
    """When we contacted them (pitches, emails, DMs, calls, ...) since `since`, newest first."""
    contacts = Interaction.objects.filter(
        influencer=influencer,
        deleted_at__isnull=True,
        direction=Direction.OUTBOUND,
        kind__in=CONVERSATION_KINDS,
    )
    return list(
        contacts.filter(occurred_at__gte=since)
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)
    )


def waiting_since(*, influencer: Influencer) -> datetime | None:
    """When they wrote to us if that message still waits for our reply."""
    commitment = (
        Commitment.objects.filter(
            influencer=influencer, kind=CommitmentKind.REPLY, fulfilled_at__isnull=True
        )
        .select_related("opened_by")
        .order_by("due_at")
        .first()
    )
    if commitment is None:
        return None
    return commitment.opened_by.occurred_at if commitment.opened_by else commitment.created_at


def contact_window_start(*, now: datetime, cooldown_days: int) -> datetime:
    """How far back the guard must look: the cap's 30 days or the cooldown, whichever is longer."""
    return now - timedelta(days=max(30, cooldown_days))
