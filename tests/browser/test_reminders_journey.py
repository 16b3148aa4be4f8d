"""The reminders journeys: a follow-up to Ana comes due and the real sweep fires it; the member
sees it on the bell and on the reminders page with why now, a next step and the draft ready,
snoozes it for a day and then marks it done, each time with the row swapped in place and the
page the same after a reload. A member adds a reminder of their own for tomorrow; a viewer
reads an empty page with nothing to press."""

import re
from datetime import time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts import facts
from contacts.models import Channel
from outreach.models import Notification, Pitch, PitchStatus, Reminder, ReminderStatus
from outreach.services import pitch_create, pitch_send
from outreach.services.follow_up_reminders import follow_up_plan
from outreach.services.reminder_sweep import reminders_fire_due
from tests.browser.journeys import seed_ana, sign_in

pytestmark = pytest.mark.browser

TITLE = "Follow up with Ana Rocha?"
NEXT_STEP = "A short, friendly note; one polite follow-up is the limit."
# The bell's name: "Notifications" and, once its count has loaded, "<n> unread".
BELL_UNREAD = re.compile(r"^Notifications\s*1 unread$")


def seed_a_fired_follow_up(personas) -> tuple[Pitch, Reminder]:
    """The member pitched Ana by email two days more than the follow-up delay ago and she never
    answered: the follow-up reminder is planned, its moment has passed (overdue in any time
    zone) and the real sweep fires it, preparing the follow-up draft."""
    ana = seed_ana(personas)
    delay = facts.contact_policy_effective(influencer=ana).follow_up_delay_days
    sent_at = timezone.now() - timedelta(days=delay + 2)
    draft = pitch_create(
        influencer=ana,
        author=personas.member,
        channel=Channel.EMAIL,
        subject="Shoes for Lavaredo",
        body="Hi Ana, your Lavaredo report was wonderful; would you test our trail shoe?",
        topics=["Trail running"],
        now=sent_at,
    )
    pitch = pitch_send(pitch=draft, actor=personas.member, actor_role="member", now=sent_at)
    assert pitch.status == PitchStatus.SENT
    reminder = follow_up_plan(pitch=pitch, now=sent_at)
    assert reminder is not None and reminder.due_at < timezone.now()

    assert reminders_fire_due(now=timezone.now()) == 1

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FIRED
    assert Notification.objects.filter(user=personas.member, read_at__isnull=True).count() == 1
    assert Pitch.objects.filter(follow_up_of=pitch, status=PitchStatus.DRAFT).count() == 1
    return pitch, reminder


def mark_the_page(page) -> None:
    """A flag on the window that a full page load would wipe: it proves htmx swapped a row."""
    page.evaluate("window.stillTheSamePage = true")


def expect_the_same_page(page) -> None:
    assert page.evaluate("window.stillTheSamePage === true")


def test_a_follow_up_comes_due_rings_the_bell_is_snoozed_then_done(live_server, page, personas):
    pitch, reminder = seed_a_fired_follow_up(personas)
    sign_in(page, live_server.url, "member@acme.test")
    main_nav = page.get_by_role("navigation", name="Main")

    # 1. The bell: its unread count loads after the page; opening it lists the reminder.
    bell = main_nav.get_by_role("link", name=BELL_UNREAD)
    expect(bell).to_be_visible()
    bell.click()
    expect(page.get_by_role("heading", name="Notifications", exact=True)).to_be_visible()
    listed = page.locator("#notification-list")
    expect(listed.get_by_text("1 unread", exact=True)).to_be_visible()
    notification = listed.get_by_role("listitem").filter(has_text=TITLE)
    expect(notification).to_have_count(1)
    expect(notification).to_contain_text("No answer to “Shoes for Lavaredo”")
    expect(notification).to_contain_text(NEXT_STEP)

    # Opening it marks it read and leads to the reminders page; the bell's count is gone.
    notification.get_by_role("button", name=TITLE).click()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    expect(main_nav.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    assert Notification.objects.get(reminder=reminder).read_at is not None

    # 2. The reminders page: overdue, with why now, when we last wrote and a next step.
    overdue = page.get_by_role("region", name=re.compile(r"^Overdue"))
    expect(overdue.get_by_role("heading", name="Overdue 1")).to_be_visible()
    row = overdue.get_by_role("listitem").filter(has_text=TITLE)
    expect(row).to_have_count(1)
    expect(row.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(row).to_contain_text("Why now: No answer to “Shoes for Lavaredo” since")
    expect(row).to_contain_text("We last wrote")
    expect(row).to_contain_text(f"Next step: {NEXT_STEP}")
    expect(page.get_by_role("region", name=re.compile(r"^Upcoming"))).to_contain_text(
        "Nothing planned for the next 14 days."
    )

    # "Write the follow-up" opens the draft the sweep prepared, in the composer.
    row.get_by_role("button", name="Write the follow-up to Ana Rocha").click()
    expect(page.get_by_role("heading", name="Follow up with Ana Rocha")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value("Re: Shoes for Lavaredo")
    page.go_back()

    # The pitch it follows is a link away too.
    row = page.get_by_role("region", name=re.compile(r"^Overdue")).get_by_role("listitem")
    row.filter(has_text=TITLE).get_by_role("link", name="the pitch").click()
    expect(page.get_by_role("heading", name="Pitch to Ana Rocha")).to_be_visible()

    # 3. Snooze it for a day: the row swaps in place, the counts follow.
    main_nav.get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    row = page.locator(f"#reminder-{reminder.public_id}")
    expect(row).to_contain_text(TITLE)
    mark_the_page(page)
    snoozed_at = timezone.now()
    row.get_by_role("button", name="Snooze 1 day").click()
    expect(row.get_by_role("status")).to_contain_text(f"Snoozed: “{TITLE}” comes back")
    expect(row.locator(".reminder-state")).to_have_text("Snoozed")
    sections = page.get_by_role("navigation", name="Sections")
    expect(sections.get_by_role("link", name="Overdue 0")).to_be_visible()
    expect(sections.get_by_role("link", name="Upcoming 1")).to_be_visible()
    expect_the_same_page(page)

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.SNOOZED
    ahead = reminder.due_at - snoozed_at
    assert timedelta(hours=23, minutes=55) < ahead < timedelta(days=1, minutes=5)

    # After a reload it is under Upcoming, and nothing is overdue.
    page.reload()
    upcoming = page.get_by_role("region", name=re.compile(r"^Upcoming"))
    expect(upcoming.get_by_role("heading", name="Upcoming 1")).to_be_visible()
    row = upcoming.locator(f"#reminder-{reminder.public_id}")
    expect(row).to_contain_text(TITLE)
    expect(row.locator(".reminder-state")).to_have_text("Snoozed")
    overdue = page.get_by_role("region", name=re.compile(r"^Overdue"))
    expect(overdue.get_by_role("listitem")).to_have_count(0)
    expect(overdue).to_contain_text("Nothing overdue")

    # 4. Done: the row says so and keeps no buttons; the counts drop to nothing.
    mark_the_page(page)
    # Its name carries the title for screen readers (a hidden span, read after a space).
    row.get_by_role("button", name=re.compile(rf"^Done\s*: {re.escape(TITLE)}$")).click()
    expect(row.get_by_role("status")).to_have_text(f"Done: “{TITLE}”.")
    expect(row.get_by_role("button")).to_have_count(0)
    expect(sections.get_by_role("link", name="Upcoming 0")).to_be_visible()
    expect_the_same_page(page)

    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.DONE and reminder.closed_at is not None

    # After a reload it is gone from the page.
    page.reload()
    expect(page.get_by_text(TITLE)).to_have_count(0)
    expect(page.get_by_text("All clear.", exact=False)).to_be_visible()
    # Done with the reminder is not done with the pitch: the draft waits to be written.
    assert Pitch.objects.filter(follow_up_of=pitch, status=PitchStatus.DRAFT).count() == 1


def test_a_member_adds_a_reminder_for_tomorrow_and_a_viewer_has_nothing_to_press(
    live_server, page, personas
):
    sign_in(page, live_server.url, "member@acme.test")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    expect(page.get_by_text("All clear.", exact=False)).to_be_visible()

    tomorrow = timezone.now().astimezone(personas.member.zone).date() + timedelta(days=1)
    form = page.locator("#reminder-form")
    expect(form.get_by_role("heading", name="Add a reminder")).to_be_visible()
    form.get_by_label("What to remember").fill("Send Ana the shoe sizes")
    form.get_by_label("Day", exact=True).fill(tomorrow.isoformat())
    form.get_by_label("Time", exact=True).fill("10:00")
    mark_the_page(page)
    form.get_by_role("button", name="Add reminder").click()

    when = f"{tomorrow:%a} {tomorrow.day} {tomorrow:%b} at 10:00"
    expect(page.locator("#reminder-form").get_by_role("status")).to_have_text(
        f"Added “Send Ana the shoe sizes”. We will remind you {when} your time."
    )
    upcoming = page.get_by_role("region", name=re.compile(r"^Upcoming"))
    row = upcoming.get_by_role("listitem").filter(has_text="Send Ana the shoe sizes")
    expect(row).to_have_count(1)
    expect(row.locator("time").first).to_have_text(
        f"{tomorrow:%a} {tomorrow.day} {tomorrow:%b}, 10:00"
    )
    expect_the_same_page(page)

    reminder = Reminder.objects.get(title="Send Ana the shoe sizes")
    local = timezone.localtime(reminder.due_at, personas.member.zone)
    assert (local.date(), local.time()) == (tomorrow, time(10, 0))
    assert reminder.assignee == personas.member and reminder.status == ReminderStatus.PENDING

    page.reload()
    upcoming = page.get_by_role("region", name=re.compile(r"^Upcoming"))
    expect(
        upcoming.get_by_role("listitem").filter(has_text="Send Ana the shoe sizes")
    ).to_have_count(1)

    # A viewer reads their own page: empty, with no buttons and no form.
    viewer_context = page.context.browser.new_context()
    viewer = viewer_context.new_page()
    sign_in(viewer, live_server.url, "viewer@acme.test")
    viewer.get_by_role("navigation", name="Main").get_by_role("link", name="Reminders").click()
    expect(viewer.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    expect(viewer.get_by_text("All clear.", exact=False)).to_be_visible()
    board = viewer.locator("#reminders-board")
    expect(board.get_by_role("button")).to_have_count(0)
    expect(viewer.get_by_role("heading", name="Add a reminder")).to_have_count(0)
    expect(viewer.get_by_role("button", name="Add reminder")).to_have_count(0)
    expect(viewer.get_by_text("Send Ana the shoe sizes")).to_have_count(0)
    viewer_context.close()
