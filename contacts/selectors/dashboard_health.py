"""The dashboard's health sections (contacts.selectors.dashboard): the people grouped by team,
owner and band (the band counts and both ownership tables add these up), the trend from the
daily counts (contacts.selectors.health_day_counts), and the at-risk and cooling lists with
each person's reasons in words and the next step to take.
"""

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db import connection
from django.db.models import Count, F, Q, Sum, Value

from contacts.health.reasons import is_concern, reason_text
from contacts.models import HealthBand, Influencer
from contacts.normalize import sort_key
from contacts.selectors.dashboard_scope import CutList, DashboardScope
from contacts.selectors.health_day_counts import health_day_counts
from irm.models import User

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
class RelationshipList(CutList):
    band: str
    label: str
    rows: list[Relationship]
    total: int


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


def people_groups(scope: DashboardScope) -> list[_PeopleGroup]:
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


def band_counts(groups: list[_PeopleGroup], trend: list[TrendDay], compared_day: date):
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


def trend_days(scope: DashboardScope, first_day: date, last_day: date) -> list[TrendDay]:
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


def worst_of(scope: DashboardScope, band: str, size: int):
    """The `size` worst of one band (people never scored last), read in the order of
    contacts_infl_dash_worst_idx; loaded with the other sections' people (people_shown)."""
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


def band_list(listed: list[Influencer], band: str, total: int, now: datetime) -> RelationshipList:
    """The worst of one band first, with their owner."""
    shown = sorted((one for one in listed if one.health_band == band), key=_worst_first)
    return RelationshipList(
        band=band,
        label=HealthBand(band).label,
        rows=[_relationship(influencer, now) for influencer in shown],
        total=total,
    )


def ownership_rows(
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
