"""Planners: they create reminders under a unique dedupe key, so planning twice creates nothing
twice. Do-not-contact and erasure are checked here and again when a reminder fires."""

import uuid
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Count, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone

from contacts import facts
from contacts.imports.columns import rows_insert
from contacts.models import Commitment, CommitmentKind, Influencer
from irm.errors import RuleError
from irm.models import Membership, Role, User, Workspace
from outreach import selectors
from outreach.models import (
    OPEN_STATUSES,
    InboundKind,
    InboundMessage,
    Pitch,
    PitchStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from outreach.services import follow_up_due_from
from outreach.services.reminder_checks import CONTACT_KINDS


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


# What the rules read about a person (_may_remind, _past_do_not_disturb, their effective policy,
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
    due_at = _past_do_not_disturb(pitch.influencer, due_at)
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


# Pitches (and owed replies) planned together in the hourly sweep, in one transaction.
SWEEP_BATCH = 1000


def follow_up_plan_everyone(*, now: datetime) -> int:
    """follow_up_plan for every sent pitch that has no follow-up reminder yet, a batch at a
    time: each batch reads its pitches with their influencer and override policy in one
    query, the follow-ups the guard admitted and the newest auto-replies in one query each,
    then plans them all in bulk (_reminders_plan_many). Returns how many were planned."""
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
    while batch := list(waiting.filter(pk__gt=after_id).order_by("pk")[:SWEEP_BATCH]):
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
        if not _awaits_follow_up(pitch) or not _may_remind(influencer, ReminderKind.FOLLOW_UP_DUE):
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
            _plan_add(plans, fields, pitch.workspace_id, pitch.author_id, influencer.pk)
    _reminders_plan_many(plans, now=now)
    return len(plans)


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
    plans = {}
    for person in people:
        fields = _keep_in_touch_fields(person, person.keep_in_touch_days_effective)
        _plan_add(plans, fields, person.workspace_id, person.owner_id, person.pk)
    _keep_in_touch_cancel_others(
        Q(influencer__in_array=[person.pk for person in people]), keep=list(plans), now=now
    )
    _reminders_plan_many(plans, now=now)
    return len(plans)


def _plan_add(plans: dict, fields: dict, workspace_id, assignee_id, influencer_id) -> None:
    """One reminder for _reminders_plan_many, under its dedupe key (cut as the column is)."""
    links = {
        "workspace_id": workspace_id,
        "assignee_id": assignee_id,
        "influencer_id": influencer_id,
    }
    plans[fields.pop("dedupe_key")[:200]] = (links, fields)


def _reminders_plan_many(plans: dict[str, tuple[dict, dict]], *, now: datetime) -> None:
    """reminder_plan for many at once, in three statements whatever their number: `plans` maps
    each dedupe key to the reminder's links (`workspace_id`, `assignee_id`, `influencer_id`) and
    reminder_plan's other fields, for people the caller checked may be reminded (_may_remind).
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
    in bulk (_reminders_plan_many). Returns how many were planned."""
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
    while batch := list(owed.filter(pk__gt=after_id).order_by("pk")[:SWEEP_BATCH]):
        planned += _owe_reply_plan_batch(batch, now=now)
        after_id = batch[-1].pk
    return planned


@transaction.atomic
def _owe_reply_plan_batch(commitments: list[Commitment], *, now: datetime) -> int:
    plans = {}
    for commitment in commitments:
        influencer = commitment.influencer
        fields = _owe_reply_fields(commitment)
        if fields is not None and _may_remind(influencer, ReminderKind.OWE_REPLY):
            _plan_add(plans, fields, influencer.workspace_id, influencer.owner_id, influencer.pk)
    _reminders_plan_many(plans, now=now)
    return len(plans)


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


# --- the hourly planning sweep --------------------------------------------------------------------


def reminders_plan_sweep(*, now: datetime | None = None) -> dict[str, int]:
    """Hourly: cancel what do-not-contact or erasure forbids, then plan what is missing, a batch
    at a time (each planner is idempotent, so a row planned on an event is not planned
    twice)."""
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
    return {
        "cancelled": cancelled,
        "follow_up_due": follow_up_plan_everyone(now=now),
        "keep_in_touch": keep_in_touch_plan_everyone(now=now),
        "owe_reply": owe_reply_plan_everyone(now=now),
    }
