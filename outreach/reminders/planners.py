"""Planners: they create reminders under a unique dedupe key, so planning twice creates nothing
twice. Do-not-contact and erasure are checked here and again when a reminder fires."""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from contacts import facts
from contacts.models import Commitment, CommitmentKind, Influencer
from irm.models import Membership, Role, User, Workspace
from outreach import selectors
from outreach.models import (
    OPEN_STATUSES,
    Pitch,
    PitchStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from outreach.reminders.checks import CONTACT_KINDS
from outreach.services import OutreachError, follow_up_due_at


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
    if influencer is not None and not _may_remind(influencer, kind):
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


def _may_remind(influencer: Influencer, kind: str) -> bool:
    if influencer.erased_at is not None or influencer.archived_at is not None:
        return False
    return not (influencer.do_not_contact and kind in CONTACT_KINDS)


def _zone(influencer: Influencer) -> ZoneInfo:
    return ZoneInfo(influencer.time_zone or "UTC")


def _past_do_not_disturb(influencer: Influencer, due_at: datetime) -> datetime:
    """Nobody is reminded to write to someone who said they are away: the reminder waits for
    their first morning back."""
    if influencer.do_not_disturb_until is None:
        return due_at
    back = datetime.combine(influencer.do_not_disturb_until, time(9, 0), tzinfo=_zone(influencer))
    return max(due_at, back)


# --- follow-ups -----------------------------------------------------------------------------------


def follow_up_plan(*, pitch: Pitch, now: datetime | None = None) -> Reminder | None:
    """When a pitch is sent: remind its author at sent + the follow-up delay, while the
    follow-up cap allows one. At that moment the sweep prepares the draft (never sends it)."""
    if pitch.status != PitchStatus.SENT or pitch.follow_up_of_id or pitch.author is None:
        return None
    policy = facts.contact_policy_effective(influencer=pitch.influencer)
    admitted = pitch.follow_ups.filter(admitted_at__isnull=False).count()
    if admitted >= policy.max_follow_ups:
        return None
    due_at = follow_up_due_at(pitch=pitch)
    if due_at is None:
        return None
    due_at = _past_do_not_disturb(pitch.influencer, due_at)
    usual = pitch.sent_at + timedelta(days=policy.follow_up_delay_days)
    name = pitch.influencer.name
    reason = f"No answer to “{pitch.subject or 'your pitch'}” since {pitch.sent_at:%-d %b}."
    if due_at > usual:
        reason += " " + _away_reason(pitch, policy.follow_up_delay_days)
    return reminder_plan(
        workspace=pitch.workspace,
        assignee=pitch.author,
        kind=ReminderKind.FOLLOW_UP_DUE,
        due_at=due_at,
        held=due_at > usual,
        dedupe_key=f"follow_up_due:{pitch.pk}",
        title=f"Follow up with {name}?",
        reason=reason,
        suggestion="A short, friendly note; one polite follow-up is the limit.",
        influencer=pitch.influencer,
        pitch=pitch,
        now=now,
    )


def _away_reason(pitch: Pitch, delay_days: int) -> str:
    """Why a follow-up comes later than usual: they said they are away."""
    influencer = pitch.influencer
    away = selectors.latest_auto_reply(pitch=pitch)
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


# --- keep in touch --------------------------------------------------------------------------------


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
        .exclude(dedupe_key__in=keep)
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
    local_day = anchor.astimezone(_zone(influencer)).date()
    usual = anchor + timedelta(days=cadence)
    due_at = _past_do_not_disturb(influencer, usual)
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
    plans = {
        fields["dedupe_key"][:200]: (person, fields)
        for person in people
        for fields in [_keep_in_touch_fields(person, person.keep_in_touch_days_effective)]
    }
    _keep_in_touch_cancel_others(
        Q(influencer__in=[person.pk for person in people]), keep=list(plans), now=now
    )
    # Their reminder for this conversation, cancelled before (do-not-contact since cleared).
    known = list(Reminder.objects.select_for_update().filter(dedupe_key__in=list(plans)))
    replanned = [
        reminder
        for reminder in known
        if _replan(reminder, **_replan_values(plans[reminder.dedupe_key][1]), now=now)
    ]
    Reminder.objects.bulk_update(replanned, REPLANNED_FIELDS)
    found = {reminder.dedupe_key for reminder in known}
    Reminder.objects.bulk_create(
        [
            Reminder(
                dedupe_key=key,
                **_new_reminder_values(
                    {
                        "workspace_id": person.workspace_id,
                        "assignee_id": person.owner_id,
                        "influencer_id": person.pk,
                    },
                    now=now,
                    **{name: value for name, value in fields.items() if name != "dedupe_key"},
                ),
            )
            for key, (person, fields) in plans.items()
            if key not in found
        ],
        # Planned meanwhile by the conversation that moved it (keep_in_touch_follow): the
        # same key for the same conversation, so the same reminder.
        ignore_conflicts=True,
    )
    return len(plans)


def _replan_values(fields: dict) -> dict:
    return {name: fields[name] for name in ("due_at", "held", "reason")}


def keep_in_touch_follow(*, influencer: Influencer, now: datetime) -> None:
    """Their last two-way contact just moved (contacts calls this, see OutreachConfig.ready):
    re-plan from the row as it now stands, since the caller's copy may predate a
    do-not-contact or a new owner."""
    fresh = Influencer.objects.select_related("workspace", "owner").get(pk=influencer.pk)
    keep_in_touch_plan(influencer=fresh, now=now)


# --- cooldowns, replies we owe, custom ------------------------------------------------------------


def cooldown_over_plan(
    *, influencer: Influencer, user: User, allowed_at: datetime, now: datetime | None = None
) -> Reminder | None:
    """ "Remind me when allowed": someone blocked by a cooldown hears when they may write."""
    due_at = _past_do_not_disturb(influencer, allowed_at)
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


def owe_reply_plan(*, commitment: Commitment, now: datetime | None = None) -> Reminder | None:
    """A reply we owe that is past due: their owner hears about it (at once by email, if they
    asked for that)."""
    influencer = commitment.influencer
    if commitment.fulfilled_at is not None or influencer.owner_id is None:
        return None
    return reminder_plan(
        workspace=influencer.workspace,
        assignee=influencer.owner,
        kind=ReminderKind.OWE_REPLY,
        due_at=commitment.due_at,
        dedupe_key=f"owe_reply:{commitment.pk}",
        title=f"{influencer.name} is waiting for our reply",
        reason=commitment.description,
        suggestion="Answer, even briefly: say when they will hear more.",
        influencer=influencer,
        source=commitment,
        now=now,
    )


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
        raise OutreachError("Say what to remember in a few words.", field="title")
    if due_at < now - timedelta(minutes=1):
        raise OutreachError(
            "This moment has passed: a reminder is due now or later.", field="due_at"
        )
    if influencer is not None and influencer.workspace_id != workspace.pk:
        raise OutreachError("Choose an influencer of this workspace.", field="influencer")
    assignee = assignee or actor
    if not Membership.objects.filter(
        workspace=workspace, user=assignee, role__in=[Role.MEMBER, Role.MANAGER, Role.ADMIN]
    ).exists():
        raise OutreachError("Choose a member of this workspace who may act.", field="assignee")
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
        raise OutreachError("Their data was erased: no reminder about them can be kept.")
    return reminder


# --- the hourly planning sweep --------------------------------------------------------------------


def reminders_plan_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Hourly: cancel what do-not-contact or erasure forbids, then plan what is missing (each
    planner is idempotent, so a row planned on an event is not planned twice)."""
    now = now or timezone.now()
    cancelled = (
        Reminder.objects.filter(status__in=OPEN_STATUSES, kind__in=CONTACT_KINDS)
        .filter(Q(influencer__do_not_contact=True) | Q(influencer__erased_at__isnull=False))
        .update(
            status=ReminderStatus.CANCELLED,
            closed_at=now,
            closed_reason="They asked not to be contacted.",
            updated_at=now,
        )
    )
    planned = {"cancelled": cancelled, "follow_up_due": 0, "keep_in_touch": 0, "owe_reply": 0}
    waiting = (
        Pitch.objects.filter(
            status=PitchStatus.SENT,
            follow_up_of__isnull=True,
            author__isnull=False,
            delivery_failed_at__isnull=True,
        )
        .exclude(reminders__kind=ReminderKind.FOLLOW_UP_DUE)
        .select_related("influencer", "workspace", "author")
    )
    for pitch in waiting.iterator(chunk_size=500):
        planned["follow_up_due"] += follow_up_plan(pitch=pitch, now=now) is not None
    planned["keep_in_touch"] = keep_in_touch_plan_everyone(now=now)
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
        .select_related("influencer__workspace", "influencer__owner")
    )
    for commitment in owed.iterator(chunk_size=500):
        planned["owe_reply"] += owe_reply_plan(commitment=commitment, now=now) is not None
    return planned
