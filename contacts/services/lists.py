"""Writes of named lists ("Spring launch shortlist") and the influencer list page's bulk actions
(assign, add a topic), set-based: one UPDATE or one bulk insert for the whole selection, never a
loop of saves. Who may act (member, manager, the list's creator) is checked by the caller
first. The reads are in contacts/selectors/lists.py.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from contacts.models import Influencer, InfluencerList, ListEntry
from contacts.selectors.lists import (
    LIST_NAME_MAX,
    TOPIC_NAME_MAX,
    influencers_selected,
    public_ids_parse,
)
from contacts.services.profiles import influencer_refresh_search, topics_ensure
from irm.errors import RuleError
from irm.models import Team, User, Workspace

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
