"""Time in the viewer's zone, end to end: a member in New York reads their own clock on the
dashboard, and every date or time they type is read in the zone named beside the field, stored
as the UTC instant it means, and shown back as typed. The browser's "now" is December (EST,
UTC-5); the moments typed are in July (EDT, UTC-4), so a wrong offset cannot hide behind the
season. The fast test covers the timeline; the sweep covers every form that takes a moment."""

import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import Collaboration, Deliverable
from campaigns.services import delivery
from campaigns.services.campaigns import brand_create, campaign_create
from campaigns.services.deliverables import (
    deliverable_add,
    deliverable_approve,
    deliverable_submit_draft,
)
from campaigns.services.pipeline import collaboration_shortlist
from contacts.models import Interaction, InteractionKind
from outreach.models import Pitch, PitchStatus, Reminder
from tests.access import team_of
from tests.browser.journeys import seed_ana, sign_in
from tests.outreach.views_support import sent

pytestmark = pytest.mark.browser

NEW_YORK = ZoneInfo("America/New_York")
ZONE_NOTE = "Your time zone: America/New York"


def in_new_york(user):
    user.time_zone = "America/New_York"
    user.save(update_fields=["time_zone"])
    return user


def field_zone(page, label: str):
    """The zone note the input labelled `label` points at (aria-describedby)."""
    described_by = page.get_by_label(label, exact=True).get_attribute("aria-describedby")
    return page.locator(f"#{described_by}")


# --- the fast representative --------------------------------------------------------------------


def test_a_member_in_new_york_reads_their_clock_and_back_dates_a_call_in_it(
    live_server, page, personas
):
    member = in_new_york(personas.member)
    ana = seed_ana(personas)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, member.email)

    # The greeting is New York's clock now (the minute may turn while the page loads).
    page.goto(f"{live_server.url}/w/acme/")
    greeting = page.locator("hgroup p").inner_text()
    now = timezone.now()
    clocks = {
        f"{moment.astimezone(NEW_YORK):%A %-d %B, %H:%M}"
        for moment in (now, now - timedelta(minutes=1))
    }
    assert any(f"It is {clock} in America/New_York." in greeting for clock in clocks), greeting

    round_trip_timeline(page, live_server.url, personas, ana)


def round_trip_timeline(page, base_url, personas, ana):
    page.goto(f"{base_url}/w/acme/influencers/{ana.public_id}/timeline/")
    expect(field_zone(page, "When it happened")).to_have_text(ZONE_NOTE)
    page.get_by_label("When it happened").fill("2026-07-14T08:05")
    page.get_by_label("Summary").fill("Called Ana about the summer race")
    page.get_by_role("button", name="Log it").click()

    entry = page.locator(".timeline-entry", has_text="Called Ana about the summer race")
    expect(entry.locator(".entry-when")).to_have_text("Tue 14 Jul 2026, 08:05")
    logged = Interaction.objects.get(summary="Called Ana about the summer race")
    assert logged.occurred_at == datetime(2026, 7, 14, 12, 5, tzinfo=UTC)
    entry.get_by_role("link", name=re.compile("^Edit")).click()
    expect(page.locator(".timeline-entry form").get_by_label("When it happened")).to_have_value(
        "2026-07-14T08:05"
    )


# --- the sweep: every form that takes a moment -------------------------------------------------


def round_trip_scheduled_send(page, base_url, personas, ana):
    page.goto(f"{base_url}/w/acme/outreach/new/?influencer={ana.public_id}")
    expect(field_zone(page, "Send at")).to_have_text(ZONE_NOTE)
    page.get_by_label("Subject").fill("The summer race")
    page.get_by_label("Message").fill("Hi Ana, would you run the summer race in our shoes?")
    page.get_by_label("Send at").fill("2027-07-14T09:30")
    page.get_by_role("button", name="Schedule").click()

    expect(page.get_by_role("status").first).to_contain_text(
        "Scheduled for Wed 14 Jul at 09:30 your time."
    )
    pitch = Pitch.objects.get(subject="The summer race")
    assert pitch.status == PitchStatus.SCHEDULED
    assert pitch.send_at == datetime(2027, 7, 14, 13, 30, tzinfo=UTC)
    page.goto(f"{base_url}/w/acme/outreach/{pitch.public_id}/")
    expect(page.get_by_text("Wed 14 Jul, 09:30 your time")).to_be_visible()


def round_trip_answer(page, base_url, personas, ana):
    pitch = sent(ana, personas.member, subject="The spring race")
    Pitch.objects.filter(pk=pitch.pk).update(sent_at=datetime(2026, 7, 1, 14, 0, tzinfo=UTC))
    page.goto(f"{base_url}/w/acme/outreach/{pitch.public_id}/")
    expect(field_zone(page, "When (empty: now)")).to_have_text(ZONE_NOTE)
    page.get_by_label("Replied").check()
    page.get_by_label("When (empty: now)").fill("2026-07-14T16:45")
    page.get_by_role("button", name="Log the answer").click()

    expect(page.get_by_text("Replied, 14 Jul 2026, 16:45")).to_be_visible()
    pitch.refresh_from_db()
    assert pitch.answered_at == datetime(2026, 7, 14, 20, 45, tzinfo=UTC)


def round_trip_reminder(page, base_url, personas, ana):
    page.goto(f"{base_url}/w/acme/reminders/")
    expect(field_zone(page, "Time")).to_have_text(ZONE_NOTE)
    form = page.locator("form", has=page.get_by_role("button", name="Add reminder"))
    form.get_by_label("What to remember").fill("Ask Ana about the summer race")
    form.get_by_label("Day", exact=True).fill("2027-07-14")
    form.get_by_label("Time", exact=True).fill("09:30")
    form.get_by_role("button", name="Add reminder").click()

    expect(page.get_by_text("We will remind you Wed 14 Jul at 09:30 your time.")).to_be_visible()
    reminder = Reminder.objects.get(title="Ask Ana about the summer race")
    assert reminder.due_at == datetime(2027, 7, 14, 13, 30, tzinfo=UTC)


def _collaboration(personas, ana) -> Collaboration:
    now = timezone.now()
    brand = brand_create(
        workspace=personas.workspace, actor=personas.manager, name="Trailhead", now=now
    )
    campaign = campaign_create(
        workspace=personas.workspace,
        actor=personas.manager,
        brand=brand,
        name="Summer trails",
        currency="eur",
        owner=personas.manager,
        # The member's team: members change the campaigns they or their team own.
        team=team_of(personas, "PR", personas.member),
        now=now,
    )
    return collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=now
    )


def round_trip_contract_signed(page, base_url, personas, ana):
    collaboration = _collaboration(personas, ana)
    for status in ("draft", "sent"):
        delivery.contract_update(
            collaboration=collaboration, actor=personas.member, status=status, now=timezone.now()
        )
    page.goto(f"{base_url}/w/acme/campaigns/collaborations/{collaboration.public_id}/")
    expect(field_zone(page, "Signed on")).to_have_text(ZONE_NOTE)
    page.get_by_label("Signed on").fill("2026-07-14")
    page.get_by_role("button", name="Mark signed").click()

    expect(page.locator("#contract")).to_contain_text("signed on 14 Jul 2026")
    collaboration.refresh_from_db()
    assert collaboration.contract_signed_on == date(2026, 7, 14)
    # On the timeline at midday of that day, the signer's midday.
    signed = Interaction.objects.get(influencer=ana, kind=InteractionKind.CONTRACT)
    assert signed.occurred_at == datetime(2026, 7, 14, 16, 0, tzinfo=UTC)


def round_trip_published(page, base_url, personas, ana):
    collaboration = _collaboration(personas, ana)
    now = timezone.now()
    reel = deliverable_add(
        collaboration=collaboration, kind="instagram_reel", title="Race reel",
        actor=personas.member, now=now,
    )  # fmt: skip
    deliverable_submit_draft(
        deliverable=reel, draft_url="https://drafts.example/reel", actor=personas.member, now=now
    )
    deliverable_approve(deliverable=reel, actor=personas.member, now=now)
    page.goto(f"{base_url}/w/acme/campaigns/collaborations/{collaboration.public_id}/")
    expect(field_zone(page, "Published on")).to_have_text(ZONE_NOTE)
    page.get_by_label("Published at (URL)").fill("https://instagram.example/p/race")
    page.get_by_label("Published on").fill("2026-07-14T18:05")
    page.get_by_role("button", name="Published").click()

    expect(page.get_by_text("Published 14 Jul 2026, 18:05 at")).to_be_visible()
    reel = Deliverable.objects.get(pk=reel.pk)
    assert reel.published_at == datetime(2026, 7, 14, 22, 5, tzinfo=UTC)


ROUND_TRIPS = {
    "back-dated interaction": round_trip_timeline,
    "scheduled send": round_trip_scheduled_send,
    "answer logged": round_trip_answer,
    "reminder": round_trip_reminder,
    "contract signed": round_trip_contract_signed,
    "deliverable published": round_trip_published,
}


@pytest.mark.sweep
@pytest.mark.parametrize("field", list(ROUND_TRIPS))
def test_every_moment_typed_in_new_york_is_stored_in_utc_and_shown_back(
    live_server, page, personas, field
):
    in_new_york(personas.member)
    ana = seed_ana(personas)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, personas.member.email)

    ROUND_TRIPS[field](page, live_server.url, personas, ana)
