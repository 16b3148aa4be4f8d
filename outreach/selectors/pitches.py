"""Reads of pitches (outreach.selectors.pitches): the outreach board, one pitch with its
conversation, every pitch of a workspace for the API, who may change a pitch, and the pitches
the release sweep and the follow-up planner look at. Everything a person sees is scoped to one
workspace (another workspace's pitch is a 404) and read in a fixed number of queries whatever
the number of rows."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import (
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.shortcuts import get_object_or_404

from contacts.models import Interaction
from irm.models import Membership, Role, Team, User, Workspace
from irm.templatetags.local_time import calendar_days
from outreach.models import (
    ADMITTED_UNSENT,
    InboundKind,
    InboundMessage,
    Pitch,
    PitchStatus,
)

# The board shows at most this many pitches per status (the newest first).
BOARD_LIMIT = 50


# Each status is counted up to this many; beyond, the board says "1,000+" (reading every
# pitch of a busy agency to count them cost tens of ms a request).
COUNT_CAP = 1000


@dataclass(frozen=True)
class BoardSection:
    key: str
    title: str
    statuses: tuple[str, ...]
    empty: str


BOARD_SECTIONS = (
    BoardSection("drafts", "Drafts", (PitchStatus.DRAFT,), "No drafts."),
    BoardSection("scheduled", "Scheduled", (PitchStatus.SCHEDULED,), "Nothing scheduled."),
    BoardSection("held", "Held", (PitchStatus.HELD,), "Nothing is held."),
    BoardSection("blocked", "Blocked at send", (PitchStatus.BLOCKED,), "Nothing was blocked."),
    BoardSection("waiting", "Sent, waiting", (PitchStatus.SENT,), "Nobody owes us an answer."),
    BoardSection(
        "replied",
        "Replied or accepted",
        (PitchStatus.REPLIED, PitchStatus.ACCEPTED),
        "No answers yet.",
    ),
    BoardSection(
        "declined",
        "Declined or no response",
        (PitchStatus.DECLINED, PitchStatus.NO_RESPONSE),
        "Nothing here.",
    ),
)


SCOPES = {"mine": "Mine", "team": "My team", "everyone": "Everyone"}


@dataclass
class BoardColumn:
    section: BoardSection
    pitches: list[Pitch] = field(default_factory=list)
    count: int = 0
    # The count reached COUNT_CAP in one of its statuses: there are at least `count`.
    capped: bool = False

    @property
    def more(self) -> int:
        return self.count - len(self.pitches)


def _scoped(rows: QuerySet[Pitch], *, workspace: Workspace, user: User, scope: str) -> QuerySet:
    if scope == "mine":
        return rows.filter(author=user)
    if scope == "team":
        # My teams' people and my teams' relationships (subqueries: still one query).
        teams = Team.objects.filter(workspace=workspace, members__user=user).values("pk")
        teammates = Membership.objects.filter(workspace=workspace, teams__in=teams).values(
            "user_id"
        )
        return rows.filter(Q(author=user) | Q(author__in=teammates) | Q(influencer__team__in=teams))
    return rows


def _newest_per_status(base: QuerySet[Pitch], statuses: list[str]) -> QuerySet:
    """The ids of the BOARD_LIMIT newest pitches of each status: one branch per status, each
    walking outreach_pitch_status_idx and stopping at its limit, where a window over the
    workspace's pitches would read and rank them all (and join each to its person first)."""
    newest = [
        base.filter(status=status).order_by("-updated_at", "-pk").values("pk")[:BOARD_LIMIT]
        for status in statuses
    ]
    return newest[0].union(*newest[1:], all=True)


def _counts_per_status(
    base: QuerySet[Pitch], statuses: list[str], *, workspace: Workspace
) -> dict[str, int]:
    """How many pitches of each status, each counted up to COUNT_CAP + 1 (more is "more than
    COUNT_CAP"): one branch per status walking its index (outreach_pitch_mine_idx for "mine",
    outreach_pitch_status_idx for everyone) and stopping there. One query."""
    counted = {
        f"n_{status}": Func(
            # The status itself, not the id: the index holds it (an index-only scan).
            ArraySubquery(base.filter(status=status).order_by().values("status")[: COUNT_CAP + 1]),
            function="cardinality",
            output_field=IntegerField(),
        )
        for status in statuses
    }
    row = Workspace.objects.filter(pk=workspace.pk).values(**counted).get()
    return {status: row[f"n_{status}"] for status in statuses}


def outreach_board(
    *, workspace: Workspace, user: User, scope: str, now: datetime
) -> list[BoardColumn]:
    """The outreach page: one column per section, newest first. Two queries: the rows (at most
    BOARD_LIMIT per status) and the counts per status (up to COUNT_CAP)."""
    statuses = [status for section in BOARD_SECTIONS for status in section.statuses]
    base = _scoped(
        Pitch.objects.filter(workspace=workspace, status__in=statuses),
        workspace=workspace,
        user=user,
        scope=scope,
    )
    counts = _counts_per_status(base, statuses, workspace=workspace)
    # The newest auto-reply to each pitch, for the "waiting" rows (a subquery: still one query).
    auto_replies = InboundMessage.objects.filter(
        pitch=OuterRef("pk"), kind=InboundKind.AUTO_REPLY
    ).order_by("-sent_at", "-id")
    rows = (
        Pitch.objects.filter(pk__in=_newest_per_status(base, statuses))
        .annotate(
            auto_reply_at=Subquery(auto_replies.values("sent_at")[:1]),
            away_until=Subquery(auto_replies.values("away_until")[:1]),
        )
        # Not the original of a follow-up: the board only says it is one (follow_up_of_id).
        .select_related("influencer", "author", "outbox_email")
        .order_by("-updated_at", "-pk")
    )
    columns = {section.key: BoardColumn(section) for section in BOARD_SECTIONS}
    by_status = {status: section.key for section in BOARD_SECTIONS for status in section.statuses}
    for section in BOARD_SECTIONS:
        column = columns[section.key]
        column.count = sum(min(counts[status], COUNT_CAP) for status in section.statuses)
        column.capped = any(counts[status] > COUNT_CAP for status in section.statuses)
    for pitch in rows:
        # Calendar days in the viewer's zone (the active one): sent yesterday at 23:00 is 1 day.
        pitch.days_waiting = calendar_days(pitch.sent_at, now=now) if pitch.sent_at else None
        columns[by_status[pitch.status]].pitches.append(pitch)
    return list(columns.values())


def pitch_get(*, workspace: Workspace, public_id) -> Pitch:
    """One pitch of the workspace (404 otherwise) with what its page shows."""
    return get_object_or_404(
        _pitches_shown(workspace)
        .select_related(
            "influencer", "author", "template", "outbox_email", "overridden_by", "follow_up_of"
        )
        .prefetch_related("topics", "declined_topics", "attachments"),
        public_id=public_id,
    )


def pitch_find(*, workspace: Workspace, public_id) -> Pitch:
    """One pitch of the workspace (404 otherwise) with what the guard reads of it (its
    influencer, its template's body), for the guard's endpoints: sending reads the rest with
    the pitch locked."""
    return get_object_or_404(
        _pitches_shown(workspace).select_related("influencer", "template"), public_id=public_id
    )


def _pitches_shown(workspace: Workspace) -> QuerySet[Pitch]:
    return Pitch.objects.filter(workspace=workspace, influencer__erased_at__isnull=True)


def pitch_rows(*, workspace: Workspace) -> QuerySet[Pitch]:
    """The workspace's pitches, newest first, with their person, author, template, outbox row,
    topics and attachments: the same number of queries for 3 pitches or 300. Pitches to people
    whose data was erased are not shown (as on the pages)."""
    return (
        Pitch.objects.filter(workspace=workspace, influencer__erased_at__isnull=True)
        .select_related(
            "influencer", "author", "template", "outbox_email", "follow_up_of", "overridden_by"
        )
        .prefetch_related("topics", "declined_topics", "attachments")
        .order_by("-created_at", "-pk")
    )


def pitch_may_edit(*, pitch: Pitch, membership: Membership) -> bool:
    """A pitch is its author's to write, send and cancel; managers may act on any."""
    return membership.may(Role.MANAGER) or (
        membership.may(Role.MEMBER) and pitch.author_id == membership.user_id
    )


@dataclass(frozen=True)
class ThreadItem:
    """One email of a pitch's thread as its page shows it: ours (a pitch or a follow-up that
    went) or theirs (anything that came back to it)."""

    pitch: Pitch | None = None
    message: InboundMessage | None = None


@dataclass(frozen=True)
class Conversation:
    """One pitch's conversation as its page shows it: its follow-ups, what was logged on the
    timeline about it, and its emails (ours and theirs) in the order they were written."""

    follow_ups: list[Pitch] = field(default_factory=list)
    entries: list[Interaction] = field(default_factory=list)
    thread: list["ThreadItem"] = field(default_factory=list)


def pitch_conversation(*, pitch: Pitch) -> Conversation:
    """The pitch, its follow-ups and what the influencer answered: the timeline entries whose
    source is the pitch or one of its follow-ups, oldest first (two queries), and the emails of
    its thread with the files of each (three queries, whatever the length of the thread)."""
    follow_ups = list(
        Pitch.objects.filter(follow_up_of=pitch)
        .select_related("author", "outbox_email")
        .order_by("created_at")
    )
    sources = [str(pitch.pk), *(str(item.pk) for item in follow_ups)]
    entries = (
        Interaction.objects.filter(
            influencer=pitch.influencer_id,
            source_type=ContentType.objects.get_for_model(Pitch),
            source_id__in=sources,
            deleted_at__isnull=True,
        )
        .select_related("author")
        .order_by("occurred_at", "id")
    )
    items = _thread_items(pitch)
    prefetch_related_objects([item for item in items if isinstance(item, Pitch)], "attachments")
    thread = [
        ThreadItem(pitch=item) if isinstance(item, Pitch) else ThreadItem(message=item)
        for item in items
    ]
    return Conversation(follow_ups=follow_ups, entries=list(entries), thread=thread)


def _thread_items(pitch: Pitch) -> list:
    """The thread in the order things happened: the pitch, its follow-ups and every message
    that came back (replies, auto-replies, delivery reports, members' own emails)."""
    root_id = pitch.follow_up_of_id or pitch.pk
    pitches = list(
        Pitch.objects.filter(Q(pk=root_id) | Q(follow_up_of_id=root_id))
        .exclude(sent_at__isnull=True)
        .select_related("author")
    )
    messages = list(
        InboundMessage.objects.filter(pitch__in=[p.pk for p in pitches] or [root_id])
        .prefetch_related("attachments")
        .order_by("received_at", "id")
    )
    # Ours by when they went, theirs by when they came (their Date header is only a claim).
    return sorted(
        [*pitches, *messages],
        key=lambda item: item.sent_at if isinstance(item, Pitch) else item.received_at,
    )


def pitches_due(*, now: datetime, limit: int = 100) -> QuerySet[Pitch]:
    """Scheduled and held pitches whose moment came (the release sweep)."""
    return Pitch.objects.filter(status__in=ADMITTED_UNSENT, send_at__lte=now).order_by("send_at")[
        :limit
    ]


def latest_auto_reply(*, pitch: Pitch) -> InboundMessage | None:
    """The newest auto-reply to this pitch's thread: while it says they are away, follow-ups
    wait."""
    thread = [pitch.pk] + ([pitch.follow_up_of_id] if pitch.follow_up_of_id else [])
    return (
        InboundMessage.objects.filter(pitch__in=thread, kind=InboundKind.AUTO_REPLY)
        .order_by("-received_at")
        .first()
    )
