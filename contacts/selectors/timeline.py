"""Reads of the relationship timeline: one person's entries a page at a time (timeline_page), the
workspace's activity feed (activity_page), one entry (interaction_get) and what we still owe
someone (open_commitments). Pages are keyset pages, newest first.
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from contacts.models import (
    Commitment,
    Influencer,
    Interaction,
)
from contacts.selectors.influencers import _uuid_or_none
from irm.models import Workspace


def _keyset_page(
    rows: QuerySet[Interaction], before: tuple[datetime, int] | None, size: int
) -> tuple[list[Interaction], tuple[datetime, int] | None]:
    """Newest first on (occurred_at, id): entries sharing a moment are neither repeated nor
    skipped, and entries logged meanwhile do not shift the next page."""
    if before is not None:
        occurred_at, pk = before
        rows = rows.filter(Q(occurred_at__lt=occurred_at) | Q(occurred_at=occurred_at, id__lt=pk))
    page = list(rows.order_by("-occurred_at", "-id")[: size + 1])
    has_more = len(page) > size
    page = page[:size]
    cursor = (page[-1].occurred_at, page[-1].pk) if has_more and page else None
    return page, cursor


def timeline_page(
    *,
    influencer: Influencer,
    before: tuple[datetime, int] | None = None,
    size: int = 30,
    kinds: list[str] | None = None,
    direction: str = "",
    channel: str = "",
    author: str = "",
) -> tuple[list[Interaction], tuple[datetime, int] | None]:
    """Newest first, keyset-paginated on (occurred_at, id): stable while entries are added."""
    rows = Interaction.objects.filter(influencer=influencer, deleted_at__isnull=True)
    if kinds:
        rows = rows.filter(kind__in=kinds)
    if direction:
        rows = rows.filter(direction=direction)
    if channel:
        rows = rows.filter(channel=channel)
    if author:
        # A malformed id matches nobody (not the entries without an author).
        author_id = _uuid_or_none(author)
        rows = rows.filter(author__public_id=author_id) if author_id else rows.none()
    return _keyset_page(rows.select_related("author"), before, size)


def open_commitments(*, influencer: Influencer) -> QuerySet[Commitment]:
    """What we owe them, soonest due first, with the message that opened a reply."""
    return (
        Commitment.objects.filter(influencer=influencer, fulfilled_at__isnull=True)
        .select_related("opened_by")
        .order_by("due_at")
    )


def interaction_get(*, workspace: Workspace, public_id) -> Interaction:
    """One live timeline entry of this workspace (404 otherwise), with its influencer."""
    return get_object_or_404(
        Interaction.objects.select_related("influencer", "author"),
        workspace=workspace,
        public_id=public_id,
        deleted_at__isnull=True,
        influencer__erased_at__isnull=True,
    )


def activity_page(
    *,
    workspace: Workspace,
    before: tuple[datetime, int] | None = None,
    size: int = 50,
    team: str = "",
    owner: str = "",
    kinds: list[str] | None = None,
) -> tuple[list[Interaction], tuple[datetime, int] | None]:
    """The workspace's recent timeline entries across influencers, newest first, keyset-paginated
    like the timeline; `team` and `owner` are public ids of the influencer's team and owner, or
    "none" for influencers without one."""
    rows = Interaction.objects.filter(
        workspace=workspace, deleted_at__isnull=True, influencer__erased_at__isnull=True
    )
    for value, relation in ((team, "influencer__team"), (owner, "influencer__owner")):
        if value == "none":
            rows = rows.filter(**{f"{relation}__isnull": True})
        elif value:
            public_id = _uuid_or_none(value)
            if public_id is None:
                return [], None
            rows = rows.filter(**{f"{relation}__public_id": public_id})
    if kinds:
        rows = rows.filter(kind__in=kinds)
    return _keyset_page(rows.select_related("influencer", "author"), before, size)
