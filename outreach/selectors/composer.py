"""Reads behind the composer (outreach.selectors.composer): who a pitch may be for, which of
their channels are open, closed or never opened, and the address a new email pitch goes to.
The composer's verdict is outreach.selectors.guard.pitch_verdict."""

from dataclasses import dataclass
from datetime import datetime

from django.shortcuts import get_object_or_404

from contacts import facts
from contacts.models import Channel, Influencer
from contacts.selectors import InfluencerFilters, influencers_filtered
from irm.models import User, Workspace
from outreach.selectors.guard import primary_email


@dataclass(frozen=True)
class ChannelState:
    value: str
    label: str
    is_open: bool
    since: datetime | None = None
    evidence: str = ""


@dataclass
class ComposerChannels:
    open: list[ChannelState]
    closed: list[ChannelState]
    unopened: list[ChannelState]


def working_email(*, influencer: Influencer) -> str:
    """An address of theirs that has not bounced (the one a new email pitch goes to), or ""."""
    address = primary_email(influencer=influencer)
    bounced = influencer.emails.filter(email=address, bounced_at__isnull=False).exists()
    return "" if bounced else address


def composer_channels(*, influencer: Influencer) -> ComposerChannels:
    """Which doors are open (offered), closed (with their evidence) or never opened. One query."""
    states = facts.channel_states(influencer=influencer)
    opened, closed, unopened = [], [], []
    for value, label in Channel.choices:
        row = states.get(value)
        if row is None:
            unopened.append(ChannelState(value, label, False))
        elif row.is_open:
            opened.append(ChannelState(value, label, True, row.since, row.evidence))
        else:
            closed.append(ChannelState(value, label, False, row.since, row.evidence))
    return ComposerChannels(opened, closed, unopened)


def influencer_choices(*, workspace: Workspace, user: User, q: str, limit: int = 20) -> list:
    """The composer's picker: matches for `q`, or the people this person owns."""
    if q.strip():
        rows = influencers_filtered(workspace=workspace, filters=InfluencerFilters(q=q))
    else:
        rows = Influencer.objects.filter(
            workspace=workspace, owner=user, erased_at__isnull=True, archived_at__isnull=True
        )
    return list(rows.order_by("sort_name", "id")[:limit])


def influencer_for_pitch(*, workspace: Workspace, public_id) -> Influencer:
    return get_object_or_404(
        Influencer.objects.select_related("workspace", "team", "owner"),
        workspace=workspace,
        public_id=public_id,
        erased_at__isnull=True,
    )
