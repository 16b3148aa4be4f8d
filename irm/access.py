"""Who may see and do what inside a workspace: the one place pages and the API ask.

Order matters and is the same everywhere: another workspace (or none) answers 404, a role that
may not act answers 403 (so does a member acting on a record that is not theirs to change), and
only then is input validated.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.contrib.postgres.aggregates import ArrayAgg
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest

from irm.models import AuditAction, Membership, Role, Team, User
from irm.selectors import MEMBER_ORDER, teams_and_members
from irm.services import audit_record

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def membership_get(*, user: User, slug: str) -> Membership:
    """The user's membership in the workspace `slug`, with the workspace and the ids of the
    member's teams (whose records a member may change); 404 for outsiders."""
    if not user.is_authenticated:
        raise Http404("No such workspace.")
    membership = (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace__slug=slug, user=user)
        .annotate(team_ids=ArrayAgg("teams__id", filter=Q(teams__isnull=False), default=[]))
        .first()
    )
    if membership is None:
        raise Http404("No such workspace.")
    return membership


def membership_with_menus_get(
    *, user: User, slug: str
) -> tuple[Membership, list[Team], list[Membership]]:
    """membership_get's membership, with the workspace's teams and members for a page's filter
    menus (irm.selectors.teams_and_members), all in one query: the viewer's membership is one
    of the members' rows. 404 for outsiders."""
    if not user.is_authenticated:
        raise Http404("No such workspace.")
    teams, members = teams_and_members(
        members=Membership.objects.select_related("workspace", "user")
        .filter(workspace__slug=slug)
        .order_by(*MEMBER_ORDER),
        teams=Team.objects.filter(workspace__slug=slug),
    )
    membership = next((member for member in members if member.user_id == user.pk), None)
    if membership is None:
        raise Http404("No such workspace.")
    return membership, teams, members


def membership_find(*, user_id: int, workspace_id: int) -> Membership | None:
    """A membership annotated as membership_get's (user, workspace, team ids), for work done
    later on someone's behalf (an import they started); None once they have left. One query."""
    return (
        Membership.objects.select_related("workspace", "user")
        .filter(workspace_id=workspace_id, user_id=user_id)
        .annotate(team_ids=ArrayAgg("teams__id", filter=Q(teams__isnull=False), default=[]))
        .first()
    )


def _refuse(*, membership: Membership, needs: str, path: str, message: str = "") -> None:
    """403, with an audit event saying who was refused what."""
    audit_record(
        action=AuditAction.PERMISSION_DENIED,
        actor=membership.user,
        workspace=membership.workspace,
        data={"role": membership.role, "needs": needs, "path": path},
    )
    raise PermissionDenied(
        message or f"Your role ({membership.get_role_display()}) may not do this."
    )


def require_role(*, membership: Membership, role: str, path: str = "") -> None:
    """403 (and an audit event) unless the membership's role reaches `role`."""
    if not membership.may(role):
        _refuse(membership=membership, needs=role, path=path)


def workspace_view(
    *, read: str = Role.VIEWER, write: str = Role.MEMBER, menus: bool = False
) -> Callable:
    """Decorate a page view taking `slug`: resolves request.membership / request.workspace and
    checks the role for the method (`read` for GET/HEAD, `write` for anything else). With
    `menus`, request.menu_teams and request.menu_members (the workspace's teams, each with its
    `.people`, and members) come in the same query, for a page whose filters list them."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if menus:
                membership, request.menu_teams, request.menu_members = membership_with_menus_get(
                    user=request.user, slug=slug
                )
            else:
                membership = membership_get(user=request.user, slug=slug)
            # Set before the role check: the 403 page shows the workspace's navigation and
            # what this role may do (irm/views/errors.py).
            request.membership = membership
            request.workspace = membership.workspace
            needed = read if request.method in SAFE_METHODS else write
            require_role(membership=membership, role=needed, path=request.path)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


# --- whose records a member may change --------------------------------------------------------
#
# Managers and admins change every record, viewers none. A member changes an influencer's
# profile when they own it, one of their teams does, or nobody does; a campaign (with its
# collaborations, offers, deliverables and payments) only when they or one of their teams own
# it. Every page and endpoint that changes one asks here, before reading any input. Records are
# anything with `owner_id` and `team_id` (contacts.Influencer, campaigns.Campaign).

RECORD_NEEDS = "owner, team or manager"


def membership_team_ids(membership: Membership) -> frozenset[int]:
    """The ids of the member's teams: annotated by membership_get, else one query."""
    team_ids = getattr(membership, "team_ids", None)
    if team_ids is None:
        team_ids = list(
            Team.members.through.objects.filter(membership=membership).values_list(
                "team_id", flat=True
            )
        )
        membership.team_ids = team_ids
    return frozenset(team_ids)


def _held_by(membership: Membership, record) -> bool:
    """They own the record, or one of their teams does."""
    if record.owner_id is not None and record.owner_id == membership.user_id:
        return True
    return record.team_id is not None and record.team_id in membership_team_ids(membership)


def may_edit_influencer(*, membership: Membership, influencer) -> bool:
    """May change the profile, its accounts, rates, channels, topics and preferences."""
    if membership.may(Role.MANAGER):
        return True
    if not membership.may(Role.MEMBER):
        return False
    nobodys = influencer.owner_id is None and influencer.team_id is None
    return nobodys or _held_by(membership, influencer)


def may_edit_campaign(*, membership: Membership, campaign) -> bool:
    """May change the campaign, its collaborations, offers, deliverables and payments."""
    if membership.may(Role.MANAGER):
        return True
    return membership.may(Role.MEMBER) and _held_by(membership, campaign)


def may_create_influencer(*, membership: Membership, owner: User | None, team: Team | None) -> bool:
    """Members add people owned by themselves or by one of their teams (or by nobody yet,
    which gives them nothing more: nobody's profiles are every member's to change); managers
    anyone's."""
    if membership.may(Role.MANAGER):
        return True
    if not membership.may(Role.MEMBER):
        return False
    owner_ok = owner is None or owner.pk == membership.user_id
    team_ok = team is None or team.pk in membership_team_ids(membership)
    return owner_ok and team_ok


def may_reassign(*, membership: Membership) -> bool:
    """Changing a record's owner or team is a manager's decision."""
    return membership.may(Role.MANAGER)


def may_export_list(*, membership: Membership) -> bool:
    """The workspace's influencer list as CSV (audited): managers and admins."""
    return membership.may(Role.MANAGER)


def require_influencer_edit(*, membership: Membership, influencer, path: str = "") -> None:
    """403 (and an audit event) unless `may_edit_influencer`."""
    if not may_edit_influencer(membership=membership, influencer=influencer):
        _refuse(
            membership=membership,
            needs=RECORD_NEEDS,
            path=path,
            message=(
                "Members change the profiles they own, their team owns or nobody owns; this "
                "one is someone else's. A manager may change it or reassign it."
            ),
        )


def require_campaign_edit(*, membership: Membership, campaign, path: str = "") -> None:
    """403 (and an audit event) unless `may_edit_campaign`."""
    if not may_edit_campaign(membership=membership, campaign=campaign):
        _refuse(
            membership=membership,
            needs=RECORD_NEEDS,
            path=path,
            message=(
                "Members change the campaigns they or their team own; this one is not theirs. "
                "A manager may change it or reassign it."
            ),
        )


def require_influencer_create(
    *, membership: Membership, owner: User | None, team: Team | None, path: str = ""
) -> None:
    """403 (and an audit event) unless `may_create_influencer`."""
    if not may_create_influencer(membership=membership, owner=owner, team=team):
        _refuse(membership=membership, needs=Role.MANAGER, path=path, message=CREATE_REFUSED)


CREATE_REFUSED = (
    "Members add influencers owned by themselves or by one of their teams; giving them to "
    "someone else needs a manager."
)


# --- what each role may do, in words ------------------------------------------------------------
#
# The one source of the roles' words: the members page shows ROLE_TABLE, the 403 page the
# refused role's line of ROLE_ABILITIES, and the README's table in "Workspaces, roles and the
# API" is ROLE_TABLE (tests/irm/test_views_members.py compares them).

ROLE_TABLE_HEAD = ("action", "viewer", "member", "manager, admin")
ROLE_TABLE: tuple[tuple[str, str, str, str], ...] = (
    ("read anything in the workspace", "yes", "yes", "yes"),
    (
        "log an interaction, write a pitch (through the guard) on any influencer",
        "no",
        "yes",
        "yes",
    ),
    (
        "edit a profile, its accounts, rates, channels, preferences",
        "no",
        "if they own it, their team owns it, or nobody does",
        "yes",
    ),
    ("create an influencer", "no", "owned by themselves or their team", "any owner/team"),
    ("reassign owner or team", "no", "no", "yes"),
    (
        "edit a campaign, its collaborations, offers, deliverables, payments",
        "no",
        "if they own the campaign or their team does",
        "yes",
    ),
    ("export the workspace's list as CSV (audited)", "no", "no", "yes"),
    ("erase a person, export everything about one person", "no", "no", "admins"),
)


def role_table_markdown() -> str:
    """ROLE_TABLE as the README writes it."""
    lines = ["| " + " | ".join(ROLE_TABLE_HEAD) + " |", "|---|---|---|---|"]
    lines += ["| " + " | ".join(row) + " |" for row in ROLE_TABLE]
    return "\n".join(lines)


# What each role may do, in the words the 403 page shows a person who was refused: the rows of
# ROLE_TABLE for that role (each role may also do everything the roles before it may).
ROLE_ABILITIES: dict[str, str] = {
    Role.VIEWER: (
        "read everything in the workspace (influencers, timelines, outreach, campaigns and "
        "reports) and keep your own API tokens and calendar feed"
    ),
    Role.MEMBER: (
        "everything a viewer may, and log interactions and write pitches on any influencer; "
        "edit a profile (its accounts, rates, channels, preferences) if you own it, your team "
        "owns it, or nobody does; add influencers owned by yourself or your team; edit a "
        "campaign (its collaborations, offers, deliverables, payments) if you or your team "
        "own it"
    ),
    Role.MANAGER: (
        "everything a member may, on every record: reassign owners and teams, export the "
        "workspace's list as CSV, archive and restore a person, override a soft contact rule "
        "with a reason, set health overrides and share campaign reports"
    ),
    Role.ADMIN: (
        "everything a manager may, and erase a person or export everything about one person, "
        "and change the workspace's settings: members and roles, teams, the contact policy, "
        "privacy and retention, and exchange rates, and clear do-not-contact"
    ),
}
