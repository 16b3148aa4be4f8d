"""One test per rule and per boundary of the contact guard (a pure function: no database)."""

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from outreach.guard import (
    GuardContext,
    Policy,
    Rule,
    Severity,
    evaluate,
    next_allowed_moment,
)
from outreach.text import fingerprint

PARIS = ZoneInfo("Europe/Paris")
TOKYO = ZoneInfo("Asia/Tokyo")
# Wednesday 18 Nov 2026, 10:00 in Paris.
NOW = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)


def context(**changes) -> GuardContext:
    values = {"name": "Ana", "zone": PARIS, "open_channels": frozenset({"email"})}
    return GuardContext(**{**values, **changes})


def rules(verdict) -> set[Rule]:
    return {finding.rule for finding in verdict.findings}


def check(ctx=None, *, channel="email", topics=(), body="", now=NOW):
    return evaluate(ctx or context(), channel=channel, topics=topics, body=body, now=now)


def test_an_open_channel_at_a_decent_hour_is_allowed_without_findings():
    verdict = check()

    assert verdict.allowed and not verdict.findings and verdict.held_until is None


def test_do_not_contact_blocks_and_no_one_may_override_it():
    verdict = check(context(do_not_contact=True, do_not_contact_reason="Asked on 3 Nov"))

    assert rules(verdict) == {Rule.DO_NOT_CONTACT}
    assert not verdict.allowed and not verdict.overridable
    assert verdict.blocks[0].message == "Ana asked not to be contacted: Asked on 3 Nov."


def test_an_erased_person_is_blocked_whatever_else():
    verdict = check(context(erased=True, do_not_contact=True))

    assert rules(verdict) == {Rule.ERASED}


def test_a_channel_they_never_opened_is_blocked_with_the_ones_they_did():
    verdict = check(channel="instagram_dm")

    assert rules(verdict) == {Rule.CHANNEL_NOT_OPEN}
    assert "Ana has not opened Instagram DM to us" in verdict.blocks[0].message
    assert "Channels they opened: Email" in verdict.blocks[0].message
    assert not verdict.overridable


def test_a_channel_they_closed_says_when_and_why():
    closed = {"email": (datetime(2026, 10, 2, tzinfo=UTC), "They asked for DMs only")}
    verdict = check(context(open_channels=frozenset(), closed_channels=closed))

    assert verdict.blocks[0].message == "Ana closed Email on 2 Oct 2026: They asked for DMs only."


def test_email_is_blocked_when_every_address_of_theirs_bounced_and_dms_are_not():
    bounced = (
        "ana@gone.example",
        datetime(2026, 11, 12, 9, 0, tzinfo=UTC),
        "550 5.1.1 user unknown",
    )
    ctx = context(email_bounced=bounced, open_channels=frozenset({"email", "instagram_dm"}))

    verdict = check(ctx)

    assert rules(verdict) == {Rule.ADDRESS_BOUNCED}
    assert not verdict.allowed and not verdict.overridable
    assert verdict.blocks[0].message == (
        "Email to ana@gone.example bounced on 12 Nov 2026 (550 5.1.1 user unknown): add a "
        "working address for Ana first."
    )
    assert check(ctx, channel="instagram_dm").allowed


def test_the_follow_up_cap_allows_one_and_blocks_the_second():
    assert check(context(follow_ups_admitted=0)).allowed
    verdict = check(context(follow_ups_admitted=1))

    assert rules(verdict) == {Rule.FOLLOW_UP_CAP}
    assert not verdict.overridable


def test_the_cooldown_blocks_until_exactly_n_days_have_passed():
    last = NOW - timedelta(days=7)
    almost = check(context(outbound_at=(last + timedelta(seconds=1),)))
    exactly = check(context(outbound_at=(last,)))

    assert rules(almost) == {Rule.COOLDOWN} and almost.overridable
    assert "the cooldown is 7 days" in almost.blocks[0].message
    assert exactly.allowed


def test_the_cooldown_counts_days_ago_by_the_dates_it_names():
    # 15 Nov at 23:00 in Paris, read on 18 Nov at 10:00: 59 hours, but three dates back.
    late_evening = datetime(2026, 11, 15, 22, 0, tzinfo=UTC)
    earlier_today = NOW - timedelta(hours=2)

    three_dates_back = check(context(outbound_at=(late_evening,)))
    today = check(context(outbound_at=(earlier_today,)))

    assert "on 15 Nov 2026 (3 days ago)" in three_dates_back.blocks[0].message
    assert "on 18 Nov 2026 (today)" in today.blocks[0].message


def test_a_follow_up_is_spaced_by_the_follow_up_delay_not_the_cooldown():
    sent = (NOW - timedelta(days=5),)

    assert check(context(outbound_at=sent, follow_ups_admitted=0)).allowed
    early = check(context(outbound_at=(NOW - timedelta(days=4),), follow_ups_admitted=0))
    assert rules(early) == {Rule.COOLDOWN}
    assert "a follow-up waits 5 days" in early.blocks[0].message
    assert not check(context(outbound_at=sent)).allowed  # a new pitch still waits 7 days


def test_an_email_after_a_call_we_logged_is_within_the_conversation_and_not_cooled_down():
    call = NOW - timedelta(days=1)

    verdict = check(context(outbound_at=(call,), last_spoken_at=call))

    assert verdict.allowed and rules(verdict) == {Rule.IN_CONVERSATION}
    [note] = verdict.warnings
    assert note.message == (
        "Within the conversation: you spoke with Ana on 17 Nov 2026 (a call, meeting or event "
        "in the last 7 days). The 7-day cooldown is for unsolicited outreach, so it does not "
        "apply."
    )


def test_a_call_older_than_the_cooldown_opens_no_conversation():
    verdict = check(
        context(outbound_at=(NOW - timedelta(days=2),), last_spoken_at=NOW - timedelta(days=8))
    )

    assert rules(verdict) == {Rule.COOLDOWN} and not verdict.allowed


def test_answering_a_message_they_sent_after_ours_is_within_the_conversation():
    ours = NOW - timedelta(days=3)
    answered = check(context(outbound_at=(ours,), last_inbound_at=NOW - timedelta(days=1)))
    after_ours = check(
        context(outbound_at=(NOW - timedelta(hours=1),), last_inbound_at=NOW - timedelta(days=1))
    )

    assert answered.allowed and rules(answered) == {Rule.IN_CONVERSATION}
    assert "Ana wrote to us on 17 Nov 2026, after our last message" in answered.warnings[0].message
    assert rules(after_ours) == {Rule.COOLDOWN}  # we wrote since: a second email is unsolicited


def test_the_team_cap_counts_a_rolling_30_days():
    inside = (NOW - timedelta(days=8), NOW - timedelta(days=16), NOW - timedelta(days=29))
    verdict = check(context(outbound_at=inside))
    assert rules(verdict) == {Rule.TEAM_CAP} and verdict.overridable
    assert "3 times in the last 30 days (the limit is 3)" in verdict.blocks[0].message
    assert "from 19 Nov 2026" in verdict.blocks[0].message  # the oldest drops out then

    one_dropped_out = (*inside[:2], NOW - timedelta(days=30))
    assert check(context(outbound_at=one_dropped_out)).allowed


def test_a_declined_topic_is_remembered_for_the_policy_s_months():
    declined = {"vegan baking": NOW - timedelta(days=100)}
    verdict = check(context(declined_topics=declined), topics=["Vegan  Baking"])
    assert rules(verdict) == {Rule.DECLINED_TOPIC} and verdict.overridable

    forgotten = {"vegan baking": NOW - timedelta(days=183)}
    assert check(context(declined_topics=forgotten), topics=["vegan baking"]).allowed


def test_quiet_hours_hold_until_eight_in_their_time_zone():
    # 21:30 in Paris on a Wednesday -> Thursday 08:00 Paris.
    verdict = check(now=datetime(2026, 11, 18, 20, 30, tzinfo=UTC))

    assert rules(verdict) == {Rule.QUIET_HOURS}
    assert verdict.allowed  # held, not blocked
    assert verdict.held_until == datetime(2026, 11, 19, 8, 0, tzinfo=PARIS)
    assert "Thu 19 Nov at 08:00 their time (Europe/Paris)" in verdict.findings[0].message


def test_midnight_elsewhere_is_quiet_even_when_it_is_noon_here():
    # Noon in Paris is 20:00 in Tokyo: held until 08:00 Tokyo.
    verdict = check(context(zone=TOKYO), now=datetime(2026, 11, 18, 11, 0, tzinfo=UTC))

    assert verdict.held_until == datetime(2026, 11, 19, 8, 0, tzinfo=TOKYO)


def test_the_weekend_holds_until_monday_morning():
    saturday_noon = datetime(2026, 11, 21, 11, 0, tzinfo=UTC)

    verdict = check(now=saturday_noon)

    assert rules(verdict) == {Rule.WEEKEND}
    assert verdict.held_until == datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)


def test_friday_evening_holds_until_monday_morning():
    verdict = check(now=datetime(2026, 11, 20, 19, 30, tzinfo=UTC))

    assert verdict.held_until == datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)


def test_the_hold_is_dst_correct():
    # Europe/Paris leaves summer time on Sunday 25 Oct 2026: Saturday evening's hold ends on
    # Monday 08:00 CET, which is 07:00 UTC (not 06:00 as in summer).
    verdict = check(now=datetime(2026, 10, 24, 18, 0, tzinfo=UTC))

    assert verdict.held_until.astimezone(UTC) == datetime(2026, 10, 26, 7, 0, tzinfo=UTC)


def test_do_not_disturb_holds_until_the_day_they_are_back():
    verdict = check(context(do_not_disturb_until=date(2026, 12, 1)))

    assert Rule.DO_NOT_DISTURB in rules(verdict)
    assert verdict.held_until == datetime(2026, 12, 1, 8, 0, tzinfo=PARIS)
    assert "Ana is away until 1 Dec 2026" in verdict.findings[0].message


def test_off_topic_is_a_warning():
    verdict = check(context(topics=frozenset({"trail running"})), topics=["fintech"])

    assert rules(verdict) == {Rule.OFF_TOPIC}
    assert verdict.allowed and verdict.warnings[0].severity == Severity.WARN


TEMPLATE = (
    "Hi {name}, we are launching a new collection of trail shoes made from recycled ocean "
    "plastic and would love to send you a pair to try on your next long run."
)


def test_a_template_with_only_the_name_filled_in_is_not_personalized():
    body = TEMPLATE.replace("{name}", "Ana")

    verdict = check(context(template_body=TEMPLATE, merge_values=("Ana",)), body=body)

    assert rules(verdict) == {Rule.NOT_PERSONALIZED}


def test_a_body_written_for_them_passes():
    body = (
        "Hi Ana, your Mont Blanc ultra write-up made our whole team want to run it. We make "
        "trail shoes from ocean plastic and wondered whether your community cares about that."
    )

    assert check(context(template_body=TEMPLATE, merge_values=("Ana",)), body=body).allowed
    assert not check(context(template_body=TEMPLATE, merge_values=("Ana",)), body=body).findings


def test_the_same_body_sent_to_someone_else_recently_is_not_personalized():
    body = TEMPLATE.replace("{name}", "Ana")
    other = fingerprint(TEMPLATE.replace("{name}", "Bruno"), ("Bruno",))

    verdict = check(context(recent_fingerprints=(other,), merge_values=("Ana",)), body=body)

    assert rules(verdict) == {Rule.NOT_PERSONALIZED}


def test_it_warns_when_they_are_waiting_for_our_reply():
    verdict = check(context(waiting_since=datetime(2026, 11, 12, 10, tzinfo=UTC)))

    assert rules(verdict) == {Rule.WAITING_FOR_US}
    assert "Ana wrote on 12 Nov 2026 and is still waiting" in verdict.findings[0].message


def test_the_verdict_serializes_for_the_api_and_the_pitch():
    verdict = check(context(outbound_at=(NOW - timedelta(days=1),)), channel="x_dm")

    data = verdict.as_dict()
    assert data["allowed"] is False and data["overridable"] is False
    assert [f["rule"] for f in data["findings"]] == ["channel_not_open", "cooldown"]


# --- properties ---------------------------------------------------------------------------

moments = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(UTC)
)
zones = st.sampled_from(
    ["Europe/Paris", "America/New_York", "Asia/Tokyo", "Australia/Sydney", "Asia/Kolkata"]
)


@given(moment=moments, zone=zones)
def test_a_held_send_never_lands_in_quiet_hours_or_on_a_weekend(moment, zone):
    ctx = context(zone=ZoneInfo(zone))
    allowed_at, _ = next_allowed_moment(ctx, moment)

    local = allowed_at.astimezone(ZoneInfo(zone))
    assert allowed_at >= moment
    assert local.weekday() < 5
    assert time(8, 0) <= local.time() < time(20, 0)


@given(attempts=st.lists(st.integers(min_value=0, max_value=120 * 24), max_size=40))
def test_no_sequence_of_admitted_sends_breaks_the_cooldown_or_the_cap(attempts):
    policy = Policy(cooldown_days=3, team_cap_per_30_days=3, no_weekends=False)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    admitted: list[datetime] = []
    for hours in sorted(attempts):
        now = start + timedelta(hours=hours)
        ctx = context(policy=policy, outbound_at=tuple(admitted), zone=ZoneInfo("UTC"))
        verdict = evaluate(ctx, channel="email", now=now)
        if verdict.allowed and verdict.held_until is None:
            admitted.append(now)
    for earlier, later in itertools.pairwise(admitted):
        assert later - earlier >= timedelta(days=3)
    for moment in admitted:
        window = [m for m in admitted if moment - timedelta(days=30) < m <= moment]
        assert len(window) <= 3
