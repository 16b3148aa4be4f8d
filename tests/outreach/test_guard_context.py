from datetime import UTC, datetime, timedelta

import pytest

from contacts.services import interaction_record
from outreach.selectors.guard import guard_context_load
from outreach.services.answers import pitch_log_answer
from outreach.services.drafts import pitch_create
from outreach.services.sending import pitch_send

NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize("history", [1, 40])
def test_the_guard_context_takes_the_same_queries_whatever_the_history(
    ana, personas, django_assert_num_queries, history
):
    for day in range(history):
        interaction_record(
            influencer=ana,
            kind="email",
            direction="outbound",
            summary=f"Note {day}",
            occurred_at=NOW - timedelta(days=day + 1),
            now=NOW,
        )
    pitch = pitch_create(
        influencer=ana, author=personas.member, channel="email", body="Hi Ana", topics=["Trail"]
    )
    pitch_send(pitch=pitch, actor=personas.manager, actor_role="manager",
               override_reason="History for the test", now=NOW)  # fmt: skip
    pitch_log_answer(pitch=pitch, answer="declined", actor=personas.member, now=NOW)

    # their policy (it sets how far back to look), then one row of everything else
    with django_assert_num_queries(2):
        context = guard_context_load(influencer=ana, now=NOW)

    assert context.declined_topics.keys() == {"trail"}
    assert len(context.outbound_at) == min(history, 30) + 1


def test_an_email_as_discussed_after_a_logged_call_is_sent_despite_the_cooldown(ana, personas):
    first = pitch_create(
        influencer=ana, author=personas.member, channel="email", body="Hi Ana, the shoes?"
    )
    pitch_send(pitch=first, actor=personas.member, actor_role="member", now=NOW - timedelta(days=2))
    interaction_record(
        influencer=ana,
        kind="call",
        direction="outbound",
        summary="Call about sizes",
        author=personas.member,
        occurred_at=NOW - timedelta(hours=2),
        now=NOW,
    )
    as_discussed = pitch_create(
        influencer=ana,
        author=personas.member,
        channel="email",
        body="Hi Ana, as discussed on the phone: the size chart is attached.",
    )

    sent = pitch_send(pitch=as_discussed, actor=personas.member, actor_role="member", now=NOW)

    assert sent.status == "sent"
    [note] = sent.verdict["findings"]
    assert note["rule"] == "in_conversation" and note["severity"] == "warn"
    assert "is for unsolicited outreach" in note["message"]
