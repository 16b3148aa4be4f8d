"""The bell: each person's own notifications, newest first, unread ones marked; opening one
marks it read, "Mark all read" clears the count. Nobody sees anyone else's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from outreach.models import Notification
from outreach.services.notifications import NotificationKind, notification_send
from tests.outreach.views_support import HX, NOW, frozen, url  # noqa: F401

pytestmark = pytest.mark.usefixtures("frozen")


def notify(personas, user, title, *, minutes_ago=0, workspace=None, url="", read=False):
    notification = notification_send(
        workspace=workspace or personas.workspace,
        user=user,
        kind=NotificationKind.REMINDER,
        title=title,
        body=f"About {title}.",
        url=url,
        dedupe_key=f"test:{user.pk}:{title}",
        now=NOW - timedelta(minutes=minutes_ago),
    )
    if read:
        Notification.objects.filter(pk=notification.pk).update(read_at=NOW)
    return notification


def test_the_bell_is_in_the_navigation_and_counts_unread(client, personas):
    notify(personas, personas.member, "Follow up with Ana")
    notify(personas, personas.member, "Keep in touch with Bo", minutes_ago=5)
    notify(personas, personas.member, "Already seen", minutes_ago=9, read=True)
    notify(personas, personas.manager, "The manager's own")
    notify(personas, personas.member, "In another workspace", workspace=personas.other_workspace)
    client.force_login(personas.member)

    home = client.get(reverse("contacts:home", args=["acme"])).content.decode()
    count = client.get(url("notifications-count"))

    assert f'href="{url("notifications")}" class="bell"' in home
    assert f'hx-get="{url("notifications-count")}"' in home
    assert count.status_code == 200
    assert count.content.decode() == (
        '<span class="count nav-count bell-count">2<span class="visually-hidden"> unread</span>'
        "</span>"
    )


def test_nothing_unread_leaves_the_bell_bare(client, personas):
    notify(personas, personas.member, "Already seen", read=True)
    client.force_login(personas.member)

    assert client.get(url("notifications-count")).content.decode() == ""


def test_the_bell_costs_no_query_on_other_pages(client, personas):
    """The count loads after the page, so no page's query count changes with it."""
    for index in range(3):
        notify(personas, personas.member, f"Note {index}")
    client.force_login(personas.member)

    with CaptureQueriesContext(connection) as queries:
        client.get(url("index"))

    assert not [q for q in queries.captured_queries if "outreach_notification" in q["sql"]]


def test_the_page_lists_mine_newest_first_with_unread_marked(client, personas):
    notify(personas, personas.member, "Older, read", minutes_ago=30, read=True)
    notify(personas, personas.member, "Newer, unread", minutes_ago=1, url=url("index"))
    notify(personas, personas.manager, "The manager's own")
    notify(personas, personas.member, "In another workspace", workspace=personas.other_workspace)
    client.force_login(personas.member)

    response = client.get(url("notifications"))

    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Newer, unread") < page.index("Older, read")
    assert "About Newer, unread." in page
    assert "1 unread" in page and page.count("notification-unread") == 1
    assert "The manager" not in page and "In another workspace" not in page
    assert "Mark all read" in page


def test_an_empty_bell_says_what_will_show_up(client, personas):
    client.force_login(personas.viewer)

    page = client.get(url("notifications")).content.decode()

    assert "No notifications yet." in page and "Mark all read" not in page


def test_opening_one_marks_it_read_and_goes_where_it_points(client, personas):
    target = url("index")
    opened = notify(personas, personas.member, "Open me", url=target)
    other = notify(personas, personas.member, "Leave me")
    client.force_login(personas.member)

    response = client.post(url("notifications-read"), {"notification": opened.public_id})

    assert response.status_code == 302 and response.url == target
    opened.refresh_from_db()
    other.refresh_from_db()
    assert opened.read_at == NOW and other.read_at is None


def test_a_link_elsewhere_is_not_followed(client, personas):
    outside = notify(personas, personas.member, "Odd", url="https://evil.example/phish")
    client.force_login(personas.member)

    response = client.post(url("notifications-read"), {"notification": outside.public_id})

    assert response.status_code == 302 and response.url == url("notifications")


def test_another_persons_notification_cannot_be_opened(client, personas):
    theirs = notify(personas, personas.manager, "Manager only", url=url("index"))
    client.force_login(personas.member)

    response = client.post(url("notifications-read"), {"notification": theirs.public_id})

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_clears_only_mine(client, personas):
    mine = [notify(personas, personas.member, f"Mine {index}") for index in range(2)]
    theirs = notify(personas, personas.manager, "Theirs")
    elsewhere = notify(personas, personas.member, "Globex", workspace=personas.other_workspace)
    client.force_login(personas.member)

    response = client.post(url("notifications-read"))

    assert response.status_code == 302 and response.url == url("notifications")
    assert all(Notification.objects.get(pk=n.pk).read_at == NOW for n in mine)
    theirs.refresh_from_db()
    elsewhere.refresh_from_db()
    assert theirs.read_at is None and elsewhere.read_at is None


def test_htmx_mark_all_read_redraws_the_list_and_tells_the_bell(client, personas):
    notify(personas, personas.member, "Mine")
    client.force_login(personas.member)

    response = client.post(url("notifications-read"), **HX)

    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    page = response.content.decode()
    assert "<html" not in page and 'id="notification-list"' in page
    assert "Nothing unread." in page and "notification-unread" not in page


def test_htmx_reads_the_list_alone(client, personas):
    notify(personas, personas.member, "Mine")
    client.force_login(personas.member)

    page = client.get(url("notifications"), **HX).content.decode()

    assert "<html" not in page and "Mine" in page


def test_a_viewer_reads_and_clears_their_own_bell(client, personas):
    notify(personas, personas.viewer, "For the viewer")
    client.force_login(personas.viewer)

    assert "For the viewer" in client.get(url("notifications")).content.decode()
    assert client.post(url("notifications-read")).status_code == 302
    assert not Notification.objects.filter(user=personas.viewer, read_at__isnull=True).exists()


def test_the_outsider_gets_404(client, personas):
    notify(personas, personas.member, "Mine")
    client.force_login(personas.outsider)

    assert client.get(url("notifications")).status_code == 404
    assert client.get(url("notifications-count")).status_code == 404
    assert client.post(url("notifications-read")).status_code == 404
    assert Notification.objects.filter(read_at__isnull=True).count() == 1
