"""A person's calendar feed, the writes: create (or replace) and revoke its secret, note when it
was last read. The feed itself (finding it by its secret, its ICS text) is read by
outreach/selectors/calendar_feeds.py.

The URL is the credential (calendar apps cannot sign in), so it carries 256 random bits and
only a hash of it is stored, the way API tokens are. Creating a new one replaces the old one;
revoking deletes the row; either way the old URL stops working at once.
"""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from irm.models import User, Workspace
from irm.services import secret_hash
from outreach.models import CalendarFeed

# Writing last_used_at on every poll would be a write per refresh for nothing.
LAST_USED_PRECISION = timedelta(minutes=1)


@transaction.atomic
def calendar_feed_create(*, user: User, workspace: Workspace, now: datetime | None = None) -> str:
    """A new secret for the person's feed in this workspace, replacing any old one. The plain
    secret is returned once and never stored."""
    now = now or timezone.now()
    plain = secrets.token_urlsafe(32)
    # One row per person and workspace (a unique key): two clicks at once end with one feed.
    CalendarFeed.objects.update_or_create(
        user=user,
        workspace=workspace,
        defaults={"secret_hash": secret_hash(plain), "created_at": now, "last_used_at": None},
    )
    return plain


@transaction.atomic
def calendar_feed_revoke(*, user: User, workspace: Workspace) -> bool:
    """Stop the feed: its URL answers 404 from now on. False when there was none."""
    deleted, _ = CalendarFeed.objects.filter(user=user, workspace=workspace).delete()
    return bool(deleted)


def calendar_feed_used(*, feed: CalendarFeed, now: datetime | None = None) -> None:
    now = now or timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= LAST_USED_PRECISION:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
        feed.last_used_at = now
