"""Writes for the core app: workspaces, members, teams, invitations, API tokens, audit.

Each service is one transaction; who may act is checked by the caller (views, API) before
input is validated; services enforce business rules and raise RuleError with a readable message.
"""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from irm.errors import RuleError
from irm.models import (
    ApiToken,
    AuditAction,
    AuditEvent,
    Invitation,
    Membership,
    Role,
    Team,
    User,
    Workspace,
)
from irm.outbox import email_queue
from irm.redis_client import redis_client
from irm.text import sentence

WORKER_HEARTBEAT_KEY = "rapport:worker-heartbeat"
INVITATION_VALID_DAYS = 14
API_TOKEN_PREFIX = "rpt_"


def worker_heartbeat_record(*, now: datetime | None = None) -> datetime:
    """Store the moment a worker last ran a task; /healthz reads it."""
    now = now or timezone.now()
    redis_client().set(WORKER_HEARTBEAT_KEY, now.isoformat(), ex=24 * 60 * 60)
    return now


def secret_hash(secret: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough (no password-style stretching).
    return hashlib.sha256(secret.encode()).hexdigest()


# --- audit -------------------------------------------------------------------------------


def audit_record(
    *,
    action: str,
    actor: User | None = None,
    workspace: Workspace | None = None,
    target: object | None = None,
    data: dict | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one audit event. Callers pass ids and roles in `data`, never personal data
    (sign-ins add the client's address and user agent: security data, irm/signals.py)."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        action=action,
        actor_id=actor_id,
        workspace=workspace,
        target_type=type(target).__name__.lower() if target is not None else "",
        target_id=str(getattr(target, "public_id", "")) if target is not None else "",
        data=data or {},
        created_at=now or timezone.now(),
    )


# --- workspaces and members ------------------------------------------------------------------


def default_reply_to_address(slug: str) -> str:
    return f"{slug}@{settings.INBOUND_EMAIL_DOMAIN}"


@transaction.atomic
def workspace_create(
    *, name: str, slug: str, admin: User, time_zone: str = "UTC", now: datetime | None = None
) -> Workspace:
    if Workspace.objects.filter(slug=slug).exists():
        raise RuleError(f"The address /w/{slug}/ is taken. Choose another.", field="slug")
    workspace = Workspace(
        name=name, slug=slug, time_zone=time_zone, reply_to_address=default_reply_to_address(slug)
    )
    workspace.full_clean()
    workspace.save()
    membership = Membership.objects.create(workspace=workspace, user=admin, role=Role.ADMIN)
    audit_record(
        action=AuditAction.WORKSPACE_CREATED, actor=admin, workspace=workspace, target=membership
    )
    return workspace


@transaction.atomic
def workspace_create_for_email(
    *,
    name: str,
    slug: str,
    admin_email: str,
    time_zone: str = "UTC",
    now: datetime | None = None,
) -> tuple[Workspace, bool]:
    """A workspace whose first admin is known only by email (the operators' command), and
    whether an account had to be made for them.

    1. find the account, or make one with the workspace's time zone,
    2. create the workspace with it as admin,
    3. for a new account, email a link to choose a password through the outbox.
    All in one transaction: a taken address leaves no account behind and sends nothing."""
    now = now or timezone.now()
    admin_email = User.objects.normalize_email(admin_email.strip())
    try:
        validate_email(admin_email)
    except ValidationError:
        raise RuleError(f"“{admin_email}” is not an email address.", field="admin") from None
    admin = User.objects.filter(email__iexact=admin_email).first()
    created = admin is None
    if created:
        # A random password nobody knows rather than an unusable one: Django's "Forgot your
        # password?" skips accounts without a usable password, and it is the way back in
        # when the emailed link has expired.
        admin = User.objects.create_user(
            admin_email, secrets.token_urlsafe(32), time_zone=time_zone
        )
    workspace = workspace_create(name=name, slug=slug, admin=admin, time_zone=time_zone, now=now)
    if created:
        _password_choose_email_queue(user=admin, workspace=workspace, now=now)
    return workspace, created


def _password_choose_email_queue(*, user: User, workspace: Workspace, now: datetime) -> None:
    # The same one-time link as a password reset (Django's token, void once the password
    # changes), so the reset pages serve it.
    path = reverse(
        "irm:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    valid_days = max(settings.PASSWORD_RESET_TIMEOUT // 86400, 1)
    email_queue(
        to=user.email,
        subject=f"Choose your password for {workspace.name} on Rapport",
        body=(
            f"Hello,\n\nA Rapport account was made for you as the admin of {workspace.name}.\n\n"
            f"Choose your password here:\n{settings.SITE_URL}{path}\n\n"
            f"The link works once and for {valid_days} day{'s' if valid_days > 1 else ''}. "
            "After that, ask for a new one with “Forgot your password?” on the sign-in page:\n"
            f"{settings.SITE_URL}{reverse('irm:password-reset')}\n\n"
            "Rapport\n"
        ),
        kind="password_choose",
        workspace=workspace,
        now=now,
    )


def _lock_admins(workspace_id: int) -> None:
    # Lock the workspace's admin rows so two admins demoting each other cannot leave none.
    list(Membership.objects.select_for_update().filter(workspace=workspace_id, role=Role.ADMIN))


def _admin_count(workspace: Workspace) -> int:
    return Membership.objects.filter(workspace=workspace, role=Role.ADMIN).count()


@transaction.atomic
def membership_change_role(
    *, membership: Membership, role: str, actor: User, now: datetime | None = None
) -> Membership:
    if role not in Role.values:
        raise RuleError(f"“{role}” is not a role.", field="role")
    _lock_admins(membership.workspace_id)
    previous = membership.role
    if previous == role:
        return membership
    if previous == Role.ADMIN and _admin_count(membership.workspace) <= 1:
        raise RuleError("A workspace needs at least one admin. Make someone else admin first.")
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        action=AuditAction.ROLE_CHANGED,
        actor=actor,
        workspace=membership.workspace,
        target=membership,
        data={"from": previous, "to": role},
        now=now,
    )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, actor: User, now: datetime | None = None) -> None:
    _lock_admins(membership.workspace_id)
    if membership.role == Role.ADMIN and _admin_count(membership.workspace) <= 1:
        raise RuleError("A workspace needs at least one admin. Make someone else admin first.")
    audit_record(
        action=AuditAction.MEMBER_REMOVED,
        actor=actor,
        workspace=membership.workspace,
        target=membership,
        data={"role": membership.role},
        now=now,
    )
    # Their API tokens for this workspace stop working with the membership.
    ApiToken.objects.filter(workspace=membership.workspace, user=membership.user).delete()
    membership.delete()


# --- teams ---------------------------------------------------------------------------------


def _team_name_taken(workspace: Workspace, name: str, exclude: Team | None = None) -> bool:
    teams = Team.objects.alias(name_lower=Lower("name")).filter(
        workspace=workspace, name_lower=name.strip().lower()
    )
    if exclude is not None:
        teams = teams.exclude(pk=exclude.pk)
    return teams.exists()


@transaction.atomic
def team_create(*, workspace: Workspace, name: str) -> Team:
    name = name.strip()
    if not name:
        raise RuleError("Give the team a name.", field="name")
    if _team_name_taken(workspace, name):
        raise RuleError(f"There is already a team called “{name}”.", field="name")
    return Team.objects.create(workspace=workspace, name=name)


@transaction.atomic
def team_rename(*, team: Team, name: str) -> Team:
    name = name.strip()
    if not name:
        raise RuleError("Give the team a name.", field="name")
    if _team_name_taken(team.workspace, name, exclude=team):
        raise RuleError(f"There is already a team called “{name}”.", field="name")
    team.name = name
    team.save(update_fields=["name"])
    return team


@transaction.atomic
def team_delete(*, team: Team) -> None:
    team.delete()


@transaction.atomic
def team_set_members(*, team: Team, memberships: list[Membership]) -> Team:
    if any(m.workspace_id != team.workspace_id for m in memberships):
        raise RuleError("Only members of this workspace can join its teams.", field="members")
    team.members.set(memberships)
    return team


# --- API tokens ------------------------------------------------------------------------------


@transaction.atomic
def api_token_create(
    *, membership: Membership, name: str, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """Return the token row and the plain token, which is shown once and never stored."""
    name = name.strip()
    if not name:
        raise RuleError(
            "Name the token after what will use it, e.g. “Reporting script”.", field="name"
        )
    plain = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        workspace=membership.workspace,
        user=membership.user,
        name=name,
        prefix=plain[:10],
        key_hash=secret_hash(plain),
        created_at=now or timezone.now(),
    )
    audit_record(
        action=AuditAction.TOKEN_CREATED,
        actor=membership.user,
        workspace=membership.workspace,
        target=token,
        now=now,
    )
    return token, plain


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, now: datetime | None = None) -> ApiToken:
    _revoke(token, action=AuditAction.TOKEN_REVOKED, actor=actor, now=now)
    return token


def _revoke(row: ApiToken | Invitation, *, action: str, actor: User, now: datetime | None) -> None:
    """Mark a token or an invitation revoked once, with its audit entry; again is a no-op."""
    if row.revoked_at is not None:
        return
    row.revoked_at = now or timezone.now()
    row.save(update_fields=["revoked_at"])
    audit_record(action=action, actor=actor, workspace=row.workspace, target=row, now=now)


def api_token_authenticate(*, plain: str, now: datetime | None = None) -> ApiToken | None:
    """The live token for this secret, with its user and workspace; None when unknown or
    revoked. Records last use at most once a minute to keep writes off the hot path."""
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user", "workspace")
        .filter(key_hash=secret_hash(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


# --- invitations -------------------------------------------------------------------------------


def invitation_url_path(plain_token: str) -> str:
    return f"/invitations/{plain_token}/"


@transaction.atomic
def invitation_accept(
    *, invitation: Invitation, user: User, now: datetime | None = None
) -> Membership:
    now = now or timezone.now()
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_open(now):
        raise RuleError("This invitation is no longer valid. Ask for a new one.")
    if user.email.lower() != invitation.email.lower():
        raise RuleError(
            "This invitation was sent to another email address. Sign out and open it again."
        )
    membership, created = Membership.objects.get_or_create(
        workspace=invitation.workspace, user=user, defaults={"role": invitation.role}
    )
    invitation.accepted_at = now
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    if created:
        audit_record(
            action=AuditAction.MEMBER_JOINED,
            actor=user,
            workspace=invitation.workspace,
            target=membership,
            data={"role": membership.role, "invitation": str(invitation.public_id)},
            now=now,
        )
    return membership


@transaction.atomic
def invitation_revoke(
    *, invitation: Invitation, actor: User, now: datetime | None = None
) -> Invitation:
    if invitation.accepted_at is not None:
        raise RuleError("This invitation was already accepted.")
    _revoke(invitation, action=AuditAction.INVITATION_REVOKED, actor=actor, now=now)
    return invitation


def user_create_for_invitation(
    *, invitation: Invitation, name: str, password: str, now: datetime | None = None
) -> User:
    """A newcomer's account, made from the invitation they accept (email comes from it)."""
    if User.objects.filter(email__iexact=invitation.email).exists():
        raise RuleError("An account with this email exists already: sign in to accept.")
    try:
        with transaction.atomic():
            return User.objects.create_user(
                invitation.email,
                password,
                name=name.strip(),
                time_zone=invitation.workspace.time_zone,
            )
    except IntegrityError:
        raise RuleError("An account with this email exists already: sign in to accept.") from None


@transaction.atomic
def invitation_create(
    *, workspace: Workspace, email: str, role: str, invited_by: User, now: datetime | None = None
) -> Invitation:
    """1. refuse members and open invitations, 2. store the token's hash, 3. email the link
    through the outbox, 4. audit."""
    now = now or timezone.now()
    email = User.objects.normalize_email(email.strip())
    if role not in Role.values:
        raise RuleError(f"“{role}” is not a role.", field="role")
    if Membership.objects.filter(workspace=workspace, user__email__iexact=email).exists():
        raise RuleError(sentence(f"{email} is already a member of {workspace.name}"), field="email")
    open_invitations = Invitation.objects.filter(
        workspace=workspace,
        email__iexact=email,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    )
    # An expired invitation is closed so a new one can take its place.
    open_invitations.filter(expires_at__lte=now).update(revoked_at=now)
    if open_invitations.exists():
        raise RuleError(
            f"{email} already has an open invitation. Revoke it to send a new one.", field="email"
        )
    plain = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        workspace=workspace,
        email=email,
        role=role,
        invited_by=invited_by,
        token_hash=secret_hash(plain),
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_VALID_DAYS),
    )
    inviter = invited_by.name or invited_by.email
    email_queue(
        to=email,
        subject=f"{inviter} invited you to {workspace.name} on Rapport",
        body=(
            f"Hello,\n\n{inviter} invited you to join {workspace.name} on Rapport as "
            f"{invitation.get_role_display().lower()}.\n\n"
            f"Accept the invitation here (valid for {INVITATION_VALID_DAYS} days):\n"
            f"{settings.SITE_URL}{invitation_url_path(plain)}\n\n"
            "If you did not expect this, you can ignore this email.\n"
        ),
        kind="invitation",
        workspace=workspace,
        now=now,
    )
    audit_record(
        action=AuditAction.MEMBER_INVITED,
        actor=invited_by,
        workspace=workspace,
        target=invitation,
        data={"role": role},
        now=now,
    )
    return invitation


def invitation_find(*, plain_token: str) -> Invitation | None:
    return (
        Invitation.objects.select_related("workspace", "invited_by")
        .filter(token_hash=secret_hash(plain_token))
        .first()
    )


# --- privacy settings ------------------------------------------------------------------------

RETENTION_MONTHS_MAX = 600


@transaction.atomic
def workspace_privacy_update(
    *, workspace: Workspace, purpose: str, retention_months: int | None
) -> Workspace:
    """Why the workspace holds what it holds (the privacy notice says it) and how long message
    bodies and timeline texts are kept (None: forever; the retention sweep does the rest)."""
    purpose = purpose.strip()
    if not purpose:
        raise RuleError(
            "Say why you keep information about people: the privacy notice tells them.",
            field="privacy_purpose",
        )
    if retention_months is not None and not 1 <= retention_months <= RETENTION_MONTHS_MAX:
        raise RuleError(
            f"Keep bodies for 1 to {RETENTION_MONTHS_MAX} months, or leave it empty to keep them.",
            field="retention_months",
        )
    workspace.privacy_purpose = purpose
    workspace.retention_months = retention_months
    workspace.save(update_fields=["privacy_purpose", "retention_months"])
    return workspace
