"""The daily digest: one morning email per person and workspace, at 08:00 their own time.

A sweep runs every 15 minutes. For each active person who wants the digest it reads the wall
clock in their time zone, so zones at +05:30 or +05:45 and days when the clocks change need no
special case: the first sweep at or after 08:00 local sends it. A DigestDelivery row per person,
workspace and local date (a unique key) is written in the same transaction as the email is
queued, so a sweep that runs twice, or two beats at once, send nothing twice. A morning with
nothing to say sends nothing and writes nothing, so a reminder that comes due later that
morning still gets its digest on a later sweep.
"""

import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from time import monotonic

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from irm.models import Membership, User, Workspace
from irm.outbox import email_queue
from outreach.models import OPEN_STATUSES, DigestDelivery, Notification, Reminder
from outreach.reminder_links import reminder_link, reminders_path, site_link
from outreach.selectors.reminders import digest_items

logger = logging.getLogger(__name__)

DIGEST_KIND = "digest"
DIGEST_TIME = time(8, 0)
# Unread notifications younger than this are listed; older ones were in an earlier digest.
NOTIFICATIONS_WINDOW = timedelta(days=1)
# The sweep stops starting new digests after this long, well inside the task's soft time limit;
# whoever is left gets theirs from the next sweep, 15 minutes later.
DIGEST_SWEEP_BUDGET_SECONDS = 120


class DigestOutcome(StrEnum):
    SENT = "sent"
    NOTHING_TO_SAY = "nothing_to_say"
    ALREADY_SENT = "already_sent"  # a concurrent sweep sent it first


@dataclass(frozen=True)
class DigestSweepResult:
    due: int  # people (per workspace) past 08:00 local without a digest for their date
    sent: int  # digests queued
    nothing_to_say: int
    already_sent: int = 0
    left_for_next_sweep: int = 0


@dataclass
class DigestContent:
    overdue: list[Reminder]
    today: list[Reminder]
    notifications: list[Notification]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.notifications)


def digests_send_due(
    *, now: datetime | None = None, budget_seconds: float = DIGEST_SWEEP_BUDGET_SECONDS
) -> DigestSweepResult:
    """1. One query: memberships of active people with the digest on, with user and workspace.
    2. Keep those whose local wall clock is at or after 08:00.
    3. One query: the digests already sent for those people's local dates.
    4. Two queries: which of the others may have something (an open reminder due before the
       end of their day, an unread notification of the last day), so people with nothing
       waiting cost no query of their own on each sweep of the day.
    5. For each of those, read what is waiting and send it when there is something."""
    now = now or timezone.now()
    started = monotonic()
    candidates = (
        Membership.objects.filter(user__is_active=True, user__daily_digest=True)
        .select_related("user", "workspace")
        .order_by("user_id", "workspace_id")
    )
    due: list[tuple[Membership, date]] = []
    for membership in candidates:
        local = now.astimezone(membership.user.zone)
        if local.time() >= DIGEST_TIME:
            due.append((membership, local.date()))
    if due:
        already = set(
            DigestDelivery.objects.filter(
                user_id__in={m.user_id for m, _ in due}, local_date__in={d for _, d in due}
            ).values_list("user_id", "workspace_id", "local_date")
        )
        due = [(m, d) for m, d in due if (m.user_id, m.workspace_id, d) not in already]
    if not due:
        return DigestSweepResult(due=0, sent=0, nothing_to_say=0)
    maybe = _with_something_waiting(due, now)
    outcomes = Counter()
    left = 0
    for membership, local_date in due:
        if (membership.user_id, membership.workspace_id) not in maybe:
            outcomes[DigestOutcome.NOTHING_TO_SAY] += 1
            continue
        if monotonic() - started >= budget_seconds:
            left += 1
            continue
        try:
            outcome = digest_send(
                user=membership.user,
                workspace=membership.workspace,
                local_date=local_date,
                now=now,
            )
        except Exception:
            # One person's bad data (an address the outbox refuses) must not stop the others;
            # nothing was written for them, so the next sweep tries again.
            logger.exception("digest for user %s could not be queued", membership.user_id)
            continue
        outcomes[outcome] += 1
    return DigestSweepResult(
        due=len(due),
        sent=outcomes[DigestOutcome.SENT],
        nothing_to_say=outcomes[DigestOutcome.NOTHING_TO_SAY],
        already_sent=outcomes[DigestOutcome.ALREADY_SENT],
        left_for_next_sweep=left,
    )


def _with_something_waiting(due: list[tuple[Membership, date]], now: datetime) -> set:
    """(user id, workspace id) pairs that may have something to say: a superset, read in two
    queries; digest_content decides exactly, in each person's time zone."""
    user_ids = {membership.user_id for membership, _ in due}
    # The end of the latest local "today" among them.
    horizon = max(
        datetime.combine(local_date + timedelta(days=1), time(0, 0), tzinfo=membership.user.zone)
        for membership, local_date in due
    )
    reminders = Reminder.objects.filter(
        assignee_id__in=user_ids, status__in=OPEN_STATUSES, due_at__lt=horizon
    ).values_list("assignee_id", "workspace_id")
    notifications = Notification.objects.filter(
        user_id__in=user_ids,
        read_at__isnull=True,
        created_at__gt=now - NOTIFICATIONS_WINDOW,
        created_at__lte=now,
    ).values_list("user_id", "workspace_id")
    return set(reminders.order_by().distinct()) | set(notifications.order_by().distinct())


def digest_content(*, workspace: Workspace, user: User, now: datetime) -> DigestContent:
    """Overdue and today's reminders, and unread notifications of the last day that are not
    about one of those reminders (the digest says each thing once)."""
    items = digest_items(workspace=workspace, user=user, now=now)
    listed = {reminder.pk for reminder in (*items.overdue, *items.today)}
    notifications = [
        notification
        for notification in Notification.objects.filter(
            workspace=workspace,
            user=user,
            read_at__isnull=True,
            created_at__gt=now - NOTIFICATIONS_WINDOW,
            created_at__lte=now,
        ).order_by("created_at", "id")
        if notification.reminder_id not in listed
    ]
    return DigestContent(overdue=items.overdue, today=items.today, notifications=notifications)


def digest_send(*, user: User, workspace: Workspace, local_date: date, now: datetime) -> str:
    """The digest of one person in one workspace for their local date, at most once: nothing
    when there is nothing to say or when it was sent already (by this sweep or another)."""
    content = digest_content(workspace=workspace, user=user, now=now)
    if not content.count:
        return DigestOutcome.NOTHING_TO_SAY
    with transaction.atomic():
        # The unique key decides: a concurrent sweep's insert waits for ours and then finds it.
        delivery, created = DigestDelivery.objects.get_or_create(
            user=user, workspace=workspace, local_date=local_date, defaults={"created_at": now}
        )
        if not created:
            return DigestOutcome.ALREADY_SENT
        subject, body = digest_email(
            user=user, workspace=workspace, local_date=local_date, content=content
        )
        delivery.outbox_email = email_queue(
            to=user.email,
            subject=subject,
            body=body,
            kind=DIGEST_KIND,
            workspace=workspace,
            now=now,
        )
        delivery.save(update_fields=["outbox_email"])
    return DigestOutcome.SENT


# --- the email ------------------------------------------------------------------------------------


def _things(count: int) -> str:
    return f"{count} thing" if count == 1 else f"{count} things"


def _reminder_lines(reminder: Reminder, workspace: Workspace, zone, *, with_day: bool) -> list:
    due = reminder.due_at.astimezone(zone)
    when = f"{due:%A %-d %B}" if with_day else f"at {due:%H:%M}"
    lines = [f"- {reminder.title}"]
    about = reminder.influencer.name if reminder.influencer_id else ""
    lines.append("  " + " · ".join(part for part in (about, f"due {when}") if part))
    lines += [f"  {text}" for text in (reminder.reason, reminder.suggestion) if text]
    lines.append(f"  {reminder_link(reminder, workspace)}")
    return lines


def digest_email(
    *, user: User, workspace: Workspace, local_date: date, content: DigestContent
) -> tuple[str, str]:
    """Subject and plain-text body: overdue, today, then unread notifications, each with who it
    is about and where to act."""
    zone = user.zone
    first_name = user.get_short_name() if user.name else ""
    subject = f"Your day in {workspace.name}: {_things(content.count)} to look at"
    lines = [
        f"Good morning{' ' + first_name if first_name else ''},",
        "",
        f"Here is what is waiting for you in {workspace.name} on {local_date:%A %-d %B}.",
        "",
    ]
    # Each section is a heading and its items, a blank line after each item (easy to scan).
    if content.overdue:
        lines += [f"Overdue ({len(content.overdue)})", ""]
        for reminder in content.overdue:
            lines += [*_reminder_lines(reminder, workspace, zone, with_day=True), ""]
    if content.today:
        lines += [f"Today ({len(content.today)})", ""]
        for reminder in content.today:
            lines += [*_reminder_lines(reminder, workspace, zone, with_day=False), ""]
    if content.notifications:
        lines += [f"Unread notifications ({len(content.notifications)})", ""]
        for notification in content.notifications:
            lines.append(f"- {notification.title}")
            if notification.body:
                lines.append(f"  {' '.join(notification.body.split())}")
            if notification.url:
                lines.append(f"  {site_link(notification.url)}")
            lines.append("")
    lines += [
        f"All your reminders: {site_link(reminders_path(workspace))}",
        "",
        "Thank you for looking after these relationships.",
        "",
        "-- ",  # the signature separator mail clients recognise
        f"Rapport sends this digest at 08:00 your time ({user.time_zone}) when something is "
        "waiting for you.",
        f"To stop it, turn off the daily digest in your account settings: "
        f"{site_link(reverse('irm:account'))}",
    ]
    return subject, "\n".join(lines) + "\n"
