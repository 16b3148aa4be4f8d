import pytest
from playwright.sync_api import expect

from contacts.models import Interaction
from contacts.services import interaction_record
from tests.factories import TEST_PASSWORD, InfluencerFactory

pytestmark = pytest.mark.browser


def sign_in(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_member_logs_a_call_and_sees_it_without_a_reload(live_server, page, personas):
    influencer = InfluencerFactory(workspace=personas.workspace, name="Maya Brook")
    interaction_record(
        influencer=influencer,
        kind="email",
        direction="outbound",
        channel="email",
        summary="Sent the spring brief",
        author=personas.member,
    )
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(f"{live_server.url}/w/acme/influencers/{influencer.public_id}/timeline/")
    panel = page.locator("#timeline-panel")
    expect(panel).to_contain_text("Sent the spring brief")
    # A marker on the window survives only if the page is not reloaded.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Kind", exact=True).first.select_option("call")
    page.get_by_label("Direction", exact=True).first.select_option("inbound")
    page.get_by_label("Summary").fill("Maya called about the launch")
    page.get_by_role("button", name="Log it").click()

    expect(page.get_by_role("status")).to_contain_text("Logged on the timeline.")
    expect(panel.locator(".timeline-entry").first).to_contain_text("Maya called about the launch")
    expect(panel).to_contain_text("Last heard from them")
    assert page.evaluate("window.stillTheSamePage") is True
    assert Interaction.objects.filter(summary="Maya called about the launch").exists()

    # A filter narrows the list in place and the address keeps it.
    page.locator("#timeline-filters").get_by_label("Kind").select_option("call")
    expect(panel.locator(".timeline-entry")).to_have_count(1)
    assert "kind=call" in page.url
    assert page.evaluate("window.stillTheSamePage") is True


def test_the_profile_loads_the_timeline_and_the_author_deletes_an_entry(
    live_server, page, personas
):
    influencer = InfluencerFactory(workspace=personas.workspace, name="Maya Brook")
    interaction_record(
        influencer=influencer,
        kind="note",
        direction="internal",
        summary="Prefers calls in the morning",
        author=personas.member,
    )
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(f"{live_server.url}/w/acme/influencers/{influencer.public_id}/")

    panel = page.locator("#timeline-panel")
    expect(panel).to_contain_text("Prefers calls in the morning")
    panel.get_by_role("link", name="Delete “Prefers calls in the morning”").click()
    panel.get_by_role("button", name="Delete the entry").click()

    expect(page.get_by_role("status")).to_contain_text("Entry deleted.")
    expect(panel).not_to_contain_text("Prefers calls in the morning")
    expect(panel).to_contain_text("Nothing logged yet.")
