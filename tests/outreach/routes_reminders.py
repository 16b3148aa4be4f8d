"""Who may use the reminders pages and the bell (see tests/access.py).

Everyone in the workspace reads their own reminders page and notifications, and marks their
own notifications read (it changes nobody else's data). Members and up add reminders and act on
the ones they may act on: the matrix acts on one assigned to the acting person (a teammate's is
a 403, tests/outreach/test_views_reminders.py). "Remind me when allowed" belongs to the composer
(members and up). Empty POSTs: adding needs a title and a moment (400), snoozing needs a choice
(400), the composer's reminder needs an influencer (400); done, dismiss and "mark all read" need
no input (302)."""

from datetime import timedelta

from django.utils import timezone

from outreach.models import Reminder, ReminderKind
from tests.access import workspace_route

ROUTES = {
    "outreach:reminders": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:reminder-new": {"POST": workspace_route(needs="member", allowed=400)},
    "outreach:reminder-done": {"POST": workspace_route(needs="member", allowed=302)},
    "outreach:reminder-snooze": {"POST": workspace_route(needs="member", allowed=400)},
    "outreach:reminder-dismiss": {"POST": workspace_route(needs="member", allowed=302)},
    "outreach:notifications": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:notifications-count": {"GET": workspace_route(needs="viewer", allowed=200)},
    "outreach:notifications-read": {"POST": workspace_route(needs="viewer", allowed=302)},
    "outreach:pitch-remind": {"POST": workspace_route(needs="member", allowed=400)},
}

ACTIONS = {"outreach:reminder-done", "outreach:reminder-snooze", "outreach:reminder-dismiss"}


def _is_member(personas, user) -> bool:
    return user is not None and user.memberships.filter(workspace=personas.workspace).exists()


def url_kwargs(name, personas, acting_user) -> dict | None:
    if name not in ROUTES:
        return None
    kwargs = {"slug": personas.workspace.slug}
    if name in ACTIONS:
        assignee = acting_user if _is_member(personas, acting_user) else personas.admin
        now = timezone.now()
        reminder = Reminder.objects.create(
            workspace=personas.workspace,
            assignee=assignee,
            kind=ReminderKind.CUSTOM,
            title="Send Ana the sizes",
            due_at=now + timedelta(hours=2),
            dedupe_key=f"matrix:{name}:{assignee.pk}:{now.isoformat()}",
        )
        kwargs["public_id"] = reminder.public_id
    return kwargs
