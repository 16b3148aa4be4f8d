"""The dashboard's scope (contacts.selectors.dashboard): whose relationships it shows, from the
filters as sent (a workspace, optionally one team or nobody's team, one owner or nobody), and
the cut list every section's list is (its first rows and how many there are in all).
"""

import uuid
from dataclasses import dataclass

from django.db.models import Q

from irm.errors import RuleError
from irm.models import Membership, Team, User, Workspace

NO_ONE = "none"  # the filter value for people without a team or an owner


@dataclass(frozen=True)
class DashboardScope:
    """Whose relationships the dashboard shows: a workspace, optionally one team (or nobody's
    team: `no_team`) and one owner (or nobody: `no_owner`)."""

    workspace: Workspace
    team: Team | None = None
    owner: User | None = None
    no_team: bool = False
    no_owner: bool = False

    def influencers(self, prefix: str = "") -> Q:
        """The condition on influencers, from a model that reaches them through `prefix`."""
        # Archived people are put aside: the dashboard leaves them out with the erased.
        condition = Q(
            **{
                f"{prefix}workspace": self.workspace,
                f"{prefix}erased_at__isnull": True,
                f"{prefix}archived_at__isnull": True,
            }
        )
        if self.team is not None:
            condition &= Q(**{f"{prefix}team": self.team})
        elif self.no_team:
            condition &= Q(**{f"{prefix}team__isnull": True})
        if self.owner is not None:
            condition &= Q(**{f"{prefix}owner": self.owner})
        elif self.no_owner:
            condition &= Q(**{f"{prefix}owner__isnull": True})
        return condition

    def as_query(self) -> dict[str, str]:
        """The filters as URL parameters (the influencer list reads the same names)."""
        query = {}
        if self.team is not None or self.no_team:
            query["team"] = str(self.team.public_id) if self.team else NO_ONE
        if self.owner is not None or self.no_owner:
            query["owner"] = str(self.owner.public_id) if self.owner else NO_ONE
        return query


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _team_of(workspace: Workspace, public_id: uuid.UUID, teams: list[Team] | None) -> Team | None:
    if teams is None:
        return Team.objects.filter(workspace=workspace, public_id=public_id).first()
    return next((team for team in teams if team.public_id == public_id), None)


def _member_of(
    workspace: Workspace, public_id: uuid.UUID, members: list[Membership] | None
) -> User | None:
    if members is None:
        membership = (
            Membership.objects.select_related("user")
            .filter(workspace=workspace, user__public_id=public_id)
            .first()
        )
        return membership.user if membership else None
    return next((m.user for m in members if m.user.public_id == public_id), None)


def dashboard_scope(
    *,
    workspace: Workspace,
    team: str = "",
    owner: str = "",
    teams: list[Team] | None = None,
    members: list[Membership] | None = None,
) -> DashboardScope:
    """The scope from the filters as sent: a team's or a member's public id, or "none".
    An id that is not a team or a member of this workspace is a RuleError on its field.
    `teams` and `members`: the workspace's, when the caller has them already (the page's filter
    menus), to look the ids up in without a query."""
    team, owner = team.strip(), owner.strip()
    chosen_team = chosen_owner = None
    if team and team != NO_ONE:
        public_id = _uuid(team)
        chosen_team = _team_of(workspace, public_id, teams) if public_id else None
        if chosen_team is None:
            raise RuleError(
                f"No team of this workspace has the id “{team}”: choose a team, or “none”.",
                field="team",
            )
    if owner and owner != NO_ONE:
        public_id = _uuid(owner)
        chosen_owner = _member_of(workspace, public_id, members) if public_id else None
        if chosen_owner is None:
            raise RuleError(
                f"No member of this workspace has the id “{owner}”: choose a member, or “none”.",
                field="owner",
            )
    return DashboardScope(
        workspace=workspace,
        team=chosen_team,
        owner=chosen_owner,
        no_team=team == NO_ONE,
        no_owner=owner == NO_ONE,
    )


class CutList:
    """A list cut to its first `rows`, with how many there are in all (`total`)."""

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)
