import csv
import io
import re

import pytest
from playwright.sync_api import expect

from contacts.models import ListEntry
from contacts.services import influencer_create
from contacts.services.lists import influencer_list_create
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, base_url, email):
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def seed(personas):
    for name, handle, followers in (
        ("Zoë Saldaña", "zoe.cooks", 1_250_000),
        ("Ana Bakes", "anabakes", 12_000),
        ("Tom Trail", "tomruns", 500),
    ):
        influencer_create(
            workspace=personas.workspace,
            actor=personas.admin,
            name=name,
            accounts=[{"platform": "instagram", "handle": handle, "followers": followers}],
        )


def test_a_search_typed_before_the_scripts_are_ready_is_not_lost(live_server, page, personas):
    """On a slow connection the box can take typing before htmx is loaded: hold htmx back,
    type, then let it load: the results follow what was typed."""
    seed(personas)
    sign_in(page, live_server.url, "viewer@acme.test")
    page.wait_for_url(re.compile(r"/w/acme/$"))
    held = []
    page.route("**/htmx-2.min.js", lambda route: held.append(route))
    with page.expect_request("**/htmx-2.min.js"):
        page.goto(live_server.url + "/w/acme/influencers/", wait_until="commit")
    search = page.get_by_label("Search by name, handle, email, topic or place")
    search.press_sequentially("zoe")
    assert held, "htmx was not held back"
    held[0].continue_()

    results = page.locator("#influencer-results")
    expect(results).to_contain_text("1 influencer")
    expect(results).to_contain_text("Zoë Saldaña")
    expect(page).to_have_url(re.compile(r"/w/acme/influencers/\?q=zoe$"))


def test_typing_in_the_search_box_updates_the_results_and_the_address(live_server, page, personas):
    seed(personas)
    sign_in(page, live_server.url, "viewer@acme.test")
    page.get_by_role("link", name="Influencers").click()
    results = page.locator("#influencer-results")
    expect(results).to_contain_text("3 influencers")
    # A marker on the window survives only if the page is not reloaded.
    page.evaluate("window.stillTheSamePage = true")

    page.get_by_label("Search by name, handle, email, topic or place").press_sequentially("zoe")
    # Generous: the first search of a fresh test server may be slow to answer.
    expect(results).to_contain_text("1 influencer", timeout=15_000)
    expect(results).to_contain_text("Zoë Saldaña")
    expect(results).not_to_contain_text("Ana Bakes")
    expect(page).to_have_url(re.compile(r"/w/acme/influencers/\?q=zoe$"))
    assert page.evaluate("window.stillTheSamePage") is True

    # The address is shareable: opening it shows the same state.
    page.goto(page.url)
    expect(page.get_by_label("Search by name, handle, email, topic or place")).to_have_value("zoe")
    expect(results).to_contain_text("1 influencer")

    # Sorting applies on change, and the back button returns to the previous state.
    page.get_by_label("Search by name, handle, email, topic or place").fill("")
    page.get_by_label("Search by name, handle, email, topic or place").press("Enter")
    expect(results).to_contain_text("3 influencers")
    page.get_by_label("Sort by").select_option("-followers")
    expect(page).to_have_url(re.compile(r"sort=-followers"))
    expect(results.locator("tbody tr").first).to_contain_text("Zoë Saldaña")


def test_a_member_selects_everyone_and_adds_them_to_a_named_list(live_server, page, personas):
    seed(personas)
    shortlist = influencer_list_create(
        workspace=personas.workspace, name="Spring launch shortlist", actor=personas.member
    )
    sign_in(page, live_server.url, "member@acme.test")
    page.goto(live_server.url + "/w/acme/influencers/")

    page.get_by_label("Select all on this page").check()
    page.get_by_text("With the selected influencers").click()
    page.get_by_label("Named list").select_option(label="Spring launch shortlist (0)")
    page.get_by_role("button", name="Add to list").click()
    expect(page.get_by_role("status").first).to_contain_text(
        "Added 3 influencers to Spring launch shortlist."
    )
    assert ListEntry.objects.filter(influencer_list=shortlist).count() == 3


def test_the_back_button_restores_the_previous_search(live_server, page, personas):
    seed(personas)
    sign_in(page, live_server.url, "viewer@acme.test")
    page.goto(live_server.url + "/w/acme/influencers/")
    search = page.get_by_label("Search by name, handle, email, topic or place")
    results = page.locator("#influencer-results")

    search.press_sequentially("zoe")
    expect(page).to_have_url(re.compile(r"\?q=zoe$"))
    expect(results).to_contain_text("1 influencer")
    search.press_sequentially("xyz")
    expect(page).to_have_url(re.compile(r"\?q=zoexyz$"))
    expect(results).to_contain_text("No influencers match these filters.")

    page.go_back()
    expect(page).to_have_url(re.compile(r"\?q=zoe$"))
    expect(results).to_contain_text("Zoë Saldaña")
    expect(search).to_have_value("zoe")


def test_typing_a_search_then_exporting_exports_what_the_list_shows(live_server, page, personas):
    seed(personas)
    sign_in(page, live_server.url, "manager@acme.test")
    page.goto(live_server.url + "/w/acme/influencers/")
    search = page.get_by_label("Search by name, handle, email, topic or place")

    # Typed, not submitted, and exported at once: before the search has even been sent.
    search.press_sequentially("zoe")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export these as CSV").click()

    exported = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [row["name"] for row in rows] == ["Zoë Saldaña"]
    # The address follows the typing too, so a shared link shows the same list.
    expect(page).to_have_url(re.compile(r"/w/acme/influencers/\?q=zoe$"))
    expect(page.get_by_role("link", name="Export these as CSV")).to_have_attribute(
        "href", "/w/acme/influencers/export.csv?q=zoe"
    )
