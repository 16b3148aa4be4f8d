"""Writes for the report's read-only share links: create one (its secret shown once, only the
hash kept), revoke one, and open one by its secret (marking it used). Each is on the audit
record. The report itself is read by campaigns/selectors/report.py."""

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from campaigns.models import Campaign, ReportShareLink
from irm.errors import RuleError
from irm.models import AuditAction, User
from irm.services import audit_record, secret_hash

SHARE_DAYS_DEFAULT = 30
SHARE_DAYS_MAX = 180


@dataclass(frozen=True)
class NewShareLink:
    link: ReportShareLink
    secret: str  # shown once: only its hash is kept


@transaction.atomic
def report_share_link_create(
    *, campaign: Campaign, actor: User, days: int = SHARE_DAYS_DEFAULT, now: datetime
) -> NewShareLink:
    """A read-only link to the report for someone without a login, valid `days` days."""
    if not 1 <= days <= SHARE_DAYS_MAX:
        raise RuleError(
            f"A share link lasts from 1 to {SHARE_DAYS_MAX} days.", field="expires_in_days"
        )
    secret = secrets.token_urlsafe(32)
    link = ReportShareLink.objects.create(
        campaign=campaign,
        secret_hash=secret_hash(secret),
        expires_at=now + timedelta(days=days),
        created_by=actor,
        created_at=now,
    )
    # A door into the workspace for people without a login: who opened one is on record.
    audit_record(
        action=AuditAction.REPORT_LINK_CREATED,
        actor=actor,
        workspace=campaign.workspace,
        target=link,
        data={"campaign": str(campaign.public_id), "days": days},
        now=now,
    )
    return NewShareLink(link=link, secret=secret)


@transaction.atomic
def report_share_link_revoke(
    *, link: ReportShareLink, actor: User, now: datetime
) -> ReportShareLink:
    """Stop the link from working; revoking twice keeps the first moment."""
    if link.revoked_at is None:
        link.revoked_at = now
        link.save(update_fields=["revoked_at"])
        audit_record(
            action=AuditAction.REPORT_LINK_REVOKED,
            actor=actor,
            workspace=link.campaign.workspace,
            target=link,
            now=now,
        )
    return link


@transaction.atomic
def report_share_link_open(*, secret: str, now: datetime) -> ReportShareLink | None:
    """The live link behind `secret` (not expired, not revoked) with its campaign, marked as
    used now; None otherwise, whatever the reason, so a visitor learns nothing from it."""
    link = (
        ReportShareLink.objects.select_related("campaign__workspace", "campaign__brand")
        .filter(secret_hash=secret_hash(secret), revoked_at__isnull=True, expires_at__gt=now)
        .first()
    )
    if link is None:
        return None
    ReportShareLink.objects.filter(pk=link.pk).update(last_used_at=now)
    link.last_used_at = now
    return link
