import re

import pytest
from playwright.sync_api import expect

from contacts.models import ChannelPermission, Influencer
from contacts.services import influencer_create
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_member_adds_an_influencer_and_records_an_open_channel(live_server, page, personas):
    existing = influencer_create(
        workspace=personas.workspace,
        actor=personas.admin,
        name="Léa Fournier",
        emails=["lea@example.test"],
    )
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(live_server.url + "/w/acme/influencers/new/")

    # Typing an address someone already has warns before anything is saved.
    page.get_by_label("Name").fill("Nina Rivers")
    page.get_by_label("Email", exact=True).fill("LEA@example.test")
    checks = page.locator("#influencer-checks")
    expect(checks).to_contain_text("has this email address")
    expect(checks.get_by_role("link", name="Léa Fournier")).to_have_attribute(
        "href", f"/w/acme/influencers/{existing.public_id}/"
    )
    expect(page.locator("#check-email")).to_contain_text("belongs to Léa Fournier already")

    page.get_by_label("Email", exact=True).fill("nina@example.test")
    expect(checks).not_to_contain_text("has this email address")
    expect(page.locator("#check-email")).to_be_empty()
    page.get_by_label("Platform").select_option("instagram")
    page.get_by_label("Handle").fill("@Nina.Rivers")
    page.get_by_label("Followers").fill("12.5K")
    page.get_by_label("Topics").fill("river swimming, outdoor")
    page.get_by_role("button", name="Add influencer").click()

    nina = Influencer.objects.get(name="Nina Rivers")
    expect(page).to_have_url(re.compile(rf"/w/acme/influencers/{nina.public_id}/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Nina Rivers")
    expect(page.locator("#accounts")).to_contain_text("12.5K")

    # The open-door ledger: record that she opened email to us, with the evidence.
    ledger = page.locator("#channels")
    expect(ledger).to_contain_text("No open channel yet")
    ledger.get_by_text("Record an open or closed channel").click()
    ledger.get_by_label("Channel").select_option("email")
    ledger.get_by_label("How do we know?").fill("Business email on her profile")
    ledger.get_by_role("button", name="Record channel").click()

    expect(ledger.get_by_role("status")).to_contain_text("Email recorded as open.")
    row = ledger.get_by_role("row", name=re.compile("Business email on her profile"))
    expect(row).to_contain_text("Open")
    expect(row).to_contain_text("Member Person")
    assert ChannelPermission.objects.get(influencer=nina).is_open


def test_a_section_is_edited_in_place(live_server, page, personas):
    influencer = influencer_create(
        workspace=personas.workspace, actor=personas.admin, name="Ana Bakes"
    )
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(f"{live_server.url}/w/acme/influencers/{influencer.public_id}/")
    url = page.url

    story = page.locator("#story")
    story.get_by_role("button", name="Edit story").click()
    story.get_by_label("Values and causes").fill("Zero waste kitchens")
    story.get_by_role("button", name="Save").click()

    expect(story.get_by_role("status")).to_have_text("Saved.")
    expect(story).to_contain_text("Zero waste kitchens")
    assert page.url == url  # no reload, no navigation
