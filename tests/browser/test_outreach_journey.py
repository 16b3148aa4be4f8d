"""The outreach journey: a pitch on a closed channel is refused with why; one inside the cooldown
is blocked for a member and sent by a manager who gives a reason; the mail is in the outbox and
the pitch on the influencer's timeline."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import Channel
from contacts.services import channel_permission_set, interaction_record
from irm.models import OutboxEmail
from outreach.models import Pitch, PitchStatus
from outreach.services import pitch_draft_save, template_create
from tests.browser.journeys import seed_ana, sign_in

pytestmark = pytest.mark.browser


def seed(personas):
    """Ana opened email and closed Instagram DMs; the team emailed her two days ago. Her policy
    has no quiet hours or weekends, so the journey does not depend on the clock."""
    ana = seed_ana(personas)
    # A DM drafted while her DMs were open; she has closed them since.
    dm = pitch_draft_save(
        influencer=ana,
        author=personas.member,
        channel=Channel.INSTAGRAM_DM,
        body="Hi Ana, loved your Lavaredo reel!",
    )
    channel_permission_set(
        influencer=ana,
        channel=Channel.INSTAGRAM_DM,
        is_open=False,
        evidence="She asked brands to write by email",
        actor=personas.member,
    )
    interaction_record(
        influencer=ana,
        kind="email",
        direction="outbound",
        channel=Channel.EMAIL,
        summary="Sent the spring catalogue",
        author=personas.manager,
        occurred_at=timezone.now() - timedelta(days=2),
    )
    return ana, dm


def test_a_pitch_is_refused_blocked_then_overridden_by_a_manager_and_sent(
    live_server, page, personas
):
    _ana, dm = seed(personas)
    sign_in(page, live_server.url, "member@acme.test")

    # 1. The DM draft: its channel is closed now, and sending it is refused with why.
    page.get_by_role("link", name="Outreach", exact=True).click()
    expect(page.get_by_role("heading", name="Outreach")).to_be_visible()
    page.locator("#drafts").get_by_role("link", name="Hi Ana, loved your Lavaredo reel!").click()
    page.get_by_role("button", name="Edit and send").click()
    live = page.locator("#composer-live")
    expect(live).to_contain_text("It cannot be sent")
    expect(live).to_contain_text("Ana Rocha closed Instagram DM")
    page.get_by_role("button", name="Mark as sent").click()
    expect(page.get_by_role("alert").first).to_contain_text("She asked brands to write by email")
    assert Pitch.objects.get(pk=dm.pk).status == PitchStatus.DRAFT

    # 2. A new email pitch: only open channels are offered; the verdict follows the typing.
    page.get_by_role("link", name="New pitch").click()
    page.get_by_label("Find an influencer").fill("ana")
    page.get_by_role("link", name="Pitch Ana Rocha").click()
    channel = page.get_by_label("Channel", exact=True)
    expect(channel.locator("option")).to_have_count(1)
    expect(channel).to_have_value("email")
    expect(page.locator(".composer-channels")).to_contain_text("Instagram DM: closed")
    page.get_by_label("Subject").fill("Shoes for {first_name}")
    page.get_by_label("Message").fill(
        "Hi {first_name}, your Lavaredo report made our whole team want to run it. "
        "Would you test our new trail shoe on your next long run?"
    )
    expect(live).to_contain_text("the cooldown is 7 days")
    expect(live).to_contain_text("A manager may override this with a reason")
    expect(page.locator(".preview")).to_contain_text("Shoes for Ana")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("alert").first).to_contain_text("A manager may override")
    pitch = Pitch.objects.get(channel=Channel.EMAIL)
    assert pitch.status == PitchStatus.DRAFT and pitch.subject == "Shoes for Ana"

    # 3. A manager overrides with a reason and sends.
    manager_context = page.context.browser.new_context()
    manager = manager_context.new_page()
    sign_in(manager, live_server.url, "manager@acme.test")
    manager.get_by_role("link", name="Outreach", exact=True).click()
    manager.get_by_role("link", name="Everyone").click()
    manager.locator("#drafts").get_by_role("link", name="Shoes for Ana").click()
    manager.get_by_role("button", name="Edit and send").click()
    manager_live = manager.locator("#composer-live")
    expect(manager_live).to_contain_text("As a manager you may override")
    manager.get_by_role("button", name="Override and send").click()
    expect(manager.get_by_text("Give the reason for overriding")).to_be_visible()
    manager.get_by_label("Why override the contact rules?").fill(
        "She asked for the shoe sizes by today"
    )
    manager.get_by_role("button", name="Override and send").click()
    expect(manager.get_by_role("status")).to_contain_text("Sent to Ana Rocha")
    expect(manager.locator(".pitch-facts")).to_contain_text("She asked for the shoe sizes by today")

    # 4. The mail is in the outbox and the pitch on her timeline.
    email = OutboxEmail.objects.get(kind="pitch")
    assert email.to_address == "ana@trails.example" and email.subject == "Shoes for Ana"
    manager.get_by_role("link", name="Ana Rocha").first.click()
    timeline = manager.locator("#timeline")
    expect(timeline).to_contain_text("Shoes for Ana")
    expect(timeline).to_contain_text("Sent the spring catalogue")
    manager_context.close()


def test_a_template_fills_the_composer_and_the_verdict_asks_for_a_personal_touch(
    live_server, page, personas
):
    ana, _dm = seed(personas)
    template_create(
        workspace=personas.workspace,
        actor=personas.member,
        name="Trail shoe launch",
        subject="A trail shoe for {first_name}",
        body=(
            "Hi {first_name}, we are launching a new trail shoe this spring and would love "
            "to send you a pair to test on your long runs. Best, {my_name}"
        ),
    )
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(f"{live_server.url}/w/acme/outreach/new/?influencer={ana.public_id}")

    page.get_by_label("Template").select_option(label="Trail shoe launch")

    expect(page.get_by_label("Subject")).to_have_value("A trail shoe for Ana")
    expect(page.get_by_label("Message")).to_have_value(re.compile(r"^Hi Ana, we are launching"))
    live = page.locator("#composer-live")
    expect(live).to_contain_text("reads like the template with Ana Rocha's name in it")
    page.get_by_label("Message").fill(
        "Hi Ana, your Lavaredo report had our whole team planning a trip to the Dolomites. "
        "Would you take our new trail shoe on your next long run there?"
    )
    expect(live).not_to_contain_text("reads like the template")
