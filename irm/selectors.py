"""irm's reads: the system's health (database, Redis, worker) and a workspace's members,
teams and open invitations."""

from dataclasses import asdict, dataclass
from datetime import datetime
from uuid import UUID

import redis
from django.conf import settings
from django.contrib.postgres.aggregates import ArrayAgg, JSONBAgg
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.shortcuts import get_object_or_404
from django.utils import timezone

from irm.models import ApiToken, Invitation, Membership, Team, User, Workspace
from irm.redis_client import redis_client
from irm.services import WORKER_HEARTBEAT_KEY
from irm.text import name_order


@dataclass(frozen=True)
class ServiceCheck:
    ok: bool
    detail: str


@dataclass(frozen=True)
class SystemHealth:
    database: ServiceCheck
    redis: ServiceCheck
    worker: ServiceCheck
    last_heartbeat: datetime | None

    @property
    def serving(self) -> bool:
        """The web app can serve requests. Only the database is needed: without Redis or a
        worker, background work waits in the database (outbox rows, due reminders) and goes
        out when they are back."""
        return self.database.ok

    @property
    def status(self) -> str:
        if not self.serving:
            return "down"
        return "ok" if self.redis.ok and self.worker.ok else "degraded"

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "database": asdict(self.database),
            "redis": asdict(self.redis),
            "worker": {
                **asdict(self.worker),
                "last_heartbeat": self.last_heartbeat.isoformat() if self.last_heartbeat else None,
            },
        }


def _check_database() -> ServiceCheck:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        return ServiceCheck(ok=False, detail=f"unreachable: {type(error).__name__}")
    return ServiceCheck(ok=True, detail="reachable")


def _read_heartbeat() -> tuple[ServiceCheck, datetime | None]:
    try:
        raw = redis_client().get(WORKER_HEARTBEAT_KEY)
    except redis.RedisError as error:
        return ServiceCheck(ok=False, detail=f"unreachable: {type(error).__name__}"), None
    if raw is None:
        return ServiceCheck(ok=True, detail="reachable"), None
    return ServiceCheck(ok=True, detail="reachable"), datetime.fromisoformat(raw.decode())


# What a page that has already read from the database knows of it without asking again.
DATABASE_ANSWERED = ServiceCheck(ok=True, detail="reachable")


def system_health_get(
    *, now: datetime | None = None, database_answered: bool = False
) -> SystemHealth:
    """`database_answered`: the caller's request has already read from the database (a page
    shown to a member has, to find their membership), which proves it reachable, so no extra
    round trip is spent on it; the health endpoint always asks."""
    now = now or timezone.now()
    database = DATABASE_ANSWERED if database_answered else _check_database()
    redis_check, last_heartbeat = _read_heartbeat()
    if not redis_check.ok:
        worker = ServiceCheck(ok=False, detail="unknown while Redis is unreachable")
    elif last_heartbeat is None:
        worker = ServiceCheck(ok=False, detail="no heartbeat yet")
    else:
        age = (now - last_heartbeat).total_seconds()
        fresh = age <= settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
        worker = ServiceCheck(
            ok=fresh, detail=f"last heartbeat {int(age)}s ago" + ("" if fresh else " (stale)")
        )
    return SystemHealth(
        database=database, redis=redis_check, worker=worker, last_heartbeat=last_heartbeat
    )


# --- workspaces ------------------------------------------------------------------------------


def memberships_of_user(*, user: User) -> QuerySet[Membership]:
    """The workspace switcher: every workspace the person belongs to, with member counts."""
    return (
        Membership.objects.filter(user=user)
        .select_related("workspace")
        .annotate(member_count=Count("workspace__memberships"))
        .order_by("workspace__name")
    )


# Members as menus and tables list them: by name as people read it, then address.
MEMBER_ORDER = (name_order("user__name"), "user__email")


def workspace_members(*, workspace: Workspace) -> QuerySet[Membership]:
    teams = Prefetch("teams", queryset=Team.objects.order_by("name"))
    return (
        Membership.objects.filter(workspace=workspace)
        .select_related("user")
        .prefetch_related(teams)
        .order_by(*MEMBER_ORDER)
    )


def workspace_open_invitations(*, workspace: Workspace, now: datetime) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(
            workspace=workspace,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        )
        .select_related("invited_by")
        .order_by("-created_at")
    )


def workspace_teams_and_members(*, workspace: Workspace) -> tuple[list[Team], list[Membership]]:
    """The workspace's teams (by name), each with `.people`, its members, and the workspace's
    members (by name, with the user), for a page's filter menus: one query."""
    return teams_and_members(
        members=workspace_members(workspace=workspace),
        teams=Team.objects.filter(workspace=workspace),
    )


def teams_and_members(
    *, members: QuerySet[Membership], teams: QuerySet[Team]
) -> tuple[list[Team], list[Membership]]:
    """`members` (one workspace's, in the order wanted) with their team ids, and `teams` (that
    workspace's), by name, each with `.people`: one query. The teams ride on the members' rows
    as one uncorrelated subquery (computed once); a page's viewer is a member, so there is
    always a row to carry them."""
    listed_teams = (
        teams.order_by()
        .values("workspace")
        .annotate(
            listed=JSONBAgg(
                JSONObject(id="id", public_id="public_id", name="name"), order_by="name"
            )
        )
        .values("listed")
    )
    rows = list(
        members.prefetch_related(None).annotate(
            team_ids=ArrayAgg("teams__id", filter=Q(teams__isnull=False), default=[]),
            workspace_teams=Subquery(listed_teams[:1]),
        )
    )
    if not rows:
        return [], []
    made = [
        Team(
            id=row["id"],
            workspace_id=rows[0].workspace_id,
            public_id=UUID(row["public_id"]),
            name=row["name"],
        )
        for row in rows[0].workspace_teams or []
    ]
    for team in made:
        team.people = [member for member in rows if team.pk in member.team_ids]
    return made, rows


def workspace_teams(*, workspace: Workspace) -> QuerySet[Team]:
    members = Prefetch(
        "members",
        queryset=Membership.objects.select_related("user").order_by(
            name_order("user__name"), "user__email"
        ),
    )
    return Team.objects.filter(workspace=workspace).prefetch_related(members).order_by("name")


def membership_get_by_public_id(*, workspace: Workspace, public_id) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "workspace"),
        workspace=workspace,
        public_id=public_id,
    )


def team_get(*, workspace: Workspace, public_id) -> Team:
    return get_object_or_404(
        Team.objects.select_related("workspace"), workspace=workspace, public_id=public_id
    )


def invitation_get(*, workspace: Workspace, public_id) -> Invitation:
    return get_object_or_404(
        Invitation.objects.select_related("workspace"), workspace=workspace, public_id=public_id
    )


def api_tokens_of(*, membership: Membership) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(workspace=membership.workspace_id, user=membership.user_id)


def api_token_get(*, membership: Membership, public_id) -> ApiToken:
    """Only the person's own tokens: anyone else's answers 404."""
    return get_object_or_404(
        ApiToken.objects.select_related("workspace"),
        workspace=membership.workspace_id,
        user=membership.user_id,
        public_id=public_id,
    )


def user_exists(*, email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def instances_from_rows(model, rows: list[dict]) -> list:
    """Model instances from rows read as JSON in a larger statement (json_agg, JSONObject), as
    if the ORM had loaded them: each value through its field's to_python."""
    fields = model._meta.concrete_fields
    return [
        model.from_db(
            "default",
            [item.attname for item in fields],
            [item.to_python(row[item.attname]) for item in fields],
        )
        for row in rows
    ]
