"""The account managers' dashboard (the workspace home): relationship health across a workspace,
read from contacts' own tables (Influencer, Interaction, Commitment, ContactPolicy, and the
daily band counts kept from HealthSnapshot: contacts.selectors.health_day_counts).

Building it takes seven set-based queries whatever the number of people or days of history:
the trend (the daily counts), the people grouped by team, owner and band (band counts and both
ownership tables), the policy, what we owe (overdue promises per kind and the people owed, in
one statement), keep-in-touch with its total in a window, our recent contacts (outreach and
replies per team and owner, and near-the-cap with its total, in one statement), then the people
all those rows and the at-risk and cooling lists show, in one query.
Every query is scoped to the workspace and, when asked, to one team and/or one owner (or to
people without one); erased and archived people never count. `now` is a parameter so the page
can be rebuilt for any moment.

The sections are read in contacts.selectors.dashboard_health (band counts, trend, at-risk and
cooling lists, ownership tables) and contacts.selectors.dashboard_followups (what we owe,
keep-in-touch, near-the-cap, recent contacts); the scope in contacts.selectors.dashboard_scope.
This module puts them together (dashboard_get).
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from contacts import facts
from contacts.charts import BandTrendChart, band_trend_chart
from contacts.health.weights import health_day
from contacts.models import HealthBand
from contacts.selectors.dashboard_followups import (
    OwedSection,
    Section,
    keep_in_touch_found,
    keep_in_touch_section,
    near_cap_section,
    owed_found,
    owed_section,
    people_shown,
    recent_contacts,
)
from contacts.selectors.dashboard_health import (
    BandCount,
    OwnershipRow,
    RelationshipList,
    TrendDay,
    band_counts,
    band_list,
    ownership_rows,
    people_groups,
    trend_days,
    worst_of,
)
from contacts.selectors.dashboard_scope import DashboardScope

TREND_DAYS = 90
CHANGE_DAYS = 30
LIST_SIZE = 10


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


def dashboard_get(*, scope: DashboardScope, now: datetime, size: int = LIST_SIZE) -> Dashboard:
    """Everything the dashboard shows, in a fixed number of queries."""
    today = health_day(now)
    compared_day = today - timedelta(days=CHANGE_DAYS)
    trend = trend_days(scope, today - timedelta(days=TREND_DAYS - 1), today)
    groups = people_groups(scope)
    bands = band_counts(groups, trend, compared_day)
    counts = {row.band: row.count for row in bands}
    policy = facts.workspace_policy_get(workspace_id=scope.workspace.pk)
    owed, owed_by_kind = owed_found(scope, now, size)
    keep_in_touch = keep_in_touch_found(scope, now, policy, size)
    outreach, near_cap = recent_contacts(scope, now, policy, size)
    lists = [worst_of(scope, band, size) for band in (HealthBand.AT_RISK, HealthBand.COOLING)]
    listed, people = people_shown(lists, owed, keep_in_touch, near_cap)
    return Dashboard(
        scope=scope,
        now=now,
        today=today,
        compared_day=compared_day,
        bands=bands,
        total=sum(counts.values()),
        trend=trend,
        chart=band_trend_chart([(row.day, row.in_order()) for row in trend]),
        at_risk=band_list(listed, HealthBand.AT_RISK, counts[HealthBand.AT_RISK], now),
        cooling=band_list(listed, HealthBand.COOLING, counts[HealthBand.COOLING], now),
        owed=owed_section(owed, owed_by_kind, people, now),
        keep_in_touch=keep_in_touch_section(keep_in_touch, people, now),
        near_cap=near_cap_section(near_cap, people),
        teams=ownership_rows(groups, outreach, "team"),
        owners=ownership_rows(groups, outreach, "owner"),
    )
