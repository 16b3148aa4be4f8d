"""Answers to pitches (outreach.services.answers): logged by a person (replied, accepted, declined
with the topics, no response), or read from their email (replied) or a delivery report
(undelivered). An answer ends the wait: pending follow-up drafts and reminders are cancelled."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contacts.models import Direction, InteractionKind
from contacts.services import interaction_record, topics_ensure
from irm.errors import RuleError
from irm.models import User
from outreach.models import (
    OPEN_STATUSES,
    Pitch,
    PitchStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
)

ANSWERS = {
    PitchStatus.REPLIED: "replied",
    PitchStatus.ACCEPTED: "accepted",
    PitchStatus.DECLINED: "declined",
    PitchStatus.NO_RESPONSE: "did not respond",
}


@transaction.atomic
def pitch_log_answer(
    *,
    pitch: Pitch,
    answer: str,
    actor: User,
    declined_topics=(),
    note: str = "",
    answered_at: datetime | None = None,
    now: datetime | None = None,
) -> Pitch:
    """Replied, accepted, declined (with the topics they said no to) or no response. An answer
    lands on the timeline as their message and cancels pending follow-up drafts."""
    now = now or timezone.now()
    answered_at = answered_at or now
    if answer not in ANSWERS:
        raise RuleError("Choose replied, accepted, declined or no response.", field="answer")
    pitch = (
        Pitch.objects.select_for_update(of=("self",)).select_related("influencer").get(pk=pitch.pk)
    )
    if pitch.sent_at is None:
        raise RuleError("Only a sent pitch can have an answer.")
    if answer != PitchStatus.NO_RESPONSE and answered_at < pitch.sent_at:
        raise RuleError(
            "An answer comes after the pitch: pick a moment after it was sent.",
            field="answered_at",
        )
    pitch.status = answer
    pitch.answered_at = answered_at
    if answer != PitchStatus.NO_RESPONSE:
        pitch.replied_at = pitch.replied_at or answered_at
    pitch.updated_at = now
    pitch.save()
    if answer == PitchStatus.DECLINED:
        names = list(declined_topics) or list(pitch.topics.values_list("name", flat=True))
        pitch.declined_topics.set(topics_ensure(workspace=pitch.workspace, names=names))
    follow_up_drafts_cancel(pitch=pitch, now=now)
    if answer != PitchStatus.NO_RESPONSE:
        interaction_record(
            influencer=pitch.influencer,
            kind=InteractionKind.REPLY,
            direction=Direction.INBOUND,
            channel=pitch.channel,
            summary=f"{pitch.influencer.name} {ANSWERS[answer]}: {pitch.subject or 'your pitch'}",
            body=note,
            author=actor,
            occurred_at=answered_at,
            source=pitch,
            now=now,
        )
    return pitch


def follow_up_drafts_cancel(*, pitch: Pitch, now: datetime) -> None:
    """An answer (or a bounce) ends the wait: no follow-up of this thread should go out."""
    root_id = pitch.follow_up_of_id or pitch.pk
    Pitch.objects.filter(follow_up_of_id=root_id, status=PitchStatus.DRAFT).update(
        status=PitchStatus.CANCELLED, updated_at=now
    )
    Reminder.objects.filter(
        pitch_id=root_id, kind=ReminderKind.FOLLOW_UP_DUE, status__in=OPEN_STATUSES
    ).update(
        status=ReminderStatus.CANCELLED,
        closed_at=now,
        closed_reason="The conversation moved on (an answer or a failed delivery).",
        updated_at=now,
    )


# Waiting for an answer: a reply by email moves these to "replied".
AWAITING_ANSWER = (PitchStatus.SENT, PitchStatus.NO_RESPONSE)


@transaction.atomic
def pitch_mark_replied(*, pitch: Pitch, replied_at: datetime, now: datetime) -> Pitch:
    """Their email answered this pitch (or its follow-up): the thread is replied and pending
    follow-up drafts are cancelled. An answer a person logged already (accepted, declined)
    stays. The timeline entry is the inbound message's own."""
    thread = [pitch.pk] + ([pitch.follow_up_of_id] if pitch.follow_up_of_id else [])
    for row in Pitch.objects.select_for_update(of=("self",)).filter(pk__in=thread):
        if row.status in AWAITING_ANSWER:
            row.status = PitchStatus.REPLIED
            row.answered_at = replied_at
        if row.sent_at is not None:
            row.replied_at = min(row.replied_at or replied_at, replied_at)
        row.updated_at = now
        row.save(update_fields=["status", "answered_at", "replied_at", "updated_at"])
    follow_up_drafts_cancel(pitch=pitch, now=now)
    pitch.refresh_from_db()
    return pitch


@transaction.atomic
def pitch_mark_undelivered(*, pitch: Pitch, reason: str, at: datetime, now: datetime) -> Pitch:
    """A delivery report says this email never arrived: a follow-up would not arrive either."""
    pitch.delivery_failed_at = at
    pitch.delivery_failure = reason[:300]
    pitch.updated_at = now
    pitch.save(update_fields=["delivery_failed_at", "delivery_failure", "updated_at"])
    follow_up_drafts_cancel(pitch=pitch, now=now)
    return pitch
