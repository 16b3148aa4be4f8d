"""Where a person acts on a reminder, as links for what is read outside the site: the digest
email (outreach/services/digests.py), the bell's notifications
(outreach/services/reminder_sweep.py) and the calendar feed
(outreach/selectors/calendar_feeds.py). Links only: they read what the caller loaded."""

from django.conf import settings
from django.urls import reverse

from irm.models import Workspace
from outreach.models import Reminder


def site_link(path: str) -> str:
    """An absolute link for email and calendars, read outside the site."""
    return f"{settings.SITE_URL}{path}"


def reminders_path(workspace: Workspace) -> str:
    # The reminders page, where each one is done, snoozed or dismissed (the bell links there).
    return reverse("outreach:reminders", args=[workspace.slug])


def reminder_link(reminder: Reminder, workspace: Workspace) -> str:
    """Where to act on it: the influencer's profile (timeline, "write"), else the reminders."""
    if reminder.influencer_id:
        path = reverse(
            "contacts:influencer-detail", args=[workspace.slug, reminder.influencer.public_id]
        )
    else:
        path = reminders_path(workspace)
    return site_link(path)
