import pytest
from playwright.sync_api import expect

from irm.services import workspace_create
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.browser


def test_a_person_signs_in_sees_home_and_signs_out(live_server, page):
    grace = UserFactory(
        email="grace@example.test", name="Grace Hopper", time_zone="America/New_York"
    )
    workspace_create(name="Hopper Media", slug="hopper", admin=grace)

    page.goto(live_server.url + "/")
    expect(page).to_have_title("Sign in · Rapport")

    page.get_by_label("Email").fill("Grace@Example.test")
    page.get_by_label("Password").fill("wrong password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("do not match an account")

    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Hello, Grace")).to_be_visible()
    expect(page).to_have_url(live_server.url + "/w/hopper/")
    expect(page.get_by_text("in America/New_York")).to_be_visible()
    expect(page.get_by_role("heading", name="System status")).to_be_visible()

    page.get_by_text("Grace", exact=True).click()
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_title("Sign in · Rapport")


def test_account_settings_save_in_place(live_server, page):
    linus = UserFactory(email="linus@example.test", name="Linus", time_zone="Europe/Paris")
    workspace_create(name="Linus PR", slug="linus", admin=linus)
    page.goto(live_server.url + "/sign-in/")
    page.get_by_label("Email").fill("linus@example.test")
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(live_server.url + "/account/")
    page.get_by_label("Time zone").select_option("Asia/Tokyo")
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("status")).to_contain_text("Your settings are saved")
    page.goto(live_server.url + "/")
    expect(page.get_by_text("in Asia/Tokyo")).to_be_visible()
