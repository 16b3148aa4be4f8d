"""A manager's override of the computed health band: visible, bounded in time and audited.

The computation applies an override while its last day has not passed (contacts.services.health);
these services set and clear it, record who did and why, and recompute at once so lists and the
dashboard show the new band.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from contacts.health.weights import OVERRIDE_BANDS, OVERRIDE_MAX_DAYS, health_day
from contacts.models import Influencer
from contacts.services.health import health_recompute_after_change
from irm.errors import RuleError
from irm.models import AuditAction, Role, User
from irm.services import audit_record

REASON_MAX_LENGTH = Influencer._meta.get_field("health_override_reason").max_length


def _check_manager(influencer: Influencer, actor: User) -> None:
    membership = actor.memberships.filter(workspace=influencer.workspace_id).first()
    if membership is None or not membership.may(Role.MANAGER):
        raise RuleError("Only managers may override a relationship's health.")


def health_override_set(
    *,
    influencer: Influencer,
    band: str,
    reason: str,
    until: date,
    actor: User,
    now: datetime | None = None,
) -> Influencer:
    """Show `band` instead of the computed one until (and including) `until`."""
    now = now or timezone.now()
    _check_manager(influencer, actor)
    if band not in OVERRIDE_BANDS:
        choices = ", ".join(str(b.label).lower() for b in OVERRIDE_BANDS)
        raise RuleError(f"Choose a band: {choices}.", field="band")
    reason = reason.strip()
    if not reason:
        raise RuleError("Say why, so the team understands the override.", field="reason")
    if len(reason) > REASON_MAX_LENGTH:
        raise RuleError(f"Say why in {REASON_MAX_LENGTH} characters or fewer.", field="reason")
    today = health_day(now)
    if until < today:
        raise RuleError("The override must last until today or later.", field="until")
    if until > today + timedelta(days=OVERRIDE_MAX_DAYS):
        raise RuleError("An override lasts a year at most.", field="until")
    return _override_write(
        influencer=influencer,
        actor=actor,
        now=now,
        columns={"band": band, "reason": reason, "until": until, "by": actor, "at": now},
        action=AuditAction.HEALTH_OVERRIDE_SET,
        data={"band": band, "until": until.isoformat()},
    )


def health_override_clear(
    *, influencer: Influencer, actor: User, now: datetime | None = None
) -> Influencer:
    """Back to the computed band."""
    now = now or timezone.now()
    _check_manager(influencer, actor)
    return _override_write(
        influencer=influencer,
        actor=actor,
        now=now,
        columns={"band": "", "reason": "", "until": None, "by": None, "at": None},
        action=AuditAction.HEALTH_OVERRIDE_CLEARED,
        only_if_set=True,
    )


def _override_write(
    *,
    influencer: Influencer,
    actor: User,
    now: datetime,
    columns: dict,
    action: str,
    data: dict | None = None,
    only_if_set: bool = False,
) -> Influencer:
    """In one transaction: 1. write the override's columns (`columns`, named without their
    "health_override_" prefix); 2. record the audit entry, when clearing only if there was an
    override to clear; 3. recompute at once so lists and the dashboard show the new band."""
    with transaction.atomic():
        rows = Influencer.objects.filter(pk=influencer.pk)
        if only_if_set:
            rows = rows.exclude(health_override_band="")
        changed = rows.update(
            **{f"health_override_{name}": value for name, value in columns.items()}
        )
        if changed or not only_if_set:
            audit_record(
                action=action,
                actor=actor,
                workspace=influencer.workspace,
                target=influencer,
                data=data,
                now=now,
            )
        health_recompute_after_change(influencer_ids=[influencer.pk], now=now)
    influencer.refresh_from_db()
    return influencer
