"""A manager's override of the computed health band: visible, bounded in time and audited.

The computation applies an override while its last day has not passed (contacts.health.compute);
these services set and clear it, record who did and why, and recompute at once so lists and the
dashboard show the new band.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from contacts.health.compute import health_day, health_recompute_after_change
from contacts.models import HealthBand, Influencer
from irm.errors import RuleError
from irm.models import AuditAction, Role, User
from irm.services import audit_record

OVERRIDE_MAX_DAYS = 365
REASON_MAX_LENGTH = Influencer._meta.get_field("health_override_reason").max_length
# "new" describes the absence of history; a manager cannot declare it.
OVERRIDE_BANDS = [band for band in HealthBand if band != HealthBand.NEW]


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
    with transaction.atomic():
        Influencer.objects.filter(pk=influencer.pk).update(
            health_override_band=band,
            health_override_reason=reason,
            health_override_until=until,
            health_override_by=actor,
            health_override_at=now,
        )
        audit_record(
            action=AuditAction.HEALTH_OVERRIDE_SET,
            actor=actor,
            workspace=influencer.workspace,
            target=influencer,
            data={"band": band, "until": until.isoformat()},
            now=now,
        )
        health_recompute_after_change(influencer_ids=[influencer.pk], now=now)
    influencer.refresh_from_db()
    return influencer


def health_override_clear(
    *, influencer: Influencer, actor: User, now: datetime | None = None
) -> Influencer:
    """Back to the computed band."""
    now = now or timezone.now()
    _check_manager(influencer, actor)
    with transaction.atomic():
        cleared = Influencer.objects.filter(pk=influencer.pk).exclude(health_override_band="")
        if cleared.update(
            health_override_band="",
            health_override_reason="",
            health_override_until=None,
            health_override_by=None,
            health_override_at=None,
        ):
            audit_record(
                action=AuditAction.HEALTH_OVERRIDE_CLEARED,
                actor=actor,
                workspace=influencer.workspace,
                target=influencer,
                now=now,
            )
        health_recompute_after_change(influencer_ids=[influencer.pk], now=now)
    influencer.refresh_from_db()
    return influencer


def override_is_active(influencer: Influencer, now: datetime | None = None) -> bool:
    """What the computation applies, for showing whether an override still counts."""
    return bool(
        influencer.health_override_band
        and influencer.health_override_until
        and influencer.health_override_until >= health_day(now or timezone.now())
    )
