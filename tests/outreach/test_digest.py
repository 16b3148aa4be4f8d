"""The daily digest: at 08:00 on each person's own wall clock, once per person, workspace and
local date, only when something is waiting for them."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from irm.models import Membership, OutboxEmail, Role
from irm.services import workspace_create
from outreach import tasks
from outreach.models import DigestDelivery, ReminderKind, ReminderStatus
from outreach.services.digests import DIGEST_KIND, digests_send_due
from outreach.services.notifications import NotificationKind, notification_send
from tests.concurrency import race
from tests.factories import MembershipFactory, ReminderFactory, UserFactory

# A winter Thursday: Paris is at +01:00, New York at -05:00.
DAY = datetime(2026, 1, 15, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def at(hour: int, minute: int = 0, *, zone=UTC, day: datetime = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone).astimezone(UTC)


def reminder(workspace, assignee, *, due_at, title="Follow up with Ana Rocha?", **fields):
    """Fired unless `status` says otherwise, written three days before it was due."""
    return ReminderFactory(
        workspace=workspace,
        assignee=assignee,
        due_at=due_at,
        title=title,
        written_at=due_at - timedelta(days=3),
        **{"status": ReminderStatus.FIRED, **fields},
    )


def person(workspace, *, time_zone: str, email: str, **fields):
    """A member of `workspace` (Maya Singh unless named) reading in `time_zone`."""
    fields.setdefault("name", "Maya Singh")
    user = UserFactory(email=email, time_zone=time_zone, **fields)
    return MembershipFactory(workspace=workspace, user=user).user


def digests(user=None) -> list[OutboxEmail]:
    rows = OutboxEmail.objects.filter(kind=DIGEST_KIND).order_by("created_at", "id")
    return list(rows.filter(to_address=user.email) if user else rows)


def sweep_every_quarter_hour(start: datetime, end: datetime) -> dict[str, list[datetime]]:
    """Run the sweep like beat does (every 15 minutes); when did each address get a digest?"""
    sent: dict[str, list[datetime]] = {}
    moment = start
    while moment < end:
        before = set(OutboxEmail.objects.filter(kind=DIGEST_KIND).values_list("pk", flat=True))
        digests_send_due(now=moment)
        for email in OutboxEmail.objects.filter(kind=DIGEST_KIND).exclude(pk__in=before):
            sent.setdefault(email.to_address, []).append(moment)
        moment += timedelta(minutes=15)
    return sent


# --- when -----------------------------------------------------------------------------------------


def test_it_waits_for_eight_in_the_persons_own_time_zone(personas):
    member = personas.member  # Europe/Paris
    reminder(personas.workspace, member, due_at=at(6))

    result = digests_send_due(now=at(6, 59))  # 07:59 in Paris

    assert (result.due, result.sent) == (0, 0)
    assert digests() == []
    assert digests_send_due(now=at(7)).sent == 1  # 08:00 in Paris
    [email] = digests()
    assert email.to_address == member.email


def test_it_sends_once_per_local_date_however_often_the_sweep_runs(personas):
    reminder(personas.workspace, personas.member, due_at=at(6))

    assert digests_send_due(now=at(7)).sent == 1
    for minutes in (0, 15, 30, 600):
        assert digests_send_due(now=at(7) + timedelta(minutes=minutes)).sent == 0

    assert len(digests(personas.member)) == 1
    [delivery] = DigestDelivery.objects.all()
    assert (delivery.user, delivery.workspace) == (personas.member, personas.workspace)
    assert delivery.local_date == DAY.date()
    assert delivery.outbox_email == digests()[0]


def test_the_next_morning_brings_the_next_digest(personas):
    reminder(personas.workspace, personas.member, due_at=at(6))  # still open: overdue tomorrow
    digests_send_due(now=at(7))

    assert digests_send_due(now=at(6, 45, day=DAY + timedelta(days=1))).sent == 0
    assert digests_send_due(now=at(7, 0, day=DAY + timedelta(days=1))).sent == 1

    dates = sorted(DigestDelivery.objects.values_list("local_date", flat=True))
    assert dates == [DAY.date(), DAY.date() + timedelta(days=1)]


def test_each_zone_gets_its_digest_at_its_own_eight(personas):
    workspace = personas.workspace
    kolkata = person(workspace, time_zone="Asia/Kolkata", email="maya@acme.test")  # +05:30
    kathmandu = person(workspace, time_zone="Asia/Kathmandu", email="sita@acme.test")  # +05:45
    new_york = person(workspace, time_zone="America/New_York", email="joe@acme.test")  # -05:00
    for user in (kolkata, kathmandu, new_york):
        # Something due at noon of their own 15 January.
        noon = datetime(2026, 1, 15, 12, 0, tzinfo=user.zone)
        reminder(workspace, user, due_at=noon, status=ReminderStatus.PENDING)

    sent = sweep_every_quarter_hour(at(0), at(23, 45))

    assert sent == {
        kathmandu.email: [at(2, 15)],  # 08:00 in Kathmandu
        kolkata.email: [at(2, 30)],  # 08:00 in Kolkata
        new_york.email: [at(13)],  # 08:00 in New York
    }


def test_it_reads_the_wall_clock_not_the_quarter_hour(personas):
    """A sweep running late (at 02:20 UTC) still sends Kathmandu's (08:05 there) and not
    Kolkata's (07:50 there)."""
    kolkata = person(personas.workspace, time_zone="Asia/Kolkata", email="maya@acme.test")
    kathmandu = person(personas.workspace, time_zone="Asia/Kathmandu", email="sita@acme.test")
    for user in (kolkata, kathmandu):
        reminder(personas.workspace, user, due_at=at(1))

    digests_send_due(now=at(2, 20))

    assert [email.to_address for email in digests()] == [kathmandu.email]


@pytest.mark.parametrize(
    ("change_day", "day_before_utc", "change_day_utc"),
    [
        # Clocks go forward on 29 March 2026: 08:00 is 07:00 UTC the day before, 06:00 after.
        (datetime(2026, 3, 29, tzinfo=UTC), 7, 6),
        # Clocks go back on 25 October 2026: 08:00 is 06:00 UTC the day before, 07:00 after.
        (datetime(2026, 10, 25, tzinfo=UTC), 6, 7),
    ],
    ids=["spring-forward", "fall-back"],
)
def test_the_day_the_clocks_change_in_paris(personas, change_day, day_before_utc, change_day_utc):
    member = personas.member  # Europe/Paris
    day_before = change_day - timedelta(days=1)
    reminder(personas.workspace, member, due_at=day_before - timedelta(days=1))  # overdue

    sent = sweep_every_quarter_hour(day_before, change_day + timedelta(days=1))

    assert sent == {
        member.email: [
            day_before.replace(hour=day_before_utc),
            change_day.replace(hour=change_day_utc),
        ]
    }
    dates = sorted(DigestDelivery.objects.values_list("local_date", flat=True))
    assert dates == [day_before.date(), change_day.date()]


# --- whether --------------------------------------------------------------------------------------


def test_nothing_to_say_sends_nothing_and_a_later_reminder_still_gets_its_digest(personas):
    member = personas.member
    reminder(personas.workspace, member, due_at=at(12, day=DAY + timedelta(days=1)))  # tomorrow

    result = digests_send_due(now=at(7))

    assert (result.sent, result.nothing_to_say) == (0, result.due)
    assert digests() == []
    assert not DigestDelivery.objects.exists()

    # Later that morning something comes due today: the next sweep sends the digest.
    reminder(personas.workspace, member, due_at=at(9), title="Call Ben back")
    assert digests_send_due(now=at(7, 15)).sent == 1  # due at 10:00 in Paris: today
    assert len(digests(member)) == 1


def test_nobody_gets_one_with_the_digest_turned_off(personas):
    member = personas.member
    member.daily_digest = False
    member.save(update_fields=["daily_digest"])
    reminder(personas.workspace, member, due_at=at(6))

    result = digests_send_due(now=at(9))

    assert (result.due, result.sent) == (4, 0)  # the four others, with nothing waiting
    assert digests() == []
    assert not DigestDelivery.objects.exists()


def test_a_deactivated_person_gets_none(personas):
    member = personas.member
    member.is_active = False
    member.save(update_fields=["is_active"])
    reminder(personas.workspace, member, due_at=at(6))

    digests_send_due(now=at(9))

    assert digests() == []


def test_a_person_gets_one_digest_per_workspace_with_that_workspaces_things(personas):
    member = personas.member
    other = workspace_create(name="Initech Comms", slug="initech", admin=personas.admin)
    Membership.objects.create(workspace=other, user=member, role=Role.MEMBER)
    reminder(personas.workspace, member, due_at=at(6), title="Send Ana the sizes")
    reminder(other, member, due_at=at(6), title="Thank Ben for the video")

    assert digests_send_due(now=at(7)).sent == 2

    by_workspace = {email.workspace.slug: email for email in digests(member)}
    assert set(by_workspace) == {"acme", "initech"}
    assert "Send Ana the sizes" in by_workspace["acme"].body_text
    assert "Thank Ben" not in by_workspace["acme"].body_text
    assert "Thank Ben for the video" in by_workspace["initech"].body_text


def test_only_open_reminders_count(personas):
    for status in (ReminderStatus.DONE, ReminderStatus.DISMISSED, ReminderStatus.CANCELLED):
        reminder(personas.workspace, personas.member, due_at=at(6), status=status)

    assert digests_send_due(now=at(9)).sent == 0


def test_an_unread_notification_of_the_last_day_is_enough(personas):
    notification_send(
        workspace=personas.workspace,
        user=personas.member,
        kind=NotificationKind.FOLLOW_UP_READY,
        title="Your follow-up to Ana Rocha is ready",
        dedupe_key="ready:1",
        now=at(7) - timedelta(hours=20),
    )

    assert digests_send_due(now=at(7)).sent == 1


def test_read_or_older_notifications_say_nothing(personas):
    old = notification_send(
        workspace=personas.workspace,
        user=personas.member,
        kind=NotificationKind.PITCH_BLOCKED,
        title="A pitch to Ana Rocha was blocked",
        dedupe_key="blocked:1",
        now=at(7) - timedelta(hours=25),
    )
    read = notification_send(
        workspace=personas.workspace,
        user=personas.member,
        kind=NotificationKind.PITCH_BLOCKED,
        title="A pitch to Ben Okafor was blocked",
        dedupe_key="blocked:2",
        now=at(6),
    )
    read.read_at = at(6, 30)
    read.save(update_fields=["read_at"])

    assert digests_send_due(now=at(7)).sent == 0
    assert old.read_at is None  # still unread, but a day old: it was in yesterday's digest


# --- what it says ---------------------------------------------------------------------------------


def test_the_email_lists_overdue_today_and_notifications_with_people_and_links(personas, ana):
    member = personas.member
    member.name = "Maya Singh"
    member.save(update_fields=["name"])
    workspace = personas.workspace
    reminder(
        workspace,
        member,
        due_at=datetime(2026, 1, 13, 9, 0, tzinfo=PARIS),
        title="Follow up with Ana Rocha?",
        influencer=ana,
        kind=ReminderKind.FOLLOW_UP_DUE,
        reason="No answer to “Shoes for Lavaredo” since 6 Jan.",
        suggestion="A short, friendly note; one polite follow-up is the limit.",
    )
    fired_today = reminder(
        workspace,
        member,
        due_at=datetime(2026, 1, 15, 7, 30, tzinfo=PARIS),
        title="Ana Rocha is waiting for our reply",
        influencer=ana,
        kind=ReminderKind.OWE_REPLY,
    )
    reminder(
        workspace,
        member,
        due_at=datetime(2026, 1, 15, 16, 45, tzinfo=PARIS),
        title="Prepare the press day list",
        status=ReminderStatus.PENDING,
    )
    reminder(  # tomorrow: not in this morning's digest
        workspace,
        member,
        due_at=datetime(2026, 1, 16, 9, 0, tzinfo=PARIS),
        title="Tomorrow's thing",
        status=ReminderStatus.PENDING,
    )
    # The bell already has the reminder that fired this morning: the digest says it once.
    notification_send(
        workspace=workspace,
        user=member,
        kind=NotificationKind.REMINDER,
        title=fired_today.title,
        reminder=fired_today,
        dedupe_key="reminder:fired-today",
        now=at(6, 30),
    )
    notification_send(
        workspace=workspace,
        user=member,
        kind=NotificationKind.FOLLOW_UP_READY,
        title="Your follow-up to Ben Okafor is ready",
        body="Read it, change what you like\nand send it through the guard.",
        url="/w/acme/outreach/",
        dedupe_key="ready:ben",
        now=at(5),
    )

    digests_send_due(now=at(7, 10))

    [email] = digests()
    assert email.to_address == member.email
    assert email.workspace == workspace
    assert email.subject == "Your day in Acme PR: 4 things to look at"
    body = email.body_text
    site = settings.SITE_URL
    profile = f"{site}/w/acme/influencers/{ana.public_id}/"
    assert body.startswith("Good morning Maya,\n\n")
    assert "waiting for you in Acme PR on Thursday 15 January." in body
    overdue = body.index("Overdue (1)")
    today = body.index("Today (2)")
    notifications = body.index("Unread notifications (1)")
    assert overdue < today < notifications
    assert (
        "- Follow up with Ana Rocha?\n"
        "  Ana Rocha · due Tuesday 13 January\n"
        "  No answer to “Shoes for Lavaredo” since 6 Jan.\n"
        "  A short, friendly note; one polite follow-up is the limit.\n"
        f"  {profile}\n"
    ) in body
    assert f"- Ana Rocha is waiting for our reply\n  Ana Rocha · due at 07:30\n  {profile}" in body
    assert f"- Prepare the press day list\n  due at 16:45\n  {site}/w/acme/reminders/" in body
    assert (
        "- Your follow-up to Ben Okafor is ready\n"
        "  Read it, change what you like and send it through the guard.\n"
        f"  {site}/w/acme/outreach/\n"
    ) in body
    assert f"{profile}\n\n- Prepare the press day list" in body  # a blank line between items
    assert "\n-- \n" in body  # the signature, which mail clients can fold away
    assert body.count("Ana Rocha is waiting for our reply") == 1
    assert "Tomorrow's thing" not in body
    assert f"All your reminders: {site}/w/acme/reminders/" in body
    assert "08:00 your time (Europe/Paris)" in body
    assert f"{site}/account/" in body


def test_the_subject_counts_one_thing(personas):
    reminder(personas.workspace, personas.member, due_at=at(6))

    digests_send_due(now=at(7))

    assert digests()[0].subject == "Your day in Acme PR: 1 thing to look at"


def test_someone_without_a_name_is_greeted_plainly(personas):
    personas.member.name = ""
    personas.member.save(update_fields=["name"])
    reminder(personas.workspace, personas.member, due_at=at(6))

    digests_send_due(now=at(7))

    assert digests()[0].body_text.startswith("Good morning,\n")


# --- at scale, and the task -----------------------------------------------------------------------


@pytest.mark.parametrize("people", [3, 12])
def test_before_eight_the_sweep_is_one_query_whatever_the_number_of_people(
    personas, people, django_assert_num_queries
):
    for n in range(people):
        user = person(personas.workspace, time_zone="Europe/Paris", email=f"p{n}@acme.test")
        reminder(personas.workspace, user, due_at=at(0))

    with django_assert_num_queries(1):
        assert digests_send_due(now=at(6, 45)).due == 0  # 07:45 in Paris


@pytest.mark.parametrize("people", [3, 12])
def test_later_sweeps_of_the_day_cost_the_same_whatever_the_number_of_people(
    personas, people, django_assert_num_queries
):
    """Digests sent, and people with nothing waiting: four queries in all."""
    for n in range(people):
        user = person(personas.workspace, time_zone="Europe/Paris", email=f"p{n}@acme.test")
        reminder(personas.workspace, user, due_at=at(6))
        person(personas.workspace, time_zone="Europe/Paris", email=f"quiet{n}@acme.test")
    assert digests_send_due(now=at(7)).sent == people

    with django_assert_num_queries(4):
        result = digests_send_due(now=at(7, 15))

    assert (result.due, result.sent, result.nothing_to_say) == (people + 5, 0, people + 5)


def test_one_person_with_a_bad_address_does_not_stop_the_others(personas):
    broken = person(personas.workspace, time_zone="Europe/Paris", email="maya@acme.test")
    type(broken).objects.filter(pk=broken.pk).update(email="not an address")
    reminder(personas.workspace, broken, due_at=at(6))
    reminder(personas.workspace, personas.member, due_at=at(6))

    result = digests_send_due(now=at(7))

    assert result.sent == 1
    assert [email.to_address for email in digests()] == [personas.member.email]
    assert list(DigestDelivery.objects.values_list("user", flat=True)) == [personas.member.pk]


def test_what_the_time_budget_leaves_goes_out_with_the_next_sweep(personas):
    reminder(personas.workspace, personas.member, due_at=at(6))
    reminder(personas.workspace, personas.manager, due_at=at(6))

    result = digests_send_due(now=at(7), budget_seconds=0)

    assert (result.sent, result.left_for_next_sweep) == (0, 2)
    assert not DigestDelivery.objects.exists()
    assert digests_send_due(now=at(7, 15)).sent == 2


def test_the_sweep_is_a_celery_task_on_the_beat_schedule(personas):
    reminder(personas.workspace, personas.member, due_at=at(6))

    with time_machine.travel(at(7, 5), tick=False):
        result = tasks.send_digests()

    assert result == {
        "due": 5,
        "sent": 1,
        "nothing_to_say": 4,
        "already_sent": 0,
        "left_for_next_sweep": 0,
    }
    schedule = settings.CELERY_BEAT_SCHEDULE["outreach.send-digests"]
    assert (schedule["task"], schedule["schedule"]) == ("outreach.tasks.send_digests", 900.0)
    assert tasks.send_digests.acks_late and tasks.send_digests.reject_on_worker_lost


# --- racing sweeps: real threads, each with its own database connection ---------------------------


def test_two_sweeps_at_once_send_each_digest_once(transactional_db, monkeypatch):
    queued = []
    # Only the racing sweeps act: no delivery task goes to the broker.
    monkeypatch.setattr("irm.outbox._queue_delivery", lambda email_id, due_in: queued.append(1))
    admin = UserFactory(email="admin@acme.test")
    workspace = workspace_create(name="Acme PR", slug="acme", admin=admin)
    people = [
        person(workspace, time_zone=zone, email=f"p{n}@acme.test")
        for n, zone in enumerate(["Europe/Paris", "Asia/Kolkata", "Asia/Kathmandu"] * 5)
    ]
    for user in people:
        reminder(workspace, user, due_at=at(1))

    results = race([lambda: digests_send_due(now=at(9))] * 4)

    assert sum(result.sent for result in results) == len(people)
    assert sorted(email.to_address for email in digests()) == sorted(u.email for u in people)
    assert DigestDelivery.objects.count() == len(people)
    assert len(queued) == len(people)
