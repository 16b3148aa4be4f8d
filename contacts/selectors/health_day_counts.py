"""Daily band counts (contacts.models.HealthDayCount): how many relationships were in each band
on each day, per workspace, team, owner and team-and-owner, so the dashboard's trend reads at
most 90 days x 6 bands rows whatever the number of people or days kept.

Who keeps them: statement-level triggers (the contacts migration "health_day_counts") on the
snapshots and on the influencers. Each adds the signed change of what its statement did (one grouped
INSERT ... ON CONFLICT DO UPDATE) in the same transaction, so the counts are exact to the last
commit. A service call would miss writes that do not pass through it: the health upsert
rewrites a day's snapshot several times a day (each event recomputes it) and only the old row
says which band to take one from; erasure and merge delete snapshots; a team deleted sets its
people's team to NULL; imports, bulk edits and the admin change owners.

The rule (the trend's rule before these counts existed): a day counts the snapshots of the
people who are in the scope now (not erased, not archived, with this team and owner). So
erasing or archiving someone takes them out of every past day, unarchiving brings them back,
and a change of team or owner carries their whole history to the new one: the trend and the
"change since 30 days ago" always compare the same people.

TRUNCATE fires no row-change trigger: whoever empties the snapshots with it empties the counts
too (the test database's flush truncates every table).
"""

from datetime import date

from contacts.models import HealthDayCount


def _key(chosen, nobody: bool) -> int:
    if chosen is not None:
        return chosen.pk
    return HealthDayCount.NOBODY if nobody else HealthDayCount.ANY


def health_day_counts(*, scope, first_day: date, last_day: date) -> dict[date, dict[str, int]]:
    """Relationships per band per day for a dashboard scope (contacts.selectors.dashboard's
    DashboardScope), from `first_day` to `last_day`; days without any are absent. One range
    read of the counts' unique index (contacts_health_daycount_key)."""
    rows = HealthDayCount.objects.filter(
        workspace=scope.workspace,
        team_key=_key(scope.team, scope.no_team),
        owner_key=_key(scope.owner, scope.no_owner),
        day__gte=first_day,
        day__lte=last_day,
        count__gt=0,
    ).values_list("day", "band", "count")
    days: dict[date, dict[str, int]] = {}
    for day, band, count in rows:
        days.setdefault(day, {})[band] = count
    return days
