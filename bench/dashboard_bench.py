"""Dashboard benchmark: the account managers' dashboard (contacts.selectors.dashboard) over one
generated workspace with 90 days of health snapshots. Not part of the test suite; see
bench/README.md.

    python bench/dashboard_bench.py setup --influencers 10000 --interactions 100000
    python bench/dashboard_bench.py measure --workspace <slug printed by setup>

`setup` writes a workspace of its own with set-based SQL: members who own relationships, teams,
influencers in every band (a few archived, erased or asking not to be contacted), a timeline
of the last `--history` days (pitches, emails and DMs from us, replies, auto-replies, calls),
open promises (some overdue) and one snapshot per influencer and day for `--days` days.

`measure` builds the dashboard for the whole workspace, for one team and for one owner: the
median and slowest of `--runs` builds, the queries of one build, and each query's own time and
plan from EXPLAIN ANALYZE, so two versions of the code can be compared on the same rows.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "irm.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from contacts.models import Influencer  # noqa: E402
from contacts.selectors.dashboard import dashboard_get  # noqa: E402
from contacts.selectors.dashboard_scope import dashboard_scope  # noqa: E402
from irm.models import Membership, Role, Team, User, Workspace  # noqa: E402
from irm.services import workspace_create  # noqa: E402

MEMBERS = 12
TEAMS = 4

INFLUENCERS_SQL = """
INSERT INTO contacts_influencer (
    public_id, workspace_id, name, sort_name, pronouns, avatar_url, bio, background, "values",
    audience_notes, location, country, time_zone, time_zone_guessed, languages, phone, website,
    shipping_address, agent_name, agent_email, stage, do_not_contact, do_not_contact_reason,
    owner_id, team_id, last_two_way_at, health_band, health_reasons, health_override_band,
    health_override_reason, archived_at, erased_at, created_at, updated_at, version
)
SELECT gen_random_uuid(), %(workspace)s, 'Creator ' || g, 'creator ' || g, '', '', '', '', '',
    '', '', 'FR', 'UTC', false, ARRAY['en'], '', '', '', '', '',
    (ARRAY['prospect', 'aware', 'engaged', 'collaborating', 'ambassador'])[1 + g %% 5],
    random() < 0.03, '',
    CASE WHEN random() < 0.8 THEN (%(members)s::bigint[])[1 + g %% %(member_count)s] END,
    CASE WHEN random() < 0.75 THEN (%(teams)s::bigint[])[1 + g %% %(team_count)s] END,
    CASE WHEN random() < 0.9 THEN %(now)s - random() * interval '200 days' END,
    'new',
    '[{"code": "unanswered", "count": 3}, {"code": "quiet", "days": 40, "cadence": 30}]'::jsonb,
    '', '',
    CASE WHEN random() < 0.02 THEN %(now)s END, CASE WHEN random() < 0.01 THEN %(now)s END,
    %(now)s - interval '1 year', %(now)s, 1
FROM generate_series(1, %(count)s) g
"""

# Timeline entries of the last `history` days: mostly our messages, their replies and
# auto-replies.
INTERACTIONS_SQL = """
INSERT INTO contacts_interaction (
    public_id, workspace_id, influencer_id, occurred_at, kind, direction, channel, summary,
    body, sentiment, source_id, contact_rule_overridden, off_topic, respect_findings, created_at
)
SELECT gen_random_uuid(), %(workspace)s, p.id, %(now)s - x.back,
    split_part(x.what, ':', 1), split_part(x.what, ':', 2), '', 'bench', '', '', '', false,
    false, '{}', %(now)s
FROM (
    SELECT 1 + floor(random() * %(people)s)::int AS idx,
        random() * %(history)s * interval '1 day' AS back,
        (ARRAY['pitch:outbound', 'pitch:outbound', 'email:outbound', 'dm:outbound',
            'reply:inbound', 'reply:inbound', 'email:inbound', 'auto_reply:inbound',
            'call:outbound', 'note:internal'])[1 + floor(random() * 10)::int] AS what
    FROM generate_series(1, %(count)s)
) x
JOIN (
    SELECT row_number() OVER (ORDER BY id) AS idx, id FROM contacts_influencer
    WHERE workspace_id = %(workspace)s
) p ON p.idx = x.idx
"""

COMMITMENTS_SQL = """
INSERT INTO contacts_commitment (
    public_id, workspace_id, influencer_id, kind, description, due_at, source_id, created_at
)
SELECT gen_random_uuid(), %(workspace)s, i.id,
    (ARRAY['reply', 'payment', 'feedback', 'other'])[1 + i.id %% 4], 'bench',
    %(now)s + (random() * 40 - 30) * interval '1 day', '', %(now)s - interval '40 days'
FROM contacts_influencer i
WHERE i.workspace_id = %(workspace)s AND random() < 0.15
"""

# One snapshot per influencer and day; bands drift slowly (a band per person per fortnight).
SNAPSHOTS_SQL = """
INSERT INTO contacts_healthsnapshot (
    workspace_id, influencer_id, day, score, band, computed_band, recency, reciprocity,
    respect, owed, depth, sentiment, facts, reasons, computed_at
)
SELECT i.workspace_id, i.id, %(today)s - back, s.score, s.band, s.band, 50, 50, 50, 50, 50, 50,
    '{}', '[]', %(now)s - back * interval '1 day'
FROM contacts_influencer i
CROSS JOIN generate_series(0, %(days)s - 1) back
CROSS JOIN LATERAL (
    SELECT (abs(hashtext(i.id::text || '/' || (back / 14)::text)) %% 100) AS score
) h
CROSS JOIN LATERAL (
    SELECT h.score,
        CASE WHEN h.score >= 80 THEN 'thriving' WHEN h.score >= 60 THEN 'healthy'
            WHEN h.score >= 40 THEN 'cooling' WHEN h.score >= 20 THEN 'at_risk'
            WHEN h.score >= 10 THEN 'dormant' ELSE 'new' END AS band
) s
WHERE i.workspace_id = %(workspace)s AND i.erased_at IS NULL
"""

CURRENT_HEALTH_SQL = """
UPDATE contacts_influencer i
SET health_band = s.band, health_score = s.score, health_computed_at = s.computed_at
FROM contacts_healthsnapshot s
WHERE s.influencer_id = i.id AND s.day = %(today)s AND i.workspace_id = %(workspace)s
"""


def _timed(cursor, label: str, sql: str, params: dict) -> None:
    started = time.monotonic()
    cursor.execute(sql, params)
    seconds = time.monotonic() - started
    print(f"  {label}: {cursor.rowcount:,} rows in {seconds:.1f} s")


def setup(*, influencers: int, interactions: int, days: int, history: int) -> None:
    now = timezone.now()
    stamp = now.strftime("%Y%m%d%H%M%S")
    admin = User.objects.create_user(email=f"dash-{stamp}@bench.invalid", password=None)
    workspace = workspace_create(name=f"Dashboard {stamp}", slug=f"dash-{stamp}", admin=admin)
    members = [admin] + [
        User.objects.create_user(
            email=f"dash-{stamp}-{n}@bench.invalid", password=None, name=f"Member {n}"
        )
        for n in range(1, MEMBERS)
    ]
    Membership.objects.bulk_create(
        Membership(workspace=workspace, user=user, role=Role.MEMBER) for user in members[1:]
    )
    teams = [Team.objects.create(workspace=workspace, name=f"Team {n}") for n in range(TEAMS)]
    params = {
        "workspace": workspace.pk,
        "now": now,
        "today": now.date(),
        "days": days,
        "count": influencers,
        "members": [user.pk for user in members],
        "member_count": len(members),
        "teams": [team.pk for team in teams],
        "team_count": len(teams),
        "people": influencers,
        "history": history,
    }
    print(f"workspace {workspace.slug}")
    with connection.cursor() as cursor:
        cursor.execute("SELECT setseed(0.42)")
        _timed(cursor, "influencers", INFLUENCERS_SQL, params)
        _timed(cursor, "interactions", INTERACTIONS_SQL, {**params, "count": interactions})
        _timed(cursor, "commitments", COMMITMENTS_SQL, params)
        _timed(cursor, "snapshots", SNAPSHOTS_SQL, params)
        _timed(cursor, "current health", CURRENT_HEALTH_SQL, params)
        cursor.execute("ANALYZE")


def _explained(sql: str, runs: int = 3) -> tuple[float, str]:
    """A query's own execution time (ms, the best of `runs`: the machine is shared) and the
    top of its plan."""
    best, top = None, ""
    with connection.cursor() as cursor:
        for _ in range(runs):
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}")
            lines = [row[0] for row in cursor.fetchall()]
            total = next(line for line in lines if line.startswith("Execution Time"))
            took = float(total.split(":")[1].split()[0])
            if best is None or took < best:
                best, top = took, lines[0].strip()
    return best, top


def measure(*, slug: str, runs: int, plans: bool) -> None:
    workspace = Workspace.objects.get(slug=slug)
    people = Influencer.objects.filter(workspace=workspace).count()
    team = Team.objects.filter(workspace=workspace).order_by("name").first()
    owner = Membership.objects.filter(workspace=workspace, role=Role.MEMBER).first().user
    scopes = {
        "everyone": {},
        "one team": {"team": str(team.public_id)},
        "one owner": {"owner": str(owner.public_id)},
    }
    print(f"workspace {slug}: {people:,} influencers")
    for label, filters in scopes.items():
        scope = dashboard_scope(workspace=workspace, **filters)
        dashboard_get(scope=scope, now=timezone.now())  # warm the caches
        times = []
        for _ in range(runs):
            started = time.monotonic()
            dashboard_get(scope=scope, now=timezone.now())
            times.append((time.monotonic() - started) * 1000)
        with CaptureQueriesContext(connection) as captured:
            dashboard_get(scope=scope, now=timezone.now())
        print(
            f"{label}: median {statistics.median(times):.0f} ms, slowest {max(times):.0f} ms, "
            f"{len(captured)} queries"
        )
        if not plans:
            continue
        for number, query in enumerate(captured.captured_queries, 1):
            own, top = _explained(query["sql"])
            print(f"  {number:2}. {own:8.1f} ms  {query['sql'][:90]}")
            print(f"      {top[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("setup")
    made.add_argument("--influencers", type=int, default=10_000)
    made.add_argument("--interactions", type=int, default=100_000)
    made.add_argument("--days", type=int, default=90, help="days of health snapshots")
    made.add_argument("--history", type=int, default=120, help="days of timeline")
    measured = commands.add_parser("measure")
    measured.add_argument("--workspace", required=True)
    measured.add_argument("--runs", type=int, default=10)
    measured.add_argument("--no-plans", action="store_true")
    args = parser.parse_args()
    if args.command == "setup":
        setup(
            influencers=args.influencers,
            interactions=args.interactions,
            days=args.days,
            history=args.history,
        )
    else:
        measure(slug=args.workspace, runs=args.runs, plans=not args.no_plans)


if __name__ == "__main__":
    main()
