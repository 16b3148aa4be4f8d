"""The reminder sweep: fire every due reminder exactly once, whatever crashes.

A batch of due rows is claimed with SELECT ... FOR UPDATE SKIP LOCKED, so two workers (or two
beats queueing the sweep at once) never take the same row; each row is marked fired and its
notification created in the same transaction, so a worker killed mid-batch loses its claim with
its transaction and the next sweep finds the rows again. Email goes through the outbox, which
sends after commit. An unexpected error on one row moves that row's next attempt forward
instead of failing the batch or crash-looping.
"""

import logging
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outreach.models import (
    WAITING_STATUSES,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from outreach.notifications import NotificationKind, notification_send
from outreach.reminders import checks

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# After an unexpected error: 1, 2, 4, ... minutes, at most an hour; then a person looks.
MAX_ATTEMPTS = 8


def reminders_fire_due(*, now: datetime | None = None, limit: int = BATCH_SIZE) -> int:
    """Fire one batch of due reminders; returns how many rows were claimed (fired, moved,
    cancelled or deferred), so the caller knows whether more may remain."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = list(
            Reminder.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(status__in=WAITING_STATUSES, due_at__lte=now)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            .select_related("assignee", "influencer", "pitch", "workspace")
            .order_by("due_at", "id")[:limit]
        )
        for reminder in claimed:
            _fire_one(reminder, now)
    return len(claimed)


def _fire_one(reminder: Reminder, now: datetime) -> None:
    try:
        with transaction.atomic():  # a savepoint: one bad row does not undo the batch
            reminder_fire(reminder=reminder, now=now)
    except Exception as error:
        logger.exception("reminder %s could not fire", reminder.pk)
        _defer(reminder, error, now)


def _defer(reminder: Reminder, error: Exception, now: datetime) -> None:
    reminder.attempts += 1
    reminder.last_error = f"{type(error).__name__}: {error}"[:300]
    if reminder.attempts >= MAX_ATTEMPTS:
        reminder.status = ReminderStatus.CANCELLED
        reminder.closed_at = now
        reminder.closed_reason = "Could not fire after several attempts; see the last error."
    else:
        minutes = min(2 ** (reminder.attempts - 1), 60)
        reminder.next_attempt_at = now + timedelta(minutes=minutes)
    reminder.updated_at = now
    reminder.save(
        update_fields=[
            "attempts",
            "last_error",
            "status",
            "closed_at",
            "closed_reason",
            "next_attempt_at",
            "updated_at",
        ]
    )


def reminder_fire(*, reminder: Reminder, now: datetime) -> str:
    """Fire one claimed reminder (the caller holds its row lock). It is checked again first:
    do-not-contact, erasure, an answer, a return date may have changed things since planning."""
    decision = checks.still_due(reminder=reminder, now=now)
    if decision.cancel:
        _close(reminder, ReminderStatus.CANCELLED, decision.cancel, now)
        return "cancelled"
    if decision.later is not None and decision.later > now:
        # They are away (an auto-reply, do-not-disturb): it waits for their return.
        reminder.due_at = decision.later
        reminder.status = ReminderStatus.HELD
        reminder.updated_at = now
        reminder.save(update_fields=["due_at", "status", "updated_at"])
        return "deferred"
    checks.before_firing(reminder=reminder, now=now)
    reminder.status = ReminderStatus.FIRED
    reminder.fired_at = now
    reminder.next_attempt_at = None
    reminder.updated_at = now
    reminder.save(update_fields=["status", "fired_at", "next_attempt_at", "updated_at"])
    _notify(reminder, now)
    return "fired"


def _close(reminder: Reminder, status: str, reason: str, now: datetime) -> None:
    reminder.status = status
    reminder.closed_at = now
    reminder.closed_reason = reason[:200]
    reminder.updated_at = now
    reminder.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])


def _notify(reminder: Reminder, now: datetime) -> None:
    """The bell, and an email at once for a reply we owe (when the person wants those)."""
    notification_send(
        workspace=reminder.workspace,
        user=reminder.assignee,
        kind=NotificationKind.REMINDER,
        title=reminder.title,
        body=" ".join(part for part in (reminder.reason, reminder.suggestion) if part),
        url=f"/w/{reminder.workspace.slug}/reminders/",
        reminder=reminder,
        dedupe_key=f"reminder:{reminder.pk}:{reminder.due_at.isoformat()}",
        email=reminder.kind == ReminderKind.OWE_REPLY,
        now=now,
    )
