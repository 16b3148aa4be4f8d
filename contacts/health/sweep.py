"""The nightly health sweep: every influencer without a snapshot for today, in batches.

Beat runs it hourly; the first run of each UTC day does the work and later runs find (almost)
nothing left, so a day missed while the service was down is caught up by the next run. Each
batch is one statement and its own transaction: an interrupted sweep keeps what it finished.
"""

from collections.abc import Callable, Iterator
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from contacts.health.compute import health_day, health_recompute
from contacts.models import HealthSnapshot, Influencer

# Measured in bench/README.md: each person's timeline is read through the index whatever the
# batch size, so a person costs the same in batches of 1,000 to 5,000; 1,000 keeps each
# batch's transaction (and what an interrupted sweep redoes) under a second.
HEALTH_BATCH_SIZE = 1000


def _next_batch(day, after_id: int, size: int, workspace_id: int | None = None) -> list[int]:
    done_today = HealthSnapshot.objects.filter(influencer=OuterRef("pk"), day=day)
    people = Influencer.objects.filter(erased_at__isnull=True, pk__gt=after_id)
    if workspace_id is not None:
        people = people.filter(workspace_id=workspace_id)
    return list(
        people.exclude(Exists(done_today)).order_by("pk").values_list("pk", flat=True)[:size]
    )


def health_sweep(
    *,
    now: datetime | None = None,
    batch_size: int = HEALTH_BATCH_SIZE,
    workspace_id: int | None = None,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Compute today's health for everyone who has none yet (of one workspace, or all);
    returns how many. `on_batch(done so far)` after each batch is how `manage.py
    health_recompute` shows its progress."""
    now = now or timezone.now()
    day = health_day(now)
    done, after_id = 0, 0
    while batch := _next_batch(day, after_id, batch_size, workspace_id):
        health_recompute(influencer_ids=batch, now=now)
        done += len(batch)
        after_id = batch[-1]
        if on_batch is not None:
            on_batch(done)
    return done


def influencer_id_batches(*, workspace_id: int | None, size: int) -> Iterator[list[int]]:
    """Every influencer not erased, by id, `size` at a time (keyset, so each batch's query
    costs the same however far it has gone)."""
    people = Influencer.objects.filter(erased_at__isnull=True)
    if workspace_id is not None:
        people = people.filter(workspace_id=workspace_id)
    after_id = 0
    while batch := list(
        people.filter(pk__gt=after_id).order_by("pk").values_list("pk", flat=True)[:size]
    ):
        yield batch
        after_id = batch[-1]


def health_recompute_workspace(*, workspace_id: int, now: datetime | None = None) -> int:
    """Everyone of one workspace again, now: after a change that touches them all (the
    workspace's keep-in-touch cadence). Returns how many."""
    now = now or timezone.now()
    done = 0
    for batch in influencer_id_batches(workspace_id=workspace_id, size=HEALTH_BATCH_SIZE):
        health_recompute(influencer_ids=batch, now=now)
        done += len(batch)
    return done
