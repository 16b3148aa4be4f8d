"""The dashboard's follow-up sections (contacts.selectors.dashboard): what we owe (overdue
promises), keep-in-touch, near-the-cap, and our recent contacts per team and owner (the
ownership tables' outreach and reply rate); then the people all those rows and the at-risk and
cooling lists show, loaded in one query.
"""

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Count, F, Value, Window

from contacts import facts
from contacts.health.weights import RULES
from contacts.kinds import CONVERSATION_KINDS, TWO_WAY_KINDS
from contacts.models import NOT_A_REPLY_KINDS, CommitmentKind, Direction, Influencer
from contacts.selectors.dashboard_scope import CutList, DashboardScope

# Outreach and reply rate in the team and owner tables look back this far.
OUTREACH_DAYS = 30


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
class Section(CutList):
    """A list cut to its first rows, with how many there are in all."""

    rows: list
    total: int


@dataclass(frozen=True)
class Found:
    """A section's rows before their people are loaded (each row's values, the influencer's
    id under "influencer"), and how many rows there are in all. The sections' queries keep
    their rows narrow (a window counts them all, so no row is carried wide); the people they
    show are loaded together, once (people_shown)."""

    rows: list[dict]
    total: int

    @classmethod
    def of(cls, rows: list[dict]) -> "Found":
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


def owed_found(scope: DashboardScope, now: datetime, size: int) -> tuple[Found, dict[str, int]]:
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
    return Found.of(found), counts


def owed_section(
    found: Found, by_kind: dict[str, int], people: dict[int, Influencer], now: datetime
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


def keep_in_touch_found(
    scope: DashboardScope, now: datetime, policy: facts.WorkspacePolicy, size: int
) -> Found:
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
    return Found.of(list(found))


def keep_in_touch_section(found: Found, people: dict[int, Influencer], now: datetime):
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


def near_cap_section(found: Found, people: dict[int, Influencer]) -> Section:
    rows = [
        NearCap(influencer=people[row["influencer"]], contacts=row["contacts"], cap=row["cap"])
        for row in found.rows
    ]
    return Section(rows=rows, total=found.total)


def people_shown(lists: list, *sections: Found) -> tuple[list[Influencer], dict]:
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
# reciprocity counts it (contacts.services.health): a call, meeting or event, or a real message
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


def recent_contacts(
    scope: DashboardScope, now: datetime, policy: facts.WorkspacePolicy, size: int
) -> tuple[dict[tuple, tuple[int, int]], Found]:
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
    return outreach, Found.of(near_cap)
