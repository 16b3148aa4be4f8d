import re

import pytest
from playwright.sync_api import expect

from irm.models import Membership, OutboxEmail
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_admin_invites_someone_who_joins_and_gets_a_new_role(live_server, page, personas):
    sign_in(page, live_server.url, "admin@acme.test")
    page.get_by_role("link", name="Settings").click()

    page.get_by_label("Email address").fill("nia@example.test")
    page.get_by_label("Role", exact=True).select_option("viewer")
    page.get_by_role("button", name="Send invitation").click()
    expect(page.get_by_role("status")).to_contain_text("Invitation sent to nia@example.test")
    expect(page.locator("#members-panel")).to_contain_text("nia@example.test")

    # The newcomer follows the emailed link in a fresh browser context.
    body = OutboxEmail.objects.get(kind="invitation").body_text
    link = re.search(r"(/invitations/\S+/)", body).group(1)
    newcomer_context = page.context.browser.new_context()
    newcomer = newcomer_context.new_page()
    newcomer.goto(live_server.url + link)
    newcomer.get_by_label("Your name").fill("Nia Newcomer")
    newcomer.get_by_label("Choose a password").fill("a-Long-pass-123")
    newcomer.get_by_label("Repeat the password").fill("a-Long-pass-123")
    newcomer.get_by_role("button", name="Create account and join").click()
    expect(newcomer.get_by_role("heading", name="Hello, Nia")).to_be_visible()
    newcomer_context.close()

    # The admin promotes her from the members list: the select saves on change.
    page.reload()
    page.get_by_label("Role of Nia Newcomer").select_option("member")
    expect(page.get_by_role("status")).to_contain_text("Nia Newcomer is now member")
    assert Membership.objects.get(user__email="nia@example.test").role == "member"


def test_a_member_creates_and_revokes_an_api_token(live_server, page, personas):
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(live_server.url + "/w/acme/settings/tokens/")

    page.get_by_label("Token name").fill("Weekly report")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_label("New token")).to_have_value(re.compile(r"^rpt_"))

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator("#tokens-panel")).to_contain_text("Revoked")
