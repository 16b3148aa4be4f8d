"""A reminder is checked again when its moment comes: what was true when it was planned may
have changed (they answered, asked not to be contacted, went away)."""

from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

from contacts.models import Commitment
from outreach.models import Pitch, PitchStatus, Reminder, ReminderKind
from outreach.services.follow_ups import follow_up_due_at, follow_up_prepare

# Reminders that would lead to contacting the person: do-not-contact cancels them.
CONTACT_KINDS = frozenset(
    {ReminderKind.FOLLOW_UP_DUE, ReminderKind.KEEP_IN_TOUCH, ReminderKind.COOLDOWN_OVER}
)


# Kinds whose check or firing writes elsewhere (a follow-up draft) and that may be emailed at
# once (by the person's preference): the sweep fires these one by one, each in a savepoint.
ONE_BY_ONE_KINDS = frozenset({ReminderKind.FOLLOW_UP_DUE, ReminderKind.OWE_REPLY})


@dataclass(frozen=True)
class Decision:
    cancel: str = ""  # why it no longer applies
    later: datetime | None = None  # when it applies instead


def still_due(*, reminder: Reminder, now: datetime) -> Decision:
    influencer = reminder.influencer
    if influencer is not None:
        if influencer.erased_at is not None:
            return Decision(cancel="Their data was erased.")
        if influencer.archived_at is not None:
            return Decision(cancel=f"{influencer.name} is archived.")
        if influencer.do_not_contact and reminder.kind in CONTACT_KINDS:
            return Decision(cancel=f"{influencer.name} asked not to be contacted.")
        if influencer.do_not_disturb_until and reminder.kind in CONTACT_KINDS:
            back = datetime.combine(
                influencer.do_not_disturb_until,
                time(9, 0),
                tzinfo=ZoneInfo(influencer.time_zone or "UTC"),
            )
            if back > now:
                return Decision(later=back)
    if reminder.kind == ReminderKind.FOLLOW_UP_DUE:
        return _follow_up(reminder.pitch, now)
    stale = influencer is not None and influencer.last_two_way_at != reminder.planned_from
    if reminder.kind == ReminderKind.KEEP_IN_TOUCH and stale:
        # The hourly planner makes the new one, counted from that conversation.
        return Decision(cancel="A newer conversation moved it.")
    if reminder.kind == ReminderKind.OWE_REPLY:
        commitment = Commitment.objects.filter(pk=reminder.source_id or None).first()
        if commitment is None or commitment.fulfilled_at is not None:
            return Decision(cancel="We answered.")
    return Decision()


def _follow_up(pitch: Pitch | None, now: datetime) -> Decision:
    if pitch is None:
        return Decision(cancel="The pitch is gone.")
    if pitch.status != PitchStatus.SENT:
        return Decision(cancel=f"The pitch is {pitch.get_status_display().lower()}.")
    if pitch.delivery_failed_at is not None:
        return Decision(cancel="The pitch never arrived (its delivery failed).")
    if pitch.follow_ups.filter(admitted_at__isnull=False).exists():
        return Decision(cancel="The follow-up went out already.")
    due = follow_up_due_at(pitch=pitch)
    return Decision(later=due) if due and due > now else Decision()


def before_firing(*, reminder: Reminder, now: datetime) -> None:
    """A follow-up reminder comes with its draft ready (prepared, never sent)."""
    if reminder.kind == ReminderKind.FOLLOW_UP_DUE and reminder.pitch is not None:
        # The reminder's own notification tells its assignee the draft is ready.
        follow_up_prepare(pitch=reminder.pitch, now=now, notify=False)
