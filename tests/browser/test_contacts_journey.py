"""The contacts journey end to end: create an influencer, record an open channel, log an
interaction on the timeline, and find them again by search."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import Influencer, Interaction
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def test_create_open_a_channel_log_an_interaction_and_find_them(live_server, page, personas):
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email").fill("member@acme.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Influencers").click()
    page.get_by_role("button", name="Add influencer").click()
    page.get_by_label("Name").fill("Zoë Saldaña")
    page.get_by_label("Email", exact=True).fill("zoe@kitchen.example")
    page.get_by_label("Platform").select_option("tiktok")
    page.get_by_label("Handle").fill("https://www.tiktok.com/@Zoe.Cooks")
    page.get_by_label("Followers").fill("98,7K")
    page.get_by_role("button", name="Add influencer").click()

    zoe = Influencer.objects.get(name="Zoë Saldaña")
    expect(page).to_have_url(re.compile(rf"/influencers/{zoe.public_id}/$"))

    ledger = page.locator("#channels")
    ledger.get_by_text("Record an open or closed channel").click()
    ledger.get_by_label("Channel").select_option("email")
    ledger.get_by_label("How do we know?").fill("She emailed us first")
    ledger.get_by_role("button", name="Record channel").click()
    expect(ledger.get_by_role("status")).to_contain_text("Email recorded as open.")

    # The timeline reloads with the channel change on it before we log on it.
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("She emailed us first")
    timeline.get_by_label("Kind", exact=True).first.select_option("call")
    timeline.get_by_label("Direction", exact=True).first.select_option("inbound")
    timeline.get_by_label("Summary").fill("Zoë called about the spring menu")
    timeline.get_by_role("button", name="Log it").click()
    expect(timeline).to_contain_text("Zoë called about the spring menu")
    assert Interaction.objects.filter(influencer=zoe, kind="call").exists()

    # Found by the unaccented prefix of her name, and by her handle, as you type.
    page.get_by_role("link", name="Influencers").click()
    search = page.get_by_label("Search by name, handle, email, topic or place")
    search.fill("zoe sal")
    results = page.locator("#influencer-results")
    expect(results.get_by_role("link", name="Zoë Saldaña")).to_be_visible()
    expect(page).to_have_url(re.compile(r"q=zoe\+sal"))
    search.fill("zoe.cooks")
    expect(results.get_by_role("link", name="Zoë Saldaña")).to_be_visible()
    expect(results).to_contain_text("98.7K")
