"""Reminder planners: when each reminder is due, to whom, and that planning twice creates
nothing twice. Time is passed in (`now=`); the DST cases use Europe/Paris."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from contacts.models import (
    Commitment,
    CommitmentKind,
    Influencer,
    Stage,
    default_keep_in_touch_by_stage,
)
from contacts.services import (
    commitment_open,
    contact_policy_save,
    do_not_contact_set,
    influencer_create,
    influencer_update,
    interaction_delete,
)
from irm.errors import RuleError
from outreach.models import (
    Notification,
    Pitch,
    PitchStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from outreach.services.follow_up_reminders import follow_up_plan
from outreach.services.follow_ups import follow_up_prepare
from outreach.services.inbound import inbound_ingest
from outreach.services.keep_in_touch import keep_in_touch_plan
from outreach.services.owed_replies import owe_reply_plan
from outreach.services.reminder_plans import (
    cooldown_over_plan,
    custom_reminder_create,
    source_reminder_plan,
    source_reminders_cancel,
)
from outreach.services.reminder_sweep import reminders_fire_due, reminders_plan_sweep
from outreach.services.sending import pitch_send
from tests.factories import PitchFactory, ProfileFactory
from tests.outreach import inbound_mail as mail
from tests.outreach.reminder_factories import talked, they_wrote, we_wrote

pytestmark = pytest.mark.django_db

# Wednesday 18 Nov 2026, 10:00 UTC (11:00 in Paris, the workspace's zone).
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def ben(personas) -> Influencer:
    """Engaged (keep in touch every 60 days), owned by the member, in UTC."""
    return ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Ben Okafor",
        emails=["ben@roads.example"],
        now=NOW - timedelta(days=400),
    )


def rows(**filters):
    return list(Reminder.objects.filter(**filters))


# --- follow-ups -----------------------------------------------------------------------------


def test_a_sent_pitch_is_followed_up_after_the_delay(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)

    reminder = follow_up_plan(pitch=pitch, now=NOW)

    assert reminder.kind == ReminderKind.FOLLOW_UP_DUE
    assert reminder.due_at == NOW + timedelta(days=5)
    assert reminder.status == ReminderStatus.PENDING
    assert (reminder.assignee, reminder.influencer, reminder.pitch) == (personas.member, ana, pitch)
    assert reminder.workspace == personas.workspace
    assert reminder.title == "Follow up with Ana Rocha?"
    assert "Shoes for Lavaredo" in reminder.reason and "18 Nov" in reminder.reason
    assert reminder.created_at == NOW


def test_the_follow_up_delay_is_the_workspace_s(ana, personas):
    contact_policy_save(workspace=personas.workspace, values={"follow_up_delay_days": 3})
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)

    assert follow_up_plan(pitch=pitch, now=NOW).due_at == NOW + timedelta(days=3)


def test_no_follow_up_reminder_once_the_follow_up_cap_is_used(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    later = NOW + timedelta(days=5)
    follow_up = follow_up_prepare(pitch=pitch, now=later)
    follow_up.body = "Hi Ana, just checking whether the shoes idea interests you at all."
    follow_up.save()
    pitch_send(pitch=follow_up, actor=personas.member, actor_role="member", now=later)

    assert follow_up_plan(pitch=Pitch.objects.get(pk=pitch.pk), now=later) is None
    assert rows(kind=ReminderKind.FOLLOW_UP_DUE) == []


def test_a_follow_up_pitch_or_an_unsent_pitch_gets_no_follow_up_reminder(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    later = NOW + timedelta(days=5)
    follow_up = follow_up_prepare(pitch=pitch, now=later)

    assert follow_up_plan(pitch=follow_up, now=later) is None  # a draft
    follow_up.body = "Hi Ana, just checking whether the shoes idea interests you at all."
    follow_up.save()
    sent_follow_up = pitch_send(
        pitch=follow_up, actor=personas.member, actor_role="member", now=later
    )
    assert sent_follow_up.status == PitchStatus.SENT
    assert follow_up_plan(pitch=sent_follow_up, now=later) is None  # a follow-up itself
    assert rows(kind=ReminderKind.FOLLOW_UP_DUE) == []


def test_an_auto_reply_holds_the_follow_up_until_they_are_back(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    planned = follow_up_plan(pitch=pitch, now=NOW)
    answered = NOW + timedelta(days=1)
    inbound_ingest(
        raw=mail.outlook_out_of_office(
            in_reply_to=pitch.message_id,
            to=(personas.workspace.reply_to_address,),
            date=answered,
        ),
        now=answered + timedelta(minutes=1),
    )

    held = follow_up_plan(pitch=Pitch.objects.get(pk=pitch.pk), now=answered)

    # Away "until 1 December 2026": back at 09:00 their time (UTC), then the usual five days.
    assert held.pk == planned.pk
    assert held.due_at == datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    assert held.status == ReminderStatus.HELD
    assert Reminder.objects.get().due_at == held.due_at


def test_after_an_auto_reply_the_follow_up_comes_at_09_00_their_time_across_a_clock_change(
    personas,
):
    chloe = ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Chloé Martin",
        emails=["chloe@velo.example"],
        time_zone="Europe/Paris",
        now=NOW - timedelta(days=400),
    )
    sent = datetime(2026, 10, 19, 10, 0, tzinfo=UTC)  # Monday, noon in Paris (CEST)
    pitch = PitchFactory(sent=True, influencer=chloe, author=personas.member, now=sent)
    inbound_ingest(
        raw=mail.outlook_out_of_office(
            in_reply_to=pitch.message_id,
            from_address="chloe@velo.example",
            from_name="Chloé Martin",
            to=(personas.workspace.reply_to_address,),
            text="Bonjour,\n\nI am out of the office until 22 October 2026.\n\nChloé",
            date=sent + timedelta(minutes=5),
        ),
        now=sent + timedelta(minutes=6),
    )

    reminder = follow_up_plan(pitch=Pitch.objects.get(pk=pitch.pk), now=sent)

    # Back on Thursday 22 October at 09:00 (CEST), then five days: Tuesday 27 October, after
    # the clocks went back on the 25th. Counted on her calendar, it is 09:00 again (CET).
    assert reminder.due_at == datetime(2026, 10, 27, 9, 0, tzinfo=PARIS)
    assert reminder.due_at == datetime(2026, 10, 27, 8, 0, tzinfo=UTC)
    assert reminder.status == ReminderStatus.HELD


def test_a_follow_up_reminder_waits_for_their_first_morning_back(personas):
    chloe = ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Chloé Martin",
        emails=["chloe@velo.example"],
        time_zone="Europe/Paris",
        now=NOW - timedelta(days=30),
    )
    pitch = PitchFactory(
        sent=True, influencer=chloe, author=personas.member, now=NOW - timedelta(days=2)
    )
    influencer_update(
        influencer=chloe, actor=personas.member, do_not_disturb_until=date(2026, 11, 30), now=NOW
    )

    reminder = follow_up_plan(pitch=Pitch.objects.get(pk=pitch.pk), now=NOW)

    # Due 21 Nov, but she is away until the 30th: 09:00 in Paris (08:00 UTC) that day.
    assert reminder.due_at == datetime(2026, 11, 30, 9, 0, tzinfo=PARIS)
    assert reminder.due_at == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    assert reminder.status == ReminderStatus.HELD


def test_no_follow_up_reminder_for_someone_who_asked_not_to_be_contacted(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    do_not_contact_set(influencer=ana, reason="Asked us to stop", actor=personas.member, now=NOW)

    assert follow_up_plan(pitch=Pitch.objects.get(pk=pitch.pk), now=NOW) is None
    assert rows() == []


# --- keep in touch --------------------------------------------------------------------------


def test_the_default_cadence_by_stage():
    assert default_keep_in_touch_by_stage() == {
        Stage.PROSPECT: 120,
        Stage.AWARE: 90,
        Stage.ENGAGED: 60,
        Stage.COLLABORATING: 45,
        Stage.AMBASSADOR: 30,
    }


@pytest.mark.parametrize(
    ("stage", "days"),
    [
        (Stage.AMBASSADOR, 30),
        (Stage.COLLABORATING, 45),
        (Stage.ENGAGED, 60),
        (Stage.AWARE, 90),
        (Stage.PROSPECT, 120),
    ],
)
def test_keep_in_touch_is_due_the_stage_cadence_after_the_last_two_way_contact(
    personas, stage, days
):
    influencer = ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Ben Okafor",
        emails=["ben@roads.example"],
        stage=stage,
        now=NOW - timedelta(days=400),
    )
    last_call = NOW - timedelta(days=3)
    talked(influencer, at=last_call, now=NOW)

    reminder = keep_in_touch_plan(influencer=influencer, now=NOW)

    assert reminder.kind == ReminderKind.KEEP_IN_TOUCH
    assert reminder.due_at == last_call + timedelta(days=days)
    assert (reminder.assignee, reminder.influencer) == (personas.member, influencer)
    assert reminder.pitch is None
    assert f"every {days} days" in reminder.reason and "15 Nov 2026" in reminder.reason
    assert "Not a pitch" in reminder.suggestion


def test_a_person_s_own_cadence_wins_over_their_stage(ben, personas):
    ben = influencer_update(influencer=ben, actor=personas.member, keep_in_touch_days=14, now=NOW)
    talked(ben, at=NOW, now=NOW)

    assert keep_in_touch_plan(influencer=ben, now=NOW).due_at == NOW + timedelta(days=14)


def test_the_workspace_may_change_the_cadence_of_a_stage(ben, personas):
    contact_policy_save(
        workspace=personas.workspace, values={"keep_in_touch_days_by_stage": {"engaged": 21}}
    )
    talked(ben, at=NOW, now=NOW)

    assert keep_in_touch_plan(influencer=ben, now=NOW).due_at == NOW + timedelta(days=21)


def test_keep_in_touch_counts_from_when_it_happened_not_when_it_was_logged(ben):
    # Logged today, the call happened 50 days ago: 10 days are left of the 60.
    talked(ben, at=NOW - timedelta(days=50), now=NOW)

    reminder = keep_in_touch_plan(influencer=ben, now=NOW)

    assert reminder.due_at == NOW + timedelta(days=10)
    assert "29 Sep 2026" in reminder.reason


def test_an_outbound_email_alone_is_not_two_way_contact(ben, personas):
    PitchFactory(sent=True, influencer=ben, author=personas.member, now=NOW)

    assert keep_in_touch_plan(influencer=Influencer.objects.get(pk=ben.pk), now=NOW) is None
    assert rows(kind=ReminderKind.KEEP_IN_TOUCH) == []


def test_nobody_is_reminded_about_someone_without_an_owner(personas):
    nobody_s = influencer_create(
        workspace=personas.workspace, actor=personas.member, name="Dev Patel", now=NOW
    )
    talked(nobody_s, at=NOW, now=NOW)

    assert keep_in_touch_plan(influencer=nobody_s, now=NOW) is None


def test_a_newer_conversation_replaces_the_pending_keep_in_touch_reminder(ben):
    talked(ben, at=NOW, now=NOW)
    first = keep_in_touch_plan(influencer=ben, now=NOW)
    later = NOW + timedelta(days=20)
    talked(ben, at=later, now=later)

    second = keep_in_touch_plan(influencer=ben, now=later)

    first.refresh_from_db()
    assert first.status == ReminderStatus.CANCELLED
    assert first.closed_at == later and first.closed_reason == "A newer conversation moved it."
    assert second.pk != first.pk
    assert second.status == ReminderStatus.PENDING
    assert second.due_at == later + timedelta(days=60)
    assert rows(kind=ReminderKind.KEEP_IN_TOUCH, status=ReminderStatus.PENDING) == [second]


def test_a_newer_conversation_logged_re_plans_keep_in_touch_at_once(ben, personas, client):
    talked(ben, at=datetime(2026, 3, 7, 10, 0, tzinfo=UTC), now=NOW)
    old = Reminder.objects.get(kind=ReminderKind.KEEP_IN_TOUCH)
    assert "7 Mar 2026" in old.reason and old.due_at == datetime(2026, 5, 6, 10, 0, tzinfo=UTC)

    # A call on 28 Sep is logged today: no planner runs, yet the reminder follows it.
    talked(ben, at=datetime(2026, 9, 28, 10, 0, tzinfo=UTC), now=NOW)

    assert Reminder.objects.get(pk=old.pk).status == ReminderStatus.CANCELLED
    [current] = rows(kind=ReminderKind.KEEP_IN_TOUCH, status=ReminderStatus.PENDING)
    assert current.due_at == datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    assert current.reason.startswith("Your last conversation was on 28 Sep 2026")
    client.force_login(personas.member)
    page = client.get(reverse("outreach:reminders", args=["acme"])).content.decode()
    assert "28 Sep 2026" in page and "Your last conversation was on 7 Mar" not in page


def test_deleting_the_only_conversation_cancels_its_keep_in_touch_reminder(ben, personas):
    call = talked(ben, at=NOW - timedelta(days=3), now=NOW, author=personas.member)
    planned = keep_in_touch_plan(influencer=Influencer.objects.get(pk=ben.pk), now=NOW)

    interaction_delete(interaction=call, actor=personas.member, now=NOW)

    assert Reminder.objects.get(pk=planned.pk).status == ReminderStatus.CANCELLED
    assert rows(kind=ReminderKind.KEEP_IN_TOUCH, status=ReminderStatus.PENDING) == []


def test_no_keep_in_touch_reminder_for_someone_who_asked_not_to_be_contacted(ben, personas):
    do_not_contact_set(influencer=ben, reason="Asked us to stop", actor=personas.member, now=NOW)
    talked(ben, at=NOW - timedelta(days=1), now=NOW)

    assert keep_in_touch_plan(influencer=Influencer.objects.get(pk=ben.pk), now=NOW) is None
    assert rows() == []


def test_keep_in_touch_waits_until_09_00_their_time_on_the_day_they_are_back(personas):
    away = ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Hana Sato",
        emails=["hana@peaks.example"],
        stage=Stage.AMBASSADOR,
        time_zone="Asia/Tokyo",
        do_not_disturb_until=date(2027, 1, 10),
        now=NOW - timedelta(days=30),
    )
    talked(away, at=NOW, now=NOW)

    reminder = keep_in_touch_plan(influencer=away, now=NOW)

    # Due 18 Dec without the leave; back on 10 January, 09:00 in Tokyo (00:00 UTC).
    assert reminder.due_at == datetime(2027, 1, 10, 0, 0, tzinfo=UTC)
    assert reminder.status == ReminderStatus.HELD


def test_a_past_leave_does_not_move_keep_in_touch(personas):
    back_already = ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Hana Sato",
        emails=["hana@peaks.example"],
        time_zone="Asia/Tokyo",
        do_not_disturb_until=date(2026, 11, 1),
        now=NOW - timedelta(days=30),
    )
    talked(back_already, at=NOW, now=NOW)

    reminder = keep_in_touch_plan(influencer=back_already, now=NOW)

    assert (reminder.due_at, reminder.status) == (NOW + timedelta(days=60), ReminderStatus.PENDING)


# Daylight saving time in Paris ends on Sunday 25 October 2026 and starts on 29 March 2026
# (and on 28 March 2027). The cadence is counted in absolute time: N days of 24 hours after the
# conversation. Across a change the reminder's local clock time moves by an hour, which is
# harmless for a reminder shown by day; the day it is due stays N days after the conversation.


def _parisian(personas, **profile):
    return ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Chloé Martin",
        emails=["chloe@velo.example"],
        stage=Stage.AMBASSADOR,
        time_zone="Europe/Paris",
        now=datetime(2025, 1, 1, tzinfo=UTC),
        **profile,
    )


def test_keep_in_touch_across_the_start_of_summer_time(personas):
    chloe = _parisian(personas)
    # 20 March 2026 at 10:00 in Paris (CET, 09:00 UTC).
    call = datetime(2026, 3, 20, 10, 0, tzinfo=PARIS)
    talked(chloe, at=call, now=call)

    reminder = keep_in_touch_plan(influencer=chloe, now=call)

    # 30 days of 24 hours (adding to `call` itself would count on Paris's wall clock).
    assert reminder.due_at == call.astimezone(UTC) + timedelta(days=30)
    assert reminder.due_at == datetime(2026, 4, 19, 9, 0, tzinfo=UTC)
    local = reminder.due_at.astimezone(PARIS)
    assert (local.date(), local.hour) == (date(2026, 4, 19), 11)  # CEST: an hour later on the clock


def test_keep_in_touch_across_the_end_of_summer_time(personas):
    chloe = _parisian(personas)
    # 10 October 2026 at 10:00 in Paris (CEST, 08:00 UTC).
    call = datetime(2026, 10, 10, 10, 0, tzinfo=PARIS)
    talked(chloe, at=call, now=call)

    reminder = keep_in_touch_plan(influencer=chloe, now=call)

    assert reminder.due_at == datetime(2026, 11, 9, 8, 0, tzinfo=UTC)
    local = reminder.due_at.astimezone(PARIS)
    assert (local.date(), local.hour) == (date(2026, 11, 9), 9)  # CET: an hour earlier


def test_the_morning_back_from_leave_is_09_00_local_in_summer_time(personas):
    # Back on Monday 30 March 2026, the day after summer time began: 09:00 CEST is 07:00 UTC.
    chloe = _parisian(personas, do_not_disturb_until=date(2026, 3, 30))
    call = datetime(2026, 2, 25, 10, 0, tzinfo=PARIS)
    talked(chloe, at=call, now=call)

    reminder = keep_in_touch_plan(influencer=chloe, now=call)

    assert reminder.due_at == datetime(2026, 3, 30, 7, 0, tzinfo=UTC)


# --- cooldown over --------------------------------------------------------------------------


def test_remind_me_when_allowed(ana, personas):
    allowed_at = NOW + timedelta(days=6)

    reminder = cooldown_over_plan(
        influencer=ana, user=personas.manager, allowed_at=allowed_at, now=NOW
    )

    assert reminder.kind == ReminderKind.COOLDOWN_OVER
    assert reminder.due_at == allowed_at
    assert (reminder.assignee, reminder.created_by, reminder.influencer) == (
        personas.manager,
        personas.manager,
        ana,
    )
    assert reminder.title == "You may write to Ana Rocha again"


def test_remind_me_when_allowed_is_per_person_asking(ana, personas):
    allowed_at = NOW + timedelta(days=6)

    mine = cooldown_over_plan(influencer=ana, user=personas.member, allowed_at=allowed_at, now=NOW)
    theirs = cooldown_over_plan(
        influencer=ana, user=personas.manager, allowed_at=allowed_at, now=NOW
    )

    assert mine.pk != theirs.pk and Reminder.objects.count() == 2


def test_remind_me_when_allowed_respects_do_not_contact_and_their_leave(ana, personas):
    ana = influencer_update(
        influencer=ana, actor=personas.member, do_not_disturb_until=date(2026, 12, 1), now=NOW
    )
    allowed_at = NOW + timedelta(days=6)

    held = cooldown_over_plan(influencer=ana, user=personas.member, allowed_at=allowed_at, now=NOW)
    assert held.due_at == datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    do_not_contact_set(influencer=ana, reason="Asked us to stop", actor=personas.member, now=NOW)
    ana.refresh_from_db()
    assert (
        cooldown_over_plan(influencer=ana, user=personas.manager, allowed_at=allowed_at, now=NOW)
        is None
    )


# --- replies we owe -------------------------------------------------------------------------


def test_an_overdue_reply_reminds_the_owner(ben, personas):
    # Their message on Wednesday 11:00 in Paris: our reply is due Friday 11:00 Paris time.
    they_wrote(ben, at=NOW, now=NOW)
    commitment = Commitment.objects.get(influencer=ben, kind=CommitmentKind.REPLY)
    assert commitment.due_at == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)

    reminder = owe_reply_plan(commitment=commitment, now=commitment.due_at)

    assert reminder.kind == ReminderKind.OWE_REPLY
    assert reminder.due_at == commitment.due_at
    assert reminder.assignee == personas.member and reminder.influencer == ben
    assert reminder.source == commitment
    assert reminder.reason == commitment.description
    assert reminder.title == "Ben Okafor is waiting for our reply"


def test_no_owed_reply_reminder_once_we_answered(ben):
    they_wrote(ben, at=NOW, now=NOW)
    we_wrote(ben, at=NOW + timedelta(hours=2), now=NOW + timedelta(hours=2))
    commitment = Commitment.objects.get(influencer=ben, kind=CommitmentKind.REPLY)

    assert commitment.fulfilled_at is not None
    assert owe_reply_plan(commitment=commitment, now=NOW + timedelta(days=3)) is None


def test_an_owed_reply_reminder_is_cancelled_at_firing_once_we_answered(ben):
    they_wrote(ben, at=NOW, now=NOW)
    commitment = Commitment.objects.get(influencer=ben, kind=CommitmentKind.REPLY)
    reminder = owe_reply_plan(commitment=commitment, now=NOW)
    answered = commitment.due_at - timedelta(hours=1)
    we_wrote(ben, at=answered, now=answered)

    reminders_fire_due(now=commitment.due_at)

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED
    assert reminder.closed_reason == "We answered."
    assert not Notification.objects.exists()


def test_an_owed_reply_still_owed_fires_when_due(ben):
    they_wrote(ben, at=NOW, now=NOW)
    commitment = Commitment.objects.get(influencer=ben, kind=CommitmentKind.REPLY)
    reminder = owe_reply_plan(commitment=commitment, now=NOW)

    assert reminders_fire_due(now=commitment.due_at - timedelta(seconds=1)) == 0
    reminders_fire_due(now=commitment.due_at)

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FIRED
    assert Notification.objects.get().reminder == reminder


# --- reminders about campaign sources, and custom ones ---------------------------------------


def test_a_reminder_can_be_about_any_row(ben, personas):
    payment = commitment_open(
        influencer=ben,
        kind=CommitmentKind.PAYMENT,
        description="Fee for the spring video",
        due_at=NOW + timedelta(days=10),
    )

    reminder = source_reminder_plan(
        kind=ReminderKind.PAYMENT_DUE,
        source=payment,
        assignee=personas.manager,
        influencer=ben,
        due_at=payment.due_at,
        title="Pay Ben for the spring video",
        reason="Due in the contract",
        now=NOW,
    )

    assert reminder.kind == ReminderKind.PAYMENT_DUE
    assert reminder.source == payment
    assert reminder.source_id == str(payment.pk)
    assert (reminder.assignee, reminder.influencer, reminder.due_at) == (
        personas.manager,
        ben,
        payment.due_at,
    )


def test_one_reminder_per_source_and_due_date(ben, personas):
    payment = commitment_open(
        influencer=ben, kind=CommitmentKind.PAYMENT, description="Fee", due_at=NOW
    )
    values = {
        "kind": ReminderKind.PAYMENT_DUE,
        "source": payment,
        "assignee": personas.manager,
        "influencer": ben,
        "title": "Pay Ben",
        "now": NOW,
    }

    first = source_reminder_plan(due_at=NOW + timedelta(days=10), **values)
    again = source_reminder_plan(due_at=NOW + timedelta(days=10, hours=2), **values)
    moved = source_reminder_plan(due_at=NOW + timedelta(days=20), **values)

    assert again.pk == first.pk and again.due_at == NOW + timedelta(days=10, hours=2)
    assert moved.pk != first.pk
    assert Reminder.objects.count() == 2


def test_source_reminders_are_for_campaign_kinds_only(ben, personas):
    with pytest.raises(ValueError, match="not a campaign reminder"):
        source_reminder_plan(
            kind=ReminderKind.KEEP_IN_TOUCH,
            source=ben,
            assignee=personas.member,
            influencer=ben,
            due_at=NOW,
            title="Nope",
            now=NOW,
        )


def test_paid_or_signed_cancels_the_source_s_open_reminders(ben, personas):
    payment = commitment_open(
        influencer=ben, kind=CommitmentKind.PAYMENT, description="Fee", due_at=NOW
    )
    other = commitment_open(
        influencer=ben, kind=CommitmentKind.FEEDBACK, description="Draft", due_at=NOW
    )
    values = {"assignee": personas.manager, "influencer": ben, "title": "Act", "now": NOW}
    pending = source_reminder_plan(
        kind=ReminderKind.PAYMENT_DUE, source=payment, due_at=NOW + timedelta(days=1), **values
    )
    fired = source_reminder_plan(
        kind=ReminderKind.CONTRACT_UNSIGNED, source=payment, due_at=NOW, **values
    )
    reminders_fire_due(now=NOW)
    untouched = source_reminder_plan(
        kind=ReminderKind.DELIVERABLE_DUE, source=other, due_at=NOW + timedelta(days=1), **values
    )
    later = NOW + timedelta(hours=1)

    cancelled = source_reminders_cancel(source=payment, reason="Paid on 18 Nov", now=later)

    assert cancelled == 2
    for reminder in (pending, fired):
        reminder.refresh_from_db()
        assert reminder.status == ReminderStatus.CANCELLED
        assert (reminder.closed_at, reminder.closed_reason) == (later, "Paid on 18 Nov")
    untouched.refresh_from_db()
    assert untouched.status == ReminderStatus.PENDING
    assert source_reminders_cancel(source=payment, reason="Again", now=later) == 0


def test_a_custom_reminder(ben, personas):
    due = NOW + timedelta(days=2)

    reminder = custom_reminder_create(
        workspace=personas.workspace,
        actor=personas.manager,
        title="  Send Ben the launch photos  ",
        due_at=due,
        influencer=ben,
        note=" He asked on the call ",
        now=NOW,
    )

    assert reminder.kind == ReminderKind.CUSTOM
    assert reminder.title == "Send Ben the launch photos"
    assert reminder.reason == "He asked on the call"
    assert (reminder.assignee, reminder.created_by) == (personas.manager, personas.manager)
    assert reminder.due_at == due and reminder.status == ReminderStatus.PENDING


def test_a_custom_reminder_may_be_for_a_teammate_and_each_is_its_own(personas):
    values = {
        "workspace": personas.workspace,
        "actor": personas.manager,
        "assignee": personas.member,
        "title": "Prepare the press kit",
        "due_at": NOW + timedelta(days=1),
        "now": NOW,
    }

    first = custom_reminder_create(**values)
    second = custom_reminder_create(**values)

    assert first.assignee == personas.member and first.influencer is None
    assert first.pk != second.pk  # a person may want the same reminder twice


@pytest.mark.parametrize("title", ["", "   "])
def test_a_custom_reminder_needs_a_title(personas, title):
    with pytest.raises(RuleError, match="Say what to remember") as error:
        custom_reminder_create(
            workspace=personas.workspace,
            actor=personas.member,
            title=title,
            due_at=NOW,
            now=NOW,
        )
    assert error.value.field == "title"
    assert not Reminder.objects.exists()


def test_a_custom_reminder_about_another_workspace_s_influencer_is_refused(personas):
    elsewhere = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Eve", now=NOW
    )

    with pytest.raises(RuleError, match="Choose an influencer of this workspace"):
        custom_reminder_create(
            workspace=personas.workspace,
            actor=personas.member,
            title="Call Eve",
            due_at=NOW,
            influencer=elsewhere,
            now=NOW,
        )
    assert not Reminder.objects.exists()


def test_a_custom_reminder_about_an_erased_person_is_refused(ben, personas):
    Influencer.objects.filter(pk=ben.pk).update(erased_at=NOW)
    ben.refresh_from_db()

    with pytest.raises(RuleError, match="erased"):
        custom_reminder_create(
            workspace=personas.workspace,
            actor=personas.member,
            title="Call Ben",
            due_at=NOW,
            influencer=ben,
            now=NOW,
        )


# --- idempotence ----------------------------------------------------------------------------


def _plan_follow_up(ana, ben, personas):
    pitch = Pitch.objects.filter(influencer=ana).first() or PitchFactory(
        sent=True, influencer=ana, author=personas.member, now=NOW
    )
    return follow_up_plan(pitch=pitch, now=NOW)


def _plan_keep_in_touch(ana, ben, personas):
    if ben.last_two_way_at is None:
        talked(ben, at=NOW, now=NOW)
    return keep_in_touch_plan(influencer=ben, now=NOW)


def _plan_cooldown_over(ana, ben, personas):
    return cooldown_over_plan(
        influencer=ana, user=personas.member, allowed_at=NOW + timedelta(days=3), now=NOW
    )


def _plan_owe_reply(ana, ben, personas):
    if not Commitment.objects.filter(influencer=ben).exists():
        they_wrote(ben, at=NOW, now=NOW)
    return owe_reply_plan(commitment=Commitment.objects.get(influencer=ben), now=NOW)


def _plan_source(ana, ben, personas):
    payment = commitment_open(
        influencer=ben,
        kind=CommitmentKind.PAYMENT,
        description="Fee",
        due_at=NOW,
        source=personas.workspace,
    )
    return source_reminder_plan(
        kind=ReminderKind.DELIVERABLE_DUE,
        source=payment,
        assignee=personas.member,
        influencer=ben,
        due_at=NOW + timedelta(days=4),
        title="Video due",
        now=NOW,
    )


@pytest.mark.parametrize(
    "plan",
    [_plan_follow_up, _plan_keep_in_touch, _plan_cooldown_over, _plan_owe_reply, _plan_source],
)
def test_planning_twice_gives_the_same_single_row(ana, ben, personas, plan):
    first = plan(ana, ben, personas)
    second = plan(ana, ben, personas)

    assert first is not None and second.pk == first.pk
    # (A message from them also plans their keep-in-touch reminder: another kind.)
    assert Reminder.objects.filter(kind=first.kind).count() == 1
    assert Reminder.objects.get(kind=first.kind).due_at == first.due_at


def test_planning_again_follows_a_changed_due_time_while_still_pending(ana, personas):
    allowed = NOW + timedelta(days=3)
    first = cooldown_over_plan(influencer=ana, user=personas.member, allowed_at=allowed, now=NOW)
    later = allowed + timedelta(hours=2)  # the same day: the same reminder

    moved = cooldown_over_plan(influencer=ana, user=personas.member, allowed_at=later, now=NOW)

    assert moved.pk == first.pk and moved.due_at == later
    reminders_fire_due(now=later)
    fired = cooldown_over_plan(
        influencer=ana, user=personas.member, allowed_at=later + timedelta(hours=1), now=later
    )
    assert fired.status == ReminderStatus.FIRED and fired.due_at == later  # fired ones stay


# --- the hourly planning sweep --------------------------------------------------------------


def test_the_hourly_sweep_plans_what_is_missing_once(ana, ben, personas):
    # The pitch's on-commit task did not run: the sweep catches up. Keep-in-touch was
    # planned as the conversations were logged, so the sweep finds it there already.
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    talked(ben, at=NOW - timedelta(days=10), now=NOW)
    they_wrote(ben, at=NOW, now=NOW)
    commitment = Commitment.objects.get(influencer=ben, kind=CommitmentKind.REPLY)

    early = reminders_plan_sweep(now=NOW)

    assert (early["follow_up_due"], early["keep_in_touch"], early["owe_reply"]) == (1, 0, 0)
    assert Reminder.objects.get(kind=ReminderKind.FOLLOW_UP_DUE).pitch == pitch
    # ben's message is the newest two-way contact.
    [keep_in_touch] = rows(kind=ReminderKind.KEEP_IN_TOUCH, status=ReminderStatus.PENDING)
    assert keep_in_touch.due_at == NOW + timedelta(days=60)

    overdue = reminders_plan_sweep(now=commitment.due_at)

    assert overdue["owe_reply"] == 1
    assert Reminder.objects.get(kind=ReminderKind.OWE_REPLY).source == commitment
    reminders_plan_sweep(now=commitment.due_at + timedelta(hours=1))
    assert Reminder.objects.exclude(status=ReminderStatus.CANCELLED).count() == 3


def test_the_hourly_sweep_moves_keep_in_touch_after_a_newer_conversation(ben):
    talked(ben, at=NOW, now=NOW)
    reminders_plan_sweep(now=NOW)
    later = NOW + timedelta(days=20)
    talked(ben, at=later, now=later)

    reminders_plan_sweep(now=later + timedelta(hours=1))

    pending = rows(kind=ReminderKind.KEEP_IN_TOUCH, status=ReminderStatus.PENDING)
    assert [reminder.due_at for reminder in pending] == [later + timedelta(days=60)]


def test_do_not_contact_cancels_follow_up_and_keep_in_touch_reminders_never_fired(ben, personas):
    pitch = PitchFactory(sent=True, influencer=ben, author=personas.member, now=NOW)
    talked(ben, at=NOW + timedelta(hours=1), now=NOW + timedelta(hours=1))
    follow_up = follow_up_plan(pitch=pitch, now=NOW)
    keep_in_touch = keep_in_touch_plan(
        influencer=Influencer.objects.get(pk=ben.pk), now=NOW + timedelta(hours=1)
    )
    stopped = NOW + timedelta(days=1)
    do_not_contact_set(
        influencer=ben, reason="Asked us to stop", actor=personas.member, now=stopped
    )

    result = reminders_plan_sweep(now=stopped + timedelta(minutes=30))

    assert result["cancelled"] == 2
    for reminder in (follow_up, keep_in_touch):
        reminder.refresh_from_db()
        assert reminder.status == ReminderStatus.CANCELLED
        assert reminder.closed_reason == "They asked not to be contacted."
    assert result["follow_up_due"] == result["keep_in_touch"] == 0
    reminders_fire_due(now=NOW + timedelta(days=365))
    assert not Notification.objects.exists()
    assert Reminder.objects.filter(status=ReminderStatus.FIRED).count() == 0
