"""The reminders page: overdue, today and upcoming in the viewer's own time zone, mine or my
teams'; done, snooze and dismiss for those who may act; a reminder of one's own."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Influencer
from contacts.services import influencer_create
from irm.models import Membership, Role, Team
from outreach.models import Reminder, ReminderKind, ReminderStatus
from outreach.services.reminder_plans import custom_reminder_create
from outreach.views.reminders import SECTION_ROWS
from tests.factories import ProfileFactory, ReminderFactory, UserFactory
from tests.outreach.views_support import HX, NOW, frozen, sent, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen")

# NOW is Wednesday 18 Nov 2026, 10:00 UTC (11:00 in Paris, where the personas live).
HX_CHOICES = {**HX, "HTTP_HX_TARGET": "reminder-influencer"}


def remind(
    personas, assignee, *, due_at=NOW + timedelta(hours=2), title="Send Ana the sizes", **fields
) -> Reminder:
    return ReminderFactory(
        workspace=personas.workspace, assignee=assignee, due_at=due_at, title=title, **fields
    )


def section(page: str, key: str) -> str:
    """The HTML of one section of the page (overdue, today, upcoming)."""
    start = page.index(f'<section id="reminders-{key}"')
    return page[start : page.index("</section>", start)]


def on_team(personas, *users) -> Team:
    team = Team.objects.create(workspace=personas.workspace, name="Sports desk")
    team.members.set(Membership.objects.filter(workspace=personas.workspace, user__in=users))
    return team


# --- reading --------------------------------------------------------------------------------------


def test_it_shows_why_now_the_last_conversation_and_the_next_step(client, personas, ana):
    Influencer.objects.filter(pk=ana.pk).update(
        last_two_way_at=datetime(2026, 10, 2, 15, 0, tzinfo=UTC),
        last_outbound_at=datetime(2026, 11, 2, 9, 0, tzinfo=UTC),
    )
    remind(
        personas,
        personas.member,
        kind=ReminderKind.KEEP_IN_TOUCH,
        title="Keep in touch with Ana Rocha",
        reason="Your last conversation was on 2 Oct 2026; the rhythm for them is every 45 days.",
        suggestion="Bring something of value: share their latest work.",
        influencer=ana,
    )
    client.force_login(personas.member)

    response = client.get(url("reminders"))

    assert response.status_code == 200
    today = section(response.content.decode(), "today")
    assert "Keep in touch with Ana Rocha" in today
    assert "Why now:</strong> Your last conversation was on 2 Oct 2026" in today
    assert "Next step:</strong> Bring something of value" in today
    assert "We last wrote" in today and "2 Nov 2026" in today  # the latest of the three
    assert "Wed 18 Nov, 13:00" in today  # 12:00 UTC is 13:00 in Paris
    assert f"{url('pitch-new')}?influencer={ana.public_id}" in today  # Write: the composer


def test_overdue_today_and_upcoming_each_hold_their_own(client, personas):
    remind(personas, personas.member, title="Due yesterday", due_at=NOW - timedelta(days=1))
    remind(personas, personas.member, title="Due this evening", due_at=NOW + timedelta(hours=8))
    remind(personas, personas.member, title="Due next week", due_at=NOW + timedelta(days=6))
    remind(personas, personas.member, title="Due next month", due_at=NOW + timedelta(days=40))
    remind(personas, personas.member, title="Finished", status=ReminderStatus.DONE)
    client.force_login(personas.member)

    page = client.get(url("reminders")).content.decode()

    assert "Due yesterday" in section(page, "overdue")
    assert "Due this evening" in section(page, "today")
    assert "Due next week" in section(page, "upcoming")
    assert "Due next month" not in page and "Finished" not in page
    assert re.search(r'id="reminders-overdue-count" class="count">1<', page)


def test_a_long_section_draws_its_first_rows_and_links_to_all_of_them(client, personas):
    overdue = SECTION_ROWS + 2
    for index in range(overdue):
        remind(personas, personas.member, title=f"Late {index:02}", due_at=NOW - timedelta(days=1))
    remind(personas, personas.member, title="Due this evening", due_at=NOW + timedelta(hours=8))
    client.force_login(personas.member)

    page = client.get(url("reminders")).content.decode()

    drawn = section(page, "overdue")
    assert drawn.count('class="reminder reminder-') == SECTION_ROWS
    assert "Late 00" in drawn and f"Late {overdue - 1:02}" not in drawn
    assert re.search(rf'id="reminders-overdue-count" class="count">{overdue}<', page)
    assert f'href="{url("reminders")}?show=all#reminders-overdue"' in drawn
    assert "(2 more)" in drawn
    assert "Due this evening" in section(page, "today")
    assert "more)" not in section(page, "today")

    everything = section(client.get(url("reminders") + "?show=all").content.decode(), "overdue")
    assert everything.count('class="reminder reminder-') == overdue
    assert "more)" not in everything


def test_buckets_follow_each_persons_own_time_zone(client, personas):
    """At 10:00 UTC it is 15:30 in Kolkata and 02:00 in Los Angeles, both on Wednesday."""
    people = {}
    for zone in ("Asia/Kolkata", "America/Los_Angeles"):
        people[zone] = UserFactory(email=f"{zone.split('/')[1].lower()}@acme.test", time_zone=zone)
        Membership.objects.create(workspace=personas.workspace, user=people[zone], role=Role.MEMBER)
        # 05:00 UTC: 10:30 Wednesday in Kolkata, 21:00 Tuesday in Los Angeles.
        remind(personas, people[zone], title="Early one", due_at=NOW - timedelta(hours=5))
        # 20:00 UTC: 01:30 Thursday in Kolkata, 12:00 Wednesday in Los Angeles.
        remind(personas, people[zone], title="Late one", due_at=NOW + timedelta(hours=10))

    client.force_login(people["Asia/Kolkata"])
    kolkata = client.get(url("reminders")).content.decode()
    client.force_login(people["America/Los_Angeles"])
    los_angeles = client.get(url("reminders")).content.decode()

    assert "Early one" in section(kolkata, "today") and "Wed 18 Nov, 10:30" in kolkata
    assert "Late one" in section(kolkata, "upcoming") and "Thu 19 Nov, 01:30" in kolkata
    assert "Early one" in section(los_angeles, "overdue") and "Tue 17 Nov, 21:00" in los_angeles
    assert "Late one" in section(los_angeles, "today") and "Wed 18 Nov, 12:00" in los_angeles


def test_the_team_view_shows_teammates_reminders_with_whose_they_are(client, personas):
    on_team(personas, personas.member, personas.manager)
    remind(personas, personas.member, title="Mine to do")
    remind(personas, personas.manager, title="Manager task")
    remind(personas, personas.admin, title="Not on the team")
    client.force_login(personas.member)

    mine = client.get(url("reminders")).content.decode()
    team = client.get(url("reminders") + "?scope=team").content.decode()

    assert "Mine to do" in mine and "Manager task" not in mine
    assert "Mine to do" in team and "Manager task" in team
    assert "Not on the team" not in team
    assert "for Manager Person" in team and "for you" in team
    # They see a teammate's reminder, but only its assignee or a manager acts on it.
    theirs = team[team.index("Manager task") :]
    assert "Dismiss" not in theirs[: theirs.index("</li>")]


def test_the_kind_filter_keeps_one_kind(client, personas):
    remind(personas, personas.member, title="A custom one")
    remind(personas, personas.member, title="Owed reply", kind=ReminderKind.OWE_REPLY)
    client.force_login(personas.member)

    page = client.get(url("reminders") + "?kind=owe_reply").content.decode()

    assert "Owed reply" in page and "A custom one" not in page


def test_htmx_scope_switches_answer_with_the_list_alone(client, personas):
    remind(personas, personas.member, title="Mine to do")
    client.force_login(personas.member)

    response = client.get(url("reminders") + "?scope=team", **HX)

    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'id="reminders-board"' in page and "Mine to do" in page


def test_an_empty_page_says_so_kindly(client, personas):
    client.force_login(personas.member)

    page = client.get(url("reminders")).content.decode()

    assert "All clear." in page and "it shows up here" in page
    assert "Add a reminder" in page


def test_the_outsider_gets_404(client, personas):
    reminder = remind(personas, personas.member)
    client.force_login(personas.outsider)

    assert client.get(url("reminders")).status_code == 404
    assert client.post(url("reminder-done", reminder.public_id)).status_code == 404
    assert client.get(url("reminders", workspace="globex")).status_code == 200


def test_a_reminder_of_another_workspace_is_404(client, personas):
    other = Reminder.objects.create(
        workspace=personas.other_workspace,
        assignee=personas.outsider,
        kind=ReminderKind.CUSTOM,
        title="Theirs",
        due_at=NOW,
        dedupe_key="other",
    )
    client.force_login(personas.manager)

    assert client.post(url("reminder-done", other.public_id)).status_code == 404
    other.refresh_from_db()
    assert other.status == ReminderStatus.PENDING


def test_a_viewer_sees_their_own_page_but_cannot_act(client, personas):
    reminder = remind(personas, personas.viewer, title="Read the brief")
    client.force_login(personas.viewer)

    page = client.get(url("reminders")).content.decode()

    assert "Read the brief" in page
    assert "Add a reminder" not in page and "Dismiss" not in page and "Snooze" not in page
    for name in ("reminder-done", "reminder-dismiss", "reminder-snooze"):
        assert client.post(url(name, reminder.public_id), {"choice": "1d"}).status_code == 403
    assert client.post(url("reminder-new"), {"title": "x"}).status_code == 403
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING


# --- acting -----------------------------------------------------------------------------------


def test_a_member_marks_their_reminder_done(client, personas):
    reminder = remind(personas, personas.member)
    client.force_login(personas.member)

    response = client.post(url("reminder-done", reminder.public_id), {"scope": "team"})

    assert response.status_code == 302 and response.url == url("reminders") + "?scope=team"
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.DONE and reminder.closed_at == NOW
    page = client.get(response.url).content.decode()
    assert "Done: “Send Ana the sizes”." in page
    assert "Send Ana the sizes</h3>" not in page


def test_htmx_done_swaps_the_row_and_updates_the_counts(client, personas):
    reminder = remind(personas, personas.member)
    remind(personas, personas.member, title="Another one", due_at=NOW + timedelta(hours=3))
    client.force_login(personas.member)

    response = client.post(url("reminder-done", reminder.public_id), **HX)

    assert response.status_code == 200
    row = response.content.decode()
    assert "<html" not in row
    assert f'id="reminder-{reminder.public_id}"' in row and "reminder-closed" in row
    assert "Done: “Send Ana the sizes”." in row and "Dismiss" not in row
    assert 'id="reminder-counts" aria-label="Sections" class="board-jump" hx-swap-oob' in row
    assert re.search(r'id="reminders-today-count" class="count" hx-swap-oob="true">1<', row)


def test_a_member_snoozes_a_due_reminder_for_a_day_or_a_week_from_now(client, personas):
    fired = {"due_at": NOW - timedelta(hours=3), "status": ReminderStatus.FIRED}
    day = remind(personas, personas.member, title="A day", **fired)
    week = remind(personas, personas.member, title="A week", **fired)
    client.force_login(personas.member)

    assert client.post(url("reminder-snooze", day.public_id), {"choice": "1d"}).status_code == 302
    response = client.post(url("reminder-snooze", week.public_id), {"choice": "1w"}, **HX)

    day.refresh_from_db()
    week.refresh_from_db()
    assert day.status == ReminderStatus.SNOOZED and day.due_at == NOW + timedelta(days=1)
    assert week.status == ReminderStatus.SNOOZED and week.due_at == NOW + timedelta(weeks=1)
    row = response.content.decode()
    assert response.status_code == 200
    assert "Snoozed: “A week” comes back Wed 25 Nov at 11:00 your time." in row
    assert "Snooze 1 day" in row  # still open: it can be snoozed again


def test_a_week_of_snooze_counts_from_a_due_time_still_ahead(client, personas):
    # Due on Friday 20 Nov, 09:00 UTC: "1 week" means the Friday after, not next Wednesday.
    friday = NOW + timedelta(days=2, hours=-1)
    reminder = remind(personas, personas.member, title="Call Ana", due_at=friday)
    client.force_login(personas.member)

    response = client.post(url("reminder-snooze", reminder.public_id), {"choice": "1w"}, **HX)

    reminder.refresh_from_db()
    assert reminder.due_at == friday + timedelta(weeks=1)
    assert "Snoozed: “Call Ana” comes back Fri 27 Nov at 10:00 your time." in (
        response.content.decode()
    )


def test_a_member_snoozes_until_a_date_at_nine_their_time(client, personas):
    reminder = remind(personas, personas.member)
    client.force_login(personas.member)

    response = client.post(
        url("reminder-snooze", reminder.public_id), {"choice": "date", "until": "2026-11-24"}
    )

    assert response.status_code == 302
    reminder.refresh_from_db()
    assert reminder.due_at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # 09:00 in Paris
    assert reminder.status == ReminderStatus.SNOOZED


def test_the_snooze_date_names_the_zone_its_nine_oclock_is_in(client, personas):
    remind(personas, personas.member)
    client.force_login(personas.member)

    page = client.get(url("reminders")).content.decode()

    assert "back at 09:00 your time, Europe/Paris" in page


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_past_date_is_refused_with_the_reason(client, personas, headers):
    reminder = remind(personas, personas.member)
    client.force_login(personas.member)

    response = client.post(
        url("reminder-snooze", reminder.public_id),
        {"choice": "date", "until": (NOW.date() - timedelta(days=1)).isoformat()},
        **headers,
    )

    assert response.status_code == 400
    page = response.content.decode()
    # The service's own sentence, on the row (its wording names the zone of the 09:00).
    assert re.search(r'class="form-error" role="alert">Pick a day[^<]*<', page)
    assert ("<html" in page) == (not headers)
    # The day typed stays in its field, to be corrected.
    typed = (NOW.date() - timedelta(days=1)).isoformat()
    assert re.search(rf'id="snooze-until-{reminder.public_id}" value="{typed}"', page)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING and reminder.due_at == NOW + timedelta(hours=2)


def test_a_snooze_needs_a_choice_or_a_date(client, personas):
    reminder = remind(personas, personas.member)
    client.force_login(personas.member)

    no_choice = client.post(url("reminder-snooze", reminder.public_id), {}, **HX)
    no_date = client.post(url("reminder-snooze", reminder.public_id), {"choice": "date"}, **HX)

    assert no_choice.status_code == 400
    assert "Snooze for a day, a week, or until a date." in no_choice.content.decode()
    assert no_date.status_code == 400
    assert "Pick the day it should come back." in no_date.content.decode()


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_member_dismisses_their_reminder(client, personas, headers):
    reminder = remind(personas, personas.member)
    client.force_login(personas.member)

    response = client.post(url("reminder-dismiss", reminder.public_id), **headers)

    assert response.status_code == (200 if headers else 302)
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.DISMISSED
    assert reminder.closed_reason == "Dismissed by Member Person."


def test_a_closed_reminder_cannot_be_closed_again(client, personas):
    reminder = remind(personas, personas.member, status=ReminderStatus.DONE)
    client.force_login(personas.member)

    htmx = client.post(url("reminder-dismiss", reminder.public_id), **HX)
    plain = client.post(url("reminder-dismiss", reminder.public_id))

    assert htmx.status_code == 400 and "This reminder is done already." in htmx.content.decode()
    assert plain.status_code == 400 and "This reminder is done already." in plain.content.decode()
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.DONE


def test_a_member_cannot_act_on_a_teammates_reminder(client, personas):
    """403, not 404: the member sees it on the team view, so pretending it does not exist
    would be wrong; their role just may not act on it."""
    on_team(personas, personas.member, personas.manager)
    theirs = remind(personas, personas.manager, title="The manager's")
    client.force_login(personas.member)

    for name in ("reminder-done", "reminder-dismiss", "reminder-snooze"):
        assert client.post(url(name, theirs.public_id), {"choice": "1d"}).status_code == 403
        assert client.post(url(name, theirs.public_id), {"choice": "1d"}, **HX).status_code == 403
    theirs.refresh_from_db()
    assert theirs.status == ReminderStatus.PENDING


def test_a_manager_acts_on_a_members_reminder(client, personas):
    done = remind(personas, personas.member, title="For done")
    snoozed = remind(personas, personas.member, title="For snooze")
    client.force_login(personas.manager)

    assert client.post(url("reminder-done", done.public_id)).status_code == 302
    assert (
        client.post(url("reminder-snooze", snoozed.public_id), {"choice": "1w"}).status_code == 302
    )

    done.refresh_from_db()
    snoozed.refresh_from_db()
    assert done.status == ReminderStatus.DONE and done.closed_reason == "Done by Manager Person."
    assert snoozed.status == ReminderStatus.SNOOZED


def test_a_manager_sees_actions_on_teammates_reminders(client, personas):
    on_team(personas, personas.member, personas.manager)
    remind(personas, personas.member, title="Member task")
    client.force_login(personas.manager)

    page = client.get(url("reminders") + "?scope=team").content.decode()

    row = page[page.index("Member task") :]
    assert "Dismiss" in row[: row.index("</li>")]


# --- a reminder of one's own --------------------------------------------------------------------


def test_a_member_adds_a_reminder_in_their_own_time(client, personas, ana):
    client.force_login(personas.member)

    response = client.post(
        url("reminder-new"),
        {
            "title": "  Ask Ana about the Lavaredo photos ",
            "day": "2026-11-20",
            "at": "14:30",
            "influencer": str(ana.public_id),
            "note": "She said after the race.",
        },
    )

    assert response.status_code == 302 and response.url == url("reminders")
    reminder = Reminder.objects.get(kind=ReminderKind.CUSTOM)
    assert reminder.title == "Ask Ana about the Lavaredo photos"
    assert reminder.due_at == datetime(2026, 11, 20, 13, 30, tzinfo=UTC)  # 14:30 in Paris
    assert reminder.influencer == ana and reminder.reason == "She said after the race."
    assert reminder.assignee == personas.member and reminder.created_by == personas.member
    page = client.get(response.url).content.decode()
    assert "We will remind you Fri 20 Nov at 14:30 your time." in page
    assert "Ask Ana about the Lavaredo photos" in section(page, "upcoming")


def test_htmx_adding_answers_with_a_fresh_form_and_the_list(client, personas):
    client.force_login(personas.member)

    response = client.post(
        url("reminder-new"), {"title": "Call the agency", "day": "2026-11-18", "at": "17:00"}, **HX
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "<html" not in page
    assert "Added “Call the agency”. We will remind you Wed 18 Nov at 17:00 your time." in page
    assert 'id="reminders-board" class="reminders-board" aria-live="polite" hx-swap-oob' in page
    assert "Call the agency" in section(page, "today")
    # The form is emptied for the next one.
    assert 'name="title" maxlength="200" required id="new-reminder-title">' in page


@pytest.mark.parametrize("headers", [{}, HX], ids=["plain", "htmx"])
def test_a_moment_in_the_past_is_refused(client, personas, headers):
    client.force_login(personas.member)

    response = client.post(
        url("reminder-new"), {"title": "Too late", "day": "2026-11-18", "at": "10:30"}, **headers
    )  # 10:30 in Paris is 09:30 UTC, half an hour ago

    assert response.status_code == 400
    page = response.content.decode()
    assert "Pick a moment in the future." in page and 'value="Too late"' in page
    assert not Reminder.objects.exists()


def test_adding_needs_a_title_and_an_influencer_of_this_workspace(client, personas):
    stranger = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Globex Person"
    )
    client.force_login(personas.member)

    untitled = client.post(url("reminder-new"), {"title": "", "day": "2026-11-20", "at": "09:00"})
    elsewhere = client.post(
        url("reminder-new"),
        {"title": "Hi", "day": "2026-11-20", "at": "09:00", "influencer": stranger.public_id},
    )

    assert untitled.status_code == 400 and "This field is required." in untitled.content.decode()
    assert elsewhere.status_code == 400
    assert "Choose an influencer of this workspace." in elsewhere.content.decode()
    assert not Reminder.objects.exists()


def test_the_influencer_search_refills_the_choices(client, personas, ana):
    ProfileFactory(personas=personas, trail_runner=True, name="Bo Lind")
    client.force_login(personas.member)

    partial = client.get(url("reminders") + "?q=ana", **HX_CHOICES)
    plain = client.get(url("reminders") + "?q=bo&title=Call+Bo&day=2026-11-20&at=09:00")

    assert partial.status_code == 200
    choices = partial.content.decode()
    assert 'id="reminder-influencer"' in choices and "<html" not in choices
    assert "Ana Rocha" in choices and "Bo Lind" not in choices
    page = plain.content.decode()
    assert 'value="Call Bo"' in page and "Bo Lind</option>" in page and "Ana Rocha" not in page


def test_a_reminder_made_by_the_planner_shows_with_its_note(client, personas, ana):
    custom_reminder_create(
        workspace=personas.workspace,
        actor=personas.member,
        title="Thank Ana for the review",
        due_at=NOW - timedelta(days=2),
        influencer=ana,
        note="Her review went live on Monday.",
        now=NOW - timedelta(days=3),
    )
    client.force_login(personas.member)

    overdue = section(client.get(url("reminders")).content.decode(), "overdue")

    assert "Thank Ana for the review" in overdue and "Her review went live on Monday." in overdue
    assert "no contact with them yet" in overdue


# --- queries ------------------------------------------------------------------------------------


def _page_queries(client, personas, count: int) -> int:
    on_team(personas, personas.member, personas.manager)
    for index in range(count):
        influencer = ProfileFactory(
            personas=personas, trail_runner=True, name=f"P{count}x{index} Example"
        )
        sent(influencer, personas.member, now=NOW - timedelta(days=10), subject=f"Pitch {index}")
        remind(
            personas,
            personas.member if index % 2 else personas.manager,
            title=f"Reminder {index}",
            due_at=NOW + timedelta(days=index % 5 - 2),
            influencer=influencer,
            pitch=influencer.pitches.first(),
            dedupe_key=f"q:{count}:{index}",
        )
    client.force_login(personas.member)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("reminders") + "?scope=team")
    assert response.status_code == 200
    assert response.content.decode().count('class="reminder reminder-') == count
    Team.objects.all().delete()
    Reminder.objects.all().delete()
    return len(queries)


def test_the_page_takes_the_same_queries_for_3_and_30_reminders(client, personas):
    few = _page_queries(client, personas, 3)
    many = _page_queries(client, personas, 30)

    assert few == many
    assert few <= 8, few


def test_a_snoozed_date_is_offered_from_tomorrow_their_time(client, personas):
    remind(personas, personas.member)
    client.force_login(personas.member)

    page = client.get(url("reminders")).content.decode()

    assert f'min="{(NOW.date() + timedelta(days=1)).isoformat()}"' in page
    assert date(2026, 11, 19).isoformat() in page


def test_a_time_the_clocks_skip_is_refused_on_the_time_field_with_the_input_kept(client, personas):
    """In Paris the clocks go from 02:00 to 03:00 on 28 March 2027: 02:30 never happens."""
    client.force_login(personas.member)

    response = client.post(
        url("reminder-new"), {"title": "Night check", "day": "2027-03-28", "at": "02:30"}, **HX
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "2027-03-28 02:30 does not exist in Europe/Paris: the clocks go forward then. "
        "Pick a time outside that hour."
    ) in page
    assert 'value="Night check"' in page and 'value="02:30"' in page
    assert not Reminder.objects.filter(title="Night check").exists()
