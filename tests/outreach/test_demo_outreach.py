"""Demo outreach: templates, identities and pitches in every state, made through the services;
idempotent; nothing without influencers."""

import io

import pytest

from contacts.models import InfluencerEmail, Interaction, InteractionKind
from contacts.services import influencer_create
from irm.models import EmailStatus, OutboxEmail
from outreach.demo import create_demo_data
from outreach.models import (
    AwayDecision,
    InboundKind,
    InboundMessage,
    InboundStatus,
    MatchedBy,
    Notification,
    Pitch,
    PitchStatus,
    PitchTemplate,
    Reminder,
    ReminderKind,
    ReminderStatus,
    SendingIdentity,
)

pytestmark = pytest.mark.django_db

EVERY_STATE = {
    PitchStatus.DRAFT,
    PitchStatus.SCHEDULED,
    PitchStatus.HELD,
    PitchStatus.BLOCKED,
    PitchStatus.SENT,
    PitchStatus.REPLIED,
    PitchStatus.ACCEPTED,
    PitchStatus.DECLINED,
    PitchStatus.NO_RESPONSE,
    PitchStatus.CANCELLED,
}
ZONES = ["Europe/Paris", "America/New_York", "Asia/Tokyo", "UTC", "Australia/Sydney"]


def users_of(personas) -> dict:
    people = [personas.admin, personas.manager, personas.member, personas.viewer]
    return {user.email: user for user in people}


def run(personas) -> str:
    out = io.StringIO()
    create_demo_data(workspace=personas.workspace, users=users_of(personas), stdout=out)
    return out.getvalue()


@pytest.fixture
def people(personas):
    return [
        influencer_create(
            workspace=personas.workspace,
            actor=personas.admin,
            name=f"Person {index:02d}",
            emails=[f"person{index}@example.test"],
            topics=["Trail running"],
            time_zone=ZONES[index % len(ZONES)],
        )
        for index in range(16)
    ]


def test_without_influencers_it_makes_templates_and_identities_only(personas):
    said = run(personas)

    assert "no pitches made" in said
    assert PitchTemplate.objects.filter(workspace=personas.workspace).count() == 3
    assert SendingIdentity.objects.filter(workspace=personas.workspace).count() == 4
    assert not Pitch.objects.exists()


def test_it_makes_pitches_in_every_state_through_the_services(personas, people):
    run(personas)

    pitches = Pitch.objects.filter(workspace=personas.workspace)
    assert set(pitches.values_list("status", flat=True)) == EVERY_STATE
    declined = pitches.get(status=PitchStatus.DECLINED)
    assert list(declined.declined_topics.values_list("name", flat=True)) == ["Sponsored posts"]
    blocked = pitches.get(status=PitchStatus.BLOCKED)
    assert blocked.verdict["findings"][0]["rule"] == "channel_not_open"
    waiting = pitches.get(status=PitchStatus.SENT, follow_ups__isnull=False)
    assert waiting.follow_ups.get().status == PitchStatus.DRAFT
    held = pitches.get(status=PitchStatus.HELD)
    assert held.send_at is not None and held.influencer.do_not_disturb_until is not None
    sent = pitches.filter(sent_at__isnull=False)
    for pitch in sent:
        kinds = Interaction.objects.filter(source_id=str(pitch.pk)).values_list("kind", flat=True)
        assert InteractionKind.PITCH in kinds
    replies = Interaction.objects.filter(kind=InteractionKind.REPLY)
    assert replies.count() == 4  # replied, accepted, declined, and a reply by email
    assert len({pitch.influencer_id for pitch in pitches.filter(follow_up_of=None)}) == 13


def test_it_brings_in_mail_as_it_would_have_come(personas, people):
    said = run(personas)

    assert "demo inbound mail: 6 messages" in said
    messages = InboundMessage.objects.filter(workspace=personas.workspace)
    reply = messages.get(kind=InboundKind.REPLY, status=InboundStatus.MATCHED)
    assert reply.matched_by == MatchedBy.THREAD
    assert reply.pitch.status == PitchStatus.REPLIED
    away = messages.get(kind=InboundKind.AUTO_REPLY)
    assert away.away_decision == AwayDecision.PENDING and away.pitch.status == PitchStatus.SENT
    bounce = messages.get(kind=InboundKind.DELIVERY_REPORT)
    assert bounce.pitch.delivery_failed_at is not None
    assert InfluencerEmail.objects.filter(bounced_at__isnull=False).count() == 1
    logged = messages.get(kind=InboundKind.LOGGED_OUTBOUND, status=InboundStatus.MATCHED)
    assert logged.interaction.direction == "outbound" and logged.interaction.author is not None
    assert messages.filter(status=InboundStatus.UNMATCHED).count() == 2


def test_email_of_the_past_is_not_sent_today(personas, people):
    run(personas)

    pitch_mail = OutboxEmail.objects.filter(kind="pitch")
    assert pitch_mail.exists()
    assert not pitch_mail.filter(status=EmailStatus.PENDING).exists()
    blocked_notice = OutboxEmail.objects.get(kind="pitch_blocked")
    assert blocked_notice.status == EmailStatus.SENT
    assert blocked_notice.sent_at == blocked_notice.not_before


def test_a_second_run_changes_nothing(personas, people):
    run(personas)
    counts = (Pitch.objects.count(), Interaction.objects.count(), OutboxEmail.objects.count())

    said = run(personas)

    assert "already there" in said
    assert (Pitch.objects.count(), Interaction.objects.count(), OutboxEmail.objects.count()) == (
        counts
    )
    assert PitchTemplate.objects.count() == 3


def test_it_leaves_reminders_in_every_state_and_notifications_in_the_bell(personas, people):
    for person in people:
        person.owner = personas.member
        person.save(update_fields=["owner"])

    said = run(personas)

    reminders = Reminder.objects.filter(workspace=personas.workspace)
    assert set(reminders.values_list("status", flat=True)) == {
        ReminderStatus.PENDING,
        ReminderStatus.HELD,
        ReminderStatus.FIRED,
        ReminderStatus.SNOOZED,
        ReminderStatus.DONE,
        ReminderStatus.DISMISSED,
        ReminderStatus.CANCELLED,
    }, said
    held = reminders.get(status=ReminderStatus.HELD)
    assert held.kind == ReminderKind.FOLLOW_UP_DUE and held.pitch.inbound_messages.exists()
    fired = reminders.filter(status=ReminderStatus.FIRED)
    assert Notification.objects.filter(reminder__in=fired).count() == fired.count()
    assert Notification.objects.filter(user=personas.member).exists()
    again = run(personas)
    assert "demo reminders already there" in again
