"""Retention: a workspace that keeps message bodies and timeline texts for N months
(`Workspace.retention_months`; empty keeps them) has older ones blanked by a daily sweep.

Only the words go: every row stays with its date, kind, direction, channel, sentiment, summary
and respect facts, so relationship health (computed from those alone) is the same after a
purge, and the timeline still says what happened when. Each purger blanks one kind of text in
batches, one UPDATE per batch in its own transaction, so an interrupted sweep keeps what it did
and the next run carries on. Contacts purges the timeline and the outbox; apps built on
contacts (outreach: pitches, inbound mail and its files) register their purgers here when they
are ready, so contacts imports none of them. A purge run twice changes nothing the second time.
"""

import calendar
from collections.abc import Callable
from datetime import datetime

from django.db.models import QuerySet
from django.utils import timezone

from contacts.models import Interaction
from irm.models import EmailStatus, OutboxEmail, Workspace

RETENTION_BATCH_SIZE = 1000

# (workspace_id, before, batch_size) -> how many rows it purged
Purger = Callable[..., int]

_purgers: dict[str, Purger] = {}


def retention_purger_register(name: str) -> Callable[[Purger], Purger]:
    def decorator(purger: Purger) -> Purger:
        _purgers[name] = purger
        return purger

    return decorator


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's
    last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def purge_in_batches(queryset: QuerySet, *, batch_size: int, **changes) -> int:
    """Set `changes` on every row of `queryset`, `batch_size` rows per UPDATE. The queryset
    must exclude rows already purged, so each batch finds the next rows."""
    model = queryset.model
    done = 0
    while True:
        batch = queryset.order_by().values("pk")[:batch_size]
        count = model._base_manager.filter(pk__in=batch).update(**changes)
        done += count
        if count < batch_size:
            return done


@retention_purger_register("timeline")
def _timeline(*, workspace_id: int, before: datetime, batch_size: int) -> int:
    old = Interaction.objects.filter(workspace_id=workspace_id, occurred_at__lt=before).exclude(
        body=""
    )
    return purge_in_batches(old, batch_size=batch_size, body="")


@retention_purger_register("outbox")
def _outbox(*, workspace_id: int, before: datetime, batch_size: int) -> int:
    # Sent mail only: a pending or unknown row still needs its text to be sent or checked.
    old = OutboxEmail.objects.filter(
        workspace_id=workspace_id, status=EmailStatus.SENT, sent_at__lt=before
    ).exclude(body_text="")
    return purge_in_batches(old, batch_size=batch_size, body_text="")


def retention_purge_workspace(
    *, workspace: Workspace, now: datetime, batch_size: int = RETENTION_BATCH_SIZE
) -> dict[str, int]:
    """Blank what is older than the workspace's retention; {purger: rows purged}."""
    if workspace.retention_months is None:
        return {}
    before = months_before(now, workspace.retention_months)
    return {
        name: purger(workspace_id=workspace.pk, before=before, batch_size=batch_size)
        for name, purger in _purgers.items()
    }


def retention_sweep(
    *, now: datetime | None = None, batch_size: int = RETENTION_BATCH_SIZE
) -> dict[str, int]:
    """Every workspace with a retention period; {purger: rows purged in all of them}."""
    now = now or timezone.now()
    totals: dict[str, int] = {}
    for workspace in Workspace.objects.filter(retention_months__isnull=False).order_by("pk"):
        counts = retention_purge_workspace(workspace=workspace, now=now, batch_size=batch_size)
        for name, count in counts.items():
            totals[name] = totals.get(name, 0) + count
    return totals
