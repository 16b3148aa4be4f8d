"""Reads for reminders and notifications, always inside one workspace. The reminders page, the
bell, the API, the digest and the calendar feed read through here."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from irm.models import Membership, User, Workspace
from outreach.models import OPEN_STATUSES, Notification, Pitch, PitchStatus, Reminder

SCOPES = ("me", "team")
UPCOMING_DAYS = 14


def teammates(*, workspace: Workspace, user: User) -> list[int]:
    """The user and everyone who shares a team with them (ids)."""
    mine = Membership.objects.filter(workspace=workspace, user=user).values("teams")
    ids = set(
        Membership.objects.filter(workspace=workspace, teams__in=mine).values_list(
            "user_id", flat=True
        )
    )
    return sorted(ids | {user.pk})


def reminders_open(
    *, workspace: Workspace, user: User, scope: str = "me", kind: str = ""
) -> QuerySet[Reminder]:
    """Open reminders for the user (or their teams), soonest first, with what a row shows."""
    assignees = [user.pk] if scope != "team" else teammates(workspace=workspace, user=user)
    rows = Reminder.objects.filter(
        workspace=workspace, assignee__in=assignees, status__in=OPEN_STATUSES
    )
    if kind:
        rows = rows.filter(kind=kind)
    return (
        rows.select_related("assignee", "influencer", "pitch")
        .prefetch_related(_follow_up_drafts())
        .order_by("due_at", "id")
    )


def _follow_up_drafts() -> Prefetch:
    """A follow-up reminder's "Write" opens the draft the sweep prepared."""
    return Prefetch(
        "pitch__follow_ups",
        queryset=Pitch.objects.filter(status=PitchStatus.DRAFT).order_by("created_at"),
        to_attr="draft_follow_ups",
    )


BUCKETS = ("overdue", "today", "upcoming")


@dataclass
class ReminderBuckets:
    overdue: list = field(default_factory=list)
    today: list = field(default_factory=list)
    upcoming: list = field(default_factory=list)
    # How many each bucket holds, beyond the rows loaded when a limit applied.
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKETS, 0))

    @property
    def count(self) -> int:
        return sum(self.counts.values())


def reminders_by_day(
    *,
    workspace: Workspace,
    user: User,
    now: datetime,
    scope: str = "me",
    kind: str = "",
    limit: int | None = None,
) -> ReminderBuckets:
    """Overdue (due before today), today, and the next two weeks, in the user's time zone; with
    `limit`, the soonest `limit` rows of each bucket are loaded and the counts stay whole. Two
    queries (and the follow-up drafts' prefetch): the counts per bucket, then the rows, ranked
    in SQL, so hundreds of overdue rows are not built to show 25."""
    zone = ZoneInfo(user.time_zone or "UTC")
    today = now.astimezone(zone).date()
    start_of_today = datetime.combine(today, time(0, 0), tzinfo=zone)
    start_of_tomorrow = datetime.combine(today + timedelta(days=1), time(0, 0), tzinfo=zone)
    horizon = start_of_today + timedelta(days=UPCOMING_DAYS + 1)
    bucket = Case(
        When(due_at__lt=start_of_today, then=Value("overdue")),
        When(due_at__lt=start_of_tomorrow, then=Value("today")),
        default=Value("upcoming"),
    )
    rows = reminders_open(workspace=workspace, user=user, scope=scope, kind=kind).filter(
        due_at__lt=horizon
    )
    # Counted and ranked on the reminders alone (outreach_reminder_open_due_idx): only the rows
    # drawn are joined to their person and pitch.
    plain = rows.select_related(None).prefetch_related(None).order_by()
    buckets = ReminderBuckets()
    counted = plain.annotate(bucket=bucket).values("bucket").annotate(n=Count("*"))
    buckets.counts.update({row["bucket"]: row["n"] for row in counted})
    if limit is not None:
        # The soonest `limit` of each bucket: one branch per bucket, each walking the index in
        # due order and stopping at its limit (a window over them all sorted every one).
        ranges = [
            Q(due_at__lt=start_of_today),
            Q(due_at__gte=start_of_today, due_at__lt=start_of_tomorrow),
            Q(due_at__gte=start_of_tomorrow),
        ]
        soonest = [
            plain.filter(bounds).order_by("due_at", "pk").values("pk")[:limit] for bounds in ranges
        ]
        rows = rows.filter(pk__in=soonest[0].union(*soonest[1:], all=True))
    for reminder in rows.annotate(bucket=bucket):
        getattr(buckets, reminder.bucket).append(reminder)
    return buckets


def reminder_get(*, workspace: Workspace, public_id) -> Reminder:
    return get_object_or_404(
        Reminder.objects.select_related("assignee", "influencer", "pitch"),
        workspace=workspace,
        public_id=public_id,
    )


def reminders_upcoming_for_feed(*, workspace: Workspace, user: User, now: datetime) -> QuerySet:
    """The calendar feed: the user's open reminders from a week ago to 90 days ahead."""
    return (
        Reminder.objects.filter(
            workspace=workspace,
            assignee=user,
            status__in=OPEN_STATUSES,
            due_at__gte=now - timedelta(days=7),
            due_at__lt=now + timedelta(days=90),
        )
        .select_related("influencer")
        .order_by("due_at", "id")
    )


def notifications_recent(*, workspace: Workspace, user: User, limit: int = 20) -> QuerySet:
    return Notification.objects.filter(workspace=workspace, user=user).order_by(
        "-created_at", "-id"
    )[:limit]


def notifications_unread_count(*, workspace: Workspace, user: User) -> int:
    return Notification.objects.filter(workspace=workspace, user=user, read_at__isnull=True).count()


def digest_items(*, workspace: Workspace, user: User, now: datetime) -> ReminderBuckets:
    """What a morning digest lists: overdue and today's reminders (fired or about to be)."""
    buckets = reminders_by_day(workspace=workspace, user=user, now=now)
    buckets.upcoming = []
    buckets.counts["upcoming"] = 0
    return buckets


def reminders_of_user_every_status(*, workspace: Workspace, user: User) -> QuerySet[Reminder]:
    """`status=all`: a person's reminders closed ones too, with what a row shows. The page's
    selector (reminders_open) lists open ones only."""
    return (
        Reminder.objects.filter(workspace=workspace, assignee=user)
        .select_related("assignee", "influencer", "pitch")
        .order_by("due_at", "id")
    )


def notifications_of_user(*, workspace: Workspace, user: User, unread: bool) -> QuerySet:
    """The person's notifications, newest first, every page of them (the bell's selector,
    notifications_recent, shows the latest few)."""
    rows = Notification.objects.filter(workspace=workspace, user=user)
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return rows.select_related("reminder").order_by("-created_at", "-id")
