"""The nightly health sweep: every influencer without a snapshot for today, in batches.

Beat runs it hourly; the first run of each UTC day does the work and later runs find (almost)
nothing left, so a day missed while the service was down is caught up by the next run. Each
batch is one statement and its own transaction: an interrupted sweep keeps what it finished.
"""

from collections.abc import Callable, Iterator
from datetime import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone

from contacts.health.weights import health_day
from contacts.models import HealthSnapshot, Influencer
from contacts.services.health import health_recompute

# Measured in bench/README.md: each person's timeline is read through the index whatever the
# batch size, so a person costs the same in batches of 1,000 to 5,000; 1,000 keeps each
# batch's transaction (and what an interrupted sweep redoes) under a second.
HEALTH_BATCH_SIZE = 1000


# A window where everyone is done already (most likely: an hourly run after the day's work)
# is followed by one this many times wider, up to MAX_WINDOW_BATCHES batches: a run that finds
# 100,000 people done reads them in four windows rather than a hundred.
WINDOW_GROWTH = 8
MAX_WINDOW_BATCHES = 64


def _next_batch(
    day, after_id: int, size: int, span: int, workspace_id: int | None = None
) -> tuple[list[int], int | None]:
    """The first `size` people without a snapshot for `day` among the next `span` after
    `after_id` by id: (them, the last id looked at; None when there is no one left).

    The window is taken first and only its people are checked: asking for "the next `size`
    without a snapshot" made the planner read and check everyone after `after_id` for every
    batch (0.3 s a batch at 100,000 people, a third of the sweep)."""
    people = Influencer.objects.filter(erased_at__isnull=True, pk__gt=after_id)
    if workspace_id is not None:
        people = people.filter(workspace_id=workspace_id)
    window = people.order_by("pk").values("pk")[:span]
    done_today = HealthSnapshot.objects.filter(influencer=OuterRef("pk"), day=day)
    rows = list(
        Influencer.objects.filter(pk__in=window)
        .annotate(done=Exists(done_today))
        .order_by("pk")
        .values_list("pk", "done")
    )
    if not rows:
        return [], None
    batch = []
    for pk, done in rows:
        if not done:
            batch.append(pk)
            if len(batch) == size:
                return batch, pk
    return batch, rows[-1][0]


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
    done, after_id, span = 0, 0, batch_size
    while True:
        batch, after_id = _next_batch(day, after_id, batch_size, span, workspace_id)
        if after_id is None:
            return done
        if not batch:
            span = min(span * WINDOW_GROWTH, batch_size * MAX_WINDOW_BATCHES)
            continue
        span = batch_size
        health_recompute(influencer_ids=batch, now=now)
        done += len(batch)
        if on_batch is not None:
            on_batch(done)


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
