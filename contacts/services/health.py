"""Relationship health, computed in one set-based SQL statement for any set of influencers.

The same statement serves the nightly sweep (batches of ids) and the recompute of one
influencer after an event: there is no second implementation. It reads contacts' own tables
only (Influencer, ContactPolicy, Interaction, Commitment) as they stood at `now`, so it can also
rebuild past days, writes one HealthSnapshot per influencer and day, and copies the newest
result onto the influencer (score, band, reasons) for lists and filters.

Reasons come out as codes with their facts ({"code": "unanswered", "count": 3}); they are put
into words when shown (contacts.health.reasons), with dates in the reader's time zone.

The numbers come from contacts.health.weights (pure rules); the nightly sweep that calls this
is contacts.services.health_sweep, a manager's override contacts.services.health_overrides.
"""

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from contacts.health.weights import BAND_FLOORS, DORMANT_AFTER_DAYS, RULES, WEIGHTS, health_day
from contacts.kinds import CONVERSATION_KINDS, DELIVERED_KINDS, TWO_WAY_KINDS
from contacts.models import (
    NOT_A_REPLY_KINDS,
    CommitmentKind,
    HealthBand,
    Influencer,
    InteractionKind,
    Stage,
    default_keep_in_touch_by_stage,
)

_SQL = """
WITH weights(component, weight) AS (VALUES {weights}),
stage_cadence(stage, days) AS (VALUES {cadences}),
target AS (
    SELECT i.id, i.workspace_id, i.stage, i.health_override_band, i.health_override_until,
        GREATEST(1, COALESCE(
            NULLIF(i.keep_in_touch_days, 0),
            NULLIF(op.keep_in_touch_days_by_stage ->> i.stage, '')::int,
            NULLIF(wp.keep_in_touch_days_by_stage ->> i.stage, '')::int,
            sc.days,
            90
        )) AS cadence
    FROM contacts_influencer i
    LEFT JOIN contacts_contactpolicy op ON op.influencer_id = i.id
    LEFT JOIN contacts_contactpolicy wp
        ON wp.workspace_id = i.workspace_id AND wp.influencer_id IS NULL
    LEFT JOIN stage_cadence sc ON sc.stage = i.stage
    WHERE i.id = ANY(%(ids)s) AND i.erased_at IS NULL
),
entries AS (
    SELECT x.influencer_id, x.occurred_at, x.kind, x.sentiment,
        (x.direction = 'inbound' AND x.kind <> ALL(%(not_reply)s)) AS real_in,
        (x.direction = 'outbound' AND x.kind = ANY(%(conversation)s)) AS out_contact,
        x.kind = ANY(%(two_way)s) AS two_way_kind,
        -- Two-way contact, as contacts.kinds.two_way_contact says: a real message
        -- from them, a draft or post they delivered, or a call, meeting or event.
        ((x.direction = 'inbound'
            AND (x.kind <> ALL(%(not_reply)s) OR x.kind = ANY(%(delivered)s)))
            OR x.kind = ANY(%(two_way)s)) AS two_way_contact,
        -- Respect judges our contacts only: an override is also noted inside the team
        -- (an internal note), which is not a second contact.
        (x.direction = 'outbound' AND x.kind = ANY(%(conversation)s)
            AND (x.contact_rule_overridden OR cardinality(x.respect_findings) > 0)) AS rule_broken,
        (x.direction = 'outbound' AND x.kind = ANY(%(conversation)s) AND x.off_topic)
            AS off_topic_contact
    FROM target t
    -- Each target's own entries through contacts_timeline_idx (influencer, occurred_at) WHERE
    -- deleted_at IS NULL: a lateral lookup cannot turn into a read of the whole timeline
    -- for every batch (a hash join did, at 120 ms a batch of 1,000 for 200,000 entries and
    -- ten times that for 2,000,000), whatever the batch size and planner settings. Only
    -- the columns the index includes, so the lookup is an index-only scan.
    CROSS JOIN LATERAL (
        SELECT y.influencer_id, y.occurred_at, y.direction, y.kind, y.sentiment,
            y.contact_rule_overridden, y.off_topic, y.respect_findings
        FROM contacts_interaction y
        WHERE y.influencer_id = t.id AND y.deleted_at IS NULL AND y.occurred_at <= %(now)s
        OFFSET 0  -- keeps the planner from flattening the lookup back into a join
    ) x
),
neighbours AS (
    -- The nearest real message from them after each entry and the latest contact of ours
    -- before it. Frames that start at the partition's edge grow one row at a time, where a
    -- sliding window of `answer_window` recomputed its aggregate over the window at every row.
    SELECT e.*,
        min(e.occurred_at) FILTER (WHERE e.real_in) OVER (
            PARTITION BY e.influencer_id ORDER BY e.occurred_at DESC
            RANGE BETWEEN UNBOUNDED PRECEDING AND interval '1 microsecond' PRECEDING
        ) AS next_real_in,
        max(e.occurred_at) FILTER (WHERE e.out_contact) OVER (
            PARTITION BY e.influencer_id ORDER BY e.occurred_at
            RANGE BETWEEN UNBOUNDED PRECEDING AND interval '1 microsecond' PRECEDING
        ) AS previous_out_contact,
        max(e.occurred_at) FILTER (WHERE e.two_way_contact)
            OVER (PARTITION BY e.influencer_id) AS last_two_way
    FROM entries e
),
marked AS (
    SELECT n.*,
        -- A real message from them within answer_window after this entry.
        COALESCE(n.next_real_in <= n.occurred_at + %(answer_window)s, false) AS answered_later,
        -- A contact of ours within answer_window before this entry.
        COALESCE(n.previous_out_contact >= n.occurred_at - %(answer_window)s, false)
            AS we_wrote_before
    FROM neighbours n
),
timeline AS (
    SELECT t.id AS influencer_id,
        max(m.last_two_way) AS last_two_way,
        min(m.occurred_at) FILTER (WHERE m.two_way_contact) AS first_two_way,
        count(*) FILTER (WHERE m.out_contact AND m.occurred_at > %(year_ago)s) AS sent,
        count(*) FILTER (
            WHERE m.out_contact AND m.occurred_at > %(year_ago)s
            AND (m.two_way_kind OR m.answered_later)
        ) AS answered,
        count(*) FILTER (
            WHERE m.real_in AND m.occurred_at > %(year_ago)s AND NOT m.we_wrote_before
        ) AS they_started,
        count(*) FILTER (
            WHERE m.out_contact AND NOT m.two_way_kind
            AND m.occurred_at > COALESCE(m.last_two_way, '-infinity')
        ) AS streak,
        count(*) FILTER (WHERE m.rule_broken AND m.occurred_at > %(half_year_ago)s)
            AS rules_broken,
        count(*) FILTER (WHERE m.off_topic_contact AND m.occurred_at > %(half_year_ago)s)
            AS off_topic,
        count(*) FILTER (WHERE m.kind = %(collaboration_done)s) AS collaborations,
        count(*) FILTER (
            WHERE m.kind = %(collaboration_done)s AND m.occurred_at > %(year_ago)s
        ) AS collaborations_this_year,
        count(sp.points) FILTER (WHERE m.occurred_at > %(half_year_ago)s) AS rated,
        sum(sp.points) FILTER (WHERE m.occurred_at > %(half_year_ago)s) AS rated_points,
        count(*) FILTER (WHERE m.sentiment = 'negative' AND m.occurred_at > %(half_year_ago)s)
            AS negative,
        count(*) FILTER (WHERE m.sentiment = 'positive' AND m.occurred_at > %(half_year_ago)s)
            AS positive
    FROM target t
    LEFT JOIN marked m ON m.influencer_id = t.id
    LEFT JOIN (VALUES {sentiments}) sp(sentiment, points) ON sp.sentiment = m.sentiment
    GROUP BY t.id
),
late AS (
    SELECT c.influencer_id, c.kind,
        COALESCE(opener.occurred_at, c.created_at) AS opened_at,
        floor(extract(epoch FROM %(now)s - c.due_at) / 86400)::int AS days_late
    FROM contacts_commitment c
    JOIN target t ON t.id = c.influencer_id
    LEFT JOIN contacts_interaction opener ON opener.id = c.opened_by_id
    WHERE c.due_at < %(now)s
        AND COALESCE(opener.occurred_at, c.created_at) <= %(now)s
        AND (c.fulfilled_at IS NULL OR c.fulfilled_at > %(now)s)
),
owed AS (
    SELECT l.influencer_id,
        count(*) FILTER (WHERE l.kind = %(reply)s) AS replies_late,
        min(l.opened_at) FILTER (WHERE l.kind = %(reply)s) AS waiting_since,
        count(*) FILTER (WHERE l.kind = %(payment)s) AS payments_late,
        max(l.days_late) FILTER (WHERE l.kind = %(payment)s) AS payment_days_late,
        count(*) FILTER (WHERE l.kind = %(feedback)s) AS feedback_late,
        max(l.days_late) FILTER (WHERE l.kind = %(feedback)s) AS feedback_days_late,
        count(*) FILTER (WHERE l.kind NOT IN (%(reply)s, %(payment)s, %(feedback)s))
            AS others_late,
        max(l.days_late) FILTER (WHERE l.kind NOT IN (%(reply)s, %(payment)s, %(feedback)s))
            AS other_days_late,
        sum(l.penalty) FILTER (WHERE l.kind = %(reply)s) AS reply_penalty,
        sum(l.penalty) FILTER (WHERE l.kind = %(payment)s) AS payment_penalty,
        sum(l.penalty) FILTER (WHERE l.kind = %(feedback)s) AS feedback_penalty,
        sum(l.penalty) AS penalty
    FROM (
        SELECT late.*, LEAST(%(late_max)s, %(late_base)s + %(late_daily)s * late.days_late)
            AS penalty
        FROM late
    ) l
    GROUP BY l.influencer_id
),
facts AS (
    SELECT t.id AS influencer_id, t.workspace_id, t.stage, t.cadence,
        t.health_override_band, t.health_override_until,
        tl.last_two_way, tl.sent, tl.answered, tl.they_started, tl.streak, tl.rules_broken,
        tl.off_topic, tl.collaborations, tl.collaborations_this_year, tl.rated,
        tl.rated_points, tl.negative, tl.positive,
        floor(extract(epoch FROM %(now)s - tl.last_two_way) / 86400)::int AS days_quiet,
        COALESCE(floor(extract(epoch FROM %(now)s - tl.first_two_way) / 86400)::int, 0)
            AS tenure_days,
        COALESCE(o.replies_late, 0) AS replies_late, o.waiting_since,
        COALESCE(o.payments_late, 0) AS payments_late, o.payment_days_late,
        COALESCE(o.feedback_late, 0) AS feedback_late, o.feedback_days_late,
        COALESCE(o.others_late, 0) AS others_late, o.other_days_late,
        COALESCE(o.reply_penalty, 0) AS reply_penalty,
        COALESCE(o.payment_penalty, 0) AS payment_penalty,
        COALESCE(o.feedback_penalty, 0) AS feedback_penalty,
        COALESCE(o.penalty, 0) AS owed_penalty
    FROM target t
    JOIN timeline tl ON tl.influencer_id = t.id
    LEFT JOIN owed o ON o.influencer_id = t.id
),
components AS (
    SELECT f.*,
        CASE
            WHEN f.last_two_way IS NULL THEN 0
            WHEN f.days_quiet <= f.cadence THEN 100
            ELSE GREATEST(0, (100 * (3 * f.cadence - f.days_quiet)) / (2 * f.cadence))
        END AS recency,
        CASE
            WHEN f.sent > 0 THEN (%(reply_share)s * f.answered) / f.sent
            WHEN f.they_started > 0 THEN %(reply_share)s
            ELSE %(neutral_share)s
        END + %(started_points)s * LEAST(f.they_started, %(started_counted)s) AS reciprocity,
        GREATEST(0, 100
            - %(rule_penalty)s * f.rules_broken
            - %(off_topic_penalty)s * f.off_topic
            - %(streak_penalty)s * GREATEST(f.streak - 1, 0)
        ) AS respect,
        GREATEST(0, 100 - f.owed_penalty) AS owed,
        LEAST(100,
            %(collaboration_points)s * LEAST(f.collaborations, %(collaborations_counted)s)
            + LEAST(%(tenure_points)s, (%(tenure_points)s * f.tenure_days) / 365)
            + CASE WHEN f.stage = %(ambassador)s THEN %(ambassador_points)s ELSE 0 END
        ) AS depth,
        CASE WHEN f.rated > 0 THEN f.rated_points / f.rated ELSE %(no_sentiment)s END
            AS sentiment
    FROM facts f
),
scored AS (
    SELECT c.*, s.score,
        CASE
            WHEN c.last_two_way IS NULL THEN %(band_new)s
            WHEN c.days_quiet >= GREATEST(%(dormant_days)s, 3 * c.cadence) THEN %(band_dormant)s
            {band_cases}
        END AS computed_band
    FROM components c
    CROSS JOIN LATERAL (
        -- sum() of bigints is numeric, so the division is exact and round() halves up.
        SELECT round(sum(w.weight * v.value) / sum(w.weight))::int AS score
        FROM weights w
        JOIN (VALUES
            ('recency', c.recency), ('reciprocity', c.reciprocity), ('respect', c.respect),
            ('owed', c.owed), ('depth', c.depth), ('sentiment', c.sentiment)
        ) v(component, value) ON v.component = w.component
    ) s
),
explained AS (
    SELECT sc.*,
        CASE WHEN sc.health_override_band <> '' AND sc.health_override_until >= %(day)s
            THEN sc.health_override_band ELSE sc.computed_band END AS band,
        COALESCE((
            SELECT jsonb_agg(r.reason ORDER BY r.concern DESC, r.impact DESC, r.reason ->> 'code')
            FROM (
                -- Each candidate's facts are put into words (its jsonb built) only when it
                -- applies: building all sixteen for every person cost a sixth of a batch.
                SELECT reason, concern, impact FROM (
                    SELECT true AS concern,
                        %(w_recency)s * (100 - sc.recency) AS impact,
                        jsonb_build_object('code', 'quiet', 'days', sc.days_quiet,
                            'cadence', sc.cadence, 'since', sc.last_two_way) AS reason
                    WHERE sc.recency < 100 AND sc.last_two_way IS NOT NULL
                    UNION ALL
                    SELECT true AS concern,
                        %(w_respect)s * LEAST(100, %(streak_penalty)s * (sc.streak - 1)) AS impact,
                        jsonb_build_object('code', 'unanswered', 'count', sc.streak) AS reason
                    WHERE sc.streak >= 2
                    UNION ALL
                    SELECT true AS concern,
                        %(w_owed)s * LEAST(100, sc.reply_penalty) AS impact,
                        jsonb_build_object('code', 'waiting', 'count', sc.replies_late,
                            'since', sc.waiting_since) AS reason
                    WHERE sc.replies_late > 0
                    UNION ALL
                    SELECT true AS concern,
                        %(w_owed)s * LEAST(100, sc.payment_penalty) AS impact,
                        jsonb_build_object('code', 'payment_late', 'count', sc.payments_late,
                            'days', sc.payment_days_late) AS reason
                    WHERE sc.payments_late > 0
                    UNION ALL
                    SELECT true AS concern,
                        %(w_owed)s * LEAST(100, sc.feedback_penalty) AS impact,
                        jsonb_build_object('code', 'feedback_late', 'count', sc.feedback_late,
                            'days', sc.feedback_days_late) AS reason
                    WHERE sc.feedback_late > 0
                    UNION ALL
                    SELECT true AS concern,
                        %(w_owed)s * LEAST(100, sc.owed_penalty - sc.reply_penalty
                            - sc.payment_penalty - sc.feedback_penalty) AS impact,
                        jsonb_build_object('code', 'promise_late', 'count', sc.others_late,
                            'days', sc.other_days_late) AS reason
                    WHERE sc.others_late > 0
                    UNION ALL
                    SELECT true AS concern,
                        %(w_reciprocity)s * (%(reply_share)s
                            - (%(reply_share)s * sc.answered) / NULLIF(sc.sent, 0)) AS impact,
                        jsonb_build_object('code', 'low_reply_rate', 'answered', sc.answered,
                            'sent', sc.sent) AS reason
                    WHERE sc.sent >= 3 AND 2 * sc.answered < sc.sent
                    UNION ALL
                    SELECT true AS concern,
                        %(w_respect)s * LEAST(100, %(rule_penalty)s * sc.rules_broken) AS impact,
                        jsonb_build_object('code', 'rules_broken', 'count', sc.rules_broken)
                            AS reason
                    WHERE sc.rules_broken > 0
                    UNION ALL
                    SELECT true AS concern,
                        %(w_respect)s * LEAST(100, %(off_topic_penalty)s * sc.off_topic) AS impact,
                        jsonb_build_object('code', 'off_topic', 'count', sc.off_topic) AS reason
                    WHERE sc.off_topic > 0
                    UNION ALL
                    SELECT true AS concern,
                        %(w_sentiment)s * (%(no_sentiment)s - sc.sentiment) AS impact,
                        jsonb_build_object('code', 'negative', 'count', sc.negative) AS reason
                    WHERE sc.negative > 0 AND sc.sentiment < %(no_sentiment)s
                    UNION ALL
                    SELECT false AS concern,
                        %(w_depth)s * %(collaboration_points)s
                            * LEAST(sc.collaborations_this_year, %(collaborations_counted)s)
                            AS impact,
                        jsonb_build_object('code', 'campaigns', 'count',
                            sc.collaborations_this_year) AS reason
                    WHERE sc.collaborations_this_year > 0
                    UNION ALL
                    SELECT false AS concern,
                        %(w_reciprocity)s * %(started_points)s
                            * LEAST(sc.they_started, %(started_counted)s) AS impact,
                        jsonb_build_object('code', 'they_reach_out', 'count', sc.they_started)
                            AS reason
                    WHERE sc.they_started > 0
                    UNION ALL
                    SELECT false AS concern,
                        %(w_depth)s * %(ambassador_points)s AS impact,
                        jsonb_build_object('code', 'ambassador') AS reason
                    WHERE sc.stage = %(ambassador)s
                    UNION ALL
                    SELECT false AS concern,
                        %(w_sentiment)s * (sc.sentiment - %(no_sentiment)s) AS impact,
                        jsonb_build_object('code', 'warm', 'count', sc.positive) AS reason
                    WHERE sc.positive >= 2 AND sc.sentiment >= 80
                    UNION ALL
                    SELECT true AS concern,
                        0 AS impact,
                        jsonb_build_object('code', 'no_two_way') AS reason
                    WHERE sc.last_two_way IS NULL
                    UNION ALL
                    SELECT false AS concern,
                        0 AS impact,
                        jsonb_build_object('code', 'in_touch', 'days', sc.days_quiet,
                            'cadence', sc.cadence, 'since', sc.last_two_way) AS reason
                    WHERE sc.recency = 100 AND sc.last_two_way IS NOT NULL
                ) candidates
                ORDER BY concern DESC, impact DESC, reason ->> 'code'
                LIMIT 3
            ) r
        ), '[]'::jsonb) AS reasons
    FROM scored sc
),
snapshots AS (
    INSERT INTO contacts_healthsnapshot (
        workspace_id, influencer_id, day, score, band, computed_band, recency, reciprocity,
        respect, owed, depth, sentiment, facts, reasons, computed_at
    )
    SELECT e.workspace_id, e.influencer_id, %(day)s, e.score, e.band, e.computed_band,
        e.recency, e.reciprocity, e.respect, e.owed, e.depth, e.sentiment,
        jsonb_build_object(
            'cadence', e.cadence, 'last_two_way', e.last_two_way, 'days_quiet', e.days_quiet,
            'sent', e.sent, 'answered', e.answered, 'they_started', e.they_started,
            'streak', e.streak, 'rules_broken', e.rules_broken, 'off_topic', e.off_topic,
            'replies_late', e.replies_late, 'waiting_since', e.waiting_since,
            'payments_late', e.payments_late, 'payment_days_late', e.payment_days_late,
            'feedback_late', e.feedback_late, 'feedback_days_late', e.feedback_days_late,
            'others_late', e.others_late, 'other_days_late', e.other_days_late,
            'collaborations', e.collaborations,
            'collaborations_this_year', e.collaborations_this_year,
            'tenure_days', e.tenure_days, 'rated', e.rated, 'negative', e.negative,
            'positive', e.positive
        ),
        e.reasons, %(now)s
    FROM explained e
    ON CONFLICT (influencer_id, day) DO UPDATE SET
        score = EXCLUDED.score, band = EXCLUDED.band, computed_band = EXCLUDED.computed_band,
        recency = EXCLUDED.recency, reciprocity = EXCLUDED.reciprocity,
        respect = EXCLUDED.respect, owed = EXCLUDED.owed, depth = EXCLUDED.depth,
        sentiment = EXCLUDED.sentiment, facts = EXCLUDED.facts, reasons = EXCLUDED.reasons,
        computed_at = EXCLUDED.computed_at
    -- A day's snapshot is its newest computation: an earlier moment of the same day (a
    -- backfill run again after the sweep) leaves it, and the influencer, as they are.
    WHERE contacts_healthsnapshot.computed_at <= EXCLUDED.computed_at
    RETURNING influencer_id, score, band, computed_band, reasons
)
UPDATE contacts_influencer i
SET health_score = CASE WHEN s.computed_band = %(band_new)s THEN NULL ELSE s.score END,
    health_band = s.band, health_reasons = s.reasons,
    health_computed_at = %(now)s
FROM snapshots s
-- The batch's ids again: the planner cannot estimate what the insert returns, and without
-- them it may read the whole influencer table for every batch (or loop over it).
WHERE i.id = ANY(%(ids)s) AND i.id = s.influencer_id
    AND (i.health_computed_at IS NULL OR i.health_computed_at <= %(now)s)
"""


def _values(rows: Iterable[tuple], params: dict, prefix: str) -> str:
    """A VALUES list whose every cell is a query parameter."""
    cells = []
    for number, row in enumerate(rows):
        names = []
        for column, value in enumerate(row):
            name = f"{prefix}_{number}_{column}"
            params[name] = value
            names.append(f"%({name})s")
        cells.append(f"({', '.join(names)})")
    return ", ".join(cells)


def _statement(params: dict) -> str:
    band_cases = []
    for number, (band, floor) in enumerate(BAND_FLOORS):
        params[f"floor_{number}"] = floor
        params[f"band_{number}"] = str(band)
        band_cases.append(f"WHEN score >= %(floor_{number})s THEN %(band_{number})s")
    return _SQL.format(
        weights=_values(WEIGHTS.items(), params, "weight"),
        cadences=_values(
            ((str(stage), days) for stage, days in default_keep_in_touch_by_stage().items()),
            params,
            "cadence",
        ),
        sentiments=_values(RULES.sentiment_points, params, "sentiment"),
        band_cases="\n            ".join(band_cases),
    )


def _parameters(now: datetime, ids: list[int]) -> dict:
    return {
        "ids": ids,
        "now": now,
        "day": health_day(now),
        "year_ago": now - RULES.year,
        "half_year_ago": now - RULES.half_year,
        "answer_window": RULES.answer_window,
        "not_reply": [str(kind) for kind in NOT_A_REPLY_KINDS],
        "conversation": [str(kind) for kind in CONVERSATION_KINDS],
        "two_way": [str(kind) for kind in TWO_WAY_KINDS],
        "delivered": [str(kind) for kind in DELIVERED_KINDS],
        "collaboration_done": str(InteractionKind.COLLABORATION_DONE),
        "reply": str(CommitmentKind.REPLY),
        "payment": str(CommitmentKind.PAYMENT),
        "feedback": str(CommitmentKind.FEEDBACK),
        "ambassador": str(Stage.AMBASSADOR),
        "reply_share": RULES.reply_share_points,
        "neutral_share": RULES.neutral_reply_share,
        "started_points": RULES.started_points,
        "started_counted": RULES.started_counted,
        "rule_penalty": RULES.rule_broken_penalty,
        "off_topic_penalty": RULES.off_topic_penalty,
        "streak_penalty": RULES.streak_penalty,
        "late_base": RULES.late_base_penalty,
        "late_daily": RULES.late_daily_penalty,
        "late_max": RULES.late_max_penalty,
        "collaboration_points": RULES.collaboration_points,
        "collaborations_counted": RULES.collaborations_counted,
        "tenure_points": RULES.tenure_points,
        "ambassador_points": RULES.ambassador_points,
        "no_sentiment": RULES.no_sentiment,
        "dormant_days": DORMANT_AFTER_DAYS,
        "band_new": str(HealthBand.NEW),
        "band_dormant": str(HealthBand.DORMANT),
        **{f"w_{key}": weight for key, weight in WEIGHTS.items()},
    }


def health_recompute(*, influencer_ids: Iterable[int], now: datetime | None = None) -> int:
    """Compute health as of `now` for these influencers (erased ones are skipped): upsert their
    snapshot for that day and their current health, each unless a later computation wrote it.
    Returns how many influencers' current health it updated."""
    ids = sorted(set(influencer_ids))
    if not ids:
        return 0
    now = now or timezone.now()
    params = _parameters(now, ids)
    with connection.cursor() as cursor:
        cursor.execute(WITHOUT_JIT + _statement(params), params)
        return cursor.rowcount


# The statement's estimated cost passes jit_above_cost at a few hundred influencers, and
# compiling its many expressions took 150 to 180 ms of a 1,000-influencer batch's 450 to 600
# (bench/README.md) to save a few. Sent with it in one query string, which PostgreSQL runs as
# one transaction: off for this statement alone, or, inside a caller's transaction, until
# that transaction ends.
WITHOUT_JIT = "SET LOCAL jit = off;\n"


def health_backfill(*, influencer_ids: Iterable[int], days: int, now: datetime | None = None):
    """Rebuild the snapshots of `now`'s day and of the `days` days before it (oldest first),
    from the timeline as it stood at the same time of each day: trends for data that predates
    the nightly sweep."""
    now = now or timezone.now()
    ids = list(influencer_ids)
    for back in range(days, -1, -1):
        health_recompute(influencer_ids=ids, now=now - timedelta(days=back))


@dataclass
class _Pending:
    """The influencers whose inputs changed in the current transaction, and the latest `now`
    of those changes."""

    ids: set[int] = field(default_factory=set)
    now: datetime | None = None


# Per thread: each has its own connection and transaction.
_local = threading.local()


# The profile's own columns the statement reads (target above) that an edit of the profile can
# change: an update that changes none of them leaves health as it was (influencer_update, the
# import's writer). Override and erasure have services of their own, which recompute.
PROFILE_INPUTS = ("stage", "keep_in_touch_days")


def health_refresh_on_commit(*, influencer_id: int, now: datetime) -> None:
    """Recompute one influencer's health once the current transaction commits (at once outside
    one). Everyone a transaction changed (an import, a merge, a payment and its timeline entry)
    is computed together, once, in one statement when it commits."""
    if not any(callback is _flush_pending for _, callback, _ in connection.run_on_commit):
        # None is waiting to run: anything pending belongs to a transaction that rolled back.
        _local.pending = _Pending()
    pending = _local.pending
    pending.ids.add(influencer_id)
    pending.now = max(pending.now or now, now)
    # Registered with every change rather than once: whichever callback runs first computes
    # everything pending and the others find nothing, so the recompute does not depend on
    # which of them runs (a rolled-back savepoint drops its own, a test runs those it captured).
    transaction.on_commit(_flush_pending, robust=True)


def _flush_pending() -> None:
    pending = getattr(_local, "pending", None)
    if pending is None or not pending.ids:
        return
    _local.pending = _Pending()
    health_recompute_after_change(influencer_ids=pending.ids, now=pending.now)


def health_recompute_after_change(*, influencer_ids: Iterable[int], now: datetime) -> int:
    """Recompute after their inputs changed at `now`, or as of their newest computation if that
    is later: a computation that could not see the change yet (a sweep batch that ran before
    it committed) must not keep it from their current health."""
    ids = set(influencer_ids)
    newest = Influencer.objects.filter(pk__in=ids).aggregate(Max("health_computed_at"))
    return health_recompute(
        influencer_ids=ids, now=max(now, newest["health_computed_at__max"] or now)
    )
