""" "Remind me when allowed" in the composer: offered when only time stands in the way (the
cooldown, or a hold for their quiet hours, weekend or leave); it plans one cooldown_over reminder
at the moment the contact rules allow, and keeps what was typed."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from contacts.models import Channel
from contacts.services import channel_permission_set
from outreach.models import Pitch, Reminder, ReminderKind, ReminderStatus
from outreach.services.follow_up_reminders import follow_up_plan
from outreach.services.follow_ups import follow_up_start
from tests.outreach.reminder_factories import we_wrote
from tests.outreach.views_support import BODY, HX, NOW, draft, frozen, sent, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen")

BUTTON = "Remind me when allowed"
TYPED = "Ana, the sizes you asked about are in; shall I send a pair before your next race?"


def remind(client, influencer, headers=None, **data):
    values = {
        "influencer": str(influencer.public_id),
        "channel": "email",
        "topics": "Trail running",
        "subject": "Sizes",
        "body": TYPED,
    }
    values.update(data)
    return client.post(url("pitch-remind"), values, **(headers or {}))


def composer(client, influencer) -> str:
    return client.get(url("pitch-new") + f"?influencer={influencer.public_id}").content.decode()


def test_inside_the_cooldown_it_reminds_when_the_cooldown_ends(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))  # Monday 16 Nov, 10:00 UTC
    client.force_login(personas.member)
    assert BUTTON in composer(client, ana)

    response = remind(client, ana)

    assert response.status_code == 200
    reminder = Reminder.objects.get(kind=ReminderKind.COOLDOWN_OVER)
    # Seven days after the last contact: Monday 23 Nov, 10:00 UTC (a weekday, in their hours).
    assert reminder.due_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert reminder.assignee == personas.member and reminder.influencer == ana
    assert reminder.status == ReminderStatus.PENDING
    page = response.content.decode()
    assert "We will remind you on Mon 23 Nov at 11:00 your time" in page  # Paris
    assert TYPED in page  # what was typed is still there
    assert not Pitch.objects.filter(status="draft").exists()  # nothing saved


def test_the_moment_skips_their_weekend(client, personas, ana):
    # Logged by hand: we wrote on Saturday 14 Nov; seven days later is a Saturday again.
    we_wrote(ana, at=datetime(2026, 11, 14, 10, 0, tzinfo=UTC), now=NOW, author=personas.member)
    client.force_login(personas.member)

    remind(client, ana)

    reminder = Reminder.objects.get(kind=ReminderKind.COOLDOWN_OVER)
    assert reminder.due_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday, end of quiet


def test_htmx_answers_with_the_verdict_panel(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    client.force_login(personas.member)

    response = remind(client, ana, headers=HX)

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page and 'id="composer-live"' in page
    assert "We will remind you on Mon 23 Nov at 11:00 your time" in page
    assert f'href="{url("reminders")}"' in page


def test_asking_twice_keeps_one_reminder(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    client.force_login(personas.member)

    remind(client, ana)
    remind(client, ana, headers=HX)

    assert Reminder.objects.filter(kind=ReminderKind.COOLDOWN_OVER).count() == 1


def test_a_reminder_already_closed_for_that_day_is_not_promised_again(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    client.force_login(personas.member)
    remind(client, ana)
    Reminder.objects.update(status=ReminderStatus.DISMISSED)

    response = remind(client, ana, headers=HX)

    assert response.status_code == 400
    page = response.content.decode()
    assert "Your reminder for that day is dismissed already." in page
    assert "We will remind you" not in page


def test_a_hold_reminds_at_their_next_allowed_moment(client, personas, ana):
    client.force_login(personas.member)

    with time_machine.travel(NOW.replace(hour=22), tick=False):  # quiet hours for Ana (UTC)
        assert BUTTON in composer(client, ana)
        response = remind(client, ana)

    assert response.status_code == 200
    reminder = Reminder.objects.get(kind=ReminderKind.COOLDOWN_OVER)
    assert reminder.due_at == datetime(2026, 11, 19, 8, 0, tzinfo=UTC)


def test_a_draft_in_the_cooldown_offers_it_too(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    pitch = draft(ana, personas.member, body=TYPED)
    client.force_login(personas.member)

    edit = client.get(url("pitch-edit", pitch.public_id)).content.decode()
    response = remind(client, ana, pitch=str(pitch.public_id))

    assert BUTTON in edit
    assert response.status_code == 200
    assert Reminder.objects.get(kind=ReminderKind.COOLDOWN_OVER).due_at == datetime(
        2026, 11, 23, 10, 0, tzinfo=UTC
    )


def test_a_follow_up_draft_keeps_the_one_follow_up_reminder_of_its_pitch(client, personas, ana):
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=2))
    planned = follow_up_plan(pitch=pitch, now=NOW - timedelta(days=2))
    follow_up = follow_up_start(pitch=pitch, actor=personas.member, now=NOW)
    client.force_login(personas.member)

    response = remind(client, ana, pitch=str(follow_up.public_id), subject="Re: Sizes")

    assert response.status_code == 200
    [reminder] = Reminder.objects.filter(influencer=ana)
    assert reminder == planned and reminder.kind == ReminderKind.FOLLOW_UP_DUE
    # Five days after the pitch (Monday 16 Nov): Saturday 21 Nov, so their Monday morning.
    assert reminder.due_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
    assert "We will remind you on Mon 23 Nov at 09:00 your time" in response.content.decode()


def test_nothing_to_wait_for_offers_no_reminder(client, personas, ana):
    client.force_login(personas.member)

    page = composer(client, ana)
    response = remind(client, ana)

    assert "Clear to send" in page and BUTTON not in page
    assert response.status_code == 400
    assert "There is nothing to wait for" in response.content.decode()
    assert not Reminder.objects.exists()


def test_a_block_time_does_not_lift_offers_no_reminder(client, personas, ana):
    """A closed channel next to the cooldown: waiting would not help."""
    sent(ana, personas.member, now=NOW - timedelta(days=2))
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=False,
        evidence="She prefers email",
        actor=personas.member,
    )
    client.force_login(personas.member)

    response = remind(client, ana, channel="instagram_dm", headers=HX)

    assert response.status_code == 400
    page = response.content.decode()
    assert "the cooldown is 7 days" in page and "closed Instagram DM" in page
    assert BUTTON not in page and "There is nothing to wait for" in page
    assert not Reminder.objects.exists()


def test_viewers_and_outsiders_cannot_ask(client, personas, ana):
    sent(ana, personas.member, now=NOW - timedelta(days=2))

    client.force_login(personas.viewer)
    assert remind(client, ana).status_code == 403
    client.force_login(personas.outsider)
    assert remind(client, ana).status_code == 404
    assert not Reminder.objects.exists()


def test_the_pitch_page_does_not_offer_it(client, personas, ana):
    """The stored verdict of a sent or blocked pitch is history, not a composer."""
    pitch = sent(ana, personas.member, now=NOW - timedelta(days=2))
    client.force_login(personas.member)

    page = client.get(url("pitch-detail", pitch.public_id)).content.decode()

    assert BUTTON not in page
    assert BODY in page
