"""The reminder sweep, in process: due reminders fire once with one notification each, what
changed since planning is checked again at firing, and a row that fails moves its next attempt
forward without holding up the others."""

from datetime import UTC, datetime, timedelta

import pytest

from contacts.models import Commitment, CommitmentKind
from contacts.services import do_not_contact_set
from irm.models import OutboxEmail
from outreach import tasks
from outreach.models import Notification, Pitch, PitchStatus, Reminder, ReminderStatus
from outreach.services import notifications
from outreach.services import reminder_checks as checks
from outreach.services import reminder_sweep as sweep
from outreach.services.follow_up_reminders import follow_up_plan
from outreach.services.follow_ups import follow_up_prepare
from outreach.services.inbound import inbound_ingest
from outreach.services.keep_in_touch import keep_in_touch_plan
from outreach.services.owed_replies import owe_reply_plan
from outreach.services.reminder_plans import custom_reminder_create
from outreach.services.reminder_sweep import MAX_ATTEMPTS, reminders_fire_due
from outreach.services.sending import pitch_send
from tests.factories import PitchFactory, ProfileFactory, due_reminders
from tests.outreach import inbound_mail as mail
from tests.outreach.reminder_factories import talked, they_wrote

pytestmark = pytest.mark.django_db

# Wednesday 18 Nov 2026, 10:00 UTC.
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
FOLLOW_UP_DAY = NOW + timedelta(days=5)


@pytest.fixture
def ben(personas):
    return ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Ben Okafor",
        emails=["ben@roads.example"],
        now=NOW - timedelta(days=400),
    )


def custom(personas, title: str, due_at: datetime, **extra) -> Reminder:
    return custom_reminder_create(
        workspace=personas.workspace,
        actor=personas.member,
        title=title,
        due_at=due_at,
        now=min(NOW, due_at) - timedelta(days=1),  # made the day before it was due
        **extra,
    )


def status_of(reminder: Reminder) -> str:
    reminder.refresh_from_db()
    return reminder.status


# --- firing once ----------------------------------------------------------------------------


def test_due_reminders_fire_once_with_one_notification_each(personas):
    due = [custom(personas, f"Call {n}", NOW - timedelta(minutes=n)) for n in range(3)]
    later = custom(personas, "Later", NOW + timedelta(seconds=1))

    assert reminders_fire_due(now=NOW) == 3
    assert reminders_fire_due(now=NOW) == 0
    assert reminders_fire_due(now=NOW + timedelta(minutes=5)) == 1

    for reminder in due:
        reminder.refresh_from_db()
        assert reminder.status == ReminderStatus.FIRED and reminder.fired_at == NOW
        assert reminder.notifications.count() == 1
    later.refresh_from_db()
    assert later.fired_at == NOW + timedelta(minutes=5)
    assert Notification.objects.count() == 4


def test_a_future_reminder_waits_for_its_moment(personas):
    reminder = custom(personas, "Call Ben", NOW + timedelta(hours=1))

    assert reminders_fire_due(now=NOW) == 0
    assert status_of(reminder) == ReminderStatus.PENDING
    assert not Notification.objects.exists()


def test_the_notification_tells_the_assignee_what_and_why(personas, ben):
    reminder = custom_reminder_create(
        workspace=personas.workspace,
        actor=personas.manager,
        assignee=personas.member,
        title="Send Ben the photos",
        note="He asked on the call",
        influencer=ben,
        due_at=NOW,
        now=NOW,
    )

    reminders_fire_due(now=NOW)

    notification = Notification.objects.get()
    assert (notification.user, notification.workspace) == (personas.member, personas.workspace)
    assert notification.reminder == reminder and notification.kind == "reminder"
    assert notification.title == "Send Ben the photos"
    assert notification.body == "He asked on the call"
    assert notification.url == "/w/acme/reminders/"
    assert notification.created_at == NOW and notification.read_at is None
    assert not OutboxEmail.objects.filter(kind="reminder").exists()  # bell only


def test_a_snoozed_reminder_fires_again_when_its_new_moment_comes(personas):
    reminder = custom(personas, "Call Ben", NOW - timedelta(days=1))
    reminders_fire_due(now=NOW - timedelta(days=1))
    Reminder.objects.filter(pk=reminder.pk).update(
        status=ReminderStatus.SNOOZED, due_at=NOW + timedelta(days=1)
    )

    assert reminders_fire_due(now=NOW + timedelta(hours=23)) == 0
    assert reminders_fire_due(now=NOW + timedelta(days=1)) == 1

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FIRED
    assert reminder.fired_at == NOW + timedelta(days=1)
    assert reminder.notifications.count() == 2  # once per moment, never twice for one


def test_a_held_reminder_fires_when_they_are_back(personas):
    reminder = custom(personas, "Call Ben", NOW + timedelta(days=1))
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.HELD)

    assert reminders_fire_due(now=NOW) == 0
    assert reminders_fire_due(now=NOW + timedelta(days=1)) == 1

    assert status_of(reminder) == ReminderStatus.FIRED
    assert reminder.notifications.count() == 1


@pytest.mark.parametrize(
    "status",
    [
        ReminderStatus.DONE,
        ReminderStatus.DISMISSED,
        ReminderStatus.CANCELLED,
        ReminderStatus.FIRED,
    ],
)
def test_only_waiting_reminders_fire(personas, status):
    reminder = custom(personas, "Call Ben", NOW - timedelta(hours=1))
    Reminder.objects.filter(pk=reminder.pk).update(status=status)

    assert reminders_fire_due(now=NOW) == 0
    assert status_of(reminder) == status
    assert not Notification.objects.exists()


def test_a_batch_is_limited_and_oldest_first(personas):
    rows = due_reminders(
        personas.workspace, assignee=personas.member, count=5, due_at=NOW - timedelta(hours=1)
    )
    oldest = custom(personas, "Oldest", NOW - timedelta(days=3))

    assert reminders_fire_due(now=NOW, limit=2) == 2
    assert status_of(oldest) == ReminderStatus.FIRED
    assert reminders_fire_due(now=NOW, limit=2) == 2
    assert reminders_fire_due(now=NOW, limit=2) == 2
    assert reminders_fire_due(now=NOW, limit=2) == 0
    assert all(status_of(row) == ReminderStatus.FIRED for row in rows)


def test_the_task_queues_another_copy_while_more_than_a_batch_is_due(personas, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.fire_due_reminders, "delay", lambda: queued.append(True))
    real_now = datetime.now(UTC)
    due_reminders(
        personas.workspace,
        assignee=personas.member,
        count=sweep.BATCH_SIZE + 1,
        due_at=real_now - timedelta(minutes=1),
    )

    assert tasks.fire_due_reminders() == sweep.BATCH_SIZE
    assert queued == [True]  # another free worker may start on the rest at once
    assert tasks.fire_due_reminders() == 1
    assert queued == [True]  # one batch was enough: no copy
    assert tasks.fire_due_reminders() == 0
    assert queued == [True]
    assert Notification.objects.count() == sweep.BATCH_SIZE + 1


def test_exactly_a_batch_due_needs_no_second_copy(personas, monkeypatch):
    queued = []
    monkeypatch.setattr(tasks.fire_due_reminders, "delay", lambda: queued.append(True))
    due_reminders(
        personas.workspace,
        assignee=personas.member,
        count=sweep.BATCH_SIZE,
        due_at=datetime.now(UTC) - timedelta(minutes=1),
    )

    assert tasks.fire_due_reminders() == sweep.BATCH_SIZE
    assert queued == []


def test_a_batch_of_every_kind_fires_each_once(ana, ben, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    follow_up = follow_up_plan(pitch=pitch, now=NOW)
    talked(ben, at=NOW - timedelta(days=55), now=NOW)
    keep_in_touch = keep_in_touch_plan(influencer=ben, now=NOW)
    chloe = ProfileFactory(
        personas=personas,
        kept_in_touch=True,
        name="Chloé Martin",
        emails=["chloe@velo.example"],
        now=NOW - timedelta(days=400),
    )
    owed = _owed(chloe)
    own = custom(personas, "Prepare the press kit", NOW + timedelta(days=2))
    moment = NOW + timedelta(days=5)

    assert reminders_fire_due(now=moment) == 4
    assert reminders_fire_due(now=moment) == 0

    for reminder in (follow_up, keep_in_touch, owed, own):
        reminder.refresh_from_db()
        assert (reminder.status, reminder.fired_at) == (ReminderStatus.FIRED, moment)
        assert reminder.notifications.get().created_at == moment
    assert Pitch.objects.filter(follow_up_of=pitch, status=PitchStatus.DRAFT).count() == 1
    # The reply we owe and the follow-up are emailed at once too (the preference is on).
    emailed = OutboxEmail.objects.filter(kind="reminder").values_list("subject", flat=True)
    assert sorted(emailed) == sorted([owed.title, follow_up.title])


# --- checked again at firing ----------------------------------------------------------------


def test_a_reminder_about_someone_who_asked_not_to_be_contacted_is_cancelled_at_firing(
    personas, ben
):
    talked(ben, at=NOW - timedelta(days=60), now=NOW - timedelta(days=60))
    reminder = keep_in_touch_plan(influencer=ben, now=NOW - timedelta(days=60))
    do_not_contact_set(
        influencer=ben,
        reason="Asked us to stop",
        actor=personas.member,
        now=NOW - timedelta(days=1),
    )

    assert reminders_fire_due(now=NOW) == 1

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED
    assert reminder.closed_reason == "Ben Okafor asked not to be contacted."
    assert reminder.fired_at is None and reminder.closed_at == NOW
    assert not Notification.objects.exists()


def test_a_keep_in_touch_reminder_overtaken_by_a_newer_conversation_is_not_fired(ben):
    talked(ben, at=NOW - timedelta(days=60), now=NOW - timedelta(days=60))
    reminder = keep_in_touch_plan(influencer=ben, now=NOW - timedelta(days=60))
    # They wrote this morning; the hourly planning sweep has not run since.
    they_wrote(ben, at=NOW - timedelta(minutes=30), now=NOW - timedelta(minutes=30))

    reminders_fire_due(now=NOW)

    reminder.refresh_from_db()
    assert reminder.status != ReminderStatus.FIRED
    assert not Notification.objects.exists()


def test_a_follow_up_reminder_whose_pitch_was_answered_is_cancelled_not_fired(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    reminder = follow_up_plan(pitch=pitch, now=NOW)
    answered = NOW + timedelta(days=1)
    inbound_ingest(
        raw=mail.gmail_reply(
            in_reply_to=pitch.message_id,
            to=(personas.workspace.reply_to_address,),
            subject="Re: Shoes for Lavaredo",
            date=answered,
        ),
        now=answered + timedelta(minutes=1),
    )

    assert reminders_fire_due(now=FOLLOW_UP_DAY) == 0

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED
    assert reminder.fired_at is None
    assert not Notification.objects.exists()
    assert not Pitch.objects.filter(follow_up_of=pitch).exists()


def test_a_follow_up_reminder_is_checked_again_when_its_moment_comes(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    reminder = follow_up_plan(pitch=pitch, now=NOW)
    # Accepted by some route that left the reminder pending.
    Pitch.objects.filter(pk=pitch.pk).update(status=PitchStatus.ACCEPTED)

    assert reminders_fire_due(now=FOLLOW_UP_DAY) == 1

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.CANCELLED
    assert reminder.closed_reason == "The pitch is accepted."
    assert not Notification.objects.exists()
    assert not Pitch.objects.filter(follow_up_of=pitch).exists()


def test_a_follow_up_reminder_prepares_the_draft_when_it_fires(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    reminder = follow_up_plan(pitch=pitch, now=NOW)

    assert reminders_fire_due(now=FOLLOW_UP_DAY) == 1

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FIRED
    draft = Pitch.objects.get(follow_up_of=pitch)
    assert draft.status == PitchStatus.DRAFT and draft.author == personas.member
    assert draft.subject == "Re: Shoes for Lavaredo"
    assert OutboxEmail.objects.filter(kind="pitch").count() == 1  # never sent by itself
    # One word to its author, the reminder's, by email too (the preference is on): not a
    # second "draft ready" notice beside it.
    told = Notification.objects.get(user=personas.member)
    assert (told.kind, told.reminder) == ("reminder", reminder)
    assert OutboxEmail.objects.get(kind="reminder").subject == reminder.title
    assert not OutboxEmail.objects.filter(kind="follow_up_ready").exists()


def test_an_auto_reply_moves_a_follow_up_reminder_to_their_return(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    reminder = follow_up_plan(pitch=pitch, now=NOW)
    inbound_ingest(
        raw=mail.outlook_out_of_office(
            in_reply_to=pitch.message_id,
            to=(personas.workspace.reply_to_address,),
            date=NOW + timedelta(days=1),
        ),
        now=NOW + timedelta(days=1),
    )

    # Held at ingest already: on the usual follow-up day there is nothing due.
    reminder.refresh_from_db()
    back = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)  # back on 1 Dec at 09:00, then five days
    assert (reminder.status, reminder.due_at) == (ReminderStatus.HELD, back)
    assert reminders_fire_due(now=FOLLOW_UP_DAY) == 0
    assert not Notification.objects.exists()
    assert not Pitch.objects.filter(follow_up_of=pitch).exists()
    assert reminders_fire_due(now=back) == 1
    assert status_of(reminder) == ReminderStatus.FIRED


def test_a_follow_up_reminder_is_not_fired_once_the_follow_up_was_sent_by_hand(ana, personas):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    reminder = follow_up_plan(pitch=pitch, now=NOW)
    # The author wrote the follow-up a little before the reminder's moment.
    early = FOLLOW_UP_DAY - timedelta(minutes=1)
    follow_up = follow_up_prepare(pitch=pitch, now=early)
    follow_up.body = "Hi Ana, just checking whether the shoes idea interests you at all."
    follow_up.save()
    pitch_send(pitch=follow_up, actor=personas.member, actor_role="member", now=FOLLOW_UP_DAY)

    reminders_fire_due(now=FOLLOW_UP_DAY + timedelta(minutes=1))

    # One polite follow-up is the limit: no reminder to write another.
    assert status_of(reminder) == ReminderStatus.CANCELLED
    assert not Notification.objects.filter(reminder=reminder).exists()


# --- email at once for a reply we owe --------------------------------------------------------


def _owed(ben) -> Reminder:
    they_wrote(ben, at=NOW, now=NOW)
    commitment = Commitment.objects.get(influencer=ben, kind=CommitmentKind.REPLY)
    return owe_reply_plan(commitment=commitment, now=NOW)


def test_a_reply_we_owe_is_emailed_at_once_to_whoever_asked_for_it(ben, personas):
    reminder = _owed(ben)

    reminders_fire_due(now=reminder.due_at)

    email = OutboxEmail.objects.get(kind="reminder")
    assert email.to_address == personas.member.email
    assert email.subject == "Ben Okafor is waiting for our reply"
    assert "/w/acme/reminders/" in email.body_text
    assert Notification.objects.get().emailed_at == reminder.due_at
    reminders_fire_due(now=reminder.due_at + timedelta(hours=1))
    assert OutboxEmail.objects.filter(kind="reminder").count() == 1


def test_no_email_for_a_reply_we_owe_when_the_person_turned_emails_off(ben, personas):
    personas.member.email_notifications = False
    personas.member.save(update_fields=["email_notifications"])
    reminder = _owed(ben)

    reminders_fire_due(now=reminder.due_at)

    assert status_of(reminder) == ReminderStatus.FIRED
    assert Notification.objects.get().emailed_at is None
    assert not OutboxEmail.objects.filter(kind="reminder").exists()


def test_other_reminders_are_not_emailed_at_once(ben, personas):
    talked(ben, at=NOW - timedelta(days=60), now=NOW)
    keep_in_touch_plan(influencer=ben, now=NOW)

    assert reminders_fire_due(now=NOW) == 1

    assert not OutboxEmail.objects.filter(kind="reminder").exists()
    assert Notification.objects.get().emailed_at is None


# --- failures -------------------------------------------------------------------------------


def _failing_for(monkeypatch, failing: Reminder) -> None:
    real = checks.before_firing

    def before_firing(*, reminder, now):
        if reminder.pk == failing.pk:
            raise RuntimeError("the draft service is down")
        return real(reminder=reminder, now=now)

    monkeypatch.setattr(checks, "before_firing", before_firing)


def test_a_failing_row_moves_its_next_attempt_forward_and_the_others_still_fire(
    personas, monkeypatch
):
    first, failing, last = (
        custom(personas, f"Call {n}", NOW - timedelta(minutes=3 - n)) for n in range(3)
    )
    _failing_for(monkeypatch, failing)

    assert reminders_fire_due(now=NOW) == 3

    assert status_of(first) == status_of(last) == ReminderStatus.FIRED
    failing.refresh_from_db()
    assert failing.status == ReminderStatus.PENDING and failing.fired_at is None
    assert failing.attempts == 1
    assert failing.next_attempt_at == NOW + timedelta(minutes=1)
    assert failing.last_error == "RuntimeError: the draft service is down"
    assert Notification.objects.count() == 2
    assert not failing.notifications.exists()
    # Not again before its next attempt...
    assert reminders_fire_due(now=NOW + timedelta(seconds=59)) == 0
    # ...then again, and it fires once the cause is gone.
    monkeypatch.undo()
    assert reminders_fire_due(now=NOW + timedelta(minutes=1)) == 1
    failing.refresh_from_db()
    assert failing.status == ReminderStatus.FIRED and failing.next_attempt_at is None
    assert failing.notifications.count() == 1


def test_a_failing_follow_up_undoes_only_its_own_writes(ana, personas, monkeypatch):
    pitch = PitchFactory(sent=True, influencer=ana, author=personas.member, now=NOW)
    failing = follow_up_plan(pitch=pitch, now=NOW)
    others = [custom(personas, f"Call {n}", FOLLOW_UP_DAY) for n in range(3)]

    def before_firing(*, reminder, now):
        real_before_firing(reminder=reminder, now=now)  # the draft is written...
        if reminder.pk == failing.pk:
            raise RuntimeError("the bell is down")  # ...then something fails

    real_before_firing = checks.before_firing
    monkeypatch.setattr(checks, "before_firing", before_firing)

    assert reminders_fire_due(now=FOLLOW_UP_DAY) == 4

    assert all(status_of(reminder) == ReminderStatus.FIRED for reminder in others)
    failing.refresh_from_db()
    assert (failing.status, failing.attempts) == (ReminderStatus.PENDING, 1)
    assert failing.last_error == "RuntimeError: the bell is down"
    assert not Pitch.objects.filter(follow_up_of=pitch).exists()  # its draft was undone
    assert not failing.notifications.exists()
    monkeypatch.undo()
    assert reminders_fire_due(now=failing.next_attempt_at) == 1
    assert status_of(failing) == ReminderStatus.FIRED
    assert Pitch.objects.filter(follow_up_of=pitch).count() == 1


def test_after_the_last_attempt_a_failing_row_is_cancelled_with_its_last_error(
    personas, monkeypatch
):
    failing = custom(personas, "Call Ben", NOW)
    _failing_for(monkeypatch, failing)
    moment = NOW
    waits = []

    for _ in range(MAX_ATTEMPTS):
        assert reminders_fire_due(now=moment) == 1
        failing.refresh_from_db()
        if failing.status == ReminderStatus.PENDING:
            waits.append(failing.next_attempt_at - moment)
            moment = failing.next_attempt_at

    assert [wait.total_seconds() / 60 for wait in waits] == [1, 2, 4, 8, 16, 32, 60]
    assert failing.attempts == MAX_ATTEMPTS
    assert failing.status == ReminderStatus.CANCELLED
    assert failing.closed_at == moment
    assert "last error" in failing.closed_reason
    assert failing.last_error == "RuntimeError: the draft service is down"
    assert reminders_fire_due(now=moment + timedelta(days=1)) == 0
    assert not Notification.objects.exists()


def test_a_failure_while_notifying_leaves_the_row_to_fire_again(ben, personas, monkeypatch):
    reminder = _owed(ben)

    def email_queue(**kwargs):
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr(notifications, "email_queue", email_queue)

    reminders_fire_due(now=reminder.due_at)

    # Nothing of the failed firing may stay: no notification, so not "fired" either.
    reminder.refresh_from_db()
    assert not Notification.objects.exists()
    assert reminder.status == ReminderStatus.PENDING
    assert reminder.fired_at is None and reminder.attempts == 1
    monkeypatch.undo()
    reminders_fire_due(now=reminder.next_attempt_at)
    assert status_of(reminder) == ReminderStatus.FIRED
    assert Notification.objects.get().reminder == reminder
