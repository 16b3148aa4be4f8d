"""What asking the guard and sending a pitch cost: the same queries whatever the person's
history (issue 16: at most 12 a request). The history fills every set the guard reads:
contacts and calls in its window, declined topics, bodies sent to others, addresses, handles."""

import contextlib
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from contacts.models import InfluencerEmail, Platform, SocialAccount
from contacts.services import contact_policy_override_save, interaction_record
from outreach.models import Pitch, PitchStatus
from outreach.services.answers import pitch_log_answer
from outreach.services.sending import pitch_lock, pitch_send
from tests.factories import PitchFactory, ProfileFactory
from tests.outreach.api_helpers import NOW, api_url, client_for, frozen  # noqa: F401
from tests.outreach.views_support import BODY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

# The queries of the requests below; the send's answer is the pitch with its lists. Sending
# now also queues the email and writes the timeline (entry, last contact dates, the reply it
# answers): the lists, the sending identity and the contact policy are read with the rest.
MOST_QUERIES = 12
# How a statement reading pitches starts.
PITCH_READ = 'SELECT "outreach_pitch"."id"'


def someone_with_history(personas, name: str, weeks: int):
    """A person contacted once a week for `weeks` weeks (a call, an email, a pitch they
    declined), with a body sent to someone else each week and an address and handle a week;
    their policies let a contact a day through, so every pitch here is allowed."""
    them = ProfileFactory(personas=personas, trail_runner=True, name=name)
    other = ProfileFactory(personas=personas, trail_runner=True, name=f"{name} Other")
    for someone in (them, other):
        contact_policy_override_save(
            influencer=someone, values={"cooldown_days": 1, "team_cap_per_30_days": 30}
        )
    for week in range(weeks, 0, -1):  # oldest first: each moment sees only its past
        moment = NOW - timedelta(days=7 * week)
        for kind, days in (("call", 2), ("email", 1)):
            interaction_record(
                influencer=them,
                kind=kind,
                direction="outbound",
                summary=f"{kind} of week {week}",
                occurred_at=moment - timedelta(days=days),
                now=moment,
            )
        declined = sent(personas, them, f"Road {week}", f"Week {week}: a road race?", at=moment)
        pitch_log_answer(
            pitch=declined,
            answer="declined",
            actor=personas.member,
            answered_at=moment + timedelta(hours=1),
            now=moment + timedelta(hours=1),
        )
        sent(personas, other, "Trail running", f"Week {week}: {week * 'very '}long?", at=moment)
        InfluencerEmail.objects.create(
            workspace=personas.workspace, influencer=them, email=f"week{week}@{name[0]}.example"
        )
        SocialAccount.objects.create(
            workspace=personas.workspace,
            influencer=them,
            platform=Platform.INSTAGRAM,
            handle=f"{name[0]}.week{week}",
        )
    return them


def sent(personas, influencer, topic: str, body: str, *, at) -> Pitch:
    return PitchFactory(
        influencer=influencer,
        author=personas.member,
        subject=topic,
        body=body,
        topics=[topic],
        sent=True,
        sent_now=at,
    )


def draft(personas, influencer) -> Pitch:
    return PitchFactory(influencer=influencer, author=personas.member, subject="Shoes", body=BODY)


def queries_of(client, name: str, pitch: Pitch, data=None) -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as queries:
        response = client.post(api_url(name, public_id=pitch.public_id), data or {}, format="json")
    assert response.status_code == 200, response.json()
    # Counted as the bench counts them: statements, not the transaction's savepoints.
    statements = [q["sql"] for q in queries.captured_queries]
    return sum(not sql.startswith(("SAVEPOINT", "RELEASE")) for sql in statements), response.json()


@pytest.fixture
def little_and_much(personas):
    """Two people: one week of history, and three."""
    return someone_with_history(personas, "Lia", 1), someone_with_history(personas, "Mia", 3)


def test_asking_the_guard_costs_the_same_queries_whatever_the_history(personas, little_and_much):
    client = client_for(personas.viewer)
    counts = []
    for them in little_and_much:
        count, verdict = queries_of(client, "pitch-check", draft(personas, them))
        assert verdict["allowed"] is True
        counts.append(count)

    assert counts[0] == counts[1] <= MOST_QUERIES


def test_scheduling_a_pitch_costs_the_same_queries_whatever_the_history(personas, little_and_much):
    client = client_for(personas.member)
    counts = []
    for them in little_and_much:
        later = {"send_at": (NOW + timedelta(days=1)).isoformat()}
        count, answer = queries_of(client, "pitch-send", draft(personas, them), later)
        assert answer["status"] == PitchStatus.SCHEDULED
        counts.append(count)

    assert counts[0] == counts[1] <= MOST_QUERIES


def test_sending_a_pitch_now_costs_the_same_queries_whatever_the_history(personas, little_and_much):
    client = client_for(personas.member)
    counts = []
    for them in little_and_much:
        count, answer = queries_of(client, "pitch-send", draft(personas, them))
        assert answer["status"] == PitchStatus.SENT
        assert answer["topics"] == ["Trail running"] and answer["delivery_status"] == "pending"
        counts.append(count)

    assert counts[0] == counts[1] <= MOST_QUERIES


def test_sending_locks_the_person_before_the_pitch(personas, ana):
    """Erasure and merge lock a person, then their pitches: a send locks in the same order, so
    the two wait for each other instead of deadlocking."""
    pitch = draft(personas, ana)

    with CaptureQueriesContext(connection) as queries:
        pitch_send(pitch=pitch, actor=personas.member, actor_role="member", now=NOW)

    [lock] = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert lock.endswith('FOR UPDATE OF "contacts_influencer", "outreach_pitch"')


def test_the_send_endpoint_reads_the_pitch_once_and_locked(personas, ana):
    pitch = draft(personas, ana)

    with CaptureQueriesContext(connection) as queries:
        response = client_for(personas.member).post(
            api_url("pitch-send", public_id=pitch.public_id), {}, format="json"
        )

    assert response.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(PITCH_READ)]
    assert len(reads) == 1
    assert reads[0].endswith('FOR UPDATE OF "contacts_influencer", "outreach_pitch"')


def test_a_pitch_whose_lock_was_rolled_back_is_locked_again_to_send(personas, ana):
    pitch = draft(personas, ana)
    with contextlib.suppress(RuntimeError), transaction.atomic():
        locked = pitch_lock(workspace=personas.workspace, public_id=pitch.public_id)
        raise RuntimeError("the savepoint that took the lock rolls back")

    with CaptureQueriesContext(connection) as queries:
        pitch_send(pitch=locked, actor=personas.member, actor_role="member", now=NOW)

    assert sum("FOR UPDATE" in q["sql"] for q in queries.captured_queries) == 1
