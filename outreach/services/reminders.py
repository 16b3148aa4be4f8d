"""What people do with a reminder: done, snooze, dismiss. One transaction each; the row is
locked so the sweep and a person never act on it at once."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from irm.errors import RuleError
from irm.models import Role, User
from irm.text import sentence
from outreach.models import OPEN_STATUSES, Reminder, ReminderStatus

SNOOZE_CHOICES = {"1d": timedelta(days=1), "1w": timedelta(weeks=1)}
# A snooze to a date brings the reminder back at this hour in the person's time zone.
SNOOZE_HOUR = time(9, 0)


def reminder_may_act(*, reminder: Reminder, actor: User, role: str) -> bool:
    """Its assignee acts on it (viewers only read); managers act on anyone's."""
    if Role.rank(role) >= Role.rank(Role.MANAGER):
        return True
    return reminder.assignee_id == actor.pk and Role.rank(role) >= Role.rank(Role.MEMBER)


def _locked(reminder: Reminder) -> Reminder:
    row = (
        Reminder.objects.select_for_update(of=("self",))
        .select_related("assignee")
        .get(pk=reminder.pk)
    )
    if row.status not in OPEN_STATUSES:
        raise RuleError(f"This reminder is {row.get_status_display().lower()} already.")
    return row


@transaction.atomic
def reminder_done(*, reminder: Reminder, actor: User, now: datetime | None = None) -> Reminder:
    return _close(_locked(reminder), ReminderStatus.DONE, sentence(f"Done by {_name(actor)}"), now)


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder, actor: User, now: datetime | None = None) -> Reminder:
    return _close(
        _locked(reminder), ReminderStatus.DISMISSED, sentence(f"Dismissed by {_name(actor)}"), now
    )


@transaction.atomic
def reminder_snooze(
    *,
    reminder: Reminder,
    actor: User,
    choice: str = "",
    until: date | None = None,
    now: datetime | None = None,
) -> Reminder:
    """Back a day or a week after it was due (or after now, once due), or on a date (at 09:00 in
    the assignee's time zone); the sweep fires it again then."""
    now = now or timezone.now()
    row = _locked(reminder)
    if until is not None:
        zone = ZoneInfo(row.assignee.time_zone or "UTC")
        due_at = datetime.combine(until, SNOOZE_HOUR, tzinfo=zone)
        if due_at <= now:
            raise RuleError(f"Pick a day whose 09:00 ({zone.key}) is still ahead.", field="until")
    elif choice in SNOOZE_CHOICES:
        # "A week" from when it was due, if that is still ahead (snoozing a reminder due next
        # Friday means the Friday after, not a week from today); from now once it is due.
        due_at = max(now, row.due_at) + SNOOZE_CHOICES[choice]
    else:
        raise RuleError("Snooze for a day, a week, or until a date.", field="choice")
    row.status = ReminderStatus.SNOOZED
    row.due_at = due_at
    row.attempts = 0
    row.next_attempt_at = None
    row.updated_at = now
    row.save(update_fields=["status", "due_at", "attempts", "next_attempt_at", "updated_at"])
    return row


def _close(row: Reminder, status: str, reason: str, now: datetime | None) -> Reminder:
    now = now or timezone.now()
    row.status = status
    row.closed_at = now
    row.closed_reason = reason[:200]
    row.updated_at = now
    row.save(update_fields=["status", "closed_at", "closed_reason", "updated_at"])
    return row


def _name(user: User) -> str:
    return user.name or user.email
