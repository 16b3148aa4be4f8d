"""Follow-up reminders (outreach.services.follow_up_reminders): when a pitch is sent its
author is reminded at sent + the follow-up delay, while the follow-up cap allows one; the
hourly sweep plans the missing ones in batches. Built on outreach/services/reminder_plans.py."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Count

from contacts import facts
from contacts.models import Influencer
from outreach import selectors
from outreach.models import (
    InboundKind,
    InboundMessage,
    Pitch,
    PitchStatus,
    Reminder,
    ReminderKind,
)
from outreach.services import reminder_plans
from outreach.services.follow_ups import follow_up_due_from
from outreach.services.reminder_plans import (
    INFLUENCER_READS,
    may_remind,
    past_do_not_disturb,
    plan_add,
    reminder_plan,
    reminders_plan_many,
)


def follow_up_plan(*, pitch: Pitch, now: datetime | None = None) -> Reminder | None:
    """When a pitch is sent: remind its author at sent + the follow-up delay, while the
    follow-up cap allows one. At that moment the sweep prepares the draft (never sends it)."""
    if not _awaits_follow_up(pitch):
        return None
    fields = _follow_up_fields(
        pitch,
        policy=facts.contact_policy_effective(influencer=pitch.influencer),
        admitted=pitch.follow_ups.filter(admitted_at__isnull=False).count(),
        away=selectors.latest_auto_reply(pitch=pitch),
    )
    if fields is None:
        return None
    return reminder_plan(
        workspace=pitch.workspace,
        assignee=pitch.author,
        influencer=pitch.influencer,
        now=now,
        **fields,
    )


def _awaits_follow_up(pitch: Pitch) -> bool:
    """A sent first pitch with an author (a follow-up is never followed up itself)."""
    return (
        pitch.status == PitchStatus.SENT
        and pitch.follow_up_of_id is None
        and pitch.author_id is not None
    )


def _follow_up_fields(
    pitch: Pitch, *, policy: facts.EffectivePolicy, admitted: int, away: InboundMessage | None
) -> dict | None:
    """The follow-up reminder of this sent pitch (reminder_plan's fields), from what was read
    about it: their effective policy, how many follow-ups of it the guard admitted, the newest
    auto-reply to it. None when the cap is reached or the email never arrived."""
    if admitted >= policy.max_follow_ups:
        return None
    delay_days = policy.follow_up_delay_days
    due_at = follow_up_due_from(pitch=pitch, delay_days=delay_days, away=away)
    if due_at is None:
        return None
    due_at = past_do_not_disturb(pitch.influencer, due_at)
    usual = pitch.sent_at + timedelta(days=delay_days)
    reason = f"No answer to “{pitch.subject or 'your pitch'}” since {pitch.sent_at:%-d %b}."
    if due_at > usual:
        reason += " " + _away_reason(pitch.influencer, delay_days, away)
    return {
        "kind": ReminderKind.FOLLOW_UP_DUE,
        "due_at": due_at,
        "held": due_at > usual,
        "dedupe_key": f"follow_up_due:{pitch.pk}",
        "title": f"Follow up with {pitch.influencer.name}?",
        "reason": reason,
        "suggestion": "A short, friendly note; one polite follow-up is the limit.",
        "pitch": pitch,
    }


def _away_reason(influencer: Influencer, delay_days: int, away: InboundMessage | None) -> str:
    """Why a follow-up comes later than usual: they said they are away."""
    back = influencer.do_not_disturb_until
    if away is not None and away.away_until and (back is None or away.away_until > back):
        return (
            f"Held: their auto-reply says they are away until {away.away_until:%-d %b %Y}, "
            f"so it comes {delay_days} days after they are back."
        )
    if back is not None:
        return f"Held: {influencer.name} is away until {back:%-d %b %Y}."
    return (
        "Held: their auto-reply says they are away (no return date), so it comes "
        f"{delay_days} days after it."
    )


def follow_up_plan_everyone(*, now: datetime) -> int:
    """follow_up_plan for every sent pitch that has no follow-up reminder yet, a batch at a
    time: each batch reads its pitches with their influencer and override policy in one
    query, the follow-ups the guard admitted and the newest auto-replies in one query each,
    then plans them all in bulk (reminders_plan_many). Returns how many were planned."""
    waiting = (
        Pitch.objects.filter(
            status=PitchStatus.SENT,
            follow_up_of__isnull=True,
            author__isnull=False,
            delivery_failed_at__isnull=True,
        )
        .exclude(reminders__kind=ReminderKind.FOLLOW_UP_DUE)
        .select_related("influencer__contact_policy")
        .only(*FOLLOW_UP_READS)
    )
    defaults = _WorkspaceDefaults()
    planned, after_id = 0, 0
    while batch := list(
        waiting.filter(pk__gt=after_id).order_by("pk")[: reminder_plans.SWEEP_BATCH]
    ):
        planned += _follow_up_plan_batch(batch, defaults=defaults, now=now)
        after_id = batch[-1].pk
    return planned


# What planning a pitch's follow-up reads about it and its influencer (their override policy
# comes whole).
FOLLOW_UP_READS = (
    "workspace_id",
    "author_id",
    "status",
    "follow_up_of_id",
    "subject",
    "sent_at",
    "delivery_failed_at",
    *(f"influencer__{name}" for name in ("workspace_id", *INFLUENCER_READS)),
    "influencer__contact_policy",
)


class _WorkspaceDefaults(dict):
    """Each workspace's default policy row, read once per sweep."""

    def __missing__(self, workspace_id: int):
        self[workspace_id] = facts.contact_policy_default(workspace_id=workspace_id)
        return self[workspace_id]


@transaction.atomic
def _follow_up_plan_batch(
    pitches: list[Pitch], *, defaults: _WorkspaceDefaults, now: datetime
) -> int:
    ids = [pitch.pk for pitch in pitches]
    admitted = dict(
        Pitch.objects.filter(follow_up_of__in_array=ids, admitted_at__isnull=False)
        .order_by()
        .values("follow_up_of")
        .annotate(count=Count("pk"))
        .values_list("follow_up_of", "count")
    )
    # selectors.latest_auto_reply for each (their thread is the pitch alone: none is a
    # follow-up).
    away = {
        message.pitch_id: message
        for message in InboundMessage.objects.filter(
            pitch__in_array=ids, kind=InboundKind.AUTO_REPLY
        )
        .order_by("pitch_id", "-received_at", "-pk")
        .distinct("pitch_id")
        .only("pitch_id", "received_at", "away_until")
    }
    plans = {}
    for pitch in pitches:
        influencer = pitch.influencer
        if not _awaits_follow_up(pitch) or not may_remind(influencer, ReminderKind.FOLLOW_UP_DUE):
            continue
        policy = facts.contact_policy_merged(
            influencer=influencer,
            default=defaults[influencer.workspace_id],
            override=getattr(influencer, "contact_policy", None),
        )
        fields = _follow_up_fields(
            pitch, policy=policy, admitted=admitted.get(pitch.pk, 0), away=away.get(pitch.pk)
        )
        if fields is not None:
            plan_add(plans, fields, pitch.workspace_id, pitch.author_id, influencer.pk)
    reminders_plan_many(plans, now=now)
    return len(plans)
