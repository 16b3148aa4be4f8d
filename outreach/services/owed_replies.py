"""Owed-reply reminders: a reply we owe (contacts' commitment) that is past due reminds the
influencer's owner; the hourly sweep plans the missing ones in batches. Built on
outreach/services/reminder_plans.py."""

from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

from contacts.models import Commitment, CommitmentKind
from outreach.models import Reminder, ReminderKind
from outreach.services import reminder_plans
from outreach.services.reminder_plans import (
    INFLUENCER_READS,
    may_remind,
    plan_add,
    reminder_plan,
    reminders_plan_many,
)


def owe_reply_plan(*, commitment: Commitment, now: datetime | None = None) -> Reminder | None:
    """A reply we owe that is past due: their owner hears about it (at once by email, if they
    asked for that)."""
    influencer = commitment.influencer
    fields = _owe_reply_fields(commitment)
    if fields is None:
        return None
    return reminder_plan(
        workspace=influencer.workspace,
        assignee=influencer.owner,
        influencer=influencer,
        now=now,
        **fields,
    )


def _owe_reply_fields(commitment: Commitment) -> dict | None:
    """The reminder of a reply we owe (reminder_plan's fields); None once it is fulfilled or
    when nobody owns them."""
    influencer = commitment.influencer
    if commitment.fulfilled_at is not None or influencer.owner_id is None:
        return None
    return {
        "kind": ReminderKind.OWE_REPLY,
        "due_at": commitment.due_at,
        "dedupe_key": f"owe_reply:{commitment.pk}",
        "title": f"{influencer.name} is waiting for our reply",
        "reason": commitment.description,
        "suggestion": "Answer, even briefly: say when they will hear more.",
        "source": commitment,
    }


def owe_reply_plan_everyone(*, now: datetime) -> int:
    """owe_reply_plan for every reply we owe that fell due and has no reminder yet, a batch at
    a time: each batch reads its commitments with their influencer in one query and plans them
    in bulk (reminders_plan_many). Returns how many were planned."""
    planned_for = Reminder.objects.filter(
        kind=ReminderKind.OWE_REPLY,
        source_type=ContentType.objects.get_for_model(Commitment),
        source_id=Cast(OuterRef("pk"), CharField()),
    )
    owed = (
        Commitment.objects.filter(
            kind=CommitmentKind.REPLY,
            fulfilled_at__isnull=True,
            due_at__lte=now,
            influencer__owner__isnull=False,
        )
        .exclude(Exists(planned_for))
        .select_related("influencer")
        .only(
            "due_at",
            "description",
            "fulfilled_at",
            *(f"influencer__{name}" for name in ("workspace_id", *INFLUENCER_READS)),
        )
    )
    planned, after_id = 0, 0
    while batch := list(owed.filter(pk__gt=after_id).order_by("pk")[: reminder_plans.SWEEP_BATCH]):
        planned += _owe_reply_plan_batch(batch, now=now)
        after_id = batch[-1].pk
    return planned


@transaction.atomic
def _owe_reply_plan_batch(commitments: list[Commitment], *, now: datetime) -> int:
    plans = {}
    for commitment in commitments:
        influencer = commitment.influencer
        fields = _owe_reply_fields(commitment)
        if fields is not None and may_remind(influencer, ReminderKind.OWE_REPLY):
            plan_add(plans, fields, influencer.workspace_id, influencer.owner_id, influencer.pk)
    reminders_plan_many(plans, now=now)
    return len(plans)
