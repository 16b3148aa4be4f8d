from datetime import UTC, datetime, timedelta

import pytest

from contacts.services import interaction_record
from outreach.selectors import guard_context_load
from outreach.services import pitch_create, pitch_log_answer, pitch_send

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

    # policy, channels, topics, contacts, admitted pitches, declines, fingerprints, waiting,
    # handles
    with django_assert_num_queries(10):
        context = guard_context_load(influencer=ana, now=NOW)

    assert context.declined_topics.keys() == {"trail"}
    assert len(context.outbound_at) == min(history, 30) + 1
