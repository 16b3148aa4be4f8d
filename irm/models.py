"""irm's tables: users (email sign-in, time zone), workspaces, memberships and roles, teams,
invitations, API tokens, the audit log and the email outbox; the PublicIdModel base."""

import functools
import uuid
import zoneinfo

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone


@functools.cache
def known_time_zones() -> frozenset[str]:
    """zoneinfo.available_timezones() walks the tz database's files on every call (milliseconds):
    read once per process, as every profile an import checks asks for it."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError(f"“{value}” is not a known time zone (e.g. Europe/Paris).")


class PublicIdModel(models.Model):
    """A row that pages, links and the API name by a random id, never by its primary key
    (which would tell how many rows there are and invite guessing)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email: str) -> "User":
        # Email is the login and is unique case-insensitively; lower(email) is served by the
        # unique index of irm_user_email_ci_unique.
        return self.alias(email_lower=Lower("email")).get(email_lower=email.strip().lower())

    def create_user(self, email: str, password: str | None = None, **fields) -> "User":
        if not email:
            raise ValueError("Users need an email address.")
        user = self.model(email=self.normalize_email(email.strip()), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> "User":
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(PublicIdModel, AbstractBaseUser, PermissionsMixin):
    """A person who signs in to Rapport. Email is the login (unique whatever its case)."""

    # unique=True satisfies Django's login-field check; the constraint below is the real rule.
    email = models.EmailField("email address", max_length=254, unique=True)
    name = models.CharField(max_length=150, blank=True)
    time_zone = models.CharField(
        max_length=64,
        default="UTC",
        validators=[validate_time_zone],
        help_text="Reminders, digests and dates are shown in this time zone.",
    )
    email_notifications = models.BooleanField(
        default=True,
        help_text="Email me at once when someone waits for our reply, a follow-up draft is "
        "ready or a pitch of mine was blocked at send (everything shows in the app too).",
    )
    daily_digest = models.BooleanField(
        default=True, help_text="A morning summary of what is due, at 08:00 my time."
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        default=False, help_text="May sign in to Django admin (site administrators)."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="irm_user_email_ci_unique",
                violation_error_message="Someone already uses this email address.",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = type(self).objects.normalize_email(self.email.strip())

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return (self.name.split() or [self.email])[0]

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Role(models.TextChoices):
    """What a membership may do. Each role may do everything the roles before it may."""

    VIEWER = "viewer", "Viewer"
    MEMBER = "member", "Member"
    MANAGER = "manager", "Manager"
    ADMIN = "admin", "Admin"

    @classmethod
    def rank(cls, role: str) -> int:
        return list(cls.values).index(role)


DEFAULT_PRIVACY_PURPOSE = (
    "We keep what you publish about your work and what we exchange with you so that we can "
    "work with you on campaigns, pay you on time and not contact you more than you want: our "
    "legitimate interest in building lasting partnerships with creators."
)


class Workspace(PublicIdModel):
    """A PR team or agency. Every domain row belongs to exactly one workspace."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=50, unique=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    # Inbound mail (replies to pitches) finds its workspace by the address it was sent to.
    reply_to_address = models.EmailField(max_length=254, unique=True)
    # Privacy: why the team holds what it holds about people (the privacy notice says it), and
    # how long message bodies and timeline texts are kept (empty: forever). The retention
    # sweep (contacts/services/retention.py) blanks older bodies and keeps the facts and dates.
    privacy_purpose = models.TextField(default=DEFAULT_PRIVACY_PURPOSE)
    retention_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Message bodies and timeline texts older than this many months are removed; "
        "empty keeps them.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Membership(PublicIdModel):
    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["workspace", "user__email"]
        constraints = [
            # Also the index behind every request's membership lookup (workspace, user).
            models.UniqueConstraint(fields=["workspace", "user"], name="irm_membership_unique"),
        ]
        indexes = [
            # The last-admin rule counts a workspace's admins.
            models.Index(fields=["workspace", "role"], name="irm_membership_role_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.workspace} ({self.role})"

    def may(self, role: str) -> bool:
        return Role.rank(self.role) >= Role.rank(role)


class Team(PublicIdModel):
    """A group inside the workspace that owns relationships (e.g. "PR", "Digital marketing")."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=80)
    members = models.ManyToManyField(Membership, related_name="teams", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("name"),
                name="irm_team_name_unique",
                violation_error_message="A team with this name already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(PublicIdModel):
    """An emailed link that lets someone join a workspace with a role."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    invited_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    # Only the hash is stored; the link in the email carries the token.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                "workspace",
                Lower("email"),
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="irm_invitation_open_unique",
                violation_error_message="This person already has an open invitation.",
            ),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.workspace} for {self.email}"

    def is_open(self, now) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class ApiToken(PublicIdModel):
    """A personal token for the REST API, valid in one workspace. Shown once, stored hashed."""

    workspace = models.ForeignKey(Workspace, on_delete=models.CASCADE, related_name="api_tokens")
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=80)
    # The first characters of the token, so a person can tell their tokens apart.
    prefix = models.CharField(max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"
        verbose_name_plural = "API tokens"
        indexes = [
            # "My API tokens" lists a person's tokens in one workspace.
            models.Index(fields=["workspace", "user"], name="irm_apitoken_owner_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class AuditAction(models.TextChoices):
    SIGN_IN = "sign_in", "Signed in"
    SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
    PERMISSION_DENIED = "permission_denied", "Permission denied"
    WORKSPACE_CREATED = "workspace_created", "Workspace created"
    MEMBER_INVITED = "member_invited", "Member invited"
    INVITATION_REVOKED = "invitation_revoked", "Invitation revoked"
    MEMBER_JOINED = "member_joined", "Member joined"
    ROLE_CHANGED = "role_changed", "Role changed"
    MEMBER_REMOVED = "member_removed", "Member removed"
    TOKEN_CREATED = "token_created", "API token created"
    TOKEN_REVOKED = "token_revoked", "API token revoked"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Password reset requested"
    DO_NOT_CONTACT_SET = "do_not_contact_set", "Do-not-contact set"
    DO_NOT_CONTACT_CLEARED = "do_not_contact_cleared", "Do-not-contact cleared"
    INTERACTION_DELETED = "interaction_deleted", "Timeline entry deleted"
    INFLUENCERS_MERGED = "influencers_merged", "Influencer profiles merged"
    EXPORT = "export", "Data exported"
    CONTACT_RULE_OVERRIDDEN = "contact_rule_overridden", "Contact rule overridden"
    HEALTH_OVERRIDE_SET = "health_override_set", "Health band overridden"
    HEALTH_OVERRIDE_CLEARED = "health_override_cleared", "Health band override cleared"
    REPORT_LINK_CREATED = "report_link_created", "Report share link created"
    REPORT_LINK_REVOKED = "report_link_revoked", "Report share link revoked"
    INFLUENCER_ERASED = "influencer_erased", "Influencer erased"
    INFLUENCER_ARCHIVED = "influencer_archived", "Influencer archived"
    INFLUENCER_RESTORED = "influencer_restored", "Influencer restored"


class AuditEvent(models.Model):
    """Append-only record of security-relevant actions. Ids and actions only: no names,
    email addresses or message text, so an erasure never has to rewrite history. The one
    exception is security data: sign-ins and failed sign-ins keep the client's network address
    and user agent (`data`), which tell an admin who was trying passwords."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="audit_events"
    )
    actor = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True)
    action = models.CharField(max_length=40, choices=AuditAction.choices)
    target_type = models.CharField(max_length=40, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    # Non-personal facts, e.g. {"from": "member", "to": "manager"} or {"path": "/w/x/settings/"}.
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["workspace", "-created_at"], name="irm_audit_ws_recent_idx"),
            models.Index(fields=["action", "-created_at"], name="irm_audit_action_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.created_at:%Y-%m-%d %H:%M}"


class EmailStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    # Found stuck in "sending": SMTP may or may not have accepted it. A person decides;
    # it is never resent by itself.
    UNKNOWN = "unknown", "Unknown (check before resending)"


class OutboxEmail(PublicIdModel):
    """Every email Rapport sends is a row here first (invites, password resets, pitches,
    digests). Delivery is at most once: the row is committed as `sending` before SMTP."""

    workspace = models.ForeignKey(
        Workspace, on_delete=models.CASCADE, null=True, blank=True, related_name="outbox"
    )
    kind = models.CharField(max_length=32)
    from_address = models.CharField(max_length=320)
    to_address = models.EmailField(max_length=254)
    reply_to = models.EmailField(max_length=254, blank=True)
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    # Made in advance, so replies can be threaded to this row before it is even sent.
    message_id = models.CharField(max_length=255, unique=True)
    headers = models.JSONField(default=dict, blank=True)
    # Files in media storage sent with the message: [{"name", "path", "content_type"}].
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=16, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    not_before = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # The delivery sweep: due pending rows, oldest first.
            models.Index(
                fields=["not_before"],
                condition=models.Q(status="pending"),
                name="irm_outbox_due_idx",
            ),
            # The stuck-row sweep: rows left in "sending".
            models.Index(
                fields=["claimed_at"],
                condition=models.Q(status="sending"),
                name="irm_outbox_sending_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to_address} ({self.status})"
