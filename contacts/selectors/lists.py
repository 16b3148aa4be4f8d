"""Reads behind named lists and the influencer list page's bulk actions, inside one workspace:
the ticked rows (public_ids_parse, influencers_selected), the lists (influencer_lists,
influencer_list_get, influencer_list_may_change), topics, members and teams to pick from.
Ids sent by a browser are public ids; ids of another workspace, erased people and malformed ids
are ignored. The writes are in contacts/services/lists.py.
"""

import uuid
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from contacts.models import Influencer, InfluencerList, Topic
from irm.errors import RuleError
from irm.models import Membership, Role, Team, User, Workspace

# A bulk action applies to the rows a person ticked on one page; this bounds one request.
BULK_LIMIT = 500
LIST_NAME_MAX = InfluencerList._meta.get_field("name").max_length
TOPIC_NAME_MAX = Topic._meta.get_field("name").max_length


# --- selectors -------------------------------------------------------------------------------


def public_ids_parse(values: Iterable[str]) -> list[uuid.UUID]:
    """The well-formed ids among what a form sent, without repeats, at most BULK_LIMIT."""
    ids: dict[uuid.UUID, None] = {}
    for value in values:
        try:
            ids[uuid.UUID(str(value).strip())] = None
        except ValueError:
            continue
        if len(ids) >= BULK_LIMIT:
            break
    return list(ids)


def influencers_selected(*, workspace: Workspace, influencer_ids: Iterable) -> QuerySet:
    """The workspace's (not erased) influencers among `influencer_ids` (public ids)."""
    return Influencer.objects.filter(
        workspace=workspace,
        public_id__in=public_ids_parse(influencer_ids),
        erased_at__isnull=True,
    )


def influencer_lists(*, workspace: Workspace) -> QuerySet[InfluencerList]:
    """Every named list of the workspace with how many (not erased) people it holds."""
    live = Q(listentry__influencer__erased_at__isnull=True)
    return (
        InfluencerList.objects.filter(workspace=workspace)
        .select_related("created_by")
        .annotate(entry_count=Count("listentry", filter=live))
        .order_by("name", "id")
    )


def influencer_list_get(*, workspace: Workspace, public_id) -> InfluencerList:
    """One list of this workspace; 404 for another workspace's list or a malformed id."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        public_id = None
    return get_object_or_404(
        InfluencerList.objects.select_related("created_by"),
        workspace=workspace,
        public_id=public_id,
    )


def influencer_list_may_change(*, influencer_list: InfluencerList, membership: Membership) -> bool:
    """Its creator (a member or above) renames and deletes it; so does a manager or admin."""
    if membership.may(Role.MANAGER):
        return True
    return membership.may(Role.MEMBER) and influencer_list.created_by_id == membership.user_id


def workspace_topics(*, workspace: Workspace) -> QuerySet[Topic]:
    return Topic.objects.filter(workspace=workspace).order_by("name")


def member_get(*, workspace: Workspace, public_id) -> User:
    """A person of this workspace by their public id (RuleError otherwise)."""
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        public_id = None
    membership = (
        Membership.objects.select_related("user")
        .filter(workspace=workspace, user__public_id=public_id)
        .first()
    )
    if membership is None:
        raise RuleError("Choose an owner from this workspace.", field="owner")
    return membership.user


def team_get_or_error(*, workspace: Workspace, public_id) -> Team:
    try:
        public_id = uuid.UUID(str(public_id))
    except ValueError:
        public_id = None
    team = Team.objects.filter(workspace=workspace, public_id=public_id).first()
    if team is None:
        raise RuleError("Choose a team of this workspace.", field="team")
    return team
