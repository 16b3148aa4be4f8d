"""In-app notifications (the bell), emailed too when the person's preference says so."""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from irm.models import User, Workspace
from irm.outbox import email_queue
from outreach.models import Notification, Reminder


class NotificationKind:
    REMINDER = "reminder"  # a fired reminder (its own kind is on the reminder)
    FOLLOW_UP_READY = "follow_up_ready"
    PITCH_BLOCKED = "pitch_blocked"


def notification_send(
    *,
    workspace: Workspace,
    user: User,
    kind: str,
    title: str,
    dedupe_key: str,
    body: str = "",
    url: str = "",
    reminder: Reminder | None = None,
    email: bool = False,
    now: datetime | None = None,
) -> Notification:
    """One notification per event (its dedupe key): sending twice notifies once. `email` asks
    for an email at once as well, through the outbox, when the person wants those."""
    now = now or timezone.now()
    notification, created = Notification.objects.get_or_create(
        dedupe_key=dedupe_key[:200],
        defaults={
            "workspace": workspace,
            "user": user,
            "kind": kind,
            "title": title[:200],
            "body": body,
            "url": url,
            "reminder": reminder,
            "created_at": now,
        },
    )
    if created and email and user.email_notifications:
        link = f"\n\nOpen it in Rapport: {settings.SITE_URL}{url}\n" if url else "\n"
        email_queue(
            to=user.email,
            subject=title,
            body=f"{body}{link}",
            kind=kind,
            workspace=workspace,
            now=now,
        )
        notification.emailed_at = now
        notification.save(update_fields=["emailed_at"])
    return notification


@transaction.atomic
def notifications_mark_read(
    *, user: User, workspace: Workspace, public_ids=None, now: datetime | None = None
) -> int:
    """Mark some (or, without ids, all) of a person's unread notifications read."""
    rows = Notification.objects.filter(user=user, workspace=workspace, read_at__isnull=True)
    if public_ids is not None:
        rows = rows.filter(public_id__in=list(public_ids))
    return rows.update(read_at=now or timezone.now())
