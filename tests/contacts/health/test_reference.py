"""The SQL computation equals a straightforward Python reading of the documented rules, on
random histories.

The reference below takes its numbers from contacts.health.weights (the one table both follow)
but does its own arithmetic, one person at a time, in plain Python with integers."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.health.weights import BAND_FLOORS, DORMANT_AFTER_DAYS, RULES, WEIGHTS, health_day
from contacts.kinds import CONVERSATION_KINDS, DELIVERED_KINDS, TWO_WAY_KINDS
from contacts.models import (
    NOT_A_REPLY_KINDS,
    Commitment,
    CommitmentKind,
    ContactPolicy,
    Direction,
    HealthBand,
    HealthSnapshot,
    Influencer,
    Interaction,
    InteractionKind,
    Sentiment,
    Stage,
    default_keep_in_touch_by_stage,
)
from contacts.services.health import health_recompute
from tests.contacts.health.history import DAY, NOW

# --- the reference ----------------------------------------------------------------------------


@dataclass
class Entry:
    at: datetime
    kind: str
    direction: str
    sentiment: str = ""
    off_topic: bool = False
    overridden: bool = False
    findings: tuple[str, ...] = ()
    deleted: bool = False

    @property
    def real_inbound(self) -> bool:
        return self.direction == Direction.INBOUND and self.kind not in NOT_A_REPLY_KINDS

    @property
    def our_message(self) -> bool:
        return self.direction == Direction.OUTBOUND and self.kind in CONVERSATION_KINDS

    @property
    def two_way(self) -> bool:
        delivered = self.direction == Direction.INBOUND and self.kind in DELIVERED_KINDS
        return self.real_inbound or delivered or self.kind in TWO_WAY_KINDS


@dataclass
class Promise:
    kind: str
    due_at: datetime
    created_at: datetime
    fulfilled_at: datetime | None = None
    opened_by: int | None = None  # index of the entry that opened it


@dataclass
class Person:
    stage: str
    keep_in_touch_days: int | None
    own_cadence_by_stage: dict[str, int] | None  # their policy row, when they have one
    entries: list[Entry] = field(default_factory=list)
    promises: list[Promise] = field(default_factory=list)
    override_band: str = ""
    override_until: date | None = None


def days_between(earlier: datetime, later: datetime) -> int:
    """Whole days, rounded down."""
    return (later - earlier) // DAY


def cadence_of(person: Person, workspace_cadence: dict[str, int]) -> int:
    days = (
        person.keep_in_touch_days
        or (person.own_cadence_by_stage or {}).get(person.stage)
        or workspace_cadence.get(person.stage)
        or default_keep_in_touch_by_stage().get(person.stage)
        or 90
    )
    return max(1, days)


def late_penalty(days_late: int) -> int:
    return min(
        RULES.late_max_penalty, RULES.late_base_penalty + RULES.late_daily_penalty * days_late
    )


def reference(person: Person, workspace_cadence: dict[str, int], now: datetime) -> dict:
    """Components, score, bands and reason codes as the rules in weights.py say."""
    known = [e for e in person.entries if not e.deleted and e.at <= now]
    year_ago, half_year_ago = now - RULES.year, now - RULES.half_year
    window = RULES.answer_window
    cadence = cadence_of(person, workspace_cadence)

    # Recency: the last two-way contact against the cadence.
    two_way_times = [e.at for e in known if e.two_way]
    last_two_way = max(two_way_times, default=None)
    days_quiet = days_between(last_two_way, now) if last_two_way else None
    if last_two_way is None:
        recency = 0
    elif days_quiet <= cadence:
        recency = 100
    else:
        recency = max(0, 100 * (3 * cadence - days_quiet) // (2 * cadence))

    # Reciprocity: our messages of the year answered within the window; conversations they
    # started (a real message with none of ours in the window before it).
    ours = [e for e in known if e.our_message]
    theirs = [e for e in known if e.real_inbound]
    sent = [e for e in ours if e.at > year_ago]
    answered = [
        e
        for e in sent
        if e.kind in TWO_WAY_KINDS or any(e.at < r.at <= e.at + window for r in theirs)
    ]
    they_started = [
        r for r in theirs if r.at > year_ago and not any(r.at - window <= e.at < r.at for e in ours)
    ]
    if sent:
        share = RULES.reply_share_points * len(answered) // len(sent)
    elif they_started:
        share = RULES.reply_share_points
    else:
        share = RULES.neutral_reply_share
    reciprocity = share + RULES.started_points * min(len(they_started), RULES.started_counted)

    # Respect: rules broken, off-topic pitches, the unanswered streak.
    recent_ours = [e for e in ours if e.at > half_year_ago]
    rules_broken = sum(1 for e in recent_ours if e.overridden or e.findings)
    off_topic = sum(1 for e in recent_ours if e.off_topic)
    streak = sum(
        1
        for e in ours
        if e.kind not in TWO_WAY_KINDS and (last_two_way is None or e.at > last_two_way)
    )
    respect = max(
        0,
        100
        - RULES.rule_broken_penalty * rules_broken
        - RULES.off_topic_penalty * off_topic
        - RULES.streak_penalty * max(streak - 1, 0),
    )

    # What we owe them: promises past due and not kept at `now`.
    late = {}
    for promise in person.promises:
        opened_at = (
            person.entries[promise.opened_by].at
            if promise.opened_by is not None
            else promise.created_at
        )
        kept = promise.fulfilled_at is not None and promise.fulfilled_at <= now
        if promise.due_at < now and opened_at <= now and not kept:
            late.setdefault(promise.kind, []).append((days_between(promise.due_at, now), opened_at))
    penalties = {kind: sum(late_penalty(days) for days, _ in items) for kind, items in late.items()}
    owed = max(0, 100 - sum(penalties.values()))

    # Depth: completed collaborations, tenure, ambassador.
    done = [e for e in known if e.kind == InteractionKind.COLLABORATION_DONE]
    done_this_year = [e for e in done if e.at > year_ago]
    tenure_days = days_between(min(two_way_times), now) if two_way_times else 0
    ambassador = person.stage == Stage.AMBASSADOR
    depth = min(
        100,
        RULES.collaboration_points * min(len(done), RULES.collaborations_counted)
        + min(RULES.tenure_points, RULES.tenure_points * tenure_days // 365)
        + (RULES.ambassador_points if ambassador else 0),
    )

    # Sentiment: the average of the half year's rated entries.
    points = dict(RULES.sentiment_points)
    rated = [points[e.sentiment] for e in known if e.at > half_year_ago and e.sentiment]
    sentiment = sum(rated) // len(rated) if rated else RULES.no_sentiment
    negative = sum(1 for e in known if e.at > half_year_ago and e.sentiment == "negative")
    positive = sum(1 for e in known if e.at > half_year_ago and e.sentiment == "positive")

    components = {
        "recency": recency,
        "reciprocity": reciprocity,
        "respect": respect,
        "owed": owed,
        "depth": depth,
        "sentiment": sentiment,
    }
    weighted = sum(WEIGHTS[key] * value for key, value in components.items())
    total = sum(WEIGHTS.values())
    score = (2 * weighted + total) // (2 * total)  # half up

    if last_two_way is None:
        computed_band = HealthBand.NEW
    elif days_quiet >= max(DORMANT_AFTER_DAYS, 3 * cadence):
        computed_band = HealthBand.DORMANT
    else:
        computed_band = next(band for band, floor in BAND_FLOORS if score >= floor)
    overridden = person.override_band and person.override_until >= health_day(now)
    band = person.override_band if overridden else computed_band

    # Reasons: concerns before strengths, each by the weighted points it moves, then by code.
    w = WEIGHTS
    sent_count, answered_count = len(sent), len(answered)
    others = [kind for kind in late if kind not in ("reply", "payment", "feedback")]
    candidates = [
        (last_two_way is not None and recency < 100, True, w["recency"] * (100 - recency), "quiet"),
        (
            streak >= 2,
            True,
            w["respect"] * min(100, RULES.streak_penalty * (streak - 1)),
            "unanswered",
        ),
        ("reply" in late, True, w["owed"] * min(100, penalties.get("reply", 0)), "waiting"),
        (
            "payment" in late,
            True,
            w["owed"] * min(100, penalties.get("payment", 0)),
            "payment_late",
        ),
        (
            "feedback" in late,
            True,
            w["owed"] * min(100, penalties.get("feedback", 0)),
            "feedback_late",
        ),
        (
            bool(others),
            True,
            w["owed"] * min(100, sum(penalties[kind] for kind in others)),
            "promise_late",
        ),
        (
            sent_count >= 3 and 2 * answered_count < sent_count,
            True,
            w["reciprocity"]
            * (
                RULES.reply_share_points
                - RULES.reply_share_points * answered_count // max(sent_count, 1)
            ),
            "low_reply_rate",
        ),
        (
            rules_broken > 0,
            True,
            w["respect"] * min(100, RULES.rule_broken_penalty * rules_broken),
            "rules_broken",
        ),
        (
            off_topic > 0,
            True,
            w["respect"] * min(100, RULES.off_topic_penalty * off_topic),
            "off_topic",
        ),
        (
            negative > 0 and sentiment < RULES.no_sentiment,
            True,
            w["sentiment"] * (RULES.no_sentiment - sentiment),
            "negative",
        ),
        (
            bool(done_this_year),
            False,
            w["depth"]
            * RULES.collaboration_points
            * min(len(done_this_year), RULES.collaborations_counted),
            "campaigns",
        ),
        (
            bool(they_started),
            False,
            w["reciprocity"] * RULES.started_points * min(len(they_started), RULES.started_counted),
            "they_reach_out",
        ),
        (ambassador, False, w["depth"] * RULES.ambassador_points, "ambassador"),
        (
            positive >= 2 and sentiment >= 80,
            False,
            w["sentiment"] * (sentiment - RULES.no_sentiment),
            "warm",
        ),
        (last_two_way is None, True, 0, "no_two_way"),
        (last_two_way is not None and recency == 100, False, 0, "in_touch"),
    ]
    shown = sorted((c for c in candidates if c[0]), key=lambda c: (not c[1], -c[2], c[3]))[:3]
    return {
        **components,
        "score": score,
        "computed_band": str(computed_band),
        "band": str(band),
        "reasons": [c[3] for c in shown],
    }


# --- random histories -------------------------------------------------------------------------

MICROSECOND = timedelta(microseconds=1)
WINDOW = RULES.answer_window
# Moments are often a landmark moved by one of these, so that entries meet exactly on the
# rules' boundaries: the same moment, 14 days apart, a microsecond either side of those.
NUDGES = (
    *(timedelta(0),) * 8,
    MICROSECOND,
    -MICROSECOND,
    WINDOW,
    -WINDOW,
    WINDOW + MICROSECOND,
    WINDOW - MICROSECOND,
    -WINDOW + MICROSECOND,
    -WINDOW - MICROSECOND,
    DAY,
    -DAY,
)
# Every kind and direction, the conversational ones more often.
K = InteractionKind
KINDS = (*[K.PITCH, K.EMAIL, K.REPLY] * 3, K.FOLLOW_UP, K.DM, K.CALL, K.MEETING, *K.values)
D = Direction
DIRECTIONS = (D.INBOUND, D.INBOUND, D.OUTBOUND, D.OUTBOUND, D.INTERNAL)
cadences = st.dictionaries(st.sampled_from(Stage.values), st.integers(7, 365), max_size=3)


@st.composite
def moments(draw, now: datetime, landmarks: list[datetime]) -> datetime:
    """Anywhere in the two years before `now` (and a little after), or near a landmark."""
    if draw(st.booleans()):
        hours = draw(st.sampled_from([0, 0, 6, 12]))
        base = now - draw(st.integers(-2, 730)) * DAY + timedelta(hours=hours)
    else:
        base = draw(st.sampled_from(landmarks))
    return base + draw(st.sampled_from(NUDGES))


def entries(now: datetime, landmarks: list[datetime], **fixed):
    fields = {
        "at": moments(now, landmarks),
        "kind": st.sampled_from(KINDS),
        "direction": st.sampled_from(DIRECTIONS),
        "sentiment": st.sampled_from(["", "", *Sentiment.values]),
        "off_topic": st.booleans(),
        "overridden": st.booleans(),
        "findings": st.sampled_from([(), (), ("quiet_hours",), ("channel_not_open", "weekend")]),
        "deleted": st.sampled_from([False, False, False, False, True]),
    }
    return st.builds(Entry, **{**fields, **fixed})


@st.composite
def exchange(draw, now: datetime, landmarks: list[datetime]) -> list[Entry]:
    """One of our messages and a real one of theirs, often exactly on a window's edge."""
    ours = draw(entries(now, landmarks, direction=st.just(D.OUTBOUND)))
    theirs_at = ours.at + draw(st.sampled_from(NUDGES[8:]))
    theirs = draw(entries(now, [theirs_at], direction=st.just(D.INBOUND)))
    theirs.at = theirs_at
    return [ours, theirs]


@st.composite
def promises(draw, now: datetime, entry_count: int) -> Promise:
    """Due, made and kept in whole days around `now`, so any of them may fall on it."""
    due_at = now + draw(st.integers(-90, 20)) * DAY + draw(st.sampled_from(NUDGES[:6]))
    fulfilled_at = draw(
        st.one_of(st.none(), st.builds(lambda d: due_at + d * DAY, st.integers(-5, 40)))
    )
    opened_by = draw(st.one_of(st.none(), st.integers(0, entry_count - 1))) if entry_count else None
    return Promise(
        kind=draw(st.sampled_from(CommitmentKind.values)),
        due_at=due_at,
        created_at=due_at - draw(st.integers(-3, 30)) * DAY,
        fulfilled_at=fulfilled_at,
        opened_by=opened_by,
    )


@st.composite
def people(draw, now: datetime, workspace_cadence: dict[str, int]) -> Person:
    person = Person(
        stage=draw(st.sampled_from(Stage.values)),
        keep_in_touch_days=draw(st.one_of(st.none(), st.integers(1, 400))),
        own_cadence_by_stage=draw(st.one_of(st.none(), cadences)),
    )
    cadence = cadence_of(person, workspace_cadence)
    # Where the rules draw their lines: the cadence, three cadences, dormancy, half a year,
    # a year before `now`, `now` itself, and a few moments of their own.
    landmarks = [
        now - days * DAY for days in (0, cadence, 3 * cadence, DORMANT_AFTER_DAYS, 180, 365)
    ]
    landmarks += draw(st.lists(moments(now, landmarks), min_size=1, max_size=3))
    person.entries = draw(st.lists(entries(now, landmarks), max_size=20))
    for pair in draw(st.lists(exchange(now, landmarks), max_size=4)):
        person.entries += pair
    person.promises = draw(st.lists(promises(now, len(person.entries)), max_size=5))
    person.override_band = draw(st.sampled_from(["", "", "thriving", "at_risk", "dormant"]))
    if person.override_band:
        person.override_until = health_day(now) + timedelta(days=draw(st.integers(-3, 3)))
    return person


@st.composite
def worlds(draw) -> tuple[datetime, dict[str, int] | None, list[Person]]:
    """A moment, the workspace's cadences, and a few people (computed together)."""
    now = NOW + timedelta(hours=draw(st.sampled_from([0, 7, 23])))
    workspace_cadence = draw(st.one_of(st.none(), cadences))
    group = draw(st.lists(people(now, workspace_cadence or {}), min_size=1, max_size=4))
    return now, workspace_cadence, group


def write(person: Person, workspace) -> Influencer:
    """The person as rows, in bulk."""
    influencer = Influencer.objects.create(
        workspace=workspace,
        name="Someone",
        stage=person.stage,
        keep_in_touch_days=person.keep_in_touch_days,
        health_override_band=person.override_band,
        health_override_until=person.override_until,
    )
    if person.own_cadence_by_stage is not None:
        ContactPolicy.objects.create(
            workspace=workspace,
            influencer=influencer,
            keep_in_touch_days_by_stage=person.own_cadence_by_stage,
        )
    rows = Interaction.objects.bulk_create(
        Interaction(
            workspace=workspace,
            influencer=influencer,
            occurred_at=e.at,
            kind=e.kind,
            direction=e.direction,
            summary="entry",
            sentiment=e.sentiment,
            off_topic=e.off_topic,
            contact_rule_overridden=e.overridden,
            respect_findings=list(e.findings),
            deleted_at=e.at if e.deleted else None,
        )
        for e in person.entries
    )
    Commitment.objects.bulk_create(
        Commitment(
            workspace=workspace,
            influencer=influencer,
            kind=p.kind,
            description="promise",
            due_at=p.due_at,
            created_at=p.created_at,
            fulfilled_at=p.fulfilled_at,
            opened_by=rows[p.opened_by] if p.opened_by is not None else None,
        )
        for p in person.promises
    )
    return influencer


def computed(snapshot: HealthSnapshot) -> dict:
    return {
        "recency": snapshot.recency,
        "reciprocity": snapshot.reciprocity,
        "respect": snapshot.respect,
        "owed": snapshot.owed,
        "depth": snapshot.depth,
        "sentiment": snapshot.sentiment,
        "score": snapshot.score,
        "computed_band": snapshot.computed_band,
        "band": snapshot.band,
        "reasons": [reason["code"] for reason in snapshot.reasons],
    }


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(world=worlds())
def test_the_sql_computation_equals_the_reference(personas, world):
    now, workspace_cadence, group = world
    with transaction.atomic():  # each example leaves the database as it found it
        workspace = personas.workspace
        if workspace_cadence is not None:
            ContactPolicy.objects.create(
                workspace=workspace, keep_in_touch_days_by_stage=workspace_cadence
            )
        influencers = [write(person, workspace) for person in group]

        # Everyone at once, as the nightly sweep does.
        health_recompute(influencer_ids=[i.pk for i in influencers], now=now)

        snapshots = {
            s.influencer_id: s
            for s in HealthSnapshot.objects.filter(influencer__in=influencers, day=health_day(now))
        }
        for person, influencer in zip(group, influencers, strict=True):
            expected = reference(person, workspace_cadence or {}, now)
            assert computed(snapshots[influencer.pk]) == expected
            influencer.refresh_from_db()
            # People see no score before the first two-way contact (the snapshot keeps it).
            shown_score = None if expected["computed_band"] == "new" else expected["score"]
            assert (influencer.health_score, influencer.health_band) == (
                shown_score,
                expected["band"],
            )
        transaction.set_rollback(True)


def stored(influencers: list[Influencer], now: datetime) -> dict:
    """Everything the computation wrote about them: their snapshot of the day, whole, and
    their current health."""
    snapshots = HealthSnapshot.objects.filter(influencer__in=influencers, day=health_day(now))
    current = Influencer.objects.filter(pk__in=[i.pk for i in influencers])
    return {
        "snapshots": sorted(
            snapshots.values_list(
                "influencer_id", "score", "band", "computed_band", "recency", "reciprocity",
                "respect", "owed", "depth", "sentiment", "facts", "reasons", "computed_at",
            )
        ),
        "current": sorted(
            current.values_list("pk", "health_score", "health_band", "health_reasons")
        ),
    }  # fmt: skip


@settings(
    max_examples=10,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_a_batch_computes_each_person_as_computing_them_alone_does(personas, world):
    """The nightly sweep's batches and the recompute of one person after an event give the
    same snapshot, facts and reasons included: nothing in a batch leaks between its people."""
    now, workspace_cadence, group = world
    with transaction.atomic():  # each example leaves the database as it found it
        workspace = personas.workspace
        if workspace_cadence is not None:
            ContactPolicy.objects.create(
                workspace=workspace, keep_in_touch_days_by_stage=workspace_cadence
            )
        influencers = [write(person, workspace) for person in group]
        health_recompute(influencer_ids=[i.pk for i in influencers], now=now)
        together = stored(influencers, now)
        HealthSnapshot.objects.filter(influencer__in=influencers).delete()
        Influencer.objects.filter(pk__in=[i.pk for i in influencers]).update(
            health_score=None, health_band=HealthBand.NEW, health_reasons=[]
        )

        for influencer in influencers:
            health_recompute(influencer_ids=[influencer.pk], now=now)

        assert stored(influencers, now) == together
        transaction.set_rollback(True)
