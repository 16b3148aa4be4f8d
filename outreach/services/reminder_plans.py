"""Reminder planning, the core every planner builds on: a reminder is created under a unique
dedupe key, so planning twice creates nothing twice; do-not-contact and erasure are checked here
and again when it fires (outreach/services/reminder_checks.py). Also the planners of one
reminder asked for by a person or another app: "remind me when allowed" (cooldowns), campaigns'
deliverable/payment/contract reminders, and custom reminders.

The planners of each kind live beside it: outreach/services/follow_ups.py,
outreach/services/keep_in_touch.py, outreach/services/owed_replies.py; the hourly sweep that runs
them all is in outreach/services/reminder_sweep.py."""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from contacts.imports.columns import rows_insert
from contacts.models import Influencer
from irm.errors import RuleError
from irm.models import Membership, Role, User, Workspace
from outreach.models import (
    OPEN_STATUSES,
    Pitch,
    Reminder,
    ReminderKind,
    ReminderStatus,
)

# Reminders that would lead to contacting the person: do-not-contact cancels them.
CONTACT_KINDS = frozenset(
    {ReminderKind.FOLLOW_UP_DUE, ReminderKind.KEEP_IN_TOUCH, ReminderKind.COOLDOWN_OVER}
)
# Pitches and owed replies planned together in the hourly sweep, in one transaction
# (outreach/services/follow_ups.py, outreach/services/owed_replies.py).
SWEEP_BATCH = 1000


def reminder_plan(
    *,
    workspace: Workspace,
    assignee: User,
    kind: str,
    due_at: datetime,
    dedupe_key: str,
    title: str,
    reason: str = "",
    suggestion: str = "",
    influencer: Influencer | None = None,
    pitch: Pitch | None = None,
    source=None,
    created_by: User | None = None,
    planned_from: datetime | None = None,
    held: bool = False,
    now: datetime | None = None,
) -> Reminder | None:
    """The reminder for this key: made once; a still-waiting one follows a changed due time
    (`held`: moved later because they are away). None when it must not exist (do-not-contact or
    erased, for reminders that lead to contact)."""
    now = now or timezone.now()
    if influencer is not None and not may_remind(influencer, kind):
        return None
    reminder, created = Reminder.objects.get_or_create(
        dedupe_key=dedupe_key[:200],
        defaults=_new_reminder_values(
            {"workspace": workspace, "assignee": assignee, "influencer": influencer},
            kind=kind,
            due_at=due_at,
            held=held,
            title=title,
            reason=reason,
            suggestion=suggestion,
            pitch=pitch,
            source=source,
            created_by=created_by,
            planned_from=planned_from,
            now=now,
        ),
    )
    if not created and _replan(reminder, due_at=due_at, held=held, reason=reason, now=now):
        reminder.save(update_fields=REPLANNED_FIELDS)
    return reminder


def _new_reminder_values(
    links: dict,
    *,
    kind: str,
    due_at: datetime,
    held: bool,
    title: str,
    reason: str,
    suggestion: str,
    now: datetime,
    pitch: Pitch | None = None,
    source=None,
    created_by: User | None = None,
    planned_from: datetime | None = None,
) -> dict:
    """The fields of a reminder planned for the first time; `links` are its workspace, assignee
    and influencer (as objects, or as `..._id` when planning many at once)."""
    return {
        **links,
        "kind": kind,
        "due_at": due_at,
        "status": ReminderStatus.HELD if held else ReminderStatus.PENDING,
        "title": title[:200],
        "reason": reason[:300],
        "suggestion": suggestion[:300],
        "pitch": pitch,
        "source_type": ContentType.objects.get_for_model(source) if source else None,
        "source_id": str(source.pk) if source else "",
        "created_by": created_by,
        "planned_from": planned_from,
        "created_at": now,
        "updated_at": now,
    }


REPLANNED_FIELDS = ["due_at", "status", "reason", "closed_at", "closed_reason", "updated_at"]


def _replan(
    reminder: Reminder, *, due_at: datetime, held: bool, reason: str, now: datetime
) -> bool:
    """Planned again: a still-waiting reminder follows a changed due time, and one cancelled
    before (do-not-contact cleared, say) applies again. True when it changed (REPLANNED_FIELDS
    are to be saved)."""
    status = ReminderStatus.HELD if held else ReminderStatus.PENDING
    planned = (ReminderStatus.PENDING, ReminderStatus.HELD, ReminderStatus.CANCELLED)
    reason = reason[:300]
    unchanged = (reminder.due_at, reminder.status, reminder.reason) == (due_at, status, reason)
    if reminder.status not in planned or unchanged:
        return False
    # Moved: its "why now" says why it comes then (they are away, say).
    reminder.due_at = due_at
    reminder.status = status
    reminder.reason = reason
    reminder.closed_at, reminder.closed_reason = None, ""
    reminder.updated_at = now
    return True


# What the rules read about a person (may_remind, past_do_not_disturb, their effective policy,
# the reminder's words): the sweep's batches read only these.
INFLUENCER_READS = (
    "owner_id",
    "name",
    "stage",
    "keep_in_touch_days",
    "time_zone",
    "do_not_disturb_until",
    "do_not_contact",
    "erased_at",
    "archived_at",
)


def may_remind(influencer: Influencer, kind: str) -> bool:
    if influencer.erased_at is not None or influencer.archived_at is not None:
        return False
    return not (influencer.do_not_contact and kind in CONTACT_KINDS)


def influencer_zone(influencer: Influencer) -> ZoneInfo:
    return ZoneInfo(influencer.time_zone or "UTC")


def past_do_not_disturb(influencer: Influencer, due_at: datetime) -> datetime:
    """Nobody is reminded to write to someone who said they are away: the reminder waits for
    their first morning back."""
    if influencer.do_not_disturb_until is None:
        return due_at
    back = datetime.combine(
        influencer.do_not_disturb_until, time(9, 0), tzinfo=influencer_zone(influencer)
    )
    return max(due_at, back)


def plan_add(plans: dict, fields: dict, workspace_id, assignee_id, influencer_id) -> None:
    """One reminder for reminders_plan_many, under its dedupe key (cut as the column is)."""
    links = {
        "workspace_id": workspace_id,
        "assignee_id": assignee_id,
        "influencer_id": influencer_id,
    }
    plans[fields.pop("dedupe_key")[:200]] = (links, fields)


def reminders_plan_many(plans: dict[str, tuple[dict, dict]], *, now: datetime) -> None:
    """reminder_plan for many at once, in three statements whatever their number: `plans` maps
    each dedupe key to the reminder's links (`workspace_id`, `assignee_id`, `influencer_id`) and
    reminder_plan's other fields, for people the caller checked may be reminded (may_remind).
    Known keys are planned again (_replan: a cancelled one reopens), the others inserted."""
    if not plans:
        return
    known = list(Reminder.objects.select_for_update().filter(dedupe_key__in_array=list(plans)))
    replanned = [
        reminder
        for reminder in known
        if _replan(reminder, **_replan_values(plans[reminder.dedupe_key][1]), now=now)
    ]
    Reminder.objects.bulk_update(replanned, REPLANNED_FIELDS)
    found = {reminder.dedupe_key for reminder in known}
    new = [
        _by_column({"dedupe_key": key, **_new_reminder_values(links, now=now, **_filled(fields))})
        for key, (links, fields) in plans.items()
        if key not in found
    ]
    # As one array per column, a value they share sent once (bulk_create spent more time
    # preparing each value than the database took to insert them).
    columns, common = _varying_and_shared(new)
    rows_insert(
        Reminder,
        rows=len(new),
        columns=columns,
        common=common,
        # Planned meanwhile by an event (the pitch sent, the conversation that moved it): the
        # same key, so the same reminder.
        on_conflict="ON CONFLICT (dedupe_key) DO NOTHING",
    )


def _varying_and_shared(rows: list[dict]) -> tuple[dict[str, list], dict]:
    """The rows' values by column: ({column: its values}, {column: the value all rows share}).
    A single row's all travel as arrays (rows_insert unnests at least one); of several, the
    unique key always varies."""
    varying, shared = {}, {}
    for name in rows[0] if rows else ():
        values = [row[name] for row in rows]
        if len(rows) > 1 and all(value == values[0] for value in values):
            shared[name] = values[0]
        else:
            varying[name] = values
    return varying, shared


def _by_column(values: dict) -> dict:
    """A reminder's values by column (attname): a linked object given as itself becomes its
    id."""
    by_column = {}
    for name, value in values.items():
        field = Reminder._meta.get_field(name)
        if field.is_relation and field.attname != name:
            by_column[field.attname] = None if value is None else value.pk
        else:
            by_column[name] = value
    return by_column


def _filled(fields: dict) -> dict:
    """reminder_plan's defaults under the fields a planner gave."""
    return {"held": False, "reason": "", "suggestion": "", **fields}


def _replan_values(fields: dict) -> dict:
    return {name: _filled(fields)[name] for name in ("due_at", "held", "reason")}


# --- cooldowns, campaigns' sources, custom ----------------------------------------------------


def cooldown_over_plan(
    *, influencer: Influencer, user: User, allowed_at: datetime, now: datetime | None = None
) -> Reminder | None:
    """ "Remind me when allowed": someone blocked by a cooldown hears when they may write."""
    due_at = past_do_not_disturb(influencer, allowed_at)
    return reminder_plan(
        workspace=influencer.workspace,
        assignee=user,
        kind=ReminderKind.COOLDOWN_OVER,
        due_at=due_at,
        held=due_at > allowed_at,
        dedupe_key=f"cooldown_over:{influencer.pk}:{user.pk}:{allowed_at.date().isoformat()}",
        title=f"You may write to {influencer.name} again",
        reason="The contact rules asked you to wait until now.",
        suggestion="Write something personal; the guard checks it again when you send.",
        influencer=influencer,
        created_by=user,
        now=now,
    )


@transaction.atomic
def remind_when_allowed(
    *,
    influencer: Influencer,
    user: User,
    allowed_at: datetime,
    follow_up_of: Pitch | None = None,
    now: datetime | None = None,
) -> Reminder | None:
    """ "Remind me when allowed" from the composer. For a follow-up draft, the pitch's own
    follow-up reminder already comes at that moment: it is the one reminder (moved later if the
    rules allow the follow-up later still), never a second one beside it."""
    now = now or timezone.now()
    if follow_up_of is not None:
        planned = (
            Reminder.objects.select_for_update()
            .filter(pitch=follow_up_of, kind=ReminderKind.FOLLOW_UP_DUE, status__in=OPEN_STATUSES)
            .first()
        )
        if planned is not None:
            if planned.due_at < allowed_at:
                planned.due_at = allowed_at
                planned.updated_at = now
                planned.save(update_fields=["due_at", "updated_at"])
            return planned
    return cooldown_over_plan(influencer=influencer, user=user, allowed_at=allowed_at, now=now)


def source_reminder_plan(
    *,
    kind: str,
    source,
    assignee: User,
    influencer: Influencer,
    due_at: datetime,
    title: str,
    reason: str = "",
    suggestion: str = "",
    now: datetime | None = None,
) -> Reminder | None:
    """For campaigns: a deliverable due, a payment due, a contract not signed. One reminder per
    source and due date."""
    if kind not in (
        ReminderKind.DELIVERABLE_DUE,
        ReminderKind.PAYMENT_DUE,
        ReminderKind.CONTRACT_UNSIGNED,
    ):
        raise ValueError(f"not a campaign reminder: {kind}")
    label = ContentType.objects.get_for_model(source).model
    return reminder_plan(
        workspace=influencer.workspace,
        assignee=assignee,
        kind=kind,
        due_at=due_at,
        dedupe_key=f"{kind}:{label}:{source.pk}:{due_at.date().isoformat()}",
        title=title,
        reason=reason,
        suggestion=suggestion,
        influencer=influencer,
        source=source,
        now=now,
    )


def source_reminders_cancel(*, source, reason: str, now: datetime | None = None) -> int:
    """The payment was paid, the contract signed: its reminders no longer apply."""
    now = now or timezone.now()
    return Reminder.objects.filter(
        source_type=ContentType.objects.get_for_model(source),
        source_id=str(source.pk),
        status__in=OPEN_STATUSES,
    ).update(
        status=ReminderStatus.CANCELLED, closed_at=now, closed_reason=reason[:200], updated_at=now
    )


@transaction.atomic
def custom_reminder_create(
    *,
    workspace: Workspace,
    actor: User,
    title: str,
    due_at: datetime,
    assignee: User | None = None,
    influencer: Influencer | None = None,
    note: str = "",
    now: datetime | None = None,
) -> Reminder:
    now = now or timezone.now()
    if not title.strip():
        raise RuleError("Say what to remember in a few words.", field="title")
    if due_at < now - timedelta(minutes=1):
        raise RuleError("This moment has passed: a reminder is due now or later.", field="due_at")
    if influencer is not None and influencer.workspace_id != workspace.pk:
        raise RuleError("Choose an influencer of this workspace.", field="influencer")
    assignee = assignee or actor
    if not Membership.objects.filter(
        workspace=workspace, user=assignee, role__in=[Role.MEMBER, Role.MANAGER, Role.ADMIN]
    ).exists():
        raise RuleError("Choose a member of this workspace who may act.", field="assignee")
    reminder = reminder_plan(
        workspace=workspace,
        assignee=assignee,
        kind=ReminderKind.CUSTOM,
        due_at=due_at,
        dedupe_key=f"custom:{uuid.uuid4()}",
        title=title.strip(),
        reason=note.strip(),
        influencer=influencer,
        created_by=actor,
        now=now,
    )
    if reminder is None:
        raise RuleError("Their data was erased: no reminder about them can be kept.")
    return reminder
