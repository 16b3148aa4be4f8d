"""The outbox sweep: due rows delivered once even when workers race, stuck rows left to a
person, and a person's decision about them."""

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.conf import settings

from irm import tasks
from irm.errors import RuleError
from irm.models import EmailStatus, OutboxEmail
from irm.outbox import (
    OUTBOX_STUCK_AFTER,
    DeliveryOutcome,
    OutboxResolution,
    email_deliver,
    email_queue,
    outbox_email_resolve,
    outbox_sweep,
)
from tests.concurrency import race
from tests.factories import UserFactory

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def queue(n: int = 1, **fields) -> list[OutboxEmail]:
    values = {"subject": "Hello", "body": "Hi there", "kind": "test", "now": NOW}
    return [email_queue(**{"to": f"person{i}@example.test", **values, **fields}) for i in range(n)]


def left_sending(row: OutboxEmail, *, claimed_at: datetime) -> None:
    """A worker claimed the row and died before it recorded what SMTP said."""
    OutboxEmail.objects.filter(pk=row.pk).update(
        status=EmailStatus.SENDING, claimed_at=claimed_at, attempts=1
    )


def test_it_delivers_due_rows_and_leaves_later_ones(db, mailoutbox):
    due = queue(2)
    [later] = queue(not_before=NOW + timedelta(minutes=5))

    result = outbox_sweep(now=NOW)

    assert (result.claimed, result.sent) == (2, 2)
    assert {m.extra_headers["Message-ID"] for m in mailoutbox} == {r.message_id for r in due}
    later.refresh_from_db()
    assert later.status == EmailStatus.PENDING
    assert outbox_sweep(now=NOW + timedelta(minutes=5)).sent == 1


def test_it_delivers_in_batches_oldest_first(db, mailoutbox):
    rows = [queue(not_before=NOW - timedelta(minutes=i))[0] for i in range(5)]

    assert outbox_sweep(now=NOW, batch_size=2).sent == 2

    oldest = {rows[4].message_id, rows[3].message_id}
    assert {m.extra_headers["Message-ID"] for m in mailoutbox} == oldest
    assert outbox_sweep(now=NOW, batch_size=2).sent == 2
    assert outbox_sweep(now=NOW, batch_size=2).sent == 1
    assert len(mailoutbox) == 5


def test_a_row_left_sending_becomes_unknown_after_the_threshold(db, mailoutbox):
    [row] = queue()
    left_sending(row, claimed_at=NOW)

    assert outbox_sweep(now=NOW + OUTBOX_STUCK_AFTER).marked_unknown == 0
    row.refresh_from_db()
    assert row.status == EmailStatus.SENDING

    result = outbox_sweep(now=NOW + OUTBOX_STUCK_AFTER + timedelta(seconds=1))

    assert result.marked_unknown == 1
    row.refresh_from_db()
    assert row.status == EmailStatus.UNKNOWN
    assert "check whether it arrived" in row.last_error
    assert mailoutbox == []


def test_an_unknown_row_is_never_resent_by_the_sweep(db, mailoutbox):
    [row] = queue()
    left_sending(row, claimed_at=NOW)
    outbox_sweep(now=NOW + timedelta(hours=1))

    for days in (1, 2, 30):
        result = outbox_sweep(now=NOW + timedelta(days=days))
        assert (result.claimed, result.marked_unknown) == (0, 0)

    row.refresh_from_db()
    assert row.status == EmailStatus.UNKNOWN
    assert mailoutbox == []


def test_the_sweep_is_a_celery_task_on_the_beat_schedule(db, mailoutbox):
    queue(now=datetime.now(UTC) - timedelta(minutes=1))

    result = tasks.outbox_sweep()

    assert result["sent"] == 1
    assert len(mailoutbox) == 1
    schedule = settings.CELERY_BEAT_SCHEDULE["irm.outbox-sweep"]
    assert (schedule["task"], schedule["schedule"]) == ("irm.tasks.outbox_sweep", 60.0)


def test_the_delivery_task_delivers_one_row(db, mailoutbox):
    [row] = queue(now=datetime.now(UTC) - timedelta(minutes=1))

    assert tasks.deliver_outbox_email(row.pk) == "sent"
    assert tasks.deliver_outbox_email(row.pk) == "not_claimed"
    assert len(mailoutbox) == 1


# --- racing workers: real threads, each with its own database connection ----------------------


@pytest.fixture
def due_rows(transactional_db):
    # Due later than the on-commit window, so no task is queued: only the racing workers act.
    return queue(20, not_before=NOW + timedelta(minutes=10))


def test_two_sweeps_racing_send_each_row_exactly_once(due_rows, mailoutbox):
    at = NOW + timedelta(minutes=10)

    results = race([lambda: outbox_sweep(now=at), lambda: outbox_sweep(now=at)])

    sent = Counter(message.extra_headers["Message-ID"] for message in mailoutbox)
    assert sent == Counter({row.message_id: 1 for row in due_rows})
    assert sum(result.sent for result in results) == 20
    assert set(OutboxEmail.objects.values_list("status", "attempts")) == {(EmailStatus.SENT, 1)}


def test_workers_racing_on_the_same_rows_send_each_exactly_once(due_rows, mailoutbox):
    at = NOW + timedelta(minutes=10)
    ids = [row.pk for row in due_rows]

    def deliver_all(order: list[int]) -> list[DeliveryOutcome]:
        return [email_deliver(email_id=email_id, now=at) for email_id in order]

    results = race(
        [
            lambda: deliver_all(ids),
            lambda: deliver_all(ids),
            lambda: deliver_all(ids[::-1]),
            lambda: outbox_sweep(now=at),
        ]
    )

    sent = Counter(message.extra_headers["Message-ID"] for message in mailoutbox)
    assert sent == Counter({row.message_id: 1 for row in due_rows})
    won = sum(outcomes.count(DeliveryOutcome.SENT) for outcomes in results[:3]) + results[3].sent
    assert won == 20


# --- a person resolves an unknown row ---------------------------------------------------------


@pytest.fixture
def unknown_row(db) -> OutboxEmail:
    [row] = queue()
    left_sending(row, claimed_at=NOW)
    outbox_sweep(now=NOW + timedelta(hours=1))
    row.refresh_from_db()
    return row


@pytest.fixture
def site_admin(db):
    return UserFactory(is_staff=True)


def test_a_site_admin_confirms_it_arrived(unknown_row, site_admin, mailoutbox):
    later = NOW + timedelta(hours=2)

    row = outbox_email_resolve(
        email=unknown_row, resolution=OutboxResolution.MARK_SENT, actor=site_admin, now=later
    )

    row.refresh_from_db()
    assert (row.status, row.sent_at) == (EmailStatus.SENT, NOW)
    assert f"site admin #{site_admin.pk} confirmed" in row.last_error
    assert outbox_sweep(now=later + timedelta(days=1)).claimed == 0
    assert mailoutbox == []


def test_a_site_admin_sends_it_again(unknown_row, site_admin, mailoutbox):
    later = NOW + timedelta(hours=2)

    outbox_email_resolve(
        email=unknown_row, resolution=OutboxResolution.REQUEUE, actor=site_admin, now=later
    )

    unknown_row.refresh_from_db()
    assert (
        unknown_row.status,
        unknown_row.attempts,
        unknown_row.not_before,
        unknown_row.sent_at,
    ) == (EmailStatus.PENDING, 0, later, None)
    assert outbox_sweep(now=later).sent == 1
    assert [m.extra_headers["Message-ID"] for m in mailoutbox] == [unknown_row.message_id]


def test_only_an_unknown_row_can_be_resolved(unknown_row, site_admin):
    outbox_email_resolve(email=unknown_row, resolution="mark_sent", actor=site_admin, now=NOW)

    with pytest.raises(RuleError, match="nothing to decide"):
        outbox_email_resolve(email=unknown_row, resolution="requeue", actor=site_admin, now=NOW)


def test_only_a_site_admin_resolves(unknown_row):
    with pytest.raises(RuleError, match="Only site admins"):
        outbox_email_resolve(email=unknown_row, resolution="requeue", actor=UserFactory(), now=NOW)

    unknown_row.refresh_from_db()
    assert unknown_row.status == EmailStatus.UNKNOWN


def test_a_decision_must_be_one_of_the_two(unknown_row, site_admin):
    with pytest.raises(RuleError, match="not a decision"):
        outbox_email_resolve(email=unknown_row, resolution="delete", actor=site_admin, now=NOW)
