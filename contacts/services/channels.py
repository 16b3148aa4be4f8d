"""Writes to how a person may be reached: the channels they opened or closed to us
(channel_permission_set) and do-not-contact (do_not_contact_set, do_not_contact_clear).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contacts.models import (
    Channel,
    ChannelPermission,
    Direction,
    Influencer,
    InteractionKind,
)
from contacts.services.timeline import interaction_record
from irm.errors import RuleError
from irm.models import AuditAction, Role, User
from irm.services import audit_record


@transaction.atomic
def channel_permission_set(
    *,
    influencer: Influencer,
    channel: str,
    is_open: bool,
    evidence: str,
    actor: User,
    since: datetime | None = None,
    now: datetime | None = None,
) -> ChannelPermission:
    """Record that they opened (or closed) a channel, with the evidence; on the timeline."""
    now = now or timezone.now()
    if channel not in Channel.values:
        raise RuleError(f"“{channel}” is not a channel.", field="channel")
    if not evidence.strip():
        raise RuleError("Say how you know, e.g. “They emailed us first”.", field="evidence")
    permission, _ = ChannelPermission.objects.update_or_create(
        influencer=influencer,
        channel=channel,
        defaults={
            "workspace": influencer.workspace,
            "is_open": is_open,
            "since": since or now,
            "evidence": evidence.strip(),
            "recorded_by": actor,
            "recorded_at": now,
        },
    )
    state = "opened" if is_open else "closed"
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.CHANNEL_CHANGE,
        direction=Direction.INTERNAL,
        channel=channel,
        summary=f"{Channel(channel).label} {state}: {evidence.strip()}",
        author=actor,
        occurred_at=now,
        now=now,
    )
    return permission


DO_NOT_CONTACT_FIELDS = [
    "do_not_contact",
    "do_not_contact_reason",
    "do_not_contact_since",
    "do_not_contact_by",
]


def _do_not_contact_write(
    influencer: Influencer, *, values: tuple, summary: str, action: str, actor: User, now: datetime
) -> Influencer:
    """Store the four do-not-contact fields, and record the change on the timeline and in the
    audit log."""
    for field, value in zip(DO_NOT_CONTACT_FIELDS, values, strict=True):
        setattr(influencer, field, value)
    influencer.save(update_fields=DO_NOT_CONTACT_FIELDS)
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.DO_NOT_CONTACT,
        direction=Direction.INTERNAL,
        summary=summary,
        author=actor,
        occurred_at=now,
        now=now,
    )
    audit_record(
        action=action, actor=actor, workspace=influencer.workspace, target=influencer, now=now
    )
    return influencer


@transaction.atomic
def do_not_contact_set(
    *, influencer: Influencer, reason: str, actor: User, now: datetime | None = None
) -> Influencer:
    """Any member may stop all contact; the reason is required, shown everywhere, audited."""
    now = now or timezone.now()
    if not reason.strip():
        raise RuleError("Give the reason, so the team understands.", field="reason")
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    return _do_not_contact_write(
        influencer,
        values=(True, reason.strip(), now, actor),
        summary=f"Do not contact: {reason.strip()}",
        action=AuditAction.DO_NOT_CONTACT_SET,
        actor=actor,
        now=now,
    )


@transaction.atomic
def do_not_contact_clear(
    *, influencer: Influencer, actor_role: str, actor: User, now: datetime | None = None
) -> Influencer:
    """Only an admin may lift a do-not-contact: it is the person's wish, not ours."""
    now = now or timezone.now()
    if actor_role != Role.ADMIN:
        raise RuleError("Only a workspace admin can clear do-not-contact.")
    influencer = Influencer.objects.select_for_update().get(pk=influencer.pk)
    if not influencer.do_not_contact:
        return influencer
    return _do_not_contact_write(
        influencer,
        values=(False, "", None, None),
        summary="Do-not-contact cleared",
        action=AuditAction.DO_NOT_CONTACT_CLEARED,
        actor=actor,
        now=now,
    )
