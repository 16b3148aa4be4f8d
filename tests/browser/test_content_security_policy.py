"""Pages under the Content Security Policy (settings.CONTENT_SECURITY_POLICY, the same in every
environment): Chromium reports no violation, and what used inline script still works from the
static files (htmx forms, select-all, the export link following the filters, selecting a new
token). The sweep (`make sweep`) visits every page of the site map and Swagger UI."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import sign_in
from tests.browser.site_map import PAGES, seed

pytestmark = pytest.mark.browser


def watch_policy(page) -> list[str]:
    """Chromium reports each refusal of the policy on the console."""
    violations: list[str] = []

    def seen(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text}")

    page.on("console", seen)
    return violations


def test_the_main_pages_work_without_inline_script(live_server, page, personas):
    site = seed(personas)
    violations = watch_policy(page)
    page.set_default_timeout(10_000)
    # The real sign-in page, with the lockout's backend in front of the password check. A
    # manager: the list's export link is theirs.
    sign_in(page, live_server.url, personas.manager.email)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    # htmx loads the inbox count after the page.
    expect(page.get_by_role("link", name="Inbox 1 unmatched")).to_be_visible()

    # The influencer list: select-all ticks every row, the export link follows the filters.
    page.goto(f"{live_server.url}/w/{site.slug}/influencers/")
    page.get_by_label("Select all on this page").check()
    rows = page.locator("input[name=ids][form=bulk-form]")
    expect(rows.first).to_be_checked()
    assert rows.count() == rows.evaluate_all("boxes => boxes.filter(b => b.checked).length")
    page.get_by_role("searchbox").first.fill("ana")
    expect(page.locator("#export-link")).to_have_attribute("href", re.compile(r"\?q=ana$"))

    # An htmx form answers an invalid value in place.
    collaboration = next(where for where in PAGES if where.name == "collaboration")
    page.goto(live_server.url + collaboration.url(site))
    page.get_by_text("Propose an offer").click()
    page.get_by_label("Fee").fill("-5")
    page.get_by_role("button", name="Propose the offer").click()
    expect(page.get_by_text("Ensure this value is greater than or equal to 0.")).to_be_visible()

    # A new API token is selected whole on click, ready to copy.
    page.goto(f"{live_server.url}/w/{site.slug}/settings/tokens/")
    page.locator("#tokens-panel input[name=name]").fill("Reporting script")
    page.get_by_role("button", name="Create token").click()
    token = page.get_by_label("New token")
    token.click()
    assert token.evaluate("input => input.selectionEnd - input.selectionStart") == len(
        token.input_value()
    )

    assert violations == []


@pytest.mark.sweep
def test_every_page_of_the_site_map_and_the_api_docs_keep_to_the_policy(
    live_server, page, personas
):
    site = seed(personas)
    violations = watch_policy(page)
    signed_in_as = None
    for where in PAGES:
        if where.persona != signed_in_as:
            page.context.clear_cookies()
            sign_in(page, live_server.url, getattr(personas, where.persona).email)
            signed_in_as = where.persona
        page.goto(live_server.url + where.url(site))
        page.wait_for_load_state("networkidle")
    # Swagger UI draws the API from the schema, its script served from its own address.
    page.goto(live_server.url + "/api/docs/")
    expect(page.get_by_text("Rapport API").first).to_be_visible()
    expect(page.locator(".opblock").first).to_be_visible()

    assert violations == []
