"""Each health component, the score, the band and the reasons, from hand-built histories at a
frozen `now` (contacts.services.health; the rules are written in contacts.health.weights)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contacts.health.reasons import is_concern, reason_text, reasons_text
from contacts.health.weights import health_day
from contacts.models import CommitmentKind, ContactPolicy, HealthBand, HealthSnapshot, Stage
from contacts.services.health import health_backfill, health_recompute
from contacts.services.policy import contact_policy_save
from tests.contacts.health.history import (
    DAY,
    IN,
    INTERNAL,
    NOW,
    OUT,
    Kind,
    codes,
    compute,
    entry,
    owed_reply,
    pitch,
    promise,
    record,
    reply,
)
from tests.factories import InfluencerFactory


@pytest.fixture
def ana(personas):
    return InfluencerFactory(workspace=personas.workspace, name="Ana Rocha")


def test_with_no_history_everything_is_neutral_and_the_band_is_new(ana):
    health = compute(ana)

    assert (health.recency, health.reciprocity, health.respect) == (0, 35, 100)
    assert (health.owed, health.depth, health.sentiment) == (100, 0, 60)
    # (20*35 + 15*100 + 15*100 + 10*60) / 100
    assert health.score == 43
    assert health.band == health.computed_band == HealthBand.NEW
    assert codes(health) == ["no_two_way"]
    # Nothing to judge before a two-way contact: the snapshot keeps the score, people see none.
    assert (ana.health_score, ana.health_band, ana.health_computed_at) == (None, "new", NOW)
    assert ana.health_reasons == health.reasons == [{"code": "no_two_way"}]


# --- recency against the cadence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("days_quiet", "recency"),
    [(0, 100), (120, 100), (121, 99), (240, 50), (300, 25), (359, 0), (400, 0)],
)
def test_recency_is_full_within_the_cadence_then_falls_to_zero_at_three_cadences(
    ana, days_quiet, recency
):
    record(reply(ana, NOW - days_quiet * DAY))  # a prospect: every 120 days

    health = compute(ana)

    assert health.recency == recency
    assert health.facts["cadence"] == 120 and health.facts["days_quiet"] == days_quiet


def test_recency_counts_whole_days(ana):
    record(reply(ana, NOW - 121 * DAY + timedelta(seconds=1)))

    assert compute(ana).recency == 100


def test_the_cadence_follows_their_stage(ana):
    ana.stage = Stage.ENGAGED  # every 60 days
    ana.save(update_fields=["stage"])
    record(reply(ana, NOW - 90 * DAY))

    health = compute(ana)

    assert health.facts["cadence"] == 60
    assert health.recency == 75  # 100 * (180 - 90) / 120


def test_the_workspace_policy_sets_the_cadence_per_stage(ana, personas):
    contact_policy_save(
        workspace=personas.workspace, values={"keep_in_touch_days_by_stage": {"prospect": 20}}
    )
    record(reply(ana, NOW - 30 * DAY))

    health = compute(ana)

    assert health.facts["cadence"] == 20
    assert health.recency == 75  # 100 * (60 - 30) / 40


def test_their_own_cadence_wins_over_the_workspace_policy(ana, personas):
    contact_policy_save(
        workspace=personas.workspace, values={"keep_in_touch_days_by_stage": {"prospect": 20}}
    )
    ana.keep_in_touch_days = 30
    ana.save(update_fields=["keep_in_touch_days"])
    record(reply(ana, NOW - 45 * DAY))

    health = compute(ana)

    assert health.facts["cadence"] == 30
    assert health.recency == 75  # 100 * (90 - 45) / 60


def test_a_per_person_policy_cadence_wins_over_the_workspace_one(ana, personas):
    contact_policy_save(
        workspace=personas.workspace, values={"keep_in_touch_days_by_stage": {"prospect": 20}}
    )
    ContactPolicy.objects.create(
        workspace=personas.workspace, influencer=ana, keep_in_touch_days_by_stage={"prospect": 40}
    )
    record(reply(ana, NOW - 60 * DAY))

    health = compute(ana)

    assert health.facts["cadence"] == 40
    assert health.recency == 75  # 100 * (120 - 60) / 80


def test_our_own_messages_and_automatic_ones_are_not_contact(ana):
    record(
        pitch(ana, NOW - 3 * DAY),
        entry(ana, NOW - 2 * DAY, Kind.AUTO_REPLY, IN),
        entry(ana, NOW - 2 * DAY, Kind.DELIVERY_FAILURE, IN),
        entry(ana, NOW - DAY, Kind.EMAIL, OUT),
        entry(ana, NOW - DAY, Kind.NOTE, INTERNAL),
    )

    health = compute(ana)

    assert health.recency == 0 and health.facts["last_two_way"] is None
    assert health.computed_band == HealthBand.NEW
    assert codes(health) == ["unanswered", "no_two_way"]  # a pitch and an email, unanswered


@pytest.mark.parametrize("kind", [Kind.CALL, Kind.MEETING, Kind.EVENT])
def test_calls_meetings_and_events_are_two_way_whoever_logged_them(ana, kind):
    record(entry(ana, NOW - 5 * DAY, kind, OUT))

    health = compute(ana)

    assert health.recency == 100 and health.computed_band != HealthBand.NEW
    assert "in_touch" in codes(health)


def test_a_draft_or_post_they_delivered_is_two_way_contact(ana):
    record(pitch(ana, NOW - 40 * DAY), entry(ana, NOW - 30 * DAY, Kind.CONTENT, IN))

    health = compute(ana)

    assert health.facts["days_quiet"] == 30
    assert health.recency == 100 and health.computed_band != HealthBand.NEW
    assert "no_two_way" not in codes(health)
    # Our pitch before it is no longer an unanswered streak.
    assert health.respect == 100


def test_it_is_dormant_after_180_days_without_two_way_contact(ana):
    ana.keep_in_touch_days = 30  # three cadences (90 days) is sooner than 180
    ana.save(update_fields=["keep_in_touch_days"])
    record(reply(ana, NOW - 180 * DAY))

    assert compute(ana).computed_band == HealthBand.DORMANT
    assert compute(ana, NOW - DAY).computed_band != HealthBand.DORMANT


def test_a_long_cadence_waits_three_cadences_before_dormant(ana):
    record(reply(ana, NOW - 300 * DAY))  # a prospect: every 120 days, dormant at 360

    assert compute(ana).computed_band != HealthBand.DORMANT
    assert compute(ana, NOW + 60 * DAY).computed_band == HealthBand.DORMANT


# --- reciprocity -------------------------------------------------------------------------------


def test_reciprocity_is_the_share_of_our_messages_answered_within_14_days(ana):
    record(
        pitch(ana, NOW - 100 * DAY),
        reply(ana, NOW - 97 * DAY),
        pitch(ana, NOW - 80 * DAY),
        reply(ana, NOW - 66 * DAY),  # 14 days to the second: still an answer
        pitch(ana, NOW - 60 * DAY),
        entry(ana, NOW - 59 * DAY, Kind.AUTO_REPLY, IN),  # not an answer
        pitch(ana, NOW - 40 * DAY),
    )

    health = compute(ana)

    assert (health.facts["sent"], health.facts["answered"]) == (4, 2)
    assert health.facts["they_started"] == 0  # each reply followed one of our messages
    assert health.reciprocity == 35  # 70 * 2 / 4


def test_a_message_after_14_days_is_not_an_answer_but_a_conversation_they_start(ana):
    record(pitch(ana, NOW - 60 * DAY), reply(ana, NOW - 46 * DAY + timedelta(seconds=1)))

    health = compute(ana)

    assert (health.facts["sent"], health.facts["answered"]) == (1, 0)
    assert health.facts["they_started"] == 1
    assert health.reciprocity == 15


def test_a_message_at_the_same_moment_does_not_answer(ana):
    record(pitch(ana, NOW - 10 * DAY), reply(ana, NOW - 10 * DAY))

    health = compute(ana)

    assert (health.facts["answered"], health.facts["they_started"]) == (0, 1)


def test_calls_and_meetings_count_as_answered(ana):
    record(entry(ana, NOW - 20 * DAY, Kind.CALL, OUT), pitch(ana, NOW - 5 * DAY))

    health = compute(ana)

    assert (health.facts["sent"], health.facts["answered"]) == (2, 1)
    assert health.reciprocity == 35


def test_without_our_messages_the_share_is_neutral_or_full_if_they_came_to_us(ana, personas):
    assert compute(ana).reciprocity == 35

    record(reply(ana, NOW - 50 * DAY))
    assert compute(ana).reciprocity == 70 + 15

    record(reply(ana, NOW - 30 * DAY), reply(ana, NOW - 10 * DAY))
    health = compute(ana)
    assert health.facts["they_started"] == 3
    assert health.reciprocity == 100  # two conversations they started count


def test_only_the_last_year_counts_for_reciprocity(ana):
    record(
        pitch(ana, NOW - 400 * DAY),
        pitch(ana, NOW - 365 * DAY),  # a year ago to the second: outside
        reply(ana, NOW - 365 * DAY + timedelta(hours=1)),
        pitch(ana, NOW - 10 * DAY),
        reply(ana, NOW - 9 * DAY),
    )

    health = compute(ana)

    assert (health.facts["sent"], health.facts["answered"]) == (1, 1)
    assert health.reciprocity == 70


def test_one_way_contact_counts_for_nothing(ana):
    record(*(pitch(ana, NOW - days * DAY) for days in (100, 80, 60, 40, 20)))

    health = compute(ana)

    assert health.reciprocity == 0 and health.recency == 0
    reason = next(r for r in health.reasons if r["code"] == "low_reply_rate")
    assert reason_text(reason, "Ana") == "Answered 0 of your 5 messages this year"


# --- respect -----------------------------------------------------------------------------------


def test_respect_loses_points_for_broken_or_overridden_rules_and_off_topic_pitches(ana):
    record(
        pitch(ana, NOW - 200 * DAY, overridden=True, off_topic=True),  # older than 6 months
        reply(ana, NOW - 199 * DAY),
        pitch(ana, NOW - 30 * DAY, overridden=True),
        # The guard's override is also noted inside the team: not a second contact.
        entry(ana, NOW - 30 * DAY, Kind.NOTE, INTERNAL, overridden=True),
        reply(ana, NOW - 29 * DAY),
        entry(ana, NOW - 20 * DAY, Kind.EMAIL, OUT, findings=("quiet_hours", "weekend")),
        reply(ana, NOW - 19 * DAY),
        pitch(ana, NOW - 10 * DAY, off_topic=True),
        reply(ana, NOW - 9 * DAY),
    )

    health = compute(ana)

    assert (health.facts["rules_broken"], health.facts["off_topic"]) == (2, 1)
    assert health.respect == 100 - 20 - 20 - 10
    texts = reasons_text(health.reasons, "Ana")
    assert "Contact rules broken or overridden 2 times in 6 months" in texts
    assert "One off-topic pitch in 6 months" in texts


def test_an_unanswered_streak_costs_15_for_each_message_after_the_first(ana):
    record(
        reply(ana, NOW - 40 * DAY),
        pitch(ana, NOW - 30 * DAY),
        entry(ana, NOW - 29 * DAY, Kind.AUTO_REPLY, IN),  # not a reply: the streak goes on
        entry(ana, NOW - 20 * DAY, Kind.FOLLOW_UP, OUT),
        entry(ana, NOW - 10 * DAY, Kind.DM, OUT),
    )

    health = compute(ana)

    assert health.facts["streak"] == 3
    assert health.respect == 70
    reason = next(r for r in health.reasons if r["code"] == "unanswered")
    assert reason == {"code": "unanswered", "count": 3}
    assert reason_text(reason, "Ana") == "No reply to your last 3 messages"


def test_one_message_waiting_for_an_answer_costs_nothing(ana):
    record(reply(ana, NOW - 40 * DAY), pitch(ana, NOW - 10 * DAY))

    health = compute(ana)

    assert (health.facts["streak"], health.respect) == (1, 100)
    assert "unanswered" not in codes(health)


def test_a_call_ends_the_streak(ana):
    record(
        pitch(ana, NOW - 30 * DAY),
        pitch(ana, NOW - 25 * DAY),
        entry(ana, NOW - 20 * DAY, Kind.CALL, OUT),
        pitch(ana, NOW - 10 * DAY),
    )

    assert compute(ana).facts["streak"] == 1


# --- what we owe them --------------------------------------------------------------------------


def test_a_reply_we_owe_costs_20_plus_2_per_day_late(ana):
    wrote_at = datetime(2026, 11, 12, 9, 0, tzinfo=UTC)
    owed_reply(ana, wrote_at, due_at=NOW - 3 * DAY)

    health = compute(ana)

    assert health.owed == 100 - (20 + 2 * 3)
    reason = next(r for r in health.reasons if r["code"] == "waiting")
    assert reason["count"] == 1
    assert reason_text(reason, "Ana") == "Ana wrote on 12 Nov and is still waiting"


def test_a_late_payment_says_how_late(ana):
    promise(ana, CommitmentKind.PAYMENT, NOW - 10 * DAY)

    health = compute(ana)

    assert health.owed == 60
    reason = next(r for r in health.reasons if r["code"] == "payment_late")
    assert (reason["count"], reason["days"]) == (1, 10)
    assert reason_text(reason, "Ana") == "Payment 10 days late"


def test_each_late_promise_costs_at_most_60(ana):
    promise(ana, CommitmentKind.FEEDBACK, NOW - 30 * DAY)

    health = compute(ana)

    assert health.owed == 40
    assert reasons_text(health.reasons, "Ana")[0] == "Feedback on a draft 30 days late"


def test_what_we_owe_adds_up_and_stops_at_zero(ana):
    owed_reply(ana, NOW - 6 * DAY, due_at=NOW - 3 * DAY)
    promise(ana, CommitmentKind.PAYMENT, NOW - 10 * DAY)
    promise(ana, CommitmentKind.FEEDBACK, NOW - 30 * DAY)
    promise(ana, CommitmentKind.OTHER, NOW - 5 * DAY)

    health = compute(ana)

    assert health.owed == 0
    # The worst three: 60, 40 and 30 points lost (the reply we owe costs 26).
    assert codes(health) == ["feedback_late", "payment_late", "promise_late"]
    assert health.facts["others_late"] == 1 and health.facts["other_days_late"] == 5


def test_paid_and_not_yet_due_promises_are_not_owed(ana):
    promise(ana, CommitmentKind.PAYMENT, NOW - 10 * DAY, fulfilled_at=NOW - DAY)
    promise(ana, CommitmentKind.PAYMENT, NOW + DAY)
    promise(ana, CommitmentKind.FEEDBACK, NOW + timedelta(minutes=1))
    promise(ana, CommitmentKind.OTHER, NOW - DAY, created_at=NOW + DAY)  # not made yet then

    health = compute(ana)

    assert health.owed == 100
    assert health.facts["payments_late"] == health.facts["feedback_late"] == 0


def test_a_promise_kept_after_that_day_was_still_owed_then(ana):
    promise(ana, CommitmentKind.PAYMENT, NOW - 2 * DAY, fulfilled_at=NOW + DAY)
    promise(ana, CommitmentKind.FEEDBACK, NOW - timedelta(hours=1))

    health = compute(ana)

    assert (health.facts["payment_days_late"], health.facts["feedback_days_late"]) == (2, 0)
    assert health.owed == 100 - (20 + 4) - 20


# --- partnership depth -------------------------------------------------------------------------


def test_depth_counts_completed_collaborations_and_tenure(ana):
    record(
        entry(ana, NOW - 400 * DAY, Kind.COLLABORATION_DONE, INTERNAL),
        reply(ana, NOW - 200 * DAY),
        entry(ana, NOW - 100 * DAY, Kind.COLLABORATION_DONE, INTERNAL),
        entry(ana, NOW - 30 * DAY, Kind.COLLABORATION_DONE, INTERNAL),
        entry(ana, NOW - 20 * DAY, Kind.STAGE_CHANGE, INTERNAL),
    )

    health = compute(ana)

    assert (health.facts["collaborations"], health.facts["tenure_days"]) == (3, 200)
    assert health.depth == 3 * 15 + 10  # 20 * 200 / 365 = 10 for tenure
    reason = next(r for r in health.reasons if r["code"] == "campaigns")
    assert reason == {"code": "campaigns", "count": 2}
    assert reason_text(reason, "Ana") == "Two campaigns together this year"
    assert not is_concern(reason)


def test_depth_stops_at_four_collaborations_a_year_of_tenure_and_ambassador(ana):
    ana.stage = Stage.AMBASSADOR
    ana.save(update_fields=["stage"])
    record(
        entry(ana, NOW - 800 * DAY, Kind.MEETING, OUT),
        *(entry(ana, NOW - d * DAY, Kind.COLLABORATION_DONE, INTERNAL) for d in range(1, 7)),
    )

    assert compute(ana).depth == 60 + 20 + 20


def test_an_ambassador_is_a_strength(ana):
    ana.stage = Stage.AMBASSADOR
    ana.save(update_fields=["stage"])

    health = compute(ana)

    assert health.depth == 20
    assert reasons_text(health.reasons, "Ana") == [
        "No two-way contact yet",
        "An ambassador for your brands",
    ]


# --- sentiment ---------------------------------------------------------------------------------


def test_sentiment_is_the_average_of_the_last_six_months(ana):
    record(
        reply(ana, NOW - 200 * DAY, sentiment="negative"),  # too old
        reply(ana, NOW - 30 * DAY, sentiment="positive"),
        entry(ana, NOW - 20 * DAY, Kind.CALL, OUT, sentiment="neutral"),
        reply(ana, NOW - 10 * DAY, sentiment="negative"),
        reply(ana, NOW - 5 * DAY),  # none recorded: not averaged
    )

    health = compute(ana)

    assert health.sentiment == (100 + 60 + 0) // 3
    assert reasons_text(health.reasons, "Ana")[0] == "One negative exchange in 6 months"


def test_warm_exchanges_are_a_strength(ana):
    record(
        reply(ana, NOW - 10 * DAY, sentiment="positive"),
        reply(ana, NOW - 5 * DAY, sentiment="positive"),
    )

    health = compute(ana)

    assert health.sentiment == 100
    assert "Warm exchanges lately" in reasons_text(health.reasons, "Ana")


# --- score, bands and reasons ------------------------------------------------------------------


def test_the_score_is_the_weighted_average_rounded_half_up(ana):
    record(pitch(ana, NOW - 10 * DAY, off_topic=True))

    health = compute(ana)

    assert (health.recency, health.reciprocity, health.respect) == (0, 0, 90)
    assert (health.owed, health.depth, health.sentiment) == (100, 0, 60)
    assert health.score == 35  # (15*90 + 15*100 + 10*60) / 100 = 34.5


def thriving(ana):
    ana.stage = Stage.AMBASSADOR
    ana.save(update_fields=["stage"])
    return [
        reply(ana, NOW - 400 * DAY),
        *(entry(ana, NOW - d * DAY, Kind.COLLABORATION_DONE, INTERNAL) for d in (20, 40, 60, 80)),
        reply(ana, NOW - 5 * DAY, sentiment="positive"),
    ]


def healthy(ana):
    promise(ana, CommitmentKind.PAYMENT, NOW - 30 * DAY)
    return [reply(ana, NOW - 10 * DAY)]


def cooling(ana):
    return [reply(ana, NOW - 200 * DAY), *(pitch(ana, NOW - d * DAY) for d in (30, 20, 10))]


def at_risk(ana):
    promise(ana, CommitmentKind.PAYMENT, NOW - 30 * DAY)
    return [reply(ana, NOW - 300 * DAY), *(pitch(ana, NOW - d * DAY) for d in range(60, 0, -10))]


@pytest.mark.parametrize(
    ("history", "components", "score", "band"),
    [
        (thriving, (100, 85, 100, 100, 100, 100), 97, HealthBand.THRIVING),
        (healthy, (100, 85, 100, 40, 0, 60), 74, HealthBand.HEALTHY),
        (cooling, (66, 15, 70, 100, 10, 60), 55, HealthBand.COOLING),
        (at_risk, (25, 15, 25, 40, 16, 60), 28, HealthBand.AT_RISK),
    ],
)
def test_the_band_follows_the_score(ana, history, components, score, band):
    record(*history(ana))

    health = compute(ana)

    values = (health.recency, health.reciprocity, health.respect, health.owed, health.depth)
    assert (*values, health.sentiment) == components
    assert (health.score, health.computed_band, health.band) == (score, band, band)
    assert (ana.health_score, ana.health_band) == (score, band)


def test_the_worst_reasons_come_first_then_strengths(ana):
    record(*at_risk(ana))

    health = compute(ana)

    # Points lost, weighted: quiet 30*75, low reply rate 20*70, unanswered 15*75, payment 15*60.
    assert codes(health) == ["quiet", "low_reply_rate", "unanswered"]
    assert reasons_text(health.reasons, "Ana") == [
        "No real conversation for 300 days (keep in touch every 120 days)",
        "Answered 0 of your 6 messages this year",
        "No reply to your last 6 messages",
    ]


def test_strengths_explain_a_thriving_relationship(ana):
    record(*thriving(ana))

    health = compute(ana)

    # Points gained, weighted: campaigns 10*60, they came to us 20*15, ambassador 10*20.
    assert codes(health) == ["campaigns", "they_reach_out", "ambassador"]
    assert reasons_text(health.reasons, "Ana Rocha") == [
        "Four campaigns together this year",
        "Ana Rocha started a conversation this year",
        "An ambassador for your brands",
    ]
    assert not any(is_concern(reason) for reason in health.reasons)


def test_in_touch_is_said_when_nothing_else_stands_out(ana):
    record(reply(ana, NOW - 10 * DAY, sentiment="neutral"))

    health = compute(ana)

    assert codes(health) == ["they_reach_out", "in_touch"]
    assert reason_text(health.reasons[1], "Ana") == (
        "Talked 10 days ago, within the 120 days cadence"
    )


def test_how_long_ago_they_talked_counts_from_the_readers_now_not_the_computation(ana):
    record(reply(ana, NOW - 10 * DAY, sentiment="neutral"))
    [_, in_touch] = compute(ana).reasons

    assert reason_text(in_touch, "Ana") == "Talked 10 days ago, within the 120 days cadence"
    assert reason_text(in_touch, "Ana", now=NOW + 2 * DAY) == (
        "Talked 12 days ago, within the 120 days cadence"
    )


def test_how_long_ago_they_talked_counts_the_dates_on_the_readers_calendar():
    # 4 Dec at 23:00 in Paris, computed at 03:00 on 7 Dec (52 hours: 2 days), read on 7 Dec.
    quiet = {
        "code": "quiet",
        "days": 2,
        "cadence": 1,
        "since": "2026-12-04T22:00:00+00:00",
    }
    read_at = datetime(2026, 12, 7, 7, 0, tzinfo=UTC)

    with timezone.override(ZoneInfo("Europe/Paris")):
        text = reason_text(quiet, "Ana", now=read_at)

    assert text == "No real conversation for 3 days (keep in touch every 1 day)"


@pytest.mark.parametrize(
    ("reason", "text"),
    [
        ({"code": "no_two_way"}, "No two-way contact yet"),
        (
            {"code": "quiet", "days": 1, "cadence": 30},
            "No real conversation for 1 day (keep in touch every 30 days)",
        ),
        ({"code": "unanswered", "count": 2}, "No reply to your last 2 messages"),
        (
            {"code": "waiting", "count": 2, "since": "2026-11-12T09:00:00+00:00"},
            "Ana wrote on 12 Nov and is still waiting (2 messages)",
        ),
        ({"code": "payment_late", "count": 1, "days": 1}, "Payment 1 day late"),
        (
            {"code": "payment_late", "count": 3, "days": 12},
            "3 payments late, the oldest by 12 days",
        ),
        ({"code": "promise_late", "count": 1, "days": 4}, "A promise to them 4 days late"),
        (
            {"code": "rules_broken", "count": 1},
            "Contact rules broken or overridden 1 time in 6 months",
        ),
        ({"code": "off_topic", "count": 3}, "Three off-topic pitches in 6 months"),
        ({"code": "negative", "count": 2}, "Two negative exchanges in 6 months"),
        ({"code": "campaigns", "count": 1}, "One campaign together this year"),
        ({"code": "campaigns", "count": 12}, "12 campaigns together this year"),
        ({"code": "they_reach_out", "count": 2}, "Ana started 2 conversations this year"),
    ],
)
def test_reasons_read_as_plain_words(reason, text):
    assert reason_text(reason, "Ana") == text


# --- what is read and what is written ----------------------------------------------------------


def test_deleted_entries_are_ignored(ana):
    record(
        reply(ana, NOW - 5 * DAY, deleted=True, sentiment="negative"),
        *(pitch(ana, NOW - d * DAY, deleted=True, off_topic=True) for d in (4, 3, 2)),
        entry(ana, NOW - DAY, Kind.COLLABORATION_DONE, INTERNAL, deleted=True),
    )

    health = compute(ana)

    assert (health.recency, health.reciprocity, health.respect) == (0, 35, 100)
    assert (health.depth, health.sentiment, health.computed_band) == (0, 60, HealthBand.NEW)


def test_entries_after_now_are_not_known_yet(ana):
    record(reply(ana, NOW + timedelta(seconds=1)))

    assert compute(ana).computed_band == HealthBand.NEW


def test_erased_influencers_are_skipped(ana, personas):
    other = InfluencerFactory(workspace=personas.workspace, erased_at=NOW - DAY)

    assert health_recompute(influencer_ids=[ana.pk, other.pk], now=NOW) == 1

    assert not HealthSnapshot.objects.filter(influencer=other).exists()
    other.refresh_from_db()
    assert other.health_score is None and other.health_computed_at is None


def test_one_snapshot_per_day_updated_by_a_later_computation(ana):
    compute(ana, NOW)
    record(reply(ana, NOW + timedelta(minutes=30)))

    health = compute(ana, NOW + timedelta(hours=1))

    assert HealthSnapshot.objects.filter(influencer=ana).count() == 1
    assert health.computed_at == NOW + timedelta(hours=1)
    assert health.recency == 100 and ana.health_computed_at == NOW + timedelta(hours=1)


def test_a_computation_of_an_earlier_moment_keeps_the_newer_one(ana):
    record(reply(ana, NOW - 2 * DAY))
    current = compute(ana, NOW)

    past = compute(ana, NOW - 3 * DAY)
    earlier_today = compute(ana, NOW - timedelta(hours=1))

    assert past.day == health_day(NOW - 3 * DAY) and past.computed_band == HealthBand.NEW
    assert earlier_today.computed_at == NOW and earlier_today.score == current.score
    assert (ana.health_computed_at, ana.health_score) == (NOW, current.score)
    assert ana.health_band == current.band != HealthBand.NEW


def test_a_backfill_writes_one_snapshot_per_day(ana):
    ana.keep_in_touch_days = 1
    ana.save(update_fields=["keep_in_touch_days"])
    record(reply(ana, NOW - 4 * DAY - timedelta(hours=1)))

    health_backfill(influencer_ids=[ana.pk], days=3, now=NOW)

    snapshots = list(HealthSnapshot.objects.filter(influencer=ana).order_by("day"))
    assert [s.day for s in snapshots] == [health_day(NOW - d * DAY) for d in (3, 2, 1, 0)]
    assert [s.computed_at for s in snapshots] == [NOW - d * DAY for d in (3, 2, 1, 0)]
    # A one-day cadence: 1 day quiet is fine, then 50 at 2 days, 0 from 3 days on.
    assert [s.recency for s in snapshots] == [100, 50, 0, 0]
    ana.refresh_from_db()
    assert ana.health_computed_at == NOW


def test_one_statement_computes_many_people_each_from_their_own_history(ana, personas):
    ben = InfluencerFactory(workspace=personas.other_workspace, name="Ben")
    record(reply(ana, NOW - DAY), *(pitch(ben, NOW - d * DAY) for d in (3, 2, 1)))

    assert health_recompute(influencer_ids=[ana.pk, ben.pk], now=NOW) == 2

    by_person = {s.influencer_id: s for s in HealthSnapshot.objects.all()}
    assert by_person[ana.pk].recency == 100 and by_person[ana.pk].respect == 100
    assert by_person[ben.pk].recency == 0 and by_person[ben.pk].respect == 70
    assert by_person[ben.pk].workspace_id == personas.other_workspace.pk
