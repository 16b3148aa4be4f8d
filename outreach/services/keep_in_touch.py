"""Keep-in-touch reminders: an influencer's owner is reminded when the last two-way contact is
older than the cadence for their stage (or their own); planned again the moment that contact
moves, and by the hourly sweep in batches. Built on outreach/services/reminder_plans.py."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from contacts import facts
from contacts.models import Influencer
from outreach.models import OPEN_STATUSES, Reminder, ReminderKind, ReminderStatus
from outreach.services.reminder_plans import (
    influencer_zone,
    past_do_not_disturb,
    plan_add,
    reminder_plan,
    reminders_plan_many,
)


def keep_in_touch_plan(*, influencer: Influencer, now: datetime | None = None) -> Reminder | None:
    """Their owner is reminded when the last two-way contact is older than the cadence for
    their stage (or their own). Dated from when things happened, not when they were logged;
    a newer contact replaces the pending reminder. It suggests bringing value, not a pitch.
    Also planned the moment their last two-way contact moves (keep_in_touch_follow), so its
    due date and "why now" never lag behind their profile."""
    now = now or timezone.now()
    key = _keep_in_touch_key(influencer)
    _keep_in_touch_cancel_others(Q(influencer=influencer), keep=[key], now=now)
    if influencer.last_two_way_at is None or influencer.owner_id is None:
        return None
    cadence = facts.contact_policy_effective(influencer=influencer).keep_in_touch_days
    return reminder_plan(
        workspace=influencer.workspace,
        assignee=influencer.owner,
        influencer=influencer,
        now=now,
        **_keep_in_touch_fields(influencer, cadence),
    )


def _keep_in_touch_key(influencer: Influencer) -> str:
    """One reminder per conversation it counts from."""
    anchor = influencer.last_two_way_at
    return f"keep_in_touch:{influencer.pk}:{anchor.isoformat()}" if anchor else ""


def _keep_in_touch_cancel_others(people: Q, *, keep: list[str], now: datetime) -> int:
    """Their open keep-in-touch reminders counted from an older conversation give way."""
    return (
        Reminder.objects.filter(people, kind=ReminderKind.KEEP_IN_TOUCH, status__in=OPEN_STATUSES)
        .exclude(dedupe_key__in_array=keep)
        .update(
            status=ReminderStatus.CANCELLED,
            closed_at=now,
            closed_reason="A newer conversation moved it.",
            updated_at=now,
        )
    )


def _keep_in_touch_fields(influencer: Influencer, cadence: int) -> dict:
    """When their keep-in-touch reminder comes and what it says, `cadence` days after their
    last two-way contact (after their leave, if they are away then)."""
    anchor = influencer.last_two_way_at
    local_day = anchor.astimezone(influencer_zone(influencer)).date()
    usual = anchor + timedelta(days=cadence)
    due_at = past_do_not_disturb(influencer, usual)
    return {
        "kind": ReminderKind.KEEP_IN_TOUCH,
        "due_at": due_at,
        "held": due_at > usual,
        "planned_from": anchor,
        "dedupe_key": _keep_in_touch_key(influencer),
        "title": f"Keep in touch with {influencer.name}",
        "reason": f"Your last conversation was on {local_day:%-d %b %Y}; the rhythm for them "
        f"is every {cadence} days.",
        "suggestion": "Bring something of value: share their latest work, an introduction, "
        "news they would care about. Not a pitch.",
    }


# Influencers planned together in the hourly sweep: one transaction and a few statements each.
KEEP_IN_TOUCH_BATCH = 1000


def keep_in_touch_plan_everyone(*, now: datetime) -> int:
    """keep_in_touch_plan for everyone whose reminder for their last conversation is missing
    (or was cancelled), a batch at a time: each batch reads its people with their cadence
    (facts.with_effective_policy, the rule contact_policy_effective applies to one person),
    cancels their older reminders, inserts the new ones and reopens the cancelled ones in four
    statements, whatever its size. Returns how many were planned."""
    people = Influencer.objects.filter(
        owner__isnull=False,
        last_two_way_at__isnull=False,
        do_not_contact=False,
        erased_at__isnull=True,
        archived_at__isnull=True,
    ).exclude(
        Exists(
            Reminder.objects.filter(
                influencer=OuterRef("pk"),
                kind=ReminderKind.KEEP_IN_TOUCH,
                planned_from=OuterRef("last_two_way_at"),
            ).exclude(status=ReminderStatus.CANCELLED)
        )
    )
    planned = 0
    workspace_ids = people.order_by().values_list("workspace_id", flat=True).distinct()
    for workspace_id in sorted(workspace_ids):
        policy = facts.workspace_policy_get(workspace_id=workspace_id)
        mine = facts.with_effective_policy(
            people.filter(workspace_id=workspace_id), workspace_policy=policy
        ).only(*KEEP_IN_TOUCH_READS)
        after_id = 0
        while batch := list(mine.filter(pk__gt=after_id).order_by("pk")[:KEEP_IN_TOUCH_BATCH]):
            planned += _keep_in_touch_plan_batch(batch, now=now)
            after_id = batch[-1].pk
    return planned


# What planning someone's keep-in-touch reminder reads about them.
KEEP_IN_TOUCH_READS = (
    "workspace_id",
    "owner_id",
    "name",
    "last_two_way_at",
    "time_zone",
    "do_not_disturb_until",
)


@transaction.atomic
def _keep_in_touch_plan_batch(people: list[Influencer], *, now: datetime) -> int:
    plans = {}
    for person in people:
        fields = _keep_in_touch_fields(person, person.keep_in_touch_days_effective)
        plan_add(plans, fields, person.workspace_id, person.owner_id, person.pk)
    _keep_in_touch_cancel_others(
        Q(influencer__in_array=[person.pk for person in people]), keep=list(plans), now=now
    )
    reminders_plan_many(plans, now=now)
    return len(plans)


def keep_in_touch_follow(*, influencer: Influencer, now: datetime) -> None:
    """Their last two-way contact just moved (contacts calls this, see OutreachConfig.ready):
    re-plan from the row as it now stands, since the caller's copy may predate a
    do-not-contact or a new owner."""
    fresh = Influencer.objects.select_related("workspace", "owner").get(pk=influencer.pk)
    keep_in_touch_plan(influencer=fresh, now=now)
