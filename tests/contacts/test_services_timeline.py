from datetime import UTC, datetime, timedelta

import pytest

from contacts.models import Commitment, CommitmentKind, Direction, InteractionKind
from contacts.services.timeline import add_business_days, interaction_delete, interaction_record
from irm.errors import RuleError
from tests.factories import InfluencerFactory

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)  # a Friday


@pytest.fixture
def influencer(personas):
    return InfluencerFactory(workspace=personas.workspace, name="Zoë Saldaña")


def log(influencer, author, *, kind, direction, days_ago, **extra):
    return interaction_record(
        influencer=influencer,
        kind=kind,
        direction=direction,
        summary=f"{kind} {direction}",
        author=author,
        occurred_at=NOW - timedelta(days=days_ago),
        now=NOW,
        **extra,
    )


def test_the_last_fields_follow_when_things_happened_not_when_they_were_logged(
    influencer, personas
):
    log(influencer, personas.member, kind="email", direction="outbound", days_ago=3)
    # Logged today, but it happened last month: it must not move the dates forward.
    log(influencer, personas.member, kind="reply", direction="inbound", days_ago=30)

    influencer.refresh_from_db()
    assert influencer.last_outbound_at == NOW - timedelta(days=3)
    assert influencer.last_inbound_at == NOW - timedelta(days=30)
    assert influencer.last_two_way_at == NOW - timedelta(days=30)


def test_a_call_is_two_way_whoever_logged_it(influencer, personas):
    log(influencer, personas.member, kind="call", direction="outbound", days_ago=2)

    influencer.refresh_from_db()
    assert influencer.last_two_way_at == NOW - timedelta(days=2)
    assert influencer.last_inbound_at is None


def test_auto_replies_and_bounces_touch_neither_two_way_nor_commitments(influencer, personas):
    log(influencer, None, kind=InteractionKind.AUTO_REPLY, direction="inbound", days_ago=1)
    log(influencer, None, kind=InteractionKind.DELIVERY_FAILURE, direction="inbound", days_ago=1)

    influencer.refresh_from_db()
    assert influencer.last_two_way_at is None
    assert influencer.last_inbound_at is None
    assert not Commitment.objects.exists()


def test_a_draft_or_post_they_delivered_is_two_way_but_owes_no_reply(influencer, personas):
    log(influencer, personas.member, kind="pitch", direction="outbound", days_ago=5)
    log(influencer, None, kind=InteractionKind.CONTENT, direction="inbound", days_ago=2)

    influencer.refresh_from_db()
    assert influencer.last_two_way_at == NOW - timedelta(days=2)
    # Not a message: no reply is owed for it (a draft is owed feedback through its own promise).
    assert influencer.last_inbound_at is None
    assert not Commitment.objects.exists()


def test_a_real_inbound_message_opens_a_reply_due_in_two_business_days(influencer, personas):
    # Friday 16:00 in Paris -> due Tuesday 16:00 in Paris (the weekend does not count).
    inbound = log(influencer, None, kind="reply", direction="inbound", days_ago=0)

    commitment = Commitment.objects.get()
    assert commitment.kind == CommitmentKind.REPLY
    assert commitment.opened_by == inbound
    assert commitment.due_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
    assert commitment.fulfilled_at is None


def test_business_days_are_counted_in_the_workspace_time_zone():
    from zoneinfo import ZoneInfo

    tokyo = ZoneInfo("Asia/Tokyo")
    # Friday 20:00 UTC is already Saturday 05:00 in Tokyo: two business days -> Tuesday.
    due = add_business_days(datetime(2026, 11, 20, 20, 0, tzinfo=UTC), 2, tokyo)
    assert due.astimezone(tokyo).strftime("%a %H:%M") == "Tue 05:00"


def test_a_later_outbound_answer_fulfils_the_reply_and_an_earlier_one_does_not(
    influencer, personas
):
    log(influencer, None, kind="reply", direction="inbound", days_ago=5)
    log(influencer, personas.member, kind="email", direction="outbound", days_ago=6)
    assert Commitment.objects.get().fulfilled_at is None

    answer = log(influencer, personas.member, kind="email", direction="outbound", days_ago=4)

    commitment = Commitment.objects.get()
    assert commitment.fulfilled_at == answer.occurred_at
    assert commitment.fulfilled_by == answer


def test_a_back_dated_inbound_message_already_answered_opens_a_fulfilled_commitment(
    influencer, personas
):
    answer = log(influencer, personas.member, kind="email", direction="outbound", days_ago=2)
    log(influencer, None, kind="reply", direction="inbound", days_ago=3)

    assert Commitment.objects.get().fulfilled_by == answer


def test_a_note_does_not_answer_anyone(influencer, personas):
    log(influencer, None, kind="reply", direction="inbound", days_ago=2)
    log(influencer, personas.member, kind="note", direction=Direction.INTERNAL, days_ago=1)

    assert Commitment.objects.get().fulfilled_at is None


def test_deleting_an_entry_recomputes_the_last_fields(influencer, personas):
    older = log(influencer, personas.member, kind="email", direction="outbound", days_ago=10)
    newer = log(influencer, personas.member, kind="email", direction="outbound", days_ago=1)

    interaction_delete(interaction=newer, actor=personas.member, now=NOW)

    influencer.refresh_from_db()
    assert influencer.last_outbound_at == older.occurred_at


def test_deleting_their_only_entry_empties_the_last_fields_stored_and_in_hand(influencer, personas):
    only = log(influencer, personas.member, kind="call", direction="outbound", days_ago=2)
    assert influencer.last_two_way_at == only.occurred_at == influencer.last_outbound_at

    interaction_delete(interaction=only, actor=personas.member, now=NOW)

    assert only.influencer.last_outbound_at is None and only.influencer.last_two_way_at is None
    influencer.refresh_from_db()
    assert influencer.last_outbound_at is None
    assert influencer.last_two_way_at is None
    assert influencer.last_inbound_at is None


def test_only_the_author_deletes_an_entry(influencer, personas):
    entry = log(influencer, personas.member, kind="note", direction="internal", days_ago=1)

    with pytest.raises(RuleError, match="Only the author"):
        interaction_delete(interaction=entry, actor=personas.manager, now=NOW)


def test_it_refuses_the_future_and_an_empty_summary(influencer, personas):
    with pytest.raises(RuleError, match="not happened yet"):
        log(influencer, personas.member, kind="note", direction="internal", days_ago=-1)
    with pytest.raises(RuleError, match="Summarize"):
        interaction_record(
            influencer=influencer, kind="note", direction="internal", summary="  ", now=NOW
        )
