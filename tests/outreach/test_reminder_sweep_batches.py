"""The hourly sweep plans follow-ups and owed replies a batch at a time: the same reminders as
planning each pitch (follow_up_plan) and each owed reply (owe_reply_plan) alone, in a number of
statements that does not grow with the number of pitches and commitments."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import transaction

from contacts.models import Commitment, CommitmentKind, ContactPolicy, Influencer
from contacts.services import contact_policy_save
from outreach.models import (
    InboundKind,
    InboundMessage,
    InboundStatus,
    Pitch,
    PitchStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from outreach.services import reminder_plans as planners
from outreach.services.follow_up_reminders import follow_up_plan, follow_up_plan_everyone
from outreach.services.owed_replies import owe_reply_plan, owe_reply_plan_everyone
from outreach.services.reminder_sweep import reminders_plan_sweep
from tests.factories import InfluencerFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
COMPARED = (
    "workspace_id",
    "assignee_id",
    "influencer_id",
    "pitch_id",
    "source_type_id",
    "source_id",
    "kind",
    "due_at",
    "status",
    "title",
    "reason",
    "suggestion",
    "planned_from",
    "dedupe_key",
    "closed_at",
    "created_at",
    "updated_at",
)


def pitch(influencer: Influencer, author, *, sent_days_ago: float, **fields) -> Pitch:
    """A pitch written straight to the table (sending it would plan its follow-up at once)."""
    values = {
        "status": PitchStatus.SENT,
        "sent_at": NOW - timedelta(days=sent_days_ago),
        "admitted_at": NOW - timedelta(days=sent_days_ago),
        "subject": "Shoes for Lavaredo",
        **fields,
    }
    return Pitch.objects.create(
        workspace=influencer.workspace,
        influencer=influencer,
        author=author,
        channel="email",
        body="Hi, would you test them?",
        **values,
    )


def auto_reply(sent: Pitch, *, days_ago: float, away_until: date | None = None):
    InboundMessage.objects.create(
        workspace=sent.workspace,
        message_id=f"<away-{sent.pk}-{days_ago}@mail.test>",
        sent_at=NOW - timedelta(days=days_ago),
        received_at=NOW - timedelta(days=days_ago),
        kind=InboundKind.AUTO_REPLY,
        status=InboundStatus.MATCHED,
        influencer=sent.influencer,
        pitch=sent,
        away_until=away_until,
    )


def owed(influencer: Influencer, *, due_days_ago: float, **fields) -> Commitment:
    return Commitment.objects.create(
        workspace=influencer.workspace,
        influencer=influencer,
        kind=fields.pop("kind", CommitmentKind.REPLY),
        description="Could you send the sizes?",
        due_at=NOW - timedelta(days=due_days_ago),
        **fields,
    )


def override(influencer: Influencer, **values) -> None:
    ContactPolicy.objects.create(workspace=influencer.workspace, influencer=influencer, **values)


@pytest.fixture
def waiting(personas):
    """Pitches and replies we owe of two workspaces that each planning rule touches."""
    acme, member = personas.workspace, personas.member
    contact_policy_save(workspace=acme, values={"follow_up_delay_days": 4})

    def someone(**fields) -> Influencer:
        return InfluencerFactory(workspace=acme, owner=member, **fields)

    plain = pitch(someone(), member, sent_days_ago=1)
    # Their own delay; their own cap of two follow-ups, one admitted so far.
    delayed = someone()
    override(delayed, follow_up_delay_days=9)
    pitch(delayed, member, sent_days_ago=2)
    capped_twice = someone()
    override(capped_twice, max_follow_ups=2)
    first = pitch(capped_twice, member, sent_days_ago=6)
    pitch(capped_twice, member, sent_days_ago=1, follow_up_of=first)
    # The workspace's cap of one, reached: no reminder.
    reached = pitch(someone(), member, sent_days_ago=8)
    pitch(reached.influencer, member, sent_days_ago=2, follow_up_of=reached)
    # Away: an auto-reply naming a return date (in Paris), one naming none (the newest counts),
    # and do-not-disturb of their own.
    away = pitch(someone(time_zone="Europe/Paris"), member, sent_days_ago=1)
    auto_reply(away, days_ago=0.5, away_until=date(2026, 11, 30))
    undated = pitch(someone(), member, sent_days_ago=3)
    auto_reply(undated, days_ago=2.9, away_until=date(2026, 11, 20))
    auto_reply(undated, days_ago=0.2)
    pitch(someone(do_not_disturb_until=date(2027, 1, 4)), member, sent_days_ago=1)
    # Left out: do-not-contact, archived, never delivered, a draft, no author.
    pitch(someone(do_not_contact=True), member, sent_days_ago=1)
    pitch(someone(archived_at=NOW - timedelta(days=1)), member, sent_days_ago=1)
    pitch(someone(), member, sent_days_ago=1, delivery_failed_at=NOW)
    pitch(someone(), member, sent_days_ago=1, status=PitchStatus.DRAFT, sent_at=None)
    pitch(someone(), None, sent_days_ago=1)
    # Another workspace, Rapport's defaults.
    outsider = InfluencerFactory(
        workspace=personas.other_workspace, owner=personas.outsider, time_zone="Asia/Tokyo"
    )
    pitch(outsider, personas.outsider, sent_days_ago=12)

    # Replies we owe: due, due for a person without an owner, not yet due, fulfilled, archived,
    # not a reply, and the other workspace's.
    owed(plain.influencer, due_days_ago=1)
    owed(plain.influencer, due_days_ago=0.1)
    owed(InfluencerFactory(workspace=acme, owner=None), due_days_ago=2)
    owed(someone(), due_days_ago=-1)
    owed(someone(), due_days_ago=3, fulfilled_at=NOW - timedelta(days=1))
    owed(someone(archived_at=NOW - timedelta(days=1)), due_days_ago=3)
    owed(someone(), due_days_ago=3, kind=CommitmentKind.PAYMENT)
    owed(outsider, due_days_ago=5)
    return acme


def reminders() -> list[tuple]:
    return list(
        Reminder.objects.filter(kind__in=[ReminderKind.FOLLOW_UP_DUE, ReminderKind.OWE_REPLY])
        .order_by("dedupe_key")
        .values_list(*COMPARED)
    )


def planned_each_alone() -> tuple[list[tuple], int, int]:
    """What the planners of one pitch and one owed reply plan: every pitch, every reply owed
    that fell due (the sweep's share of the commitments)."""
    with transaction.atomic():
        follow_ups = sum(
            follow_up_plan(pitch=sent, now=NOW) is not None
            for sent in Pitch.objects.select_related("influencer", "workspace", "author")
        )
        replies = sum(
            owe_reply_plan(commitment=commitment, now=NOW) is not None
            for commitment in Commitment.objects.filter(
                kind=CommitmentKind.REPLY, due_at__lte=NOW
            ).select_related("influencer__workspace", "influencer__owner")
        )
        planned = reminders()
        transaction.set_rollback(True)
    return planned, follow_ups, replies


def test_the_sweep_plans_what_each_alone_would(waiting):
    expected, follow_ups, replies = planned_each_alone()
    assert (follow_ups, replies) == (7, 3)  # the data covers what it means to

    planned = reminders_plan_sweep(now=NOW)

    assert (planned["follow_up_due"], planned["owe_reply"]) == (follow_ups, replies)
    assert reminders() == expected
    # Held for the three who are away, each with its own "why now".
    held = Reminder.objects.filter(status=ReminderStatus.HELD).values_list("reason", flat=True)
    assert len(set(held)) == 3
    # Planning again finds nothing missing.
    again = reminders_plan_sweep(now=NOW + timedelta(hours=1))
    assert (again["follow_up_due"], again["owe_reply"]) == (0, 0)
    assert reminders() == expected


def test_batches_of_two_plan_the_same(waiting, monkeypatch):
    expected, follow_ups, replies = planned_each_alone()
    monkeypatch.setattr(planners, "SWEEP_BATCH", 2)

    assert follow_up_plan_everyone(now=NOW) == follow_ups
    assert owe_reply_plan_everyone(now=NOW) == replies

    assert reminders() == expected


def test_a_pitch_planned_meanwhile_keeps_its_reminder(waiting):
    expected, follow_ups, _ = planned_each_alone()
    first = Pitch.objects.filter(status=PitchStatus.SENT).order_by("pk").first()
    follow_up_plan(pitch=first, now=NOW)

    assert follow_up_plan_everyone(now=NOW) == follow_ups - 1

    assert [row for row in reminders() if row[COMPARED.index("kind")] == "follow_up_due"] == [
        row for row in expected if row[COMPARED.index("kind")] == "follow_up_due"
    ]


def test_pitches_and_replies_are_planned_in_statements_per_batch_not_per_row(
    waiting, django_assert_max_num_queries, monkeypatch
):
    monkeypatch.setattr(planners, "SWEEP_BATCH", 6)  # 10 pitches read: 2 batches
    # Per workspace its default policy; per batch of pitches its read, the follow-ups
    # admitted, the auto-replies, a savepoint, looking up, inserting and the release; the empty
    # read that ends them.
    with django_assert_max_num_queries(2 + 2 * 7 + 1):
        assert follow_up_plan_everyone(now=NOW) == 7
    # The content type; one batch: its read, a savepoint, looking up, inserting, the release;
    # the empty read.
    with django_assert_max_num_queries(1 + 5 + 1):
        assert owe_reply_plan_everyone(now=NOW) == 3
