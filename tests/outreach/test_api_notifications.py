"""The notifications API: a person's own bell in one workspace, newest first with the unread
count, and marking some or all of them read."""

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from irm.models import Membership, Role
from outreach.models import Notification
from outreach.services.notifications import NotificationKind, notification_send
from outreach.services.reminder_plans import custom_reminder_create
from outreach.services.reminder_sweep import reminders_fire_due
from tests.outreach.api_helpers import (
    NOW,
    api_url,
    client_for,
    frozen,  # noqa: F401
    token_client,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def notify(user, workspace, *, title: str, at=NOW, kind=NotificationKind.PITCH_BLOCKED):
    return notification_send(
        workspace=workspace,
        user=user,
        kind=kind,
        title=title,
        body=f"{title}, in a sentence.",
        url=f"/w/{workspace.slug}/outreach/",
        dedupe_key=f"test:{uuid.uuid4()}",
        now=at,
    )


def titles(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["title"] for row in response.json()["results"]]


def mark_read(client, data=None):
    return client.post(api_url("notifications-read"), data or {}, format="json")


# --- list --------------------------------------------------------------------------------------


def test_a_person_lists_their_own_notifications_newest_first_with_the_unread_count(personas):
    acme = personas.workspace
    notify(personas.member, acme, title="Older", at=NOW - timedelta(hours=2))
    newer = notify(personas.member, acme, title="Newer", at=NOW - timedelta(hours=1))
    read = notify(personas.member, acme, title="Read already", at=NOW - timedelta(days=1))
    Notification.objects.filter(pk=read.pk).update(read_at=NOW - timedelta(hours=20))
    notify(personas.manager, acme, title="The manager's")
    # The member belongs to another workspace too: its bell is its own.
    Membership.objects.create(
        workspace=personas.other_workspace, user=personas.member, role=Role.MEMBER
    )
    notify(personas.member, personas.other_workspace, title="In Globex")

    response = token_client(personas, personas.member).get(api_url("notification-list"))

    assert titles(response) == ["Newer", "Older", "Read already"]
    body = response.json()
    assert body["count"] == 3 and body["unread_count"] == 2
    row = body["results"][0]
    assert row == {
        "public_id": str(newer.public_id),
        "kind": "pitch_blocked",
        "title": "Newer",
        "body": "Newer, in a sentence.",
        "url": "/w/acme/outreach/",
        "reminder": None,
        "created_at": "2026-11-18T09:00:00Z",
        "read_at": None,
    }
    assert body["results"][2]["read_at"] == "2026-11-17T14:00:00Z"


def test_a_fired_reminder_s_notification_names_the_reminder(personas):
    reminder = custom_reminder_create(
        workspace=personas.workspace,
        actor=personas.member,
        title="Send Ana the sizes",
        due_at=NOW,
        note="She asked on the call",
        now=NOW - timedelta(days=1),
    )
    reminders_fire_due(now=NOW)

    response = client_for(personas.member).get(api_url("notification-list"))

    row = response.json()["results"][0]
    assert row["kind"] == "reminder" and row["title"] == "Send Ana the sizes"
    assert row["body"] == "She asked on the call"
    assert row["reminder"] == str(reminder.public_id)
    assert row["url"] == "/w/acme/reminders/"


def test_unread_true_lists_only_the_unread_ones_and_the_count_stays_the_bell_s(personas):
    acme = personas.workspace
    notify(personas.member, acme, title="Unread", at=NOW - timedelta(hours=1))
    read = notify(personas.member, acme, title="Read", at=NOW)
    Notification.objects.filter(pk=read.pk).update(read_at=NOW)
    client = client_for(personas.member)

    unread = client.get(api_url("notification-list"), {"unread": "true"})
    every = client.get(api_url("notification-list"), {"unread": "false"})
    one_page = client.get(api_url("notification-list"), {"page_size": 1})

    assert titles(unread) == ["Unread"]
    assert titles(every) == ["Read", "Unread"]
    assert titles(one_page) == ["Read"]
    for response in (unread, every, one_page):
        assert response.json()["unread_count"] == 1


def test_an_unread_filter_it_cannot_read_is_a_400(personas):
    response = client_for(personas.member).get(api_url("notification-list"), {"unread": "maybe"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["unread"]


def test_the_list_costs_the_same_queries_for_3_and_30_notifications(personas):
    client = client_for(personas.member)

    def count_queries(total: int) -> int:
        while (number := Notification.objects.count()) < total:
            if number % 3:
                notify(personas.member, personas.workspace, title=f"Blocked {number}")
            else:
                custom_reminder_create(
                    workspace=personas.workspace,
                    actor=personas.member,
                    title=f"Reminder {number}",
                    due_at=NOW,
                    now=NOW,
                )
                reminders_fire_due(now=NOW)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(api_url("notification-list"))
        assert response.status_code == 200
        results = response.json()["results"]
        assert len(results) == total and response.json()["unread_count"] == total
        assert any(row["reminder"] for row in results)
        return len(queries)

    assert count_queries(3) == count_queries(30)


# --- mark read ---------------------------------------------------------------------------------


def test_marking_some_read_by_their_ids(personas):
    acme = personas.workspace
    first = notify(personas.member, acme, title="First")
    second = notify(personas.member, acme, title="Second")
    third = notify(personas.member, acme, title="Third")
    client = client_for(personas.member)

    response = mark_read(client, {"ids": [str(first.public_id), str(second.public_id)]})
    again = mark_read(client, {"ids": [str(first.public_id)]})

    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert again.status_code == 200 and again.json() == {"marked": 0}
    for notification, read in ((first, True), (second, True), (third, False)):
        notification.refresh_from_db()
        assert (notification.read_at == NOW) is read
    assert client.get(api_url("notification-list")).json()["unread_count"] == 1


def test_marking_all_read_marks_only_the_person_s_own_in_this_workspace(personas):
    acme = personas.workspace
    notify(personas.member, acme, title="Mine")
    notify(personas.member, acme, title="Mine too")
    theirs = notify(personas.manager, acme, title="The manager's")
    Membership.objects.create(
        workspace=personas.other_workspace, user=personas.member, role=Role.MEMBER
    )
    elsewhere = notify(personas.member, personas.other_workspace, title="In Globex")

    response = mark_read(client_for(personas.member))

    assert response.status_code == 200 and response.json() == {"marked": 2}
    assert not Notification.objects.filter(user=personas.member, workspace=acme, read_at=None)
    for notification in (theirs, elsewhere):
        notification.refresh_from_db()
        assert notification.read_at is None


def test_someone_else_s_notification_is_left_alone_whatever_its_id(personas):
    theirs = notify(personas.manager, personas.workspace, title="The manager's")
    outsiders = notify(personas.outsider, personas.other_workspace, title="Globex's")

    response = mark_read(
        client_for(personas.member), {"ids": [str(theirs.public_id), str(outsiders.public_id)]}
    )

    assert response.status_code == 200 and response.json() == {"marked": 0}
    for notification in (theirs, outsiders):
        notification.refresh_from_db()
        assert notification.read_at is None


def test_an_empty_list_of_ids_marks_nothing(personas):
    notify(personas.member, personas.workspace, title="Mine")

    response = mark_read(client_for(personas.member), {"ids": []})

    assert response.status_code == 200 and response.json() == {"marked": 0}
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"ids": ["not-an-id"]}, "ids.0", "Must be a valid UUID."),
        ({"ids": "all"}, "ids", "Expected a list of items"),
        ({"ids": [str(uuid.uuid4()) for _ in range(501)]}, "ids", "no more than 500"),
    ],
)
def test_ids_it_cannot_read_are_a_400(personas, data, field, message):
    notification = notify(personas.member, personas.workspace, title="Mine")

    response = mark_read(client_for(personas.member), data)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert message in response.json()["errors"][field][0]
    notification.refresh_from_db()
    assert notification.read_at is None


# --- who may use them --------------------------------------------------------------------------


def test_a_viewer_reads_and_marks_read_their_own_bell(personas):
    notify(personas.viewer, personas.workspace, title="For the viewer")
    notify(personas.member, personas.workspace, title="For the member")
    viewer = client_for(personas.viewer)

    listing = viewer.get(api_url("notification-list"))
    marked = mark_read(viewer)

    assert titles(listing) == ["For the viewer"]
    assert marked.status_code == 200 and marked.json() == {"marked": 1}
    assert Notification.objects.get(user=personas.member).read_at is None


def test_anonymous_requests_get_401(personas):
    assert client_for(None).get(api_url("notification-list")).status_code == 401
    assert mark_read(client_for(None)).status_code == 401


def test_an_outsider_gets_404_and_marks_nothing(personas):
    mine = notify(personas.member, personas.workspace, title="Mine")
    outsider = client_for(personas.outsider)

    assert outsider.get(api_url("notification-list")).status_code == 404
    assert mark_read(outsider).status_code == 404
    assert mark_read(outsider, {"ids": [str(mine.public_id)]}).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
