"""In-app notifications (outreach.services.notifications): the bell, emailed too when the
person's preference says so; sent once per event (a dedupe key), and marked read."""

from dataclasses import dataclass
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


@dataclass(frozen=True)
class NotificationDraft:
    workspace: Workspace
    user: User
    kind: str
    title: str
    dedupe_key: str
    body: str = ""
    url: str = ""
    reminder: Reminder | None = None
    email: bool = False  # email it at once too, when the person wants those


def notification_send(*, now: datetime | None = None, **fields) -> Notification:
    """One notification per event (its dedupe key): sending twice notifies once."""
    draft = NotificationDraft(**fields)
    notifications_send_many([draft], now=now)
    return Notification.objects.get(dedupe_key=draft.dedupe_key[:200])


def notifications_send_many(drafts: list[NotificationDraft], *, now: datetime | None = None) -> int:
    """Create the notifications not sent before (one query to look, one to insert) and email
    the new ones that ask for it through the outbox. Returns how many were new."""
    now = now or timezone.now()
    keys = {draft.dedupe_key[:200] for draft in drafts}
    known = set(
        Notification.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    fresh = {}
    for draft in drafts:
        key = draft.dedupe_key[:200]
        if key not in known and key not in fresh:
            fresh[key] = draft
    Notification.objects.bulk_create(
        [
            Notification(
                workspace=draft.workspace,
                user=draft.user,
                kind=draft.kind,
                title=draft.title[:200],
                body=draft.body,
                url=draft.url,
                reminder=draft.reminder,
                dedupe_key=key,
                created_at=now,
                emailed_at=now if _emails(draft) else None,
            )
            for key, draft in fresh.items()
        ]
    )
    for draft in fresh.values():
        if _emails(draft):
            link = (
                f"\n\nOpen it in Rapport: {settings.SITE_URL}{draft.url}\n" if draft.url else "\n"
            )
            email_queue(
                to=draft.user.email,
                subject=draft.title,
                body=f"{draft.body}{link}",
                kind=draft.kind,
                workspace=draft.workspace,
                now=now,
            )
    return len(fresh)


def _emails(draft: NotificationDraft) -> bool:
    return draft.email and draft.user.email_notifications


@transaction.atomic
def notifications_mark_read(
    *, user: User, workspace: Workspace, public_ids=None, now: datetime | None = None
) -> int:
    """Mark some (or, without ids, all) of a person's unread notifications read."""
    rows = Notification.objects.filter(user=user, workspace=workspace, read_at__isnull=True)
    if public_ids is not None:
        rows = rows.filter(public_id__in=list(public_ids))
    return rows.update(read_at=now or timezone.now())
