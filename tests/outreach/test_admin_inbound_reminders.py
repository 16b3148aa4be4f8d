"""Django admin for inbound mail, reminders, notifications, digests and calendar feeds: lists
and change pages load for a site admin, search finds rows, and nothing is added by hand."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from outreach.models import CalendarFeed, DigestDelivery, InboundMessage
from outreach.services.calendar_feeds import calendar_feed_create
from outreach.services.inbound import inbound_ingest
from outreach.services.notifications import notification_send
from outreach.services.reminder_plans import custom_reminder_create
from tests.factories import UserFactory
from tests.outreach import inbound_mail as mail

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(email="root@example.test", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def rows(personas, ana):
    message = inbound_ingest(
        raw=mail.message_with_attachments(
            to=(personas.workspace.reply_to_address,), subject="Media kit inside"
        ),
        now=NOW,
    ).message
    reminder = custom_reminder_create(
        workspace=personas.workspace,
        actor=personas.member,
        title="Send the lookbook",
        due_at=NOW + timedelta(days=1),
        influencer=ana,
        now=NOW,
    )
    notification = notification_send(
        workspace=personas.workspace,
        user=personas.member,
        kind="reminder",
        title="Send the lookbook",
        dedupe_key="admin-test",
        reminder=reminder,
        now=NOW,
    )
    digest = DigestDelivery.objects.create(
        user=personas.member, workspace=personas.workspace, local_date=NOW.date()
    )
    calendar_feed_create(user=personas.member, workspace=personas.workspace)
    feed = CalendarFeed.objects.get(user=personas.member)
    return {
        "inboundmessage": (message, "Media kit inside"),
        "reminder": (reminder, "Send the lookbook"),
        "notification": (notification, "Send the lookbook"),
        "digestdelivery": (digest, "member"),
        "calendarfeed": (feed, "member"),
    }


@pytest.mark.parametrize(
    "model", ["inboundmessage", "reminder", "notification", "digestdelivery", "calendarfeed"]
)
def test_the_list_and_the_change_page_load_and_search_finds_the_row(admin_client, rows, model):
    row, term = rows[model]

    listing = admin_client.get(reverse(f"admin:outreach_{model}_changelist"), {"q": term})
    page = admin_client.get(reverse(f"admin:outreach_{model}_change", args=[row.pk]))
    adding = admin_client.get(reverse(f"admin:outreach_{model}_add"))

    assert listing.status_code == 200 and listing.context["cl"].result_count == 1
    assert page.status_code == 200
    assert adding.status_code == 403


def test_an_inbound_message_lists_its_attachments_and_what_was_not_kept(admin_client, rows):
    message, _ = rows["inboundmessage"]

    html = admin_client.get(
        reverse("admin:outreach_inboundmessage_change", args=[message.pk])
    ).content.decode()

    assert "media-kit.pdf" in html and "invoice.exe" in html
    assert "only documents and images of common safe types" in html
    assert InboundMessage.objects.count() == 1
