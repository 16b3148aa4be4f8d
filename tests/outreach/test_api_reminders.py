"""The reminders API: a person's open reminders (or their teams'), filtered and soonest first;
custom reminders created; reminders marked done, snoozed and dismissed by whoever may act on
them, and closed ones refusing a second action."""

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Influencer
from contacts.services import influencer_create
from irm.services import team_create, team_set_members
from outreach.models import Reminder, ReminderKind, ReminderStatus
from outreach.services.reminder_plans import custom_reminder_create, reminder_plan
from outreach.services.reminder_sweep import reminders_fire_due
from outreach.services.reminders import reminder_dismiss, reminder_done
from tests.factories import PitchFactory
from tests.outreach.api_helpers import (
    NOW,
    api_url,
    client_for,
    frozen,  # noqa: F401
    object_post,
    object_url,
    token_client,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def remind(assignee, *, title: str = "Send the launch photos", due=NOW, **options) -> Reminder:
    """A custom reminder of `assignee`, made by them (pending until the sweep fires it)."""
    return custom_reminder_create(
        workspace=options.pop("workspace", None) or assignee.memberships.first().workspace,
        actor=assignee,
        title=title,
        due_at=due,
        now=NOW - timedelta(days=3),
        **options,
    )


def fired(assignee, **options) -> Reminder:
    """A reminder that came due and was announced in the bell."""
    reminder = remind(assignee, **options)
    reminders_fire_due(now=max(NOW, reminder.due_at))
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FIRED
    return reminder


def listed(client, **query) -> list[str]:
    response = client.get(api_url("reminder-list"), query)
    assert response.status_code == 200, response.json()
    return [row["title"] for row in response.json()["results"]]


def create(client, **data):
    return client.post(api_url("reminder-list"), data, format="json")


def team_of(personas, name: str, *people):
    team = team_create(workspace=personas.workspace, name=name)
    team_set_members(team=team, memberships=[personas.membership(person) for person in people])
    return team


# --- list --------------------------------------------------------------------------------------


def test_a_member_lists_their_open_reminders_soonest_first(personas, ana):
    pitch = PitchFactory(
        sent=True, influencer=ana, author=personas.member, now=NOW - timedelta(days=6)
    )
    follow_up = reminder_plan(
        workspace=personas.workspace,
        assignee=personas.member,
        kind=ReminderKind.FOLLOW_UP_DUE,
        due_at=NOW - timedelta(hours=2),
        dedupe_key=f"follow-up:{pitch.pk}",
        title="Follow up with Ana Rocha",
        reason="No answer to “Shoes for Lavaredo” for 5 days.",
        suggestion="A short, friendly nudge.",
        influencer=ana,
        pitch=pitch,
        now=NOW - timedelta(days=6),
    )
    reminders_fire_due(now=NOW)
    later = remind(personas.member, title="Book the photographer", due=NOW + timedelta(days=2))
    snoozed = remind(personas.member, title="Call the agency", due=NOW + timedelta(days=1))
    Reminder.objects.filter(pk=snoozed.pk).update(status=ReminderStatus.SNOOZED)
    done = remind(personas.member, title="Already done", due=NOW - timedelta(days=1))
    reminder_done(reminder=done, actor=personas.member, now=NOW)
    remind(personas.manager, title="The manager's own", due=NOW - timedelta(days=1))

    response = token_client(personas, personas.member).get(api_url("reminder-list"))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert [row["public_id"] for row in body["results"]] == [
        str(follow_up.public_id),
        str(snoozed.public_id),
        str(later.public_id),
    ]
    row = body["results"][0]
    assert row["kind"] == "follow_up_due" and row["status"] == "fired"
    assert row["title"] == "Follow up with Ana Rocha"
    assert row["reason"] == "No answer to “Shoes for Lavaredo” for 5 days."
    assert row["suggestion"] == "A short, friendly nudge."
    assert row["due_at"] == "2026-11-18T08:00:00Z"
    assert row["fired_at"] == "2026-11-18T10:00:00Z"
    assert row["assignee"] == {"public_id": str(personas.member.public_id), "name": "Member Person"}
    assert row["influencer"] == {"public_id": str(ana.public_id), "name": "Ana Rocha"}
    assert row["pitch"] == str(pitch.public_id)
    assert row["closed_at"] is None and row["may_act"] is True
    custom = body["results"][2]
    assert custom["kind"] == "custom" and custom["status"] == "pending"
    assert custom["influencer"] is None and custom["pitch"] is None and custom["fired_at"] is None


def test_the_team_scope_adds_the_reminders_of_people_who_share_a_team(personas):
    team_of(personas, "Running", personas.member, personas.manager)
    team_of(personas, "Board", personas.admin)
    remind(personas.member, title="Mine", due=NOW + timedelta(hours=1))
    remind(personas.manager, title="My teammate's", due=NOW + timedelta(hours=2))
    remind(personas.admin, title="Another team's", due=NOW + timedelta(hours=3))
    client = client_for(personas.member)

    assert listed(client) == ["Mine"]
    assert listed(client, scope="me") == ["Mine"]
    assert listed(client, scope="team") == ["Mine", "My teammate's"]
    assert listed(client_for(personas.admin), scope="team") == ["Another team's"]


def test_the_team_rows_say_on_which_ones_the_person_may_act(personas):
    team_of(personas, "Running", personas.member, personas.manager)
    remind(personas.member, title="The member's", due=NOW + timedelta(hours=1))
    remind(personas.manager, title="The manager's", due=NOW + timedelta(hours=2))

    def may_act(user) -> list[bool]:
        response = client_for(user).get(api_url("reminder-list"), {"scope": "team"})
        return [row["may_act"] for row in response.json()["results"]]

    assert may_act(personas.member) == [True, False]
    assert may_act(personas.manager) == [True, True]


def test_it_filters_by_kind_state_and_due_window(personas, ana):
    reminder_plan(
        workspace=personas.workspace,
        assignee=personas.member,
        kind=ReminderKind.KEEP_IN_TOUCH,
        due_at=NOW - timedelta(days=1),
        dedupe_key="keep-in-touch:ana",
        title="Keep in touch with Ana Rocha",
        influencer=ana,
        now=NOW - timedelta(days=3),
    )
    reminders_fire_due(now=NOW)
    remind(personas.member, title="Tomorrow", due=NOW + timedelta(days=1))
    remind(personas.member, title="Next week", due=NOW + timedelta(days=7))
    client = client_for(personas.member)

    assert listed(client, kind="keep_in_touch") == ["Keep in touch with Ana Rocha"]
    assert listed(client, kind="custom") == ["Tomorrow", "Next week"]
    assert listed(client, kind="payment_due") == []
    assert listed(client, status="fired") == ["Keep in touch with Ana Rocha"]
    assert listed(client, status="pending") == ["Tomorrow", "Next week"]
    assert listed(client, due_after="2026-11-18T10:00:00Z") == ["Tomorrow", "Next week"]
    assert listed(client, due_before="2026-11-19T10:00:00Z") == ["Keep in touch with Ana Rocha"]
    assert listed(
        client, due_after="2026-11-19T10:00:00+00:00", due_before="2026-11-25T10:00:00+00:00"
    ) == ["Tomorrow"]
    # A moment with its offset: 11:00 in Paris is 10:00 UTC, when "Tomorrow" is due.
    assert listed(client, due_after="2026-11-19T11:00:00+01:00", kind="custom") == [
        "Tomorrow",
        "Next week",
    ]


def test_status_all_adds_the_person_s_closed_reminders(personas):
    remind(personas.member, title="Open", due=NOW + timedelta(hours=1))
    done = remind(personas.member, title="Done", due=NOW - timedelta(days=2))
    reminder_done(reminder=done, actor=personas.member, now=NOW)
    dismissed = remind(personas.member, title="Dismissed", due=NOW - timedelta(days=1))
    reminder_dismiss(reminder=dismissed, actor=personas.member, now=NOW)
    remind(personas.manager, title="Someone else's", due=NOW)
    client = client_for(personas.member)

    response = client.get(api_url("reminder-list"), {"status": "all"})

    assert [row["title"] for row in response.json()["results"]] == ["Done", "Dismissed", "Open"]
    row = response.json()["results"][0]
    assert row["status"] == "done" and row["closed_at"] == "2026-11-18T10:00:00Z"
    assert row["closed_reason"] == "Done by Member Person." and row["may_act"] is False
    assert listed(client, status="all", kind="custom", due_after="2026-11-17T00:00:00Z") == [
        "Dismissed",
        "Open",
    ]


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"status": "all", "scope": "team"}, "status", "for your own reminders only"),
        ({"status": "done"}, "status", "is not a valid choice"),
        ({"scope": "everyone"}, "scope", "is not a valid choice"),
        ({"kind": "birthday"}, "kind", "is not a valid choice"),
        ({"due_before": "next tuesday"}, "due_before", "Datetime has wrong format"),
        (
            {"due_after": "2026-11-20T00:00:00Z", "due_before": "2026-11-19T00:00:00Z"},
            "due_before",
            "Choose a moment after due_after.",
        ),
    ],
)
def test_a_filter_it_cannot_apply_is_a_400_with_its_field(personas, query, field, message):
    response = client_for(personas.member).get(api_url("reminder-list"), query)

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert message in body["errors"][field][0]


def test_the_list_costs_the_same_queries_for_3_and_30_reminders(personas, ana):
    team_of(personas, "Running", personas.member, personas.manager)
    pitch = PitchFactory(
        sent=True, influencer=ana, author=personas.member, now=NOW - timedelta(days=6)
    )
    client = client_for(personas.member)

    def count_queries(total: int) -> int:
        while (number := Reminder.objects.count()) < total:
            reminder_plan(
                workspace=personas.workspace,
                assignee=(personas.member, personas.manager)[number % 2],
                kind=ReminderKind.FOLLOW_UP_DUE,
                due_at=NOW + timedelta(hours=number),
                dedupe_key=f"bulk:{number}",
                title=f"Reminder {number}",
                influencer=ana if number % 3 else None,
                pitch=pitch if number % 3 else None,
                now=NOW,
            )
        with CaptureQueriesContext(connection) as queries:
            response = client.get(api_url("reminder-list"), {"scope": "team"})
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == total
        assert any(row["influencer"] for row in results) and any(row["pitch"] for row in results)
        return len(queries)

    assert count_queries(3) == count_queries(30)


# --- read one ------------------------------------------------------------------------------------


def test_a_viewer_reads_any_reminder_of_the_workspace_even_a_closed_one(personas):
    reminder = remind(personas.member, due=NOW - timedelta(days=1))
    reminder_dismiss(reminder=reminder, actor=personas.manager, now=NOW)

    response = client_for(personas.viewer).get(object_url("reminder-detail", reminder))

    assert response.status_code == 200
    body = response.json()
    assert body["public_id"] == str(reminder.public_id)
    assert body["status"] == "dismissed"
    assert body["closed_reason"] == "Dismissed by Manager Person."
    assert body["may_act"] is False


# --- who may act -------------------------------------------------------------------------------


def test_anonymous_requests_get_401(personas):
    reminder = remind(personas.member)

    assert client_for(None).get(api_url("reminder-list")).status_code == 401
    assert object_post(client_for(None), "reminder-done", reminder).status_code == 401


def test_an_outsider_gets_404_for_the_reminders_and_each_reminder(personas):
    reminder = remind(personas.member)
    outsider = client_for(personas.outsider)

    assert outsider.get(api_url("reminder-list")).status_code == 404
    assert create(outsider, title="Sneak in", due_at=NOW.isoformat()).status_code == 404
    assert outsider.get(object_url("reminder-detail", reminder)).status_code == 404
    for action in ("reminder-done", "reminder-dismiss", "reminder-snooze"):
        assert object_post(outsider, action, reminder, {"for": "1d"}).status_code == 404
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING
    assert Reminder.objects.count() == 1


def test_another_workspace_s_reminder_is_a_404_inside_this_workspace(personas):
    theirs = remind(personas.outsider, workspace=personas.other_workspace)
    admin = client_for(personas.admin)

    assert admin.get(object_url("reminder-detail", theirs)).status_code == 404
    for action in ("reminder-done", "reminder-dismiss", "reminder-snooze"):
        assert object_post(admin, action, theirs, {"for": "1d"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ReminderStatus.PENDING
    listing = client_for(personas.outsider).get(api_url("reminder-list", slug="globex"))
    assert [row["public_id"] for row in listing.json()["results"]] == [str(theirs.public_id)]


def test_a_viewer_reads_but_may_not_act_before_the_input_is_read(personas):
    reminder = remind(personas.member)
    viewer = client_for(personas.viewer)

    assert viewer.get(api_url("reminder-list")).status_code == 200
    assert viewer.get(object_url("reminder-detail", reminder)).status_code == 200
    statuses = {
        create(viewer, title="Mine", due_at=NOW.isoformat()).status_code,
        create(viewer, title="", due_at="yesterday").status_code,
        object_post(viewer, "reminder-done", reminder).status_code,
        object_post(viewer, "reminder-dismiss", reminder).status_code,
        object_post(viewer, "reminder-snooze", reminder, {"for": "1d"}).status_code,
        object_post(viewer, "reminder-snooze", reminder, {"for": "forever"}).status_code,
    }

    assert statuses == {403}
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.PENDING and reminder.due_at == NOW
    assert Reminder.objects.count() == 1


def test_a_member_may_not_act_on_a_teammate_s_reminder_before_the_input_is_read(personas):
    theirs = fired(personas.manager)
    member = client_for(personas.member)

    assert member.get(object_url("reminder-detail", theirs)).status_code == 200
    responses = [
        object_post(member, "reminder-done", theirs),
        object_post(member, "reminder-dismiss", theirs),
        object_post(member, "reminder-snooze", theirs, {"for": "1d"}),
        object_post(member, "reminder-snooze", theirs, {"for": "forever"}),
    ]

    assert [response.status_code for response in responses] == [403] * 4
    assert responses[0].json()["detail"] == (
        "A reminder is its assignee's to act on; managers act on anyone's."
    )
    theirs.refresh_from_db()
    assert theirs.status == ReminderStatus.FIRED


def test_a_manager_acts_on_a_member_s_reminder(personas):
    reminder = fired(personas.member)

    response = object_post(client_for(personas.manager), "reminder-done", reminder)

    assert response.status_code == 200
    assert response.json()["status"] == "done"
    assert response.json()["closed_reason"] == "Done by Manager Person."


# --- create ------------------------------------------------------------------------------------


def test_a_member_creates_a_reminder_for_themselves(personas):
    due = NOW + timedelta(days=2)

    response = create(
        token_client(personas, personas.member),
        title="  Send Ben the launch photos  ",
        due_at=due.isoformat(),
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    reminder = Reminder.objects.get(public_id=body["public_id"])
    assert body["kind"] == "custom" and body["status"] == "pending"
    assert body["title"] == "Send Ben the launch photos"
    assert body["due_at"] == "2026-11-20T10:00:00Z"
    assert body["assignee"]["public_id"] == str(personas.member.public_id)
    assert body["influencer"] is None and body["reason"] == "" and body["may_act"] is True
    assert reminder.assignee == personas.member and reminder.created_by == personas.member
    assert reminder.workspace == personas.workspace and reminder.due_at == due


def test_a_reminder_about_an_influencer_for_a_teammate_with_a_note(personas, ana):
    response = create(
        client_for(personas.member),
        title="Send Ana the sizes",
        due_at="2026-11-19T09:00:00+01:00",
        influencer=str(ana.public_id),
        assignee=str(personas.manager.public_id),
        note=" She asked on the call ",
    )

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["influencer"] == {"public_id": str(ana.public_id), "name": "Ana Rocha"}
    assert body["assignee"]["public_id"] == str(personas.manager.public_id)
    assert body["reason"] == "She asked on the call"
    assert body["due_at"] == "2026-11-19T08:00:00Z"
    # It is the manager's now: the member who wrote it may not act on it.
    assert body["may_act"] is False
    reminder = Reminder.objects.get(public_id=body["public_id"])
    assert reminder.created_by == personas.member
    assert listed(client_for(personas.manager)) == ["Send Ana the sizes"]


def test_a_reminder_may_be_due_now_or_a_moment_ago(personas):
    client = client_for(personas.member)

    now = create(client, title="Now", due_at=NOW.isoformat())
    just_before = create(client, title="Just before", due_at="2026-11-18T09:59:30Z")

    assert (now.status_code, just_before.status_code) == (201, 201)
    reminders_fire_due(now=NOW)
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.FIRED}


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"title": "", "due_at": "2026-11-19T09:00:00Z"}, "title", "Say what to remember"),
        ({"title": "   ", "due_at": "2026-11-19T09:00:00Z"}, "title", "Say what to remember"),
        ({"due_at": "2026-11-19T09:00:00Z"}, "title", "Say what to remember"),
        ({"title": "x" * 201, "due_at": "2026-11-19T09:00:00Z"}, "title", "200 characters"),
        ({"title": "Call Ana"}, "due_at", "Say when to remind."),
        ({"title": "Call Ana", "due_at": "tomorrow"}, "due_at", "Datetime has wrong format"),
        (
            {"title": "Call Ana", "due_at": "2026-11-18T09:58:59Z"},
            "due_at",
            "This moment has passed: a reminder is due now or later.",
        ),
        (
            {"title": "Call Ana", "due_at": "2026-11-19T09:00:00Z", "note": "x" * 301},
            "note",
            "300 characters",
        ),
        (
            {"title": "Call Ana", "due_at": "2026-11-19T09:00:00Z", "influencer": "nobody"},
            "influencer",
            "Must be a valid UUID.",
        ),
        (
            {"title": "Call Ana", "due_at": "2026-11-19T09:00:00Z", "assignee": "nobody"},
            "assignee",
            "Send the person's id.",
        ),
    ],
)
def test_invalid_input_is_a_400_with_a_message_per_field(personas, data, field, message):
    response = create(client_for(personas.member), **data)

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert message in body["errors"][field][0]
    assert not Reminder.objects.exists()


def test_a_reminder_for_someone_outside_the_workspace_or_a_viewer_is_refused(personas):
    client = client_for(personas.member)
    values = {"title": "Call Ana", "due_at": "2026-11-19T09:00:00Z"}

    outsider = create(client, assignee=str(personas.outsider.public_id), **values)
    viewer = create(client, assignee=str(personas.viewer.public_id), **values)

    assert outsider.status_code == 400
    assert outsider.json()["errors"] == {"assignee": ["No member of this workspace has this id."]}
    assert viewer.status_code == 400
    assert viewer.json()["errors"] == {
        "assignee": ["Viewers only read: choose a member, a manager or an admin."]
    }
    assert not Reminder.objects.exists()


def test_a_reminder_about_someone_of_another_workspace_or_erased_is_refused(personas, ana):
    elsewhere = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Eve", now=NOW
    )
    Influencer.objects.filter(pk=ana.pk).update(erased_at=NOW)
    client = client_for(personas.member)

    for influencer in (elsewhere, ana):
        response = create(
            client,
            title="Call them",
            due_at="2026-11-19T09:00:00Z",
            influencer=str(influencer.public_id),
        )
        assert response.status_code == 400
        assert response.json()["errors"] == {
            "influencer": ["No such influencer in this workspace."]
        }
    assert not Reminder.objects.exists()


# --- done, dismiss, snooze -----------------------------------------------------------------------


def test_the_assignee_marks_a_reminder_done_once(personas):
    reminder = fired(personas.member)
    client = client_for(personas.member)

    first = object_post(client, "reminder-done", reminder)
    again = object_post(client, "reminder-done", reminder)
    dismiss = object_post(client, "reminder-dismiss", reminder)
    snooze = object_post(client, "reminder-snooze", reminder, {"for": "1d"})

    assert first.status_code == 200
    body = first.json()
    assert body["status"] == "done" and body["may_act"] is False
    assert body["closed_at"] == "2026-11-18T10:00:00Z"
    assert body["closed_reason"] == "Done by Member Person."
    for response in (again, dismiss, snooze):
        assert response.status_code == 400
        assert response.json() == {
            "detail": "This reminder is done already.",
            "errors": {"non_field_errors": ["This reminder is done already."]},
        }
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.DONE and reminder.closed_at == NOW


def test_the_assignee_dismisses_a_reminder_that_is_not_due_yet(personas):
    reminder = remind(personas.member, due=NOW + timedelta(days=3))
    client = client_for(personas.member)

    response = object_post(client, "reminder-dismiss", reminder)
    again = object_post(client, "reminder-done", reminder)

    assert response.status_code == 200
    assert response.json()["status"] == "dismissed"
    assert response.json()["closed_reason"] == "Dismissed by Member Person."
    assert again.status_code == 400
    assert again.json()["detail"] == "This reminder is dismissed already."
    assert reminders_fire_due(now=NOW + timedelta(days=4)) == 0


def test_a_cancelled_reminder_refuses_every_action(personas):
    reminder = remind(personas.member)
    Reminder.objects.filter(pk=reminder.pk).update(status=ReminderStatus.CANCELLED)
    client = client_for(personas.member)

    for action in ("reminder-done", "reminder-dismiss", "reminder-snooze"):
        response = object_post(client, action, reminder, {"for": "1w"})
        assert response.status_code == 400
        assert response.json()["detail"] == "This reminder is cancelled already."


@pytest.mark.parametrize(("choice", "later"), [("1d", timedelta(days=1)), ("1w", timedelta(7))])
def test_snoozing_for_a_day_or_a_week_brings_it_back_then(personas, choice, later):
    reminder = fired(personas.member)

    response = object_post(
        client_for(personas.member), "reminder-snooze", reminder, {"for": choice}
    )

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "snoozed" and body["may_act"] is True
    assert datetime.fromisoformat(body["due_at"]) == NOW + later
    assert reminders_fire_due(now=NOW + later - timedelta(seconds=1)) == 0
    assert reminders_fire_due(now=NOW + later) == 1
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FIRED


def test_snoozing_until_a_date_brings_it_back_at_nine_the_person_s_time(personas):
    reminder = fired(personas.member)

    response = object_post(
        client_for(personas.member), "reminder-snooze", reminder, {"until": "2026-11-23"}
    )

    assert response.status_code == 200
    # 09:00 in Paris (the member's time zone) in November is 08:00 UTC.
    assert response.json()["due_at"] == "2026-11-23T08:00:00Z"
    reminder.refresh_from_db()
    assert reminder.due_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_a_snoozed_reminder_may_be_snoozed_again_and_then_done(personas):
    reminder = fired(personas.member)
    client = client_for(personas.member)

    assert object_post(client, "reminder-snooze", reminder, {"for": "1d"}).status_code == 200
    again = object_post(client, "reminder-snooze", reminder, {"for": "1w"})
    done = object_post(client, "reminder-done", reminder)

    assert again.status_code == 200
    # Snoozed to tomorrow, then a week more: a week after tomorrow, the due time still ahead.
    assert datetime.fromisoformat(again.json()["due_at"]) == NOW + timedelta(days=1, weeks=1)
    assert done.status_code == 200 and done.json()["status"] == "done"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({}, "non_field_errors", "Snooze for a day"),
        ({"for": "1d", "until": "2026-11-23"}, "non_field_errors", "one of them"),
        ({"for": "1m"}, "for", "is not a valid choice"),
        ({"until": "someday"}, "until", "Date has wrong format"),
        ({"until": "2026-11-18"}, "until", "Pick a day whose 09:00 (Europe/Paris) is still ahead."),
        ({"until": "2026-11-01"}, "until", "Pick a day whose 09:00 (Europe/Paris) is still ahead."),
    ],
)
def test_a_snooze_it_cannot_do_is_a_400_with_its_field(personas, data, field, message):
    reminder = fired(personas.member)

    response = object_post(client_for(personas.member), "reminder-snooze", reminder, data)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert message in response.json()["errors"][field][0]
    reminder.refresh_from_db()
    assert reminder.status == ReminderStatus.FIRED and reminder.due_at == NOW
