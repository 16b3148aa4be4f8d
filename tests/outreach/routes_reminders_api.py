"""Who may use the reminders and notifications API (see tests/access.py).

Viewers read reminders and notifications; members and up create reminders and act on them.
Each request about one reminder gets a fresh fired reminder of "acme" assigned to the acting
person (to the admin for those who are not members), so members act on their own: marking it
done or dismissing it needs no input (200), snoozing it without saying how long is a 400, and
creating one without a title is a 400. Notifications are each person's own, so viewers mark
theirs read too (200 with no input: all of them).
"""

import uuid

from django.utils import timezone

from outreach.models import Reminder, ReminderKind, ReminderStatus
from tests.access import api_route

NAMESPACE = "api:outreach-api:"

ROUTES = {
    f"{NAMESPACE}reminder-list": {
        "GET": api_route(needs="viewer", allowed=200),
        "POST": api_route(needs="member", allowed=400),
    },
    f"{NAMESPACE}reminder-detail": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}reminder-done": {"POST": api_route(needs="member", allowed=200)},
    f"{NAMESPACE}reminder-dismiss": {"POST": api_route(needs="member", allowed=200)},
    f"{NAMESPACE}reminder-snooze": {"POST": api_route(needs="member", allowed=400)},
    f"{NAMESPACE}notification-list": {"GET": api_route(needs="viewer", allowed=200)},
    f"{NAMESPACE}notifications-read": {"POST": api_route(needs="viewer", allowed=200)},
}

ONE_REMINDER = {"reminder-detail", "reminder-done", "reminder-dismiss", "reminder-snooze"}


def fired_reminder(workspace, *, assignee) -> Reminder:
    now = timezone.now()
    return Reminder.objects.create(
        workspace=workspace,
        assignee=assignee,
        kind=ReminderKind.CUSTOM,
        title="Send the launch photos",
        due_at=now,
        status=ReminderStatus.FIRED,
        fired_at=now,
        dedupe_key=f"routes:{uuid.uuid4()}",
    )


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    kwargs = {"slug": personas.workspace.slug}
    if name.removeprefix(NAMESPACE) in ONE_REMINDER:
        member = (
            acting_user is not None
            and acting_user.memberships.filter(workspace=personas.workspace).exists()
        )
        assignee = acting_user if member else personas.admin
        kwargs["public_id"] = fired_reminder(personas.workspace, assignee=assignee).public_id
    return kwargs
