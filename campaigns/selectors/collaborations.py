"""Reads of collaborations (an influencer in a campaign): the workspace's, one by public id
(404 for another workspace's), a campaign's board, who may join its shortlist, and where an
invitation stands as the contact guard sees it now."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from campaigns.models import Campaign, Collaboration
from contacts.models import Influencer, InfluencerList
from contacts.selectors import InfluencerFilters, influencers_filtered
from outreach.models import PitchStatus
from outreach.selectors import pitch_verdict

SUGGESTIONS = 10


def collaborations_of(*, workspace) -> QuerySet[Collaboration]:
    return Collaboration.objects.filter(workspace=workspace).select_related(
        "campaign", "influencer", "owner", "invitation"
    )


def campaign_collaborations(*, workspace, campaign: Campaign) -> QuerySet[Collaboration]:
    """The campaign's collaborations by stage and their place in its column."""
    return (
        collaborations_of(workspace=workspace)
        .filter(campaign=campaign)
        .order_by("stage", "position", "created_at", "id")
    )


def collaboration_get(*, workspace, public_id) -> Collaboration:
    """The workspace's collaboration with who and where; another workspace's is a 404."""
    return get_object_or_404(
        Collaboration.objects.select_related("campaign__brand", "influencer", "owner", "workspace"),
        workspace=workspace,
        public_id=public_id,
    )


def campaign_collaboration_get(*, campaign: Campaign, public_id) -> Collaboration:
    """One card of the campaign's board; another campaign's is a 404."""
    return get_object_or_404(
        Collaboration.objects.select_related("influencer", "campaign", "invitation"),
        campaign=campaign,
        public_id=public_id,
    )


def campaign_board_rows(*, campaign: Campaign) -> QuerySet[Collaboration]:
    """The board's cards with who, their invitation and owner, in column order."""
    return (
        Collaboration.objects.filter(campaign=campaign)
        .select_related("influencer", "invitation", "owner")
        .order_by("position", "created_at", "pk")
    )


def campaign_collaborations_chosen(*, campaign: Campaign, public_ids) -> list[Collaboration]:
    """The campaign's collaborations among `public_ids`, in board order."""
    return list(
        Collaboration.objects.filter(campaign=campaign, public_id__in=public_ids)
        .select_related("influencer")
        .order_by("position", "pk")
    )


def shortlist_suggestions(*, workspace, campaign: Campaign, q: str) -> list[Influencer]:
    """People matching the search who are not in this campaign yet."""
    if not q.strip():
        return []
    rows = influencers_filtered(workspace=workspace, filters=InfluencerFilters(q=q))
    rows = rows.exclude(collaborations__campaign=campaign)
    return list(rows.order_by("sort_name", "id")[:SUGGESTIONS])


def influencer_find(*, workspace, public_id, erased: bool = True) -> Influencer | None:
    """The workspace's influencer with this public id (not an erased one unless `erased`)."""
    rows = Influencer.objects.filter(workspace=workspace, public_id=public_id)
    if not erased:
        rows = rows.filter(erased_at__isnull=True)
    return rows.first()


def influencer_list_find(*, workspace, public_id) -> InfluencerList | None:
    return InfluencerList.objects.filter(workspace=workspace, public_id=public_id).first()


def _first_sentence(message: str) -> str:
    head, dot, _ = message.partition(". ")
    return head + "." if dot else message


def collaboration_invite_state(*, collaboration: Collaboration, now: datetime) -> str:
    """Where their invitation stands, for the board: "blocked: <the guard's first sentence>",
    "held until <their next allowed moment>", "ready" (a draft that may go now), or, once it
    left the drafts, its pitch status ("sent", "scheduled", ...). The guard is asked at `now`,
    so a block that was lifted (a channel they opened since) shows as ready."""
    pitch = collaboration.invitation
    if pitch is None:
        return "not invited yet"
    if pitch.status != PitchStatus.DRAFT:
        return pitch.get_status_display().lower()
    verdict = pitch_verdict(pitch=pitch, now=now)
    if verdict.blocks:
        return f"blocked: {_first_sentence(verdict.blocks[0].message)}"
    if verdict.held_until is not None:
        zone = ZoneInfo(pitch.influencer.time_zone)
        local = verdict.held_until.astimezone(zone)
        return (
            f"held until {local:%a} {local.day} {local:%b} at {local:%H:%M} their time ({zone.key})"
        )
    return "ready"
