"""Reads behind the outreach pages: the outreach board, one pitch with its conversation, the
composer's channels and live verdict, templates, identities and attachments. Everything is
scoped to one workspace (another workspace's object is a 404) and loaded in a fixed number of
queries whatever the number of rows."""

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

from contacts import facts
from contacts.models import Channel, Influencer, Interaction
from contacts.selectors import InfluencerFilters, influencers_filtered
from irm.models import Membership, Role, Team, User, Workspace
from irm.templatetags.local_time import calendar_days
from outreach import selectors
from outreach.models import (
    InboundAttachment,
    InboundKind,
    InboundMessage,
    Pitch,
    PitchAttachment,
    PitchStatus,
    PitchTemplate,
    SendingIdentity,
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


def pitch_may_edit(*, pitch: Pitch, membership: Membership) -> bool:
    """A pitch is its author's to write, send and cancel; managers may act on any."""
    return membership.may(Role.MANAGER) or (
        membership.may(Role.MEMBER) and pitch.author_id == membership.user_id
    )


def pitch_conversation(*, pitch: Pitch) -> dict:
    """The pitch, its follow-ups and what the influencer answered: the timeline entries whose
    source is the pitch or one of its follow-ups, oldest first. Two queries."""
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
    return {"follow_ups": follow_ups, "entries": list(entries)}


@dataclass(frozen=True)
class ThreadItem:
    """One email of a pitch's thread as its page shows it: ours (a pitch or a follow-up that
    went) or theirs (anything that came back to it)."""

    pitch: Pitch | None = None
    message: InboundMessage | None = None


def pitch_thread(*, pitch: Pitch) -> list[ThreadItem]:
    """The emails of the pitch's thread in the order they were written, with the files of
    each (three queries, whatever the length of the thread)."""
    items = selectors.pitch_conversation(pitch=pitch)
    ours = [item for item in items if isinstance(item, Pitch)]
    prefetch_related_objects(ours, "attachments")
    return [
        ThreadItem(pitch=item) if isinstance(item, Pitch) else ThreadItem(message=item)
        for item in items
    ]


# --- the composer --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelState:
    value: str
    label: str
    is_open: bool
    since: datetime | None = None
    evidence: str = ""


@dataclass
class ComposerChannels:
    open: list[ChannelState]
    closed: list[ChannelState]
    unopened: list[ChannelState]


def working_email(*, influencer: Influencer) -> str:
    """An address of theirs that has not bounced (the one a new email pitch goes to), or ""."""
    address = selectors.primary_email(influencer=influencer)
    bounced = influencer.emails.filter(email=address, bounced_at__isnull=False).exists()
    return "" if bounced else address


def composer_channels(*, influencer: Influencer) -> ComposerChannels:
    """Which doors are open (offered), closed (with their evidence) or never opened. One query."""
    states = facts.channel_states(influencer=influencer)
    opened, closed, unopened = [], [], []
    for value, label in Channel.choices:
        row = states.get(value)
        if row is None:
            unopened.append(ChannelState(value, label, False))
        elif row.is_open:
            opened.append(ChannelState(value, label, True, row.since, row.evidence))
        else:
            closed.append(ChannelState(value, label, False, row.since, row.evidence))
    return ComposerChannels(opened, closed, unopened)


def influencer_choices(*, workspace: Workspace, user: User, q: str, limit: int = 20) -> list:
    """The composer's picker: matches for `q`, or the people this person owns."""
    if q.strip():
        rows = influencers_filtered(workspace=workspace, filters=InfluencerFilters(q=q))
    else:
        rows = Influencer.objects.filter(
            workspace=workspace, owner=user, erased_at__isnull=True, archived_at__isnull=True
        )
    return list(rows.order_by("sort_name", "id")[:limit])


def influencer_for_pitch(*, workspace: Workspace, public_id) -> Influencer:
    return get_object_or_404(
        Influencer.objects.select_related("workspace", "team", "owner"),
        workspace=workspace,
        public_id=public_id,
        erased_at__isnull=True,
    )


# --- templates, identity, attachments ------------------------------------------------------------


def templates_list(*, workspace: Workspace, archived: bool = False) -> QuerySet[PitchTemplate]:
    return (
        PitchTemplate.objects.filter(workspace=workspace, archived_at__isnull=not archived)
        .select_related("created_by")
        .prefetch_related("topics")
        .order_by("name", "pk")
    )


def template_get(*, workspace: Workspace, public_id) -> PitchTemplate:
    return get_object_or_404(
        PitchTemplate.objects.select_related("created_by").prefetch_related("topics"),
        workspace=workspace,
        public_id=public_id,
    )


def template_may_edit(*, template: PitchTemplate, membership: Membership) -> bool:
    return membership.may(Role.MANAGER) or (
        membership.may(Role.MEMBER) and template.created_by_id == membership.user_id
    )


def identity_get(*, workspace: Workspace, user: User) -> SendingIdentity | None:
    return SendingIdentity.objects.filter(workspace=workspace, user=user).first()


def attachment_get(*, workspace: Workspace, public_id) -> PitchAttachment:
    return get_object_or_404(
        PitchAttachment.objects.select_related("pitch"),
        pitch__workspace=workspace,
        public_id=public_id,
    )


# --- the inbox -----------------------------------------------------------------------------------

# How many people the inbox's "attach to" search offers at once.
ATTACH_CHOICES = 10


def attach_choices(
    *, workspace: Workspace, q: str, chosen: Influencer | None = None
) -> list[Influencer]:
    """Who an inbound message may be about: matches for `q` by the contacts search, with the
    person already chosen kept first so a new search never loses the choice. Their addresses
    come along (people tell namesakes apart by them): two queries."""
    rows = []
    if q.strip():
        found = influencers_filtered(workspace=workspace, filters=InfluencerFilters(q=q))
        rows = list(found.order_by("sort_name", "id")[:ATTACH_CHOICES])
    if chosen is not None and chosen not in rows:
        rows.insert(0, chosen)
    prefetch_related_objects(rows, "emails")
    return rows


def attach_influencer_get(*, workspace: Workspace, public_id) -> Influencer | None:
    """The influencer a person picked to attach a message to; None for anything not a living
    influencer of this workspace (the form then says so)."""
    return Influencer.objects.filter(
        workspace=workspace, public_id=public_id, erased_at__isnull=True
    ).first()


def inbound_attachment_get(*, workspace: Workspace, public_id) -> InboundAttachment:
    """A file that came by email, whose bytes were kept; 404 for another workspace's and for
    one that was only listed."""
    return get_object_or_404(
        InboundAttachment.objects.select_related("message").exclude(file=""),
        message__workspace=workspace,
        public_id=public_id,
    )
