"""Named lists ("Spring launch shortlist") and the influencer list page's bulk actions.

Selectors read inside one workspace; services write set-based (one UPDATE or one bulk insert
for the whole selection, never a loop of saves). Ids sent by a browser are public ids; ids of
another workspace, erased people and malformed ids are ignored, so they are never touched.
Who may act (member, manager, the list's creator) is checked by the caller first; the
`*_may_*` helpers here are what pages and the API ask.
"""

import uuid
from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.models import Influencer, InfluencerList, ListEntry, Topic
from contacts.services import influencer_refresh_search, topics_ensure
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


# --- named lists -----------------------------------------------------------------------------


def _list_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise RuleError("Give the list a name, e.g. “Spring launch shortlist”.", field="name")
    if len(name) > LIST_NAME_MAX:
        raise RuleError(f"Keep the name under {LIST_NAME_MAX} characters.", field="name")
    return name


def _list_name_taken(workspace: Workspace, name: str, exclude: InfluencerList | None) -> bool:
    rows = InfluencerList.objects.filter(workspace=workspace, name__iexact=name)
    if exclude is not None:
        rows = rows.exclude(pk=exclude.pk)
    return rows.exists()


_NAME_TAKEN = "A list with this name exists already."


@transaction.atomic
def influencer_list_create(
    *,
    workspace: Workspace,
    name: str,
    description: str = "",
    actor: User,
    now: datetime | None = None,
) -> InfluencerList:
    """A new, empty list. Names are unique per workspace whatever their case."""
    name = _list_name(name)
    if _list_name_taken(workspace, name, exclude=None):
        raise RuleError(_NAME_TAKEN, field="name")
    try:
        # A savepoint: a concurrent creation of the same name loses cleanly.
        with transaction.atomic():
            return InfluencerList.objects.create(
                workspace=workspace,
                name=name,
                description=description.strip(),
                created_by=actor,
                created_at=now or timezone.now(),
            )
    except IntegrityError:
        raise RuleError(_NAME_TAKEN, field="name") from None


@transaction.atomic
def influencer_list_update(
    *, influencer_list: InfluencerList, name: str, description: str
) -> InfluencerList:
    name = _list_name(name)
    if _list_name_taken(influencer_list.workspace, name, exclude=influencer_list):
        raise RuleError(_NAME_TAKEN, field="name")
    influencer_list.name = name
    influencer_list.description = description.strip()
    try:
        with transaction.atomic():
            influencer_list.save(update_fields=["name", "description"])
    except IntegrityError:
        raise RuleError(_NAME_TAKEN, field="name") from None
    return influencer_list


@transaction.atomic
def influencer_list_delete(*, influencer_list: InfluencerList) -> None:
    """The list and its entries go; the influencers stay."""
    influencer_list.delete()


@transaction.atomic
def influencer_list_add(
    *,
    influencer_list: InfluencerList,
    influencer_ids: Iterable,
    actor: User,
    now: datetime | None = None,
) -> int:
    """Add the workspace's influencers among `influencer_ids`; returns how many were new."""
    now = now or timezone.now()
    pks = list(
        influencers_selected(
            workspace=influencer_list.workspace, influencer_ids=influencer_ids
        ).values_list("pk", flat=True)
    )
    already = set(
        ListEntry.objects.filter(
            influencer_list=influencer_list, influencer_id__in=pks
        ).values_list("influencer_id", flat=True)
    )
    entries = [
        ListEntry(influencer_list=influencer_list, influencer_id=pk, added_by=actor, added_at=now)
        for pk in pks
        if pk not in already
    ]
    # ignore_conflicts: two people adding the same person at once both succeed.
    ListEntry.objects.bulk_create(entries, ignore_conflicts=True)
    return len(entries)


@transaction.atomic
def influencer_list_remove(*, influencer_list: InfluencerList, influencer_ids: Iterable) -> int:
    """Take influencers off the list (they stay in the workspace); returns how many."""
    deleted, _ = ListEntry.objects.filter(
        influencer_list=influencer_list,
        influencer__workspace=influencer_list.workspace,
        influencer__public_id__in=public_ids_parse(influencer_ids),
    ).delete()
    return deleted


# --- bulk actions on influencers -------------------------------------------------------------


@transaction.atomic
def influencers_assign(
    *,
    workspace: Workspace,
    influencer_ids: Iterable,
    owner: User | None = None,
    team: Team | None = None,
    actor: User,
    now: datetime | None = None,
) -> int:
    """Give the selected influencers a new owner and/or owning team, in one UPDATE.
    Callers check the actor may reassign (manager or above). Returns how many rows changed."""
    now = now or timezone.now()
    if owner is None and team is None:
        raise RuleError("Choose a new owner or a team.", field="owner")
    if owner is not None and not owner.memberships.filter(workspace=workspace).exists():
        raise RuleError("The owner must be a member of this workspace.", field="owner")
    if team is not None and team.workspace_id != workspace.pk:
        raise RuleError("The team must belong to this workspace.", field="team")
    changes: dict = {"updated_at": now}
    if owner is not None:
        changes["owner"] = owner
    if team is not None:
        changes["team"] = team
    return influencers_selected(workspace=workspace, influencer_ids=influencer_ids).update(
        **changes
    )


@transaction.atomic
def influencers_add_topic(
    *,
    workspace: Workspace,
    influencer_ids: Iterable,
    topic_name: str,
    actor: User,
    now: datetime | None = None,
) -> int:
    """1. find or create the topic (case-insensitive), 2. link it to the selected influencers
    in one insert, 3. refresh the search documents of those that gained it.
    Returns how many influencers gained the topic."""
    now = now or timezone.now()
    name = " ".join(topic_name.split())
    if not name:
        raise RuleError("Enter a topic, e.g. “vegan baking”.", field="topic")
    if len(name) > TOPIC_NAME_MAX:
        raise RuleError(f"Keep the topic under {TOPIC_NAME_MAX} characters.", field="topic")
    influencers = list(influencers_selected(workspace=workspace, influencer_ids=influencer_ids))
    if not influencers:
        return 0
    (topic,) = topics_ensure(workspace=workspace, names=[name])
    link = Influencer.topics.through
    already = set(
        link.objects.filter(
            topic=topic, influencer_id__in=[row.pk for row in influencers]
        ).values_list("influencer_id", flat=True)
    )
    gaining = [row for row in influencers if row.pk not in already]
    link.objects.bulk_create(
        [link(influencer_id=row.pk, topic_id=topic.pk) for row in gaining], ignore_conflicts=True
    )
    # Topics are part of the search document; one refresh per changed row keeps the single
    # definition of that document in contacts.services. Selections are at most BULK_LIMIT.
    for row in gaining:
        influencer_refresh_search(influencer=row)
    if gaining:
        Influencer.objects.filter(pk__in=[row.pk for row in gaining]).update(updated_at=now)
    return len(gaining)
