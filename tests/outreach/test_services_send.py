import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from contacts.models import Interaction, InteractionKind
from contacts.services import do_not_contact_set
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent, OutboxEmail
from outreach.models import Notification, Pitch, PitchStatus
from outreach.services.answers import pitch_log_answer
from outreach.services.follow_ups import follow_up_prepare
from outreach.services.sending import pitch_mark_sent, pitch_send, pitches_release_due
from tests.factories import PitchFactory

# Wednesday 18 Nov 2026, 10:00 UTC: inside working hours for a person in UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
BODY = "Hi Ana, your write-up of the Lavaredo ultra was wonderful; would you test our shoes?"


def draft(ana, author, **extra):
    return PitchFactory(influencer=ana, author=author, **{"body": BODY, "now": NOW, **extra})


def test_sending_an_email_pitch_queues_it_in_the_outbox_and_logs_it(ana, personas):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )

    assert pitch.status == PitchStatus.SENT and pitch.sent_at == NOW
    email = OutboxEmail.objects.get(kind="pitch")
    assert email.to_address == "ana@trails.example"
    assert email.reply_to == personas.workspace.reply_to_address
    assert pitch.message_id == email.message_id
    entry = Interaction.objects.get(kind=InteractionKind.PITCH)
    assert entry.direction == "outbound" and entry.source == pitch
    ana.refresh_from_db()
    assert ana.last_outbound_at == NOW


def test_a_closed_door_is_refused_with_the_reason(ana, personas):
    pitch = draft(ana, personas.member, channel="instagram_dm")

    with pytest.raises(RuleError, match="has not opened Instagram DM"):
        pitch_mark_sent(pitch=pitch, actor=personas.member, actor_role="member", now=NOW)
    assert Pitch.objects.get(pk=pitch.pk).status == PitchStatus.DRAFT


def test_inside_the_cooldown_a_member_is_refused_and_a_manager_overrides_with_a_reason(
    ana, personas
):
    pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )
    later = NOW + timedelta(days=2)
    second = draft(ana, personas.manager, body="A different note, written for Ana alone.")

    with pytest.raises(RuleError, match="A manager may override"):
        pitch_send(pitch=second, actor=personas.member, actor_role="member", now=later)
    with pytest.raises(RuleError, match="Give the reason"):
        pitch_send(pitch=second, actor=personas.manager, actor_role="manager", now=later)
    sent = pitch_send(
        pitch=second,
        actor=personas.manager,
        actor_role="manager",
        override_reason="She asked us to send the sizes today",
        now=later,
    )

    assert sent.status == PitchStatus.SENT
    assert sent.overridden_by == personas.manager
    assert AuditEvent.objects.filter(action=AuditAction.CONTACT_RULE_OVERRIDDEN).count() == 1
    entries = Interaction.objects.filter(source_id=str(sent.pk)).order_by("kind")
    note, pitch_entry = entries
    assert pitch_entry.kind == "pitch" and pitch_entry.contact_rule_overridden
    assert note.kind == "note" and note.direction == "internal"
    assert note.summary == (
        "Contact rules overridden by Manager Person: She asked us to send the sizes today"
    )
    assert "the cooldown is 7 days" in note.body


def test_do_not_contact_cannot_be_overridden(ana, personas):
    do_not_contact_set(influencer=ana, reason="Asked us to stop", actor=personas.member)

    with pytest.raises(RuleError, match="asked not to be contacted"):
        pitch_send(
            pitch=draft(ana, personas.admin),
            actor=personas.admin,
            actor_role="admin",
            override_reason="Please",
            now=NOW,
        )


def test_a_pitch_at_night_is_held_and_released_in_the_morning(ana, personas):
    night = datetime(2026, 11, 18, 22, 0, tzinfo=UTC)

    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=night
    )

    assert pitch.status == PitchStatus.HELD
    assert pitch.send_at == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)
    assert pitches_release_due(now=night + timedelta(hours=1)) == 0
    assert pitches_release_due(now=pitch.send_at) == 1
    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.SENT
    assert OutboxEmail.objects.filter(kind="pitch").count() == 1


def test_an_admitted_pitch_counts_for_the_cooldown_before_it_is_sent(ana, personas):
    night = datetime(2026, 11, 18, 22, 0, tzinfo=UTC)
    pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=night
    )

    with pytest.raises(RuleError, match="cooldown"):
        pitch_send(
            pitch=draft(ana, personas.admin, body="Another note entirely, just for Ana."),
            actor=personas.member,
            actor_role="member",
            now=night + timedelta(minutes=5),
        )


def test_a_scheduled_pitch_that_became_blocked_is_not_sent_and_its_author_is_told(ana, personas):
    pitch = pitch_send(
        pitch=draft(ana, personas.member),
        actor=personas.member,
        actor_role="member",
        send_at=NOW + timedelta(days=1),
        now=NOW,
    )
    assert pitch.status == PitchStatus.SCHEDULED
    do_not_contact_set(influencer=ana, reason="Asked us to stop", actor=personas.viewer, now=NOW)

    pitches_release_due(now=NOW + timedelta(days=1))

    pitch.refresh_from_db()
    assert pitch.status == PitchStatus.BLOCKED
    assert not OutboxEmail.objects.filter(kind="pitch").exists()
    told = OutboxEmail.objects.get(kind="pitch_blocked")
    assert told.to_address == personas.member.email
    assert "asked not to be contacted" in told.body_text
    bell = Notification.objects.get(kind="pitch_blocked", user=personas.member)
    assert bell.url == f"/w/{personas.workspace.slug}/outreach/{pitch.public_id}/"
    assert "asked not to be contacted" in bell.body


def test_the_author_who_wants_no_email_is_told_in_the_app_only(ana, personas):
    personas.member.email_notifications = False
    personas.member.save(update_fields=["email_notifications"])
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )

    follow_up_prepare(pitch=pitch, now=NOW + timedelta(days=5))

    assert Notification.objects.filter(kind="follow_up_ready", emailed_at__isnull=True).exists()
    assert not OutboxEmail.objects.filter(kind="follow_up_ready").exists()


def test_a_declined_topic_is_remembered(ana, personas):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )
    pitch_log_answer(
        pitch=pitch, answer="declined", actor=personas.member, now=NOW + timedelta(days=1)
    )

    later = NOW + timedelta(days=40)
    with pytest.raises(RuleError, match="said no to “trail running”"):
        pitch_send(
            pitch=draft(ana, personas.member, body="Something new, for Ana only, about trails."),
            actor=personas.member,
            actor_role="member",
            now=later,
        )


def test_a_follow_up_draft_is_prepared_once_threaded_and_never_sent_by_itself(ana, personas):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )
    later = NOW + timedelta(days=5)

    first = follow_up_prepare(pitch=pitch, now=later)
    again = follow_up_prepare(pitch=pitch, now=later)

    assert first == again and first.status == PitchStatus.DRAFT
    assert first.follow_up_of == pitch and first.subject == "Re: Shoes for Lavaredo"
    ready = Notification.objects.get(kind="follow_up_ready")
    assert ready.user == personas.member and ready.url.endswith(f"/{first.public_id}/edit/")
    assert OutboxEmail.objects.filter(kind="follow_up_ready").count() == 1
    assert OutboxEmail.objects.filter(kind="pitch").count() == 1  # nothing sent by itself

    first.body = "Hi Ana, just checking whether the shoes idea interests you at all."
    first.save()
    sent = pitch_send(pitch=first, actor=personas.member, actor_role="member", now=later)
    email = OutboxEmail.objects.get(kind="pitch", pk=sent.outbox_email_id)
    assert email.headers["In-Reply-To"] == pitch.message_id
    # One polite follow-up is the limit.
    assert follow_up_prepare(pitch=pitch, now=later + timedelta(days=5)) is None


def test_a_reply_cancels_pending_follow_up_drafts(ana, personas):
    pitch = pitch_send(
        pitch=draft(ana, personas.member), actor=personas.member, actor_role="member", now=NOW
    )
    follow_up = follow_up_prepare(pitch=pitch, now=NOW + timedelta(days=5))

    pitch_log_answer(
        pitch=pitch, answer="replied", actor=personas.member, now=NOW + timedelta(days=6)
    )

    follow_up.refresh_from_db()
    assert follow_up.status == PitchStatus.CANCELLED
    assert Interaction.objects.filter(kind="reply", direction="inbound").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_sends_within_a_cooldown_admit_exactly_one(personas, ana):
    drafts = [draft(ana, personas.member, body=f"{BODY} Note {n}.") for n in range(4)]
    outcomes = []
    barrier = threading.Barrier(len(drafts))

    def send(pitch):
        try:
            barrier.wait()
            pitch_send(pitch=pitch, actor=personas.member, actor_role="member", now=NOW)
            outcomes.append("sent")
        except RuleError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(pitch,)) for pitch in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(outcomes) == ["refused", "refused", "refused", "sent"]
    assert Pitch.objects.filter(status=PitchStatus.SENT).count() == 1
