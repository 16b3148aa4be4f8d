"""Demo reminders for `manage.py demo_data`, after the demo pitches and mail: the planners and
the sweep run as they would have, so the demo has reminders in every state (waiting, held while
someone is away, fired, snoozed, done, dismissed, cancelled) and notifications in the bell."""

from datetime import datetime, timedelta

from django.db import transaction

from contacts.models import Direction, Influencer, InteractionKind
from contacts.services import interaction_record
from irm.models import Role, User, Workspace
from outreach.models import WAITING_STATUSES, Reminder, ReminderKind
from outreach.services.keep_in_touch import keep_in_touch_plan
from outreach.services.reminder_plans import custom_reminder_create
from outreach.services.reminder_sweep import reminder_fire, reminders_plan_sweep
from outreach.services.reminders import reminder_dismiss, reminder_done, reminder_snooze


def create_reminder_demo(
    *, workspace: Workspace, members: dict[str, User], now: datetime, stdout
) -> None:
    # People's own reminders are made here only (the demo's mail may have planned others).
    if Reminder.objects.filter(workspace=workspace, kind=ReminderKind.CUSTOM).exists():
        stdout.write("demo reminders already there")
        return
    reminders_plan_sweep(now=now)
    _fire_due(workspace, now)
    _a_newer_conversation_moves_one(workspace, members, now)
    _custom(workspace, members, now)
    states = sorted(
        set(Reminder.objects.filter(workspace=workspace).values_list("status", flat=True))
    )
    stdout.write(f"demo reminders: {', '.join(states)}")


def _fire_due(workspace: Workspace, now: datetime) -> None:
    """What the sweep would have fired by now, for this workspace only."""
    due = Reminder.objects.filter(
        workspace=workspace, status__in=WAITING_STATUSES, due_at__lte=now
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            reminder = (
                Reminder.objects.select_for_update(of=("self",))
                .select_related("assignee", "influencer", "pitch", "workspace")
                .get(pk=pk)
            )
            reminder_fire(reminder=reminder, now=now)


def _a_newer_conversation_moves_one(workspace, members, now) -> None:
    """Someone's keep-in-touch reminder is cancelled by a call logged since."""
    influencer = (
        Influencer.objects.filter(
            workspace=workspace,
            reminders__kind="keep_in_touch",
            reminders__status__in=WAITING_STATUSES,
            do_not_contact=False,
        )
        .select_related("owner", "workspace")
        .order_by("name")
        .first()
    )
    if influencer is None:
        return
    interaction_record(
        influencer=influencer,
        kind=InteractionKind.CALL,
        direction=Direction.OUTBOUND,
        channel="phone",
        summary="Caught up on the phone about their summer plans",
        author=influencer.owner,
        occurred_at=now - timedelta(hours=3),
        now=now,
    )
    influencer.refresh_from_db()
    keep_in_touch_plan(influencer=influencer, now=now)


def _custom(workspace: Workspace, members: dict[str, User], now: datetime) -> None:
    """A few of people's own reminders: one waiting, one snoozed, one done, one dismissed."""
    member = members.get(Role.MEMBER) or members.get(Role.ADMIN)
    manager = members.get(Role.MANAGER) or member
    person = Influencer.objects.filter(workspace=workspace, do_not_contact=False).first()

    def own(actor: User, title: str, *, due_at: datetime, made_at: datetime, **details):
        return custom_reminder_create(
            workspace=workspace, actor=actor, title=title, due_at=due_at, now=made_at, **details
        )

    own(
        member,
        "Send the spring lookbook once it is printed",
        due_at=now + timedelta(days=3),
        made_at=now - timedelta(days=2),
        influencer=person,
        note="They asked for a paper copy at the launch.",
    )
    snoozed = own(
        member,
        "Ask the studio about the shoot dates",
        due_at=now - timedelta(hours=5),
        made_at=now - timedelta(days=4),
    )
    _fire_due(workspace, now)
    reminder_snooze(reminder=snoozed, actor=member, choice="1w", now=now - timedelta(hours=1))
    done = own(
        manager,
        "Thank-you note after the panel",
        due_at=now - timedelta(days=2),
        made_at=now - timedelta(days=5),
    )
    reminder_done(reminder=done, actor=manager, now=now - timedelta(days=1))
    dismissed = own(
        manager,
        "Check the agency's new rate card",
        due_at=now - timedelta(days=1),
        made_at=now - timedelta(days=6),
    )
    reminder_dismiss(reminder=dismissed, actor=manager, now=now - timedelta(hours=20))
