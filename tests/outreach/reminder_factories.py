"""People, pitches, conversations and reminders for the reminder tests (planners, the sweep and
the real worker processes), built through the same services the product uses."""

from datetime import datetime

from contacts.models import Channel, Direction, Influencer, InteractionKind, Stage
from contacts.services import channel_permission_set, influencer_create, interaction_record
from irm.models import User, Workspace
from outreach.models import Pitch, Reminder, ReminderKind, ReminderStatus
from outreach.services.drafts import pitch_create
from outreach.services.sending import pitch_send

PITCH_BODY = "Hi {name}, your write-up of the Lavaredo ultra was wonderful; would you test them?"


def person(
    workspace: Workspace,
    *,
    owner: User,
    name: str = "Ben Okafor",
    email: str = "ben@roads.example",
    stage: str = Stage.ENGAGED,
    time_zone: str = "UTC",
    now: datetime | None = None,
    **profile,
) -> Influencer:
    """An influencer with an owner (the person keep-in-touch and owed-reply reminders go to)
    who opened email to us."""
    influencer = influencer_create(
        workspace=workspace,
        actor=owner,
        name=name,
        emails=[email],
        topics=["Trail running"],
        owner=owner,
        stage=stage,
        time_zone=time_zone,
        now=now,
        **profile,
    )
    channel_permission_set(
        influencer=influencer,
        channel=Channel.EMAIL,
        is_open=True,
        evidence="Business email on their profile",
        actor=owner,
        now=now,
    )
    return influencer


def sent_pitch(influencer: Influencer, *, author: User, at: datetime, **fields) -> Pitch:
    """An email pitch sent through the guard at `at` (its outbox row and timeline entry too)."""
    values = {
        "channel": "email",
        "subject": "Shoes for Lavaredo",
        "body": PITCH_BODY.format(name=influencer.name.split()[0]),
        "topics": ["Trail running"],
        **fields,
    }
    draft = pitch_create(influencer=influencer, author=author, now=at, **values)
    return pitch_send(pitch=draft, actor=author, actor_role="member", now=at)


def talked(influencer: Influencer, *, at: datetime, now: datetime, author: User | None = None):
    """A call with them (two-way by nature) that happened at `at` and was logged at `now`."""
    return interaction_record(
        influencer=influencer,
        kind=InteractionKind.CALL,
        direction=Direction.OUTBOUND,
        channel=Channel.PHONE,
        summary="Caught up on the phone",
        author=author,
        occurred_at=at,
        now=now,
    )


def they_wrote(influencer: Influencer, *, at: datetime, now: datetime):
    """A real message from them (not an auto-reply): it opens a reply we owe them."""
    return interaction_record(
        influencer=influencer,
        kind=InteractionKind.EMAIL,
        direction=Direction.INBOUND,
        channel=Channel.EMAIL,
        summary="Could you send the sizes?",
        occurred_at=at,
        now=now,
    )


def we_wrote(influencer: Influencer, *, at: datetime, now: datetime, author: User | None = None):
    """Our answer, sent from a member's own mail client and logged (it fulfils a reply owed)."""
    return interaction_record(
        influencer=influencer,
        kind=InteractionKind.EMAIL,
        direction=Direction.OUTBOUND,
        channel=Channel.EMAIL,
        summary="Sizes sent",
        author=author,
        occurred_at=at,
        guard_checked=True,
        now=now,
    )


def reminder_row(
    workspace: Workspace,
    *,
    assignee: User,
    due_at: datetime,
    title: str,
    written_at: datetime | None = None,
    **fields,
) -> Reminder:
    """A custom reminder written straight to the table in whatever state a test needs (pending
    unless `status` says otherwise), no planner involved; `written_at` is when it was created
    and last changed (now, by default). Its unique key is new each time."""
    values = {"kind": ReminderKind.CUSTOM, "status": ReminderStatus.PENDING, **fields}
    if written_at is not None:
        values.setdefault("created_at", written_at)
        values.setdefault("updated_at", written_at)
    values.setdefault("dedupe_key", f"test:{Reminder.objects.count()}:{title}")
    return Reminder.objects.create(
        workspace=workspace, assignee=assignee, title=title, due_at=due_at, **values
    )


def due_reminders(
    workspace: Workspace,
    *,
    assignee: User,
    count: int,
    due_at: datetime,
    kind: str = ReminderKind.CUSTOM,
    prefix: str = "bulk",
    **fields,
) -> list[Reminder]:
    """`count` pending reminders due at `due_at`, written in one statement (sweeps at scale)."""
    rows = [
        Reminder(
            workspace=workspace,
            assignee=assignee,
            kind=kind,
            title=f"Reminder {n}",
            due_at=due_at,
            status=ReminderStatus.PENDING,
            dedupe_key=f"{prefix}:{n}",
            created_at=due_at,
            updated_at=due_at,
            **fields,
        )
        for n in range(count)
    ]
    return Reminder.objects.bulk_create(rows, batch_size=1000)
