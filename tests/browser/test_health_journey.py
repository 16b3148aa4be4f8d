"""The health journey: a warm relationship cools and falls at risk after unanswered pitches, and
the dashboard says why.

Nina Duarte wrote to us first, answered every message and met us twice; six weeks ago her
health was thriving. Since then we pitched her every week and she never answered. The pitches
are recorded as they happened (each recomputes her health as of that moment, as the on-event
recompute does), the last one is logged today from the timeline page, and the live server's
recompute after its commit moves her from cooling to at risk. The numbers come from
contacts/health/weights.py: a 21-day cadence, so 63 quiet days take recency to 0, and seven
unanswered messages cost respect 90 points.
"""

import re
from datetime import time, timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import (
    Channel,
    ContactPolicy,
    Direction,
    HealthBand,
    Influencer,
    Interaction,
    InteractionKind,
    Sentiment,
    Stage,
)
from contacts.services import interaction_record
from contacts.services.health import health_recompute
from tests.browser.journeys import sign_in
from tests.factories import ProfileFactory

pytestmark = pytest.mark.browser

CADENCE_DAYS = 21
PITCHES_BEFORE_TODAY = 6


def log(influencer, author, at, kind, direction, summary, channel="", sentiment=""):
    """One timeline entry as it happened: `now` is its moment, so the guard's respect check and
    the health recompute after it both see the timeline as it stood then."""
    return interaction_record(
        influencer=influencer,
        author=author,
        occurred_at=at,
        now=at,
        kind=kind,
        direction=direction,
        channel=channel,
        summary=summary,
        sentiment=sentiment,
    )


def seed_nina(personas, last_meeting) -> Influencer:
    """Nina, owned by the member, keeps in touch every three weeks. Her policy allows the weekly
    news she asked for (a cap of 5 contacts in 30 days), so no pitch below breaks a rule:
    what drops her health is silence, not disrespect."""
    member, day = personas.member, timedelta(days=1)
    # Added to Rapport the day she first wrote (her business email then opened): every service
    # call below happens at its own moment, never later than the history it records.
    with time_machine.travel(last_meeting - 138 * day, tick=False):
        nina = ProfileFactory(
            personas=personas,
            trail_runner=True,
            name="Nina Duarte",
            owner=personas.member,
            stage=Stage.ENGAGED,
            keep_in_touch_days=CADENCE_DAYS,
        )
    ContactPolicy.objects.create(
        workspace=personas.workspace,
        influencer=nina,
        quiet_hours_start=time(0, 0),
        quiet_hours_end=time(0, 0),
        no_weekends=False,
        team_cap_per_30_days=5,
    )
    history = [
        (137, InteractionKind.EMAIL, Direction.INBOUND, "Nina wrote about our trail shoe",
         Channel.EMAIL, Sentiment.POSITIVE),
        (136, InteractionKind.EMAIL, Direction.OUTBOUND, "Thanked her, sent the lookbook",
         Channel.EMAIL, ""),
        (127, InteractionKind.REPLY, Direction.INBOUND, "She loved the lookbook",
         Channel.EMAIL, Sentiment.POSITIVE),
        (126, InteractionKind.CALL, Direction.OUTBOUND, "Call about the spring race", "", ""),
        (67, InteractionKind.PITCH, Direction.OUTBOUND, "Pitched the summer trail series",
         Channel.EMAIL, ""),
        (65, InteractionKind.REPLY, Direction.INBOUND, "Yes to the summer series",
         Channel.EMAIL, Sentiment.POSITIVE),
        (64, InteractionKind.MEETING, Direction.OUTBOUND, "Met at the Lavaredo expo", "", ""),
        (7, InteractionKind.EMAIL, Direction.OUTBOUND, "Sent the autumn plans",
         Channel.EMAIL, ""),
        (3, InteractionKind.REPLY, Direction.INBOUND, "She will think about autumn",
         Channel.EMAIL, Sentiment.NEUTRAL),
        (0, InteractionKind.MEETING, Direction.OUTBOUND, "Coffee to talk about autumn", "", ""),
    ]  # fmt: skip
    for days_before, kind, direction, summary, channel, sentiment in history:
        at = last_meeting - days_before * day
        log(nina, member, at, kind, direction, summary, channel, sentiment)
    return nina


def band_list(page, label: str):
    """A band's list on the dashboard: its heading reads "<band> <count>"."""
    return page.get_by_role("region", name=re.compile(rf"^{label}\b"))


def test_unanswered_pitches_take_a_thriving_relationship_to_at_risk(live_server, page, personas):
    now = timezone.now()
    # Her last two-way contact: 63 days and a bit ago, three cadences today.
    last_meeting = now - timedelta(days=3 * CADENCE_DAYS, hours=2)
    thriving_day = last_meeting + timedelta(days=CADENCE_DAYS - 1)
    nina = seed_nina(personas, last_meeting)
    profile = f"{live_server.url}/w/acme/influencers/{nina.public_id}/"

    # 1. Six weeks ago, the nightly run found her thriving: recently in touch, every message
    # answered, one conversation she started, warm exchanges.
    health_recompute(influencer_ids=[nina.pk], now=thriving_day)
    nina.refresh_from_db()
    assert nina.health_band == HealthBand.THRIVING, (nina.health_score, nina.health_reasons)

    sign_in(page, live_server.url, "member@acme.test")
    page.goto(profile)
    panel = page.locator("#health")
    expect(panel.locator(".health-head .band")).to_have_text("Thriving")
    expect(panel.locator(".health-score")).to_contain_text(str(nina.health_score))
    expect(panel.locator(".health-reasons")).to_contain_text("Warm exchanges lately")
    expect(panel.locator(".health-reasons")).not_to_contain_text("No reply")

    # 2. Since then, a pitch every week and no answer.
    for week in range(PITCHES_BEFORE_TODAY):
        at = thriving_day + timedelta(days=7 * week, hours=1)
        log(nina, personas.member, at, InteractionKind.PITCH, Direction.OUTBOUND,
            f"Pitch {week + 1}: the autumn trail series", Channel.EMAIL)  # fmt: skip
    # Within her policy each time: the silence is the only concern.
    assert not Interaction.objects.filter(influencer=nina).exclude(respect_findings=[]).exists()
    nina.refresh_from_db()
    assert nina.health_band == HealthBand.COOLING, (nina.health_score, nina.health_reasons)

    page.goto(f"{live_server.url}/w/acme/")
    cooling = band_list(page, "Cooling")
    row = cooling.get_by_role("listitem").filter(has_text="Nina Duarte").first
    expect(row).to_contain_text(f"No reply to your last {PITCHES_BEFORE_TODAY} messages")
    expect(band_list(page, "At risk")).not_to_contain_text("Nina Duarte")

    # 3. Today's pitch, logged from her timeline page: the live server commits and recomputes.
    page.goto(profile + "timeline/")
    page.get_by_label("Kind", exact=True).first.select_option("pitch")
    page.get_by_label("Direction", exact=True).first.select_option("outbound")
    page.get_by_label("Channel", exact=True).first.select_option("email")
    page.get_by_label("Summary").fill("Pitch 7: last call for the autumn series")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status")).to_contain_text("Logged on the timeline.")

    reason = f"No reply to your last {PITCHES_BEFORE_TODAY + 1} messages"
    nina.refresh_from_db()
    assert nina.health_band == HealthBand.AT_RISK, (nina.health_score, nina.health_reasons)
    assert nina.health_score < 40

    # 4. Home, the dashboard, lists her at risk, with why, her owner and a next step.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Home", exact=True).click()
    at_risk = band_list(page, "At risk")
    row = at_risk.get_by_role("listitem").filter(has_text="Nina Duarte").first
    expect(row).to_contain_text(reason)
    expect(row).to_contain_text("Member Person")
    expect(row).to_contain_text("Next step:")
    expect(band_list(page, "Cooling")).not_to_contain_text("Nina Duarte")

    # 5. Her name leads to her profile, whose panel gives the same reason.
    row.get_by_role("link", name="Nina Duarte").click()
    expect(page).to_have_url(profile)
    panel = page.locator("#health")
    expect(panel.locator(".health-head .band")).to_have_text("At risk")
    expect(panel.locator(".health-score")).to_contain_text(str(nina.health_score))
    expect(panel.locator(".health-reasons")).to_contain_text(reason)
