"""The one polite follow-up (outreach.services.follow_ups): a draft threaded to the original,
prepared by the reminders planner or started by hand, capped by the person's contact policy;
and when a follow-up becomes appropriate (held while an auto-reply says they are away)."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from contacts.facts import contact_policy_effective
from irm.errors import RuleError
from irm.models import User
from outreach.models import (
    InboundMessage,
    Pitch,
    PitchStatus,
)
from outreach.selectors.pitches import latest_auto_reply
from outreach.services.drafts import merge_values, pitch_create
from outreach.services.notifications import NotificationKind, notification_send


def follow_up_draft_create(*, pitch: Pitch, author: User, now: datetime) -> Pitch:
    """A follow-up draft threaded to `pitch` (the original), greeting them by first name."""
    values = merge_values(influencer=pitch.influencer, author=author, signed=False)
    return pitch_create(
        influencer=pitch.influencer,
        author=author,
        channel=pitch.channel,
        subject=f"Re: {pitch.subject}" if pitch.subject else "",
        body=f"Hi {values['first_name']},\n\n",
        topics=pitch.topics.values_list("name", flat=True),
        follow_up_of=pitch,
        now=now,
    )


def follow_ups_capped(*, pitch: Pitch) -> bool:
    """This pitch had as many follow-ups admitted as its person's policy allows."""
    cap = contact_policy_effective(influencer=pitch.influencer).max_follow_ups
    return pitch.follow_ups.filter(admitted_at__isnull=False).count() >= cap


@transaction.atomic
def follow_up_prepare(
    *, pitch: Pitch, now: datetime | None = None, notify: bool = True
) -> Pitch | None:
    """Prepare (never send) one follow-up draft threaded to the original and tell its owner
    (`notify=False`: the caller tells them, as a fired follow-up reminder does). Idempotent:
    returns the existing draft; None once answered or at the follow-up cap."""
    now = now or timezone.now()
    pitch = (
        Pitch.objects.select_for_update(of=("self",))
        .select_related("influencer", "author")
        .get(pk=pitch.pk)
    )
    if pitch.status != PitchStatus.SENT or pitch.author is None:
        return None
    existing = pitch.follow_ups.exclude(status=PitchStatus.CANCELLED).order_by("created_at")
    draft = existing.filter(status=PitchStatus.DRAFT).first()
    if draft is not None:
        return draft
    if follow_ups_capped(pitch=pitch):
        return None
    draft = follow_up_draft_create(pitch=pitch, author=pitch.author, now=now)
    if not notify:
        return draft
    notification_send(
        workspace=pitch.workspace,
        user=pitch.author,
        kind=NotificationKind.FOLLOW_UP_READY,
        title=f"Time for a polite follow-up with {pitch.influencer.name}?",
        body=(
            f"{pitch.influencer.name} has not answered “{pitch.subject or 'your pitch'}” "
            f"sent on {pitch.sent_at:%-d %b}. A follow-up draft is ready for you to write "
            f"and send (one polite follow-up is the limit)."
        ),
        url=f"/w/{pitch.workspace.slug}/outreach/{draft.public_id}/edit/",
        dedupe_key=f"follow_up_ready:{draft.pk}",
        email=True,
        now=now,
    )
    return draft


@transaction.atomic
def follow_up_start(*, pitch: Pitch, actor: User, now: datetime | None = None) -> Pitch:
    """The one polite follow-up, started by hand: the open follow-up draft of this pitch, or a
    new one threaded to it. It is sent through the guard like any pitch."""
    now = now or timezone.now()
    pitch = (
        Pitch.objects.select_for_update(of=("self",)).select_related("influencer").get(pk=pitch.pk)
    )
    if pitch.status != PitchStatus.SENT:
        raise RuleError("Only a sent pitch that still waits for an answer is followed up.")
    if pitch.follow_up_of_id:
        raise RuleError("Follow up the original pitch, not its follow-up.")
    if pitch.delivery_failed_at is not None:
        # A follow-up threads to the same address, so it would bounce too.
        raise RuleError(
            "This email never arrived, so a follow-up would not either: write to another "
            "address instead."
        )
    draft = pitch.follow_ups.filter(status=PitchStatus.DRAFT).order_by("created_at").first()
    if draft is not None:
        return draft
    if follow_ups_capped(pitch=pitch):
        raise RuleError(
            f"{pitch.influencer.name} was already followed up; one polite follow-up is the "
            "limit. Wait for their answer."
        )
    return follow_up_draft_create(pitch=pitch, author=actor, now=now)


def follow_up_due_at(*, pitch: Pitch) -> datetime | None:
    """When a follow-up of this sent pitch becomes appropriate (the reminders planner reads it).
    None when the email never arrived."""
    if pitch.sent_at is None or pitch.delivery_failed_at is not None:
        return None
    policy = contact_policy_effective(influencer=pitch.influencer)
    return follow_up_due_from(
        pitch=pitch,
        delay_days=policy.follow_up_delay_days,
        away=latest_auto_reply(pitch=pitch),
    )


def follow_up_due_from(
    *, pitch: Pitch, delay_days: int, away: InboundMessage | None
) -> datetime | None:
    """follow_up_due_at from what was read about the pitch: its follow-up delay and the newest
    auto-reply to its thread. Held while an auto-reply says they are away: the delay then counts
    from their return (or from the auto-reply when it names no date)."""
    if pitch.sent_at is None or pitch.delivery_failed_at is not None:
        return None
    delay = timedelta(days=delay_days)
    due = pitch.sent_at + delay
    if away is not None:
        back = away.received_at
        if away.away_until:
            zone = ZoneInfo(pitch.influencer.time_zone)
            back = max(back, datetime.combine(away.away_until, time(9, 0), tzinfo=zone))
        due = max(due, back + delay)
    return due
