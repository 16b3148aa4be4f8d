"""The account managers' dashboard (the workspace home): relationship health across a workspace,
read from contacts' own tables (Influencer, Interaction, Commitment, ContactPolicy, and the
daily band counts kept from HealthSnapshot: contacts.health.daily_counts).

Building it takes seven set-based queries whatever the number of people or days of history:
the trend (the daily counts), the people grouped by team, owner and band (band counts and both
ownership tables), the policy, what we owe (overdue promises per kind and the people owed, in
one statement), keep-in-touch with its total in a window, our recent contacts (outreach and
replies per team and owner, and near-the-cap with its total, in one statement), then the people
all those rows and the at-risk and cooling lists show, in one query.
Every query is scoped to the workspace and, when asked, to one team and/or one owner (or to
people without one); erased and archived people never count. `now` is a parameter so the page
can be rebuilt for any moment.
"""

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import (
    Count,
    F,
    Q,
    Sum,
    Value,
    Window,
)

from contacts import facts
from contacts.health.charts import BandTrendChart, band_trend_chart
from contacts.health.compute import health_day
from contacts.health.daily_counts import health_day_counts
from contacts.health.reasons import is_concern, reason_text
from contacts.health.weights import RULES
from contacts.kinds import CONVERSATION_KINDS, TWO_WAY_KINDS
from contacts.models import (
    NOT_A_REPLY_KINDS,
    CommitmentKind,
    Direction,
    HealthBand,
    Influencer,
)
from contacts.normalize import sort_key
from irm.errors import RuleError
from irm.models import Membership, Team, User, Workspace

TREND_DAYS = 90
CHANGE_DAYS = 30
LIST_SIZE = 10
# Outreach and reply rate in the team and owner tables look back this far.
OUTREACH_DAYS = 30
NO_ONE = "none"  # the filter value for people without a team or an owner

# What to do next about a relationship, most urgent first: what we owe them comes before
# anything else, and when they stopped answering, writing again ("check in") would only pester.
NEXT_STEPS = {
    "waiting": "Reply to them",
    "payment_late": "Chase the payment",
    "feedback_late": "Review their draft",
    "promise_late": "Keep the promise you made them",
    "unanswered": "Pause outreach; try another channel they opened",
    "rules_broken": "Let them rest: respect their contact rules",
    "negative": "Call them and talk it through",
    "off_topic": "Pitch only what fits their topics",
    "low_reply_rate": "Write less often, and only about what they care for",
    "quiet": "Check in",
    "no_two_way": "Start a real conversation",
}
DEFAULT_NEXT_STEP = "Check in"


# --- filters -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardScope:
    """Whose relationships the dashboard shows: a workspace, optionally one team (or nobody's
    team: `no_team`) and one owner (or nobody: `no_owner`)."""

    workspace: Workspace
    team: Team | None = None
    owner: User | None = None
    no_team: bool = False
    no_owner: bool = False

    def influencers(self, prefix: str = "") -> Q:
        """The condition on influencers, from a model that reaches them through `prefix`."""
        # Archived people are put aside: the dashboard leaves them out with the erased.
        condition = Q(
            **{
                f"{prefix}workspace": self.workspace,
                f"{prefix}erased_at__isnull": True,
                f"{prefix}archived_at__isnull": True,
            }
        )
        if self.team is not None:
            condition &= Q(**{f"{prefix}team": self.team})
        elif self.no_team:
            condition &= Q(**{f"{prefix}team__isnull": True})
        if self.owner is not None:
            condition &= Q(**{f"{prefix}owner": self.owner})
        elif self.no_owner:
            condition &= Q(**{f"{prefix}owner__isnull": True})
        return condition

    def as_query(self) -> dict[str, str]:
        """The filters as URL parameters (the influencer list reads the same names)."""
        query = {}
        if self.team is not None or self.no_team:
            query["team"] = str(self.team.public_id) if self.team else NO_ONE
        if self.owner is not None or self.no_owner:
            query["owner"] = str(self.owner.public_id) if self.owner else NO_ONE
        return query


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _team_of(workspace: Workspace, public_id: uuid.UUID, teams: list[Team] | None) -> Team | None:
    if teams is None:
        return Team.objects.filter(workspace=workspace, public_id=public_id).first()
    return next((team for team in teams if team.public_id == public_id), None)


def _member_of(
    workspace: Workspace, public_id: uuid.UUID, members: list[Membership] | None
) -> User | None:
    if members is None:
        membership = (
            Membership.objects.select_related("user")
            .filter(workspace=workspace, user__public_id=public_id)
            .first()
        )
        return membership.user if membership else None
    return next((m.user for m in members if m.user.public_id == public_id), None)


def dashboard_scope(
    *,
    workspace: Workspace,
    team: str = "",
    owner: str = "",
    teams: list[Team] | None = None,
    members: list[Membership] | None = None,
) -> DashboardScope:
    """The scope from the filters as sent: a team's or a member's public id, or "none".
    An id that is not a team or a member of this workspace is a RuleError on its field.
    `teams` and `members`: the workspace's, when the caller has them already (the page's filter
    menus), to look the ids up in without a query."""
    team, owner = team.strip(), owner.strip()
    chosen_team = chosen_owner = None
    if team and team != NO_ONE:
        public_id = _uuid(team)
        chosen_team = _team_of(workspace, public_id, teams) if public_id else None
        if chosen_team is None:
            raise RuleError(
                f"No team of this workspace has the id “{team}”: choose a team, or “none”.",
                field="team",
            )
    if owner and owner != NO_ONE:
        public_id = _uuid(owner)
        chosen_owner = _member_of(workspace, public_id, members) if public_id else None
        if chosen_owner is None:
            raise RuleError(
                f"No member of this workspace has the id “{owner}”: choose a member, or “none”.",
                field="owner",
            )
    return DashboardScope(
        workspace=workspace,
        team=chosen_team,
        owner=chosen_owner,
        no_team=team == NO_ONE,
        no_owner=owner == NO_ONE,
    )


# --- what the dashboard holds -------------------------------------------------------------------


@dataclass(frozen=True)
class BandCount:
    band: str
    label: str
    count: int
    # The count on the day CHANGE_DAYS ago (None without snapshots that day) and the change.
    then: int | None
    change: int | None


@dataclass(frozen=True)
class TrendDay:
    day: date
    counts: dict[str, int]

    def in_order(self) -> list[int]:
        return [self.counts.get(band, 0) for band in HealthBand.values]


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    concern: bool


@dataclass(frozen=True)
class Relationship:
    """One person on the at-risk or cooling list."""

    public_id: uuid.UUID
    name: str
    band: str
    score: int | None
    owner: User | None
    reasons: list[Reason]
    next_step: str


@dataclass(frozen=True)
class RelationshipList:
    band: str
    label: str
    rows: list[Relationship]
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass(frozen=True)
class Owed:
    """Someone we owe: their most overdue promise, and how many others are overdue."""

    public_id: uuid.UUID
    kind: str
    kind_label: str
    description: str
    due_at: datetime
    days_late: int
    influencer: Influencer
    others: int = 0


@dataclass(frozen=True)
class OwedSection:
    """One row per person (`people` in all); `total` and `by_kind` count the promises."""

    rows: list[Owed]
    total: int
    by_kind: dict[str, int]
    people: int = 0

    @property
    def more(self) -> int:
        return max(self.people - len(self.rows), 0)


@dataclass(frozen=True)
class KeepInTouch:
    influencer: Influencer
    last_two_way_at: datetime
    cadence_days: int
    due_at: datetime
    days_overdue: int


@dataclass(frozen=True)
class NearCap:
    influencer: Influencer
    contacts: int
    cap: int

    @property
    def at_cap(self) -> bool:
        return self.contacts >= self.cap


@dataclass(frozen=True)
class Section:
    """A list cut to its first rows, with how many there are in all."""

    rows: list
    total: int

    @property
    def more(self) -> int:
        return max(self.total - len(self.rows), 0)


@dataclass(frozen=True)
class OwnershipRow:
    """One team's or one owner's relationships (public_id None: nobody)."""

    public_id: uuid.UUID | None
    name: str
    owned: int
    average_health: int | None
    outreach_sent: int
    answered: int

    @property
    def reply_rate(self) -> int | None:
        """Percent of our outbound contacts answered; None when nothing was sent."""
        if not self.outreach_sent:
            return None
        return round(100 * self.answered / self.outreach_sent)


@dataclass
class Dashboard:
    scope: DashboardScope
    now: datetime
    today: date
    compared_day: date
    bands: list[BandCount]
    total: int
    trend: list[TrendDay]
    chart: BandTrendChart | None
    at_risk: RelationshipList
    cooling: RelationshipList
    owed: OwedSection
    keep_in_touch: Section
    near_cap: Section
    teams: list[OwnershipRow] = field(default_factory=list)
    owners: list[OwnershipRow] = field(default_factory=list)

    @property
    def has_comparison(self) -> bool:
        """Whether snapshots exist on `compared_day` (every band's change is known, or none)."""
        return self.bands[0].change is not None


# --- the sections -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PeopleGroup:
    """The people the dashboard shows with one team, one owner and one band."""

    team: tuple  # (public_id, name), Nones for no team
    owner: tuple  # (public_id, name, email), Nones for no owner
    band: str
    owned: int
    scored: int  # of them, those with a score who are past "new"
    score_sum: int


# The groups are counted on the people's own ids, then the few groups are given their team's
# and owner's names: joining the names first hashed and grouped every person on five text
# columns.
PEOPLE_GROUPS_SQL = """
SELECT t.public_id, t.name, u.public_id, u.name, u.email, g.band, g.owned, g.scored, g.score_sum
FROM ({groups}) g (team_id, owner_id, band, owned, scored, score_sum)
LEFT JOIN irm_team t ON t.id = g.team_id
LEFT JOIN irm_user u ON u.id = g.owner_id
"""


def _people_groups(scope: DashboardScope) -> list[_PeopleGroup]:
    """How many people per team, owner and band, with the sum and number of the scores the
    averages count: the band counts and both ownership tables add these up, so the people are
    read once, from an index alone (contacts_infl_dash_counts_idx)."""
    past_new = Q(health_score__isnull=False) & ~Q(health_band=HealthBand.NEW)
    groups = (
        Influencer.objects.filter(scope.influencers())
        .order_by()
        .values_list("team_id", "owner_id", "health_band")
        .annotate(
            owned=Count("*"),
            scored=Count("health_score", filter=past_new),
            score_sum=Sum("health_score", filter=past_new),
        )
    )
    groups_sql, params = groups.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(PEOPLE_GROUPS_SQL.format(groups=groups_sql), params)
        rows = cursor.fetchall()
    return [
        _PeopleGroup(
            team=(row[0], row[1]),
            owner=(row[2], row[3], row[4]),
            band=band,
            owned=owned,
            scored=scored,
            score_sum=score_sum or 0,
        )
        for *row, band, owned, scored, score_sum in rows
    ]


def _band_counts(groups: list[_PeopleGroup], trend: list[TrendDay], compared_day: date):
    """Effective bands now, and each band's change since the snapshots of `compared_day`."""
    now_counts: dict[str, int] = {}
    for group in groups:
        now_counts[group.band] = now_counts.get(group.band, 0) + group.owned
    then_counts = next((row.counts for row in trend if row.day == compared_day), None)
    bands = []
    for band, label in HealthBand.choices:
        count = now_counts.get(band, 0)
        then = None if then_counts is None else then_counts.get(band, 0)
        change = None if then is None else count - then
        bands.append(BandCount(band=band, label=label, count=count, then=then, change=change))
    return bands


def _trend(scope: DashboardScope, first_day: date, last_day: date) -> list[TrendDay]:
    """Relationships per band per day, oldest first, from the daily counts (one small range
    read, however many people and days). Days without snapshots are absent."""
    days = health_day_counts(scope=scope, first_day=first_day, last_day=last_day)
    return [TrendDay(day=day, counts=days[day]) for day in sorted(days)]


def next_step(reasons: list[dict]) -> str:
    """What to do first: the most urgent step among the concerns (NEXT_STEPS' order)."""
    codes = {reason.get("code") for reason in reasons if is_concern(reason)}
    return next((step for code, step in NEXT_STEPS.items() if code in codes), DEFAULT_NEXT_STEP)


def _relationship(influencer: Influencer, now: datetime) -> Relationship:
    reasons = influencer.health_reasons or []
    return Relationship(
        public_id=influencer.public_id,
        name=influencer.name,
        band=influencer.health_band,
        score=influencer.health_score,
        owner=influencer.owner,
        reasons=[
            Reason(
                code=reason.get("code", ""),
                text=reason_text(reason, influencer.name, now=now),
                concern=is_concern(reason),
            )
            for reason in reasons
        ],
        next_step=next_step(reasons),
    )


def _worst_of(scope: DashboardScope, band: str, size: int):
    """The `size` worst of one band (people never scored last), read in the order of
    contacts_infl_dash_worst_idx; loaded with the other sections' people (_people_shown)."""
    return (
        Influencer.objects.filter(scope.influencers(), health_band=band)
        .select_related("owner")
        .annotate(listed=Value(True))
        .order_by(F("health_score").asc(nulls_last=True), "sort_name", "pk")[:size]
    )


def _worst_first(influencer: Influencer) -> tuple:
    """_worst_of's order (sort_name is compared byte-wise, as its "C" collation does)."""
    score = influencer.health_score
    return (score is None, score or 0, influencer.sort_name, influencer.pk)


def _band_list(listed: list[Influencer], band: str, total: int, now: datetime) -> RelationshipList:
    """The worst of one band first, with their owner."""
    shown = sorted((one for one in listed if one.health_band == band), key=_worst_first)
    return RelationshipList(
        band=band,
        label=HealthBand(band).label,
        rows=[_relationship(influencer, now) for influencer in shown],
        total=total,
    )


@dataclass(frozen=True)
class _Found:
    """A section's rows before their people are loaded (each row's values, the influencer's
    id under "influencer"), and how many rows there are in all. The sections' queries keep
    their rows narrow (a window counts them all, so no row is carried wide); the people they
    show are loaded together, once (_people_shown)."""

    rows: list[dict]
    total: int

    @classmethod
    def of(cls, rows: list[dict]) -> "_Found":
        return cls(rows=rows, total=rows[0]["found"] if rows else 0)


# What we owe, in one statement: the scope's overdue promises (contacts_commit_due_idx, their
# people from a hash of the scope's people) are counted per kind ("kind" rows), and each
# person's most overdue one is kept with how many they are owed ("person" rows, the longest
# waiting first, each with how many people there are in all). The people are those the
# influencer list's "we owe them" filter keeps (facts.owed_overdue); an overdue promise is
# facts.overdue_commitments' (open, its due time passed).
OWED_SQL = """
WITH people (id) AS (
    {people}
),
overdue AS MATERIALIZED (
    SELECT c.id, c.public_id, c.influencer_id, c.kind, c.description, c.due_at
    FROM contacts_commitment c
    JOIN people p ON p.id = c.influencer_id
    WHERE c.workspace_id = %(workspace)s AND c.fulfilled_at IS NULL AND c.due_at < %(now)s
),
oldest AS (
    SELECT DISTINCT ON (o.influencer_id) o.influencer_id, o.due_at, o.public_id, o.kind,
        o.description, count(*) OVER (PARTITION BY o.influencer_id) AS owed_count
    FROM overdue o
    ORDER BY o.influencer_id, o.due_at, o.id
)
SELECT 'kind', o.kind, count(*), NULL::bigint, NULL::timestamptz, NULL::uuid, NULL::text,
    NULL::bigint
FROM overdue o
GROUP BY o.kind
UNION ALL (
    SELECT 'person', x.kind, x.owed_count, x.influencer_id, x.due_at, x.public_id,
        x.description, count(*) OVER ()
    FROM oldest x
    ORDER BY x.due_at, x.influencer_id
    LIMIT %(size)s
)
"""


def _owed(scope: DashboardScope, now: datetime, size: int) -> tuple[_Found, dict[str, int]]:
    """Everyone we owe something overdue, the longest waiting first, each with their most
    overdue promise; and how many promises of each kind are overdue."""
    people_sql, people_params = _people_sql(scope, "id")
    params = {**people_params, "workspace": scope.workspace.pk, "now": now, "size": size}
    with connection.cursor() as cursor:
        cursor.execute(OWED_SQL.format(people=people_sql), params)
        rows = cursor.fetchall()
    by_kind = {kind: count for part, kind, count, *_ in rows if part == "kind"}
    found = [
        {
            "influencer": influencer,
            "owed_since": due_at,
            "owed_count": count,
            "promise_id": public_id,
            "promise_kind": kind,
            "promise_description": description,
            "found": people,
        }
        for part, kind, count, influencer, due_at, public_id, description, people in rows
        if part == "person"
    ]
    counts = {kind: by_kind.get(kind, 0) for kind in CommitmentKind.values}
    return _Found.of(found), counts


def _owed_section(
    found: _Found, by_kind: dict[str, int], people: dict[int, Influencer], now: datetime
) -> OwedSection:
    rows = [
        Owed(
            public_id=row["promise_id"],
            kind=row["promise_kind"],
            kind_label=CommitmentKind(row["promise_kind"]).label,
            description=row["promise_description"],
            due_at=row["owed_since"],
            days_late=(now - row["owed_since"]).days,
            influencer=people[row["influencer"]],
            others=row["owed_count"] - 1,
        )
        for row in found.rows
    ]
    return OwedSection(rows=rows, total=sum(by_kind.values()), by_kind=by_kind, people=found.total)


def _keep_in_touch(
    scope: DashboardScope, now: datetime, policy: facts.WorkspacePolicy, size: int
) -> _Found:
    """People whose last two-way contact is older than their cadence, longest overdue first."""
    due = facts.keep_in_touch_overdue(
        Influencer.objects.filter(scope.influencers()), now=now, workspace_policy=policy
    )
    found = (
        due.annotate(found=Window(Count("*")))
        .values(
            "last_two_way_at",
            "keep_in_touch_days_effective",
            "keep_in_touch_due_at",
            "found",
            influencer=F("pk"),
        )
        .order_by("keep_in_touch_due_at", "pk")[:size]
    )
    return _Found.of(list(found))


def _keep_in_touch_section(found: _Found, people: dict[int, Influencer], now: datetime):
    rows = [
        KeepInTouch(
            influencer=people[row["influencer"]],
            last_two_way_at=row["last_two_way_at"],
            cadence_days=row["keep_in_touch_days_effective"],
            due_at=row["keep_in_touch_due_at"],
            days_overdue=(now - row["keep_in_touch_due_at"]).days,
        )
        for row in found.rows
    ]
    return Section(rows=rows, total=found.total)


def _near_cap_section(found: _Found, people: dict[int, Influencer]) -> Section:
    rows = [
        NearCap(influencer=people[row["influencer"]], contacts=row["contacts"], cap=row["cap"])
        for row in found.rows
    ]
    return Section(rows=rows, total=found.total)


def _people_shown(lists: list, *sections: _Found) -> tuple[list[Influencer], dict]:
    """The at-risk and cooling lists (`lists`: _worst_of each) and everyone the owed,
    keep-in-touch and near-the-cap rows show, with their owner: one query (UNION ALL) for the
    five sections."""
    ids = {row["influencer"] for section in sections for row in section.rows}
    others = (
        Influencer.objects.filter(pk__in=ids)
        .select_related("owner")
        .annotate(listed=Value(False))
        .order_by()
    )
    first, *more = lists
    people = list(first.union(*more, others, all=True))
    return [one for one in people if one.listed], {one.pk: one for one in people}


# Our recent contacts with the people in scope, read once for both sections built on them
# (the team and owner tables' outreach and reply rate, and near-the-cap): the messages come
# from contacts_outbound_recent_idx and their people from a hash of the scope's people
# (contacts_infl_dash_counts_idx), both from the indexes alone. A message is answered as
# reciprocity counts it (contacts.health.compute): a call, meeting or event, or a real message
# from them within the answer window after it and by `now`. The replies are the workspace's
# recent messages from them (contacts_inbound_recent_idx), matched to ours in one hash semi
# join rather than one index probe per message. Both sides are MATERIALIZED: the planner
# cannot estimate the filtered messages and, guessing few, probed the timeline per message.
# One statement returns both sections: a row per (team, owner) with what was sent and
# answered ("outreach"), then the people nearest their cap ("near_cap"), the most contacted
# first, each with how many there are in all.
RECENT_CONTACTS_SQL = """
WITH people (id, team_id, owner_id, do_not_contact, name) AS (
    {people}
),
sent AS MATERIALIZED (
    SELECT x.influencer_id, x.occurred_at, x.kind, p.team_id, p.owner_id, p.do_not_contact,
        p.name
    FROM contacts_interaction x
    JOIN people p ON p.id = x.influencer_id
    WHERE x.workspace_id = %(workspace)s AND x.deleted_at IS NULL
        AND x.direction = %(outbound)s AND x.kind = ANY(%(conversation)s)
        AND x.occurred_at > LEAST(%(outreach_since)s, %(cap_since)s)
),
replies AS MATERIALIZED (
    SELECT x.influencer_id, x.occurred_at
    FROM contacts_interaction x
    WHERE x.workspace_id = %(workspace)s AND x.deleted_at IS NULL
        AND x.direction = %(inbound)s AND x.kind <> ALL(%(not_reply)s)
        AND x.occurred_at > %(outreach_since)s AND x.occurred_at <= %(now)s
),
outreach AS (
    SELECT s.team_id, s.owner_id, count(*) AS sent,
        count(*) FILTER (WHERE s.kind = ANY(%(two_way)s)) AS answered
    FROM sent s
    WHERE s.occurred_at > %(outreach_since)s AND s.occurred_at <= %(now)s
    GROUP BY 1, 2
),
answered_later AS (
    SELECT s.team_id, s.owner_id, count(*) AS answered
    FROM sent s
    WHERE s.occurred_at > %(outreach_since)s AND s.occurred_at <= %(now)s
        AND s.kind <> ALL(%(two_way)s)
        AND EXISTS (
            SELECT 1 FROM replies r
            WHERE r.influencer_id = s.influencer_id AND r.occurred_at > s.occurred_at
                AND r.occurred_at <= s.occurred_at + %(answer_window)s
        )
    GROUP BY 1, 2
),
near_cap AS (
    SELECT s.influencer_id, count(*) AS contacts,
        COALESCE(max(cp.team_cap_per_30_days), %(workspace_cap)s) AS cap, max(s.name) AS name
    FROM sent s
    LEFT JOIN contacts_contactpolicy cp ON cp.influencer_id = s.influencer_id
    WHERE NOT s.do_not_contact AND s.occurred_at > %(cap_since)s
    GROUP BY 1
    HAVING count(*) >= GREATEST(COALESCE(max(cp.team_cap_per_30_days), %(workspace_cap)s) - 1, 1)
)
SELECT 'outreach', t.public_id, u.public_id, o.sent, o.answered + COALESCE(a.answered, 0),
    NULL::bigint, NULL::bigint, NULL::bigint, NULL::bigint
FROM outreach o
LEFT JOIN answered_later a
    ON a.team_id IS NOT DISTINCT FROM o.team_id AND a.owner_id IS NOT DISTINCT FROM o.owner_id
LEFT JOIN irm_team t ON t.id = o.team_id
LEFT JOIN irm_user u ON u.id = o.owner_id
UNION ALL (
    SELECT 'near_cap', NULL, NULL, NULL, NULL, n.influencer_id, n.contacts, n.cap, count(*) OVER ()
    FROM near_cap n
    ORDER BY n.contacts DESC, n.name, n.influencer_id
    LIMIT %(size)s
)
"""


def _people_sql(scope: DashboardScope, *columns: str) -> tuple[str, dict]:
    """The scope's people (`columns` of them) as SQL from the ORM, so the scope's rule is
    written once, with its parameters named (people_0, people_1, ...) for a statement whose
    own parameters are named."""
    people = Influencer.objects.filter(scope.influencers()).order_by().values_list(*columns)
    sql, params = people.query.sql_with_params()
    names = [f"people_{index}" for index in range(len(params))]
    sql = sql.replace("%%", "%%%%") % tuple(f"%({name})s" for name in names)
    return sql, dict(zip(names, params, strict=True))


def _recent_contacts(
    scope: DashboardScope, now: datetime, policy: facts.WorkspacePolicy, size: int
) -> tuple[dict[tuple, tuple[int, int]], _Found]:
    """Our outbound contacts in the last OUTREACH_DAYS and how many were answered, per
    (team, owner) public ids: both ownership tables add these up; and the people one contact
    or less from their cap (facts.near_contact_cap's rule: outbound contacts strictly inside
    the cap's window, future ones included; people who asked not to be contacted left out).
    Pitches the guard admitted but outreach has not sent yet count here once they are sent
    and land on the timeline: the dashboard reads contacts' tables only."""
    people_sql, people_params = _people_sql(
        scope, "id", "team_id", "owner_id", "do_not_contact", "name"
    )
    params = {
        **people_params,
        "workspace": scope.workspace.pk,
        "outbound": str(Direction.OUTBOUND),
        "inbound": str(Direction.INBOUND),
        "conversation": sorted(str(kind) for kind in CONVERSATION_KINDS),
        "two_way": sorted(str(kind) for kind in TWO_WAY_KINDS),
        "not_reply": sorted(str(kind) for kind in NOT_A_REPLY_KINDS),
        "now": now,
        "outreach_since": now - timedelta(days=OUTREACH_DAYS),
        "cap_since": now - facts.CAP_WINDOW,
        "answer_window": RULES.answer_window,
        "workspace_cap": policy.team_cap_per_30_days,
        "size": size,
    }
    with connection.cursor() as cursor:
        cursor.execute(RECENT_CONTACTS_SQL.format(people=people_sql), params)
        rows = cursor.fetchall()
    outreach = {
        (team, owner): (sent, answered)
        for part, team, owner, sent, answered, *_ in rows
        if part == "outreach"
    }
    near_cap = [
        {"influencer": influencer, "contacts": contacts, "cap": cap, "found": found}
        for part, *_, influencer, contacts, cap, found in rows
        if part == "near_cap"
    ]
    return outreach, _Found.of(near_cap)


def _ownership(
    groups: list[_PeopleGroup], outreach: dict[tuple, tuple[int, int]], by: str
) -> list[OwnershipRow]:
    """Per team (`by="team"`) or per owner: relationships owned, their average health (people
    with a score who are past "new"), our outbound contacts in the last OUTREACH_DAYS and the
    share answered, added up from the groups read once for both tables."""
    side = 0 if by == "team" else 1
    owned: dict = {}
    for group in groups:
        key = group.team if by == "team" else group.owner
        count, scored, score_sum = owned.get(key, (0, 0, 0))
        owned[key] = (count + group.owned, scored + group.scored, score_sum + group.score_sum)
    sent: dict = {}
    for ids, (count, answered) in outreach.items():
        was_sent, was_answered = sent.get(ids[side], (0, 0))
        sent[ids[side]] = (was_sent + count, was_answered + answered)
    rows = []
    for (public_id, *names), (count, scored, score_sum) in owned.items():
        name = next((part for part in names if part), "") or (
            "No team" if by == "team" else "No owner"
        )
        sent_count, answered = sent.get(public_id, (0, 0))
        rows.append(
            OwnershipRow(
                public_id=public_id,
                name=name,
                owned=count,
                average_health=round(score_sum / scored) if scored else None,
                outreach_sent=sent_count,
                answered=answered,
            )
        )
    # Nobody's relationships last; the biggest owners first.
    return sorted(rows, key=lambda row: (row.public_id is None, -row.owned, sort_key(row.name)))


def dashboard_get(*, scope: DashboardScope, now: datetime, size: int = LIST_SIZE) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries."""
    today = health_day(now)
    compared_day = today - timedelta(days=CHANGE_DAYS)
    trend = _trend(scope, today - timedelta(days=TREND_DAYS - 1), today)
    groups = _people_groups(scope)
    bands = _band_counts(groups, trend, compared_day)
    counts = {row.band: row.count for row in bands}
    policy = facts.workspace_policy_get(workspace_id=scope.workspace.pk)
    owed, owed_by_kind = _owed(scope, now, size)
    keep_in_touch = _keep_in_touch(scope, now, policy, size)
    outreach, near_cap = _recent_contacts(scope, now, policy, size)
    lists = [_worst_of(scope, band, size) for band in (HealthBand.AT_RISK, HealthBand.COOLING)]
    listed, people = _people_shown(lists, owed, keep_in_touch, near_cap)
    return Dashboard(
        scope=scope,
        now=now,
        today=today,
        compared_day=compared_day,
        bands=bands,
        total=sum(counts.values()),
        trend=trend,
        chart=band_trend_chart([(row.day, row.in_order()) for row in trend]),
        at_risk=_band_list(listed, HealthBand.AT_RISK, counts[HealthBand.AT_RISK], now),
        cooling=_band_list(listed, HealthBand.COOLING, counts[HealthBand.COOLING], now),
        owed=_owed_section(owed, owed_by_kind, people, now),
        keep_in_touch=_keep_in_touch_section(keep_in_touch, people, now),
        near_cap=_near_cap_section(near_cap, people),
        teams=_ownership(groups, outreach, "team"),
        owners=_ownership(groups, outreach, "owner"),
    )
