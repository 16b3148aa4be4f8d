"""The bench data set, generated in SQL (INSERT ... SELECT over generate_series) at a SCALE:
SCALE=1 is 100,000 influencers, 2,000,000 timeline entries, 1,000,000 metric snapshots, 90 days
of health snapshots, 300,000 pitches, 500,000 reminders and 2,000 campaigns with 20,000
collaborations and deliverables; smaller scales are linear. One profile has a 5,000-entry
timeline at every scale, so the profile figure compares across scales.

Derived columns are kept as the product keeps them: last contact dates with the product's own
expressions (one set-based UPDATE), search documents and sort names as contacts.selectors.search and
contacts.normalize build them, health by the product's nightly sweep (then 89 earlier days
copied from it with some drift). Each step reports its rows per second.
"""

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from bench import health_bench
from contacts import normalize
from contacts.models import Influencer, Interaction
from contacts.services.health_sweep import health_sweep
from contacts.services.profiles import influencer_refresh_search
from contacts.services.timeline import influencer_refresh_last_contact, last_contact_facts
from irm.models import Membership, Role, Team, User, Workspace
from irm.services import workspace_create

BENCH_EMAIL = "bench@bench.invalid"
BENCH_PASSWORD = "bench-password-not-a-secret"
BIG_SLUG = "bench-big"
# The big agency and smaller ones; the big one is the one measured.
WORKSPACE_SHARES = {"bench-big": 0.7, "bench-mid": 0.15, "bench-small": 0.1, "bench-tiny": 0.05}
MEMBERS_PER_TEAM = 5
TEAMS = 4
BUSIEST_ENTRIES = 5_000
HEALTH_DAYS = 90

# Accented names: their search documents and sort names are built from the product's own
# unaccented form (contacts.normalize.sort_key), so "zoe" finds "Zoë" as it does in the app.
FIRST = ["Zoë", "Léa", "Chloé", "Maria", "Marc", "Inès", "José", "Noémie", "Anna", "Lucas",
         "Jürgen", "Sofia", "Björn", "Hugo", "Camille", "Ana", "Mateo", "Emma", "Théo",
         "Nina"]  # fmt: skip
LAST = ["Saldaña", "Dubois", "Martin", "Müller", "García", "Rossi", "Lefèvre", "Novák", "Smith",
        "Jensen", "Peña", "Marino", "Öztürk", "Bernard", "de Vries", "Costa", "Nowak", "Silva",
        "Moreau", "Łukasz", "Zoeller"]  # fmt: skip
COUNTRIES = ["FR", "DE", "ES", "IT", "GB", "US", "NL", "BE", "PT", "SE"]
# A rare word for the "rare" search: one influencer in about 5,000 has it in their name.
RARE_WORD = "Quillfeather"


@dataclass
class Step:
    table: str
    rows: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0


def counts(scale: float) -> dict[str, int]:
    def scaled(n: int, least: int = 1) -> int:
        return max(least, round(n * scale))

    return {
        "influencers": scaled(100_000, 200),
        "interactions": scaled(2_000_000, 4_000),
        "metric_snapshots": scaled(1_000_000, 2_000),
        "pitches": scaled(300_000, 600),
        "reminders": scaled(500_000, 1_000),
        "campaigns": scaled(2_000, 5),
        "collaborations_per_campaign": 10,
        "inbound": scaled(20_000, 100),
    }


# --- people -------------------------------------------------------------------------------------


def _people(now: datetime) -> tuple[User, dict[str, Workspace]]:
    """The bench user (admin of every bench workspace, staff for the admin peer), members in
    teams, and the workspaces: a few rows through the product's own services."""
    user = User.objects.create_superuser(email=BENCH_EMAIL, password=BENCH_PASSWORD)
    workspaces = {}
    for slug in WORKSPACE_SHARES:
        workspaces[slug] = workspace_create(name=f"Bench {slug}", slug=slug, admin=user)
    big = workspaces[BIG_SLUG]
    for number in range(TEAMS):
        team = Team.objects.create(workspace=big, name=f"Team {number + 1}")
        for seat in range(MEMBERS_PER_TEAM):
            member = User.objects.create_user(
                email=f"member-{number}-{seat}@bench.invalid", password=None
            )
            membership = Membership.objects.create(workspace=big, user=member, role=Role.MEMBER)
            team.members.add(membership)
    return user, workspaces


INFLUENCERS_SQL = """
INSERT INTO contacts_influencer (
    public_id, workspace_id, name, sort_name, pronouns, avatar_url, bio, background, "values",
    audience_notes, location, country, time_zone, time_zone_guessed, languages, phone, website,
    shipping_address, agent_name, agent_email, total_followers, stage, keep_in_touch_days,
    do_not_contact, do_not_contact_reason, owner_id, team_id, health_band, health_reasons,
    health_override_band, health_override_reason, version, created_at, updated_at
)
SELECT gen_random_uuid(), %(workspace)s, n.name, lower(n.plain), '', '', '', '', '', '',
    'Lyon', c.country, 'Europe/Paris', false, ARRAY['en', 'fr'], '', '', '', '', '',
    (1000 + power(random(), 3) * 3000000)::bigint,
    (ARRAY['prospect', 'aware', 'engaged', 'collaborating', 'ambassador'])[1 + (g %% 5)],
    CASE WHEN g %% 20 = 0 THEN 14 END,
    g %% 50 = 0, CASE WHEN g %% 50 = 0 THEN 'Asked us to stop.' ELSE '' END,
    o.user_id, o.team_id, 'new', '[]'::jsonb, '', '', 1,
    %(now)s - interval '2 years' + (g %% 700) * interval '1 day', %(now)s
FROM generate_series(1, %(count)s) g
CROSS JOIN LATERAL (
    SELECT f.a || ' ' || l.a || CASE WHEN g %% 5000 = 7 THEN ' {rare}' ELSE '' END AS name,
        f.p || ' ' || l.p || CASE WHEN g %% 5000 = 7 THEN ' {rare}' ELSE '' END AS plain
    FROM (SELECT * FROM unnest(%(first)s::text[], %(first_plain)s::text[]) WITH ORDINALITY
          AS f(a, p, k)) f,
         (SELECT * FROM unnest(%(last)s::text[], %(last_plain)s::text[]) WITH ORDINALITY
          AS l(a, p, k)) l
    WHERE f.k = 1 + (g * 7) %% %(first_count)s AND l.k = 1 + (g * 13 / 3) %% %(last_count)s
) n
CROSS JOIN LATERAL (SELECT (%(countries)s::text[])[1 + (g * 3) %% %(country_count)s] AS country) c
LEFT JOIN LATERAL (
    -- 70%% have an owner; each owner's first team is the influencer's team.
    SELECT m.user_id, m.team_id
    FROM unnest(%(owners)s::bigint[], %(teams)s::bigint[]) WITH ORDINALITY
        AS m(user_id, team_id, k)
    WHERE g %% 10 < 7 AND m.k = 1 + g %% %(owner_count)s
) o ON true
""".replace("{rare}", RARE_WORD)

EMAILS_SQL = """
INSERT INTO contacts_influenceremail (email, is_primary, created_at, influencer_id,
    workspace_id, bounce_reason)
SELECT 'creator' || i.id || '@bench.example', true, i.created_at, i.id, i.workspace_id, ''
FROM contacts_influencer i WHERE i.workspace_id = ANY(%(workspaces)s)
"""

ACCOUNTS_SQL = """
INSERT INTO contacts_socialaccount (public_id, platform, handle, url, followers,
    engagement_rate, verified, last_updated_at, influencer_id, workspace_id)
SELECT gen_random_uuid(), 'instagram', 'ig' || i.id, '', i.total_followers,
    round((random() * 8)::numeric, 2), i.id %% 7 = 0, %(now)s, i.id, i.workspace_id
FROM contacts_influencer i WHERE i.workspace_id = ANY(%(workspaces)s)
"""

# Two in three opened email to us (the guard lets a pitch go to them).
CHANNELS_SQL = """
INSERT INTO contacts_channelpermission (public_id, channel, is_open, since, evidence,
    recorded_at, recorded_by_id, workspace_id, influencer_id)
SELECT gen_random_uuid(), 'email', true, i.created_at, 'They wrote to us first.', i.created_at,
    %(recorder)s, i.workspace_id, i.id
FROM contacts_influencer i WHERE i.workspace_id = ANY(%(workspaces)s) AND i.id %% 3 <> 0
"""

# The search document as contacts.selectors.search.document builds it (name, handles, the local part
# of each address, bio, topics, location, agent; unaccented, lower case, words only): the sort name
# is the unaccented lower-case name, and the generated handles and addresses are plain words.
SEARCH_SQL = """
UPDATE contacts_influencer AS i
SET search_vector = to_tsvector('simple', concat_ws(' ', i.sort_name, a.handles, e.locals,
                                                     lower(i.location)))
FROM (SELECT influencer_id, string_agg(handle, ' ') AS handles FROM contacts_socialaccount
      WHERE workspace_id = ANY(%(workspaces)s) GROUP BY 1) a,
     (SELECT influencer_id, string_agg(split_part(email, '@', 1), ' ') AS locals
      FROM contacts_influenceremail WHERE workspace_id = ANY(%(workspaces)s) GROUP BY 1) e
WHERE a.influencer_id = i.id AND e.influencer_id = i.id
"""

# Each account's follower counts on evenly spaced days up to today.
METRICS_SQL = """
INSERT INTO contacts_metricsnapshot (captured_on, followers, engagement_rate, social_account_id)
SELECT (%(now)s::date - (d * 30)), greatest(0, a.followers - d * (a.followers / 100)),
    a.engagement_rate, a.id
FROM contacts_socialaccount a CROSS JOIN generate_series(0, %(per_account)s - 1) d
WHERE a.workspace_id = ANY(%(workspaces)s)
"""

# One influencer with a long history: the health bench's exchange generator, pointed at them.
BUSIEST_PEOPLE_SQL = """
CREATE TEMPORARY TABLE bench_people AS
SELECT 1::bigint AS idx, i.id, i.workspace_id FROM contacts_influencer i
WHERE i.workspace_id = %(workspace)s ORDER BY i.id LIMIT 1;
"""

# Last contact dates: the product's expressions (influencer_refresh_last_contact), for all.
LAST_CONTACT_SQL = """
UPDATE contacts_influencer AS i
SET last_inbound_at = f.last_inbound, last_outbound_at = f.last_outbound,
    last_two_way_at = f.last_two_way
FROM ({facts}) AS f WHERE f.influencer_id = i.id
"""

PITCHES_SQL = """
INSERT INTO outreach_pitch (public_id, context_id, channel, subject, body, status, sent_at,
    replied_at, answered_at, message_id, verdict, override_reason, fingerprint, created_at,
    updated_at, author_id, influencer_id, workspace_id, delivery_failure, is_privacy_notice,
    version)
SELECT gen_random_uuid(), '', 'email', 'A collaboration idea ' || g, 'Hello, ...',
    s.status, CASE WHEN s.status <> 'draft' THEN s.at END,
    CASE WHEN s.status IN ('replied', 'accepted', 'declined') THEN s.at + interval '2 days' END,
    CASE WHEN s.status IN ('accepted', 'declined') THEN s.at + interval '3 days' END,
    '', '{}'::jsonb, '', '{}', s.at, s.at, %(author)s, p.id, p.workspace_id, '', false, 1
FROM generate_series(1, %(count)s) g
CROSS JOIN LATERAL (
    SELECT (ARRAY['sent', 'sent', 'replied', 'accepted', 'declined', 'no_response', 'draft',
                  'cancelled', 'sent', 'replied'])[1 + g %% 10] AS status,
           %(now)s - (g %% 700) * interval '1 day' - (g %% 24) * interval '1 hour' AS at
) s
JOIN bench_people p ON p.idx = 1 + (g::bigint * 7919) %% %(people)s
"""

REMINDERS_SQL = """
INSERT INTO outreach_reminder (public_id, source_id, kind, title, reason, suggestion, due_at,
    status, dedupe_key, attempts, last_error, closed_reason, created_at, updated_at,
    assignee_id, influencer_id, workspace_id, fired_at, closed_at)
SELECT gen_random_uuid(), '', k.kind, 'Bench reminder ' || g, '', '', k.due, k.status,
    'bench:' || g, 0, '', '', k.due - interval '7 days', k.due,
    coalesce(i.owner_id, %(assignee)s), i.id, i.workspace_id,
    CASE WHEN k.status IN ('fired', 'done', 'dismissed') THEN k.due END,
    CASE WHEN k.status IN ('done', 'dismissed', 'cancelled') THEN k.due + interval '1 day' END
FROM generate_series(1, %(count)s) g
CROSS JOIN LATERAL (
    SELECT (ARRAY['keep_in_touch', 'follow_up_due', 'custom', 'owe_reply'])[1 + g %% 4] AS kind,
        -- most are history; about 5%% are still waiting, spread over the next weeks
        CASE WHEN g %% 20 = 0 THEN 'pending' WHEN g %% 20 = 1 THEN 'fired'
             WHEN g %% 3 = 0 THEN 'dismissed' ELSE 'done' END AS status,
        CASE WHEN g %% 20 = 0 THEN %(now)s + (g %% 30 + 1) * interval '1 day'
             ELSE %(now)s - (g %% 700) * interval '1 day' END AS due
) k
JOIN bench_people p ON p.idx = 1 + (g::bigint * 6151) %% %(people)s
JOIN contacts_influencer i ON i.id = p.id
"""

INBOUND_SQL = """
INSERT INTO outreach_inboundmessage (public_id, message_id, in_reply_to, "references",
    from_name, from_address, to_addresses, cc_addresses, subject, sent_at, received_at,
    body_text, quoted_text, from_html, headers, raw, kind, auto_reply_marker, status, matched_by,
    note, away_decision, delivery_failed, failed_recipient, delivery_diagnostic, influencer_id,
    workspace_id)
SELECT gen_random_uuid(), '<bench-' || g || '@bench.example>', '', '{}', i.name,
    'creator' || i.id || '@bench.example', ARRAY['reply@bench.example'], '{}',
    'Re: A collaboration idea', %(now)s - (g %% 300) * interval '1 hour',
    %(now)s - (g %% 300) * interval '1 hour', 'Sounds good!', '', false, '{}'::jsonb, '',
    'reply', '', CASE WHEN g %% 4 = 0 THEN 'unmatched' ELSE 'matched' END,
    CASE WHEN g %% 4 = 0 THEN '' ELSE 'sender' END, '', 'pending', false, '', '',
    CASE WHEN g %% 4 = 0 THEN NULL ELSE i.id END, i.workspace_id
FROM generate_series(1, %(count)s) g
JOIN bench_people p ON p.idx = 1 + (g::bigint * 4099) %% %(people)s
JOIN contacts_influencer i ON i.id = p.id
"""

BRANDS_SQL = """
INSERT INTO campaigns_brand (public_id, name, description, "values", website, created_at,
    workspace_id)
SELECT gen_random_uuid(), 'Brand ' || g, '', '', '', %(now)s, w
FROM unnest(%(workspaces)s::bigint[]) w CROSS JOIN generate_series(1, 10) g
"""

CAMPAIGNS_SQL = """
INSERT INTO campaigns_campaign (public_id, name, goal, story, key_messages, dos, donts,
    hashtags, disclosure, starts_on, ends_on, budget, currency, status, created_at, updated_at,
    brand_id, owner_id, workspace_id, version)
SELECT gen_random_uuid(), 'Campaign ' || g, '', '', '', '', '', '{}', '',
    %(now)s::date - (g %% 365), %(now)s::date - (g %% 365) + 60, 10000, 'EUR',
    (ARRAY['planning', 'active', 'completed', 'cancelled'])[1 + g %% 4], %(now)s, %(now)s,
    b.id, %(owner)s, b.workspace_id, 1
FROM generate_series(1, %(count)s) g
JOIN LATERAL (SELECT id, workspace_id FROM campaigns_brand WHERE workspace_id = %(workspace)s
              ORDER BY id OFFSET g %% 10 LIMIT 1) b ON true
"""

COLLABORATIONS_SQL = """
INSERT INTO campaigns_collaboration (public_id, stage, stage_changed_at, position,
    contract_status, contract_file, contract_file_name, usage_rights, story_notes, created_at,
    updated_at, campaign_id, influencer_id, workspace_id)
SELECT gen_random_uuid(),
    (ARRAY['shortlisted', 'invited', 'negotiating', 'agreed', 'in_review', 'published',
           'completed', 'declined'])[1 + (c.id + s) %% 8],
    %(now)s, s, 'none', '', '', '', '', %(now)s, %(now)s, c.id, p.id, c.workspace_id
FROM campaigns_campaign c CROSS JOIN generate_series(0, %(per_campaign)s - 1) s
JOIN bench_people p ON p.workspace_id = c.workspace_id
    AND p.idx = 1 + (c.id * 37 + s * 101) %% %(people)s
WHERE c.workspace_id = %(workspace)s
ON CONFLICT DO NOTHING
"""

DELIVERABLES_SQL = """
INSERT INTO campaigns_deliverable (public_id, kind, title, due_on, status, draft_url,
    review_comment, published_url, created_at, updated_at, collaboration_id)
SELECT gen_random_uuid(), 'instagram_post', 'Post', %(now)s::date + (c.id %% 40 - 20)::int,
    (ARRAY['planned', 'draft_submitted', 'approved', 'published'])[1 + c.id %% 4], '', '', '',
    %(now)s, %(now)s, c.id
FROM campaigns_collaboration c WHERE c.workspace_id = ANY(%(workspaces)s)
"""

# Earlier days of health, drifted from today's computed snapshot: band trends have history.
HEALTH_HISTORY_SQL = """
INSERT INTO contacts_healthsnapshot (day, score, band, computed_band, recency, reciprocity,
    respect, owed, depth, sentiment, facts, reasons, computed_at, influencer_id, workspace_id)
SELECT h.day - d, greatest(0, least(100, h.score + ((h.influencer_id + d) %% 11) - 5)),
    CASE WHEN (h.influencer_id + d / 7) %% 9 = 0 THEN 'cooling' ELSE h.band END,
    h.computed_band, h.recency, h.reciprocity, h.respect, h.owed, h.depth, h.sentiment,
    h.facts, h.reasons, h.computed_at - d * interval '1 day', h.influencer_id, h.workspace_id
FROM contacts_healthsnapshot h CROSS JOIN generate_series(1, %(days)s - 1) d
WHERE h.day = %(today)s AND h.workspace_id = ANY(%(workspaces)s)
"""


def _facts_sql() -> tuple[str, list]:
    """The SELECT of influencer_refresh_last_contact's aggregate, for everyone."""
    sql, params = last_contact_facts(Interaction.objects.all()).query.sql_with_params()
    return sql, list(params)


DERIVED = ("sort_name", "search_vector", "last_inbound_at", "last_outbound_at", "last_two_way_at")


class RolledBack(Exception):
    pass


def verify_derived(sample: int = 20) -> None:
    """The generated derived columns must be what the product itself computes: for a sample,
    recompute them with the product's services in a transaction that is rolled back, and
    compare."""
    people = list(Influencer.objects.order_by("?")[:sample])
    mismatches = []
    try:
        with transaction.atomic():
            before = {
                row["pk"]: row
                for row in Influencer.objects.filter(
                    pk__in=[person.pk for person in people]
                ).values("pk", *DERIVED)
            }
            for person in people:
                person.sort_name = normalize.sort_key(person.name)
                Influencer.objects.filter(pk=person.pk).update(sort_name=person.sort_name)
                influencer_refresh_search(influencer=person)
                influencer_refresh_last_contact(influencer=person)
            after = Influencer.objects.filter(pk__in=before).values("pk", *DERIVED)
            for row in after:
                for name in DERIVED:
                    if row[name] != before[row["pk"]][name]:
                        mismatches.append(
                            f"{row['pk']}.{name}: {before[row['pk']][name]!r} "
                            f"generated, {row[name]!r} by the product"
                        )
            raise RolledBack
    except RolledBack:
        pass
    if mismatches:
        raise RuntimeError(
            "generated columns differ from the product's: " + "; ".join(mismatches[:5])
        )


class Generator:
    def __init__(self, scale: float, now: datetime, log=print) -> None:
        self.scale = scale
        self.now = now
        self.n = counts(scale)
        self.steps: list[Step] = []
        self.log = log

    def run(self) -> list[Step]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(0.42)")
        user, workspaces = self._timed_people()
        ids = [workspace.pk for workspace in workspaces.values()]
        big = workspaces[BIG_SLUG]
        self._influencers(user, workspaces)
        common = {"workspaces": ids, "now": self.now}
        self.sql("contacts_influenceremail", EMAILS_SQL, common)
        self.sql("contacts_socialaccount", ACCOUNTS_SQL, common)
        self.sql("(search documents)", SEARCH_SQL, common)
        self.sql("contacts_channelpermission", CHANNELS_SQL, {**common, "recorder": user.pk})
        per_account = max(1, round(self.n["metric_snapshots"] / self.n["influencers"]))
        self.sql("contacts_metricsnapshot", METRICS_SQL, {**common, "per_account": per_account})
        self._timeline(ids, big)
        self._outreach(user, ids)
        self._campaigns(user, ids, big)
        self.sql("(analyze)", "ANALYZE", {})
        self._health(ids)
        verify_derived()
        return self.steps

    def sql(self, table: str, statement: str, params: dict) -> int:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows = max(cursor.rowcount, 0)
        step = Step(table, rows, time.perf_counter() - started)
        self.steps.append(step)
        self.log(f"  {table:<28} {rows:>10,} rows {step.seconds:7.1f} s {step.rate:>10,.0f} rows/s")
        return rows

    def _timed_people(self):
        started = time.perf_counter()
        user, workspaces = _people(self.now)
        rows = User.objects.count()
        self.steps.append(Step("irm_user (+ teams)", rows, time.perf_counter() - started))
        return user, workspaces

    def _influencers(self, user: User, workspaces: dict[str, Workspace]) -> None:
        for slug, share in WORKSPACE_SHARES.items():
            workspace = workspaces[slug]
            owners = list(
                Membership.objects.filter(workspace=workspace).values_list("user_id", flat=True)
            )
            teams = [
                Team.objects.filter(members__user_id=owner, workspace=workspace)
                .values_list("pk", flat=True)
                .first()
                for owner in owners
            ]
            self.sql(
                f"contacts_influencer ({slug})",
                INFLUENCERS_SQL,
                {
                    "workspace": workspace.pk,
                    "count": max(1, round(self.n["influencers"] * share)),
                    "now": self.now,
                    "first": FIRST,
                    "first_plain": [normalize.sort_key(name) for name in FIRST],
                    "first_count": len(FIRST),
                    "last": LAST,
                    "last_plain": [normalize.sort_key(name) for name in LAST],
                    "last_count": len(LAST),
                    "countries": COUNTRIES,
                    "country_count": len(COUNTRIES),
                    "owners": owners,
                    "teams": teams,
                    "owner_count": len(owners),
                },
            )

    def _timeline(self, ids: list[int], big: Workspace) -> None:
        """The health bench's exchanges (two entries each) over everyone, then the busiest
        profile's 5,000 entries, the commitments they open, and the last contact dates."""
        with connection.cursor() as cursor:
            cursor.execute(health_bench.PEOPLE_SQL, {"workspaces": ids})
        people = self._count("SELECT count(*) FROM bench_people")
        exchanges = (self.n["interactions"] - BUSIEST_ENTRIES) // 2
        chunk = health_bench.EXCHANGES_PER_CHUNK
        for first in range(1, exchanges + 1, chunk):
            last = min(exchanges, first + chunk - 1)
            params = {"first": first, "last": last, "active": int(people * 0.9), "now": self.now}
            self.sql("contacts_interaction", health_bench.EXCHANGES_SQL, params)
        with connection.cursor() as cursor:
            cursor.execute("ALTER TABLE bench_people RENAME TO bench_everyone")
            cursor.execute(BUSIEST_PEOPLE_SQL, {"workspace": big.pk})
        params = {"first": 1, "last": BUSIEST_ENTRIES // 2, "active": 1, "now": self.now}
        self.sql("contacts_interaction (busiest)", health_bench.EXCHANGES_SQL, params)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_people")
            cursor.execute("ALTER TABLE bench_everyone RENAME TO bench_people")
        self.sql(
            "contacts_commitment",
            health_bench.COMMITMENTS_SQL,
            {"workspaces": ids, "now": self.now},
        )
        facts, params = _facts_sql()
        self.sql("(last contact dates)", LAST_CONTACT_SQL.format(facts=facts), params)
        self.people = people

    def _outreach(self, user: User, ids: list[int]) -> None:
        base = {"now": self.now, "people": self.people}
        self.sql(
            "outreach_pitch", PITCHES_SQL, {**base, "count": self.n["pitches"], "author": user.pk}
        )
        self.sql(
            "outreach_reminder",
            REMINDERS_SQL,
            {**base, "count": self.n["reminders"], "assignee": user.pk},
        )
        self.sql("outreach_inboundmessage", INBOUND_SQL, {**base, "count": self.n["inbound"]})

    def _campaigns(self, user: User, ids: list[int], big: Workspace) -> None:
        """Every campaign in the big agency (its board and report are what is measured)."""
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_people")
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_people AS SELECT row_number() OVER (ORDER BY id) "
                "AS idx, id, workspace_id FROM contacts_influencer WHERE workspace_id = %s",
                [big.pk],
            )
        people = self._count("SELECT count(*) FROM bench_people")
        base = {"now": self.now, "workspaces": ids, "workspace": big.pk}
        self.sql("campaigns_brand", BRANDS_SQL, base)
        self.sql(
            "campaigns_campaign",
            CAMPAIGNS_SQL,
            {**base, "count": self.n["campaigns"], "owner": user.pk},
        )
        self.sql(
            "campaigns_collaboration",
            COLLABORATIONS_SQL,
            {**base, "people": people, "per_campaign": self.n["collaborations_per_campaign"]},
        )
        self.sql("campaigns_deliverable", DELIVERABLES_SQL, base)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE bench_people")

    def _health(self, ids: list[int]) -> None:
        """Today's health by the product's sweep (bands, scores, reasons on the influencers),
        then the earlier days."""
        started = time.perf_counter()
        done = health_sweep(now=self.now)
        step = Step("contacts_healthsnapshot (sweep)", done, time.perf_counter() - started)
        self.steps.append(step)
        self.log(f"  health sweep: {done:,} influencers in {step.seconds:.1f} s")
        today = self._count("SELECT max(day) FROM contacts_healthsnapshot")
        self.sql(
            "contacts_healthsnapshot (history)",
            HEALTH_HISTORY_SQL,
            {"days": HEALTH_DAYS, "today": today, "workspaces": ids},
        )
        self.sql("(vacuum analyze)", "VACUUM ANALYZE", {})

    def _count(self, sql: str, params=None):
        with connection.cursor() as cursor:
            cursor.execute(sql, params or [])
            return cursor.fetchone()[0]
