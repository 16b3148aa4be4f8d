"""A person's calendar feed, the reads: their upcoming reminders in one workspace as an ICS file
at a secret URL, for Google Calendar, Outlook or Apple Calendar to subscribe to (RFC 5545).
Creating, replacing and revoking the secret are in outreach/services/calendar_feeds.py.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from irm.models import Membership, User, Workspace
from irm.services import secret_hash
from irm.text import sentence
from outreach.models import CalendarFeed, Reminder
from outreach.reminder_links import reminder_link
from outreach.selectors.reminders import reminders_upcoming_for_feed

# A reminder is a moment, but calendars show zero-length events poorly: a short slot instead.
EVENT_DURATION = "PT15M"
# Calendar apps are asked to refresh this often (they may choose to wait longer).
REFRESH_INTERVAL = "PT1H"
MAX_LINE_OCTETS = 75


def calendar_feed_url(secret: str) -> str:
    """The address calendar apps subscribe to (outside the workspace's URLs: no sign-in)."""
    return f"{settings.SITE_URL}{reverse('calendar:feed', kwargs={'secret': secret})}"


def calendar_feed_get(*, user: User, workspace: Workspace) -> CalendarFeed | None:
    return CalendarFeed.objects.filter(user=user, workspace=workspace).first()


def calendar_feed_find(*, secret: str) -> CalendarFeed | None:
    """The live feed for this secret, with its person and workspace; None when unknown,
    revoked, or when its person was deactivated or left the workspace."""
    still_member = Membership.objects.filter(workspace=OuterRef("workspace"), user=OuterRef("user"))
    return (
        CalendarFeed.objects.select_related("user", "workspace")
        .filter(secret_hash=secret_hash(secret), user__is_active=True)
        .filter(Exists(still_member))
        .first()
    )


def calendar_feed_ics(*, feed: CalendarFeed, now: datetime | None = None) -> str:
    now = now or timezone.now()
    reminders = reminders_upcoming_for_feed(workspace=feed.workspace, user=feed.user, now=now)
    return ics_calendar(workspace=feed.workspace, reminders=reminders, now=now)


# --- RFC 5545 -------------------------------------------------------------------------------------


def ics_escape(value: str) -> str:
    """TEXT values (RFC 5545 3.3.11): backslash, semicolon and comma escaped, newlines as \\n."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Lines longer than 75 octets are split (RFC 5545 3.1): CRLF and one space, never inside
    a UTF-8 character."""
    parts: list[str] = []
    current, size, limit = "", 0, MAX_LINE_OCTETS
    for char in line:
        octets = len(char.encode())
        if size + octets > limit:
            parts.append(current)
            # The continuation's leading space counts towards its 75 octets.
            current, size, limit = "", 0, MAX_LINE_OCTETS - 1
        current += char
        size += octets
    parts.append(current)
    return "\r\n ".join(parts)


def ics_datetime(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _uid_domain() -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0]
    return host or "rapport.localhost"


def _description(reminder: Reminder, workspace: Workspace) -> str:
    parts = [part for part in (reminder.reason, reminder.suggestion) if part]
    if reminder.influencer_id:
        parts.insert(0, sentence(f"About {reminder.influencer.name}"))
    parts.append(reminder_link(reminder, workspace))
    return "\n\n".join(parts)


def ics_event(reminder: Reminder, *, workspace: Workspace, now: datetime) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:reminder-{reminder.public_id}@{_uid_domain()}",
        f"DTSTAMP:{ics_datetime(now)}",
        f"LAST-MODIFIED:{ics_datetime(reminder.updated_at)}",
        f"DTSTART:{ics_datetime(reminder.due_at)}",
        f"DURATION:{EVENT_DURATION}",
        f"SUMMARY:{ics_escape(reminder.title)}",
        f"DESCRIPTION:{ics_escape(_description(reminder, workspace))}",
        f"URL:{reminder_link(reminder, workspace)}",
        "TRANSP:TRANSPARENT",  # a reminder does not make the person busy
        "END:VEVENT",
    ]


def ics_calendar(*, workspace: Workspace, reminders, now: datetime) -> str:
    name = f"Rapport reminders · {workspace.name}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Rapport//Reminders//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"NAME:{ics_escape(name)}",
        f"X-WR-CALNAME:{ics_escape(name)}",
        f"REFRESH-INTERVAL;VALUE=DURATION:{REFRESH_INTERVAL}",
        f"X-PUBLISHED-TTL:{REFRESH_INTERVAL}",
    ]
    for reminder in reminders:
        lines += ics_event(reminder, workspace=workspace, now=now)
    lines.append("END:VCALENDAR")
    return "".join(ics_fold(line) + "\r\n" for line in lines)
