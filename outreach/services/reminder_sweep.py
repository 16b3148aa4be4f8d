"""The reminder sweeps: the hourly planning sweep (reminders_plan_sweep, at the end: cancel
what do-not-contact forbids, plan what is missing), and the firing sweep: fire every due reminder
exactly once, whatever crashes.

A batch of due rows is claimed with SELECT id ... FOR UPDATE SKIP LOCKED on the reminders alone
(the due index, no joins, so the claim costs the same however large the other tables grow), so
two workers (or two beats queueing the sweep at once) never take the same row; the batch is
marked fired with one UPDATE and its notifications created with one INSERT in the same
transaction, so a worker killed mid-batch loses its claim with
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
    OPEN_STATUSES,
    WAITING_STATUSES,
    Reminder,
    ReminderStatus,
)
from outreach.reminder_links import reminders_path
from outreach.services import reminder_checks as checks
from outreach.services.follow_up_reminders import follow_up_plan_everyone
from outreach.services.keep_in_touch import keep_in_touch_plan_everyone
from outreach.services.notifications import (
    NotificationDraft,
    NotificationKind,
    notifications_send_many,
)
from outreach.services.owed_replies import owe_reply_plan_everyone
from outreach.services.reminder_plans import CONTACT_KINDS

logger = logging.getLogger(__name__)

# Measured in bench/README.md: 200 a batch spent a third of the time on each batch's
# statements and commit; 500 keeps a batch's transaction well under a second.
BATCH_SIZE = 500
# After an unexpected error: 1, 2, 4, ... minutes, at most an hour; then a person looks.
MAX_ATTEMPTS = 8


def _due(now: datetime):
    return Reminder.objects.filter(status__in=WAITING_STATUSES, due_at__lte=now).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )


def more_than_a_batch_due(*, now: datetime | None = None) -> bool:
    """Whether another worker should start on the backlog now (a burst is fired in parallel)."""
    return _due(now or timezone.now())[: BATCH_SIZE + 1].count() > BATCH_SIZE


def reminders_fire_due(*, now: datetime | None = None, limit: int = BATCH_SIZE) -> int:
    """Fire one batch of due reminders; returns how many rows were claimed (fired, held,
    cancelled or deferred). Most kinds fire together (one update, one insert of notifications);
    those whose check or firing writes elsewhere (a follow-up draft, an email) fire one by one,
    each in a savepoint, so one failure cannot undo the rest."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = _claim(now, limit)
        together = []
        for reminder in claimed:
            if reminder.kind in checks.ONE_BY_ONE_KINDS:
                _fire_one(reminder, now)
            elif _still_due(reminder, now):
                together.append(reminder)
        _fire_together(together, now)
    return len(claimed)


def _claim(now: datetime, limit: int) -> list[Reminder]:
    """Lock a batch of due rows (skipping those another worker holds), then read them with
    what their checks and notifications need: two statements, each through an index."""
    ids = list(
        _due(now)
        .select_for_update(skip_locked=True)
        .order_by("due_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return []
    return list(
        Reminder.objects.filter(pk__in=ids)
        .select_related("assignee", "influencer", "pitch", "workspace")
        .order_by("due_at", "id")
    )


def _fire_one(reminder: Reminder, now: datetime) -> None:
    try:
        with transaction.atomic():  # a savepoint: one bad row does not undo the batch
            reminder_fire(reminder=reminder, now=now)
    except Exception as error:
        logger.exception("reminder %s could not fire", reminder.pk)
        reminder.refresh_from_db()  # the savepoint undid what this object still says
        _defer(reminder, error, now)


def _still_due(reminder: Reminder, now: datetime) -> bool:
    """The checks of a kind that writes nothing before firing: a failure here is recorded on
    the row without disturbing the batch's transaction."""
    try:
        return _decide(reminder, now)
    except Exception as error:
        logger.exception("reminder %s could not fire", reminder.pk)
        _defer(reminder, error, now)
        return False


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


def reminder_fire(*, reminder: Reminder, now: datetime) -> bool:
    """Fire one claimed reminder (the caller holds its row lock); False when the checks
    cancelled or held it instead."""
    if not _decide(reminder, now):
        return False
    _fire_together([reminder], now)
    return True


def _decide(reminder: Reminder, now: datetime) -> bool:
    """Check it again (do-not-contact, erasure, an answer, a return date may have changed since
    planning) and get it ready; True when it fires now."""
    decision = checks.still_due(reminder=reminder, now=now)
    if decision.cancel:
        _close(reminder, ReminderStatus.CANCELLED, decision.cancel, now)
        return False
    if decision.later is not None and decision.later > now:
        # They are away (an auto-reply, do-not-disturb): it waits for their return.
        reminder.due_at = decision.later
        reminder.status = ReminderStatus.HELD
        reminder.updated_at = now
        reminder.save(update_fields=["due_at", "status", "updated_at"])
        return False
    checks.before_firing(reminder=reminder, now=now)
    return True


def _fire_together(reminders: list[Reminder], now: datetime) -> None:
    """Mark them fired and notify their assignees: a few statements for the whole batch."""
    if not reminders:
        return
    Reminder.objects.filter(pk__in=[reminder.pk for reminder in reminders]).update(
        status=ReminderStatus.FIRED, fired_at=now, next_attempt_at=None, updated_at=now
    )
    # One link per workspace, not one URL resolution per reminder.
    paths = {reminder.workspace_id: reminders_path(reminder.workspace) for reminder in reminders}
    notifications_send_many(
        [
            NotificationDraft(
                workspace=reminder.workspace,
                user=reminder.assignee,
                kind=NotificationKind.REMINDER,
                title=reminder.title,
                body=" ".join(part for part in (reminder.reason, reminder.suggestion) if part),
                url=paths[reminder.workspace_id],
                reminder=reminder,
                dedupe_key=f"reminder:{reminder.pk}:{reminder.due_at.isoformat()}",
                # Emailed at once too, if the person wants those.
                email=reminder.kind in checks.ONE_BY_ONE_KINDS,
            )
            for reminder in reminders
        ],
        now=now,
    )
    for reminder in reminders:
        reminder.status, reminder.fired_at, reminder.next_attempt_at = (
            ReminderStatus.FIRED,
            now,
            None,
        )


def _close(reminder: Reminder, status: str, reason: str, now: datetime) -> None:
    reminder.status = status
    reminder.closed_at = now
    reminder.closed_reason = reason[:200]
    reminder.updated_at = now
    reminder.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])


# --- the hourly planning sweep --------------------------------------------------------------------


def reminders_plan_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Hourly: cancel what do-not-contact or erasure forbids, then plan what is missing, a batch
    at a time (each planner is idempotent, so a row planned on an event is not planned
    twice)."""
    now = now or timezone.now()
    cancelled = (
        Reminder.objects.filter(status__in=OPEN_STATUSES, kind__in=CONTACT_KINDS)
        .filter(Q(influencer__do_not_contact=True) | Q(influencer__erased_at__isnull=False))
        .update(
            status=ReminderStatus.CANCELLED,
            closed_at=now,
            closed_reason="They asked not to be contacted.",
            updated_at=now,
        )
    )
    return {
        "cancelled": cancelled,
        "follow_up_due": follow_up_plan_everyone(now=now),
        "keep_in_touch": keep_in_touch_plan_everyone(now=now),
        "owe_reply": owe_reply_plan_everyone(now=now),
    }
