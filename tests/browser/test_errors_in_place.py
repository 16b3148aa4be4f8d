"""A mistake never wipes the page: an invalid value on an htmx form comes back in place, with
the navigation and the rest of the page around it, the value kept and the message in the form,
with DEBUG on (as under `make run`) and off. Every htmx form with input is in
tests/browser/site_map.py; the sweep over all of them runs under `make sweep`, one
representative in `make test`."""

import pytest
from playwright.sync_api import expect

from tests.browser.journeys import sign_in
from tests.browser.site_map import COLLABORATION_CONTRACT, FORMS, PAGES, seed

pytestmark = pytest.mark.browser


def htmx_idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')"
    )


def submit_invalid(page, base_url: str, site, where, form) -> None:
    page.goto(base_url + where.url(site))
    address = page.url
    if form.open:
        page.get_by_text(form.open, exact=True).click()
        # An "Edit" link loads its form with htmx: type only once it has landed and settled,
        # or the swap can replace the input after the value was typed into the old one.
        htmx_idle(page)
    button = page.get_by_role("button", name=form.submit, exact=True)
    region = page.locator(form.within).filter(has=button)
    if form.value is not None:
        region.get_by_label(form.field, exact=True).fill(form.value)
        expect(region.get_by_label(form.field, exact=True)).to_have_value(form.value)
    region.get_by_role("button", name=form.submit, exact=True).click()

    # The message is in the same form, the value kept, the page and its navigation around it.
    message_in = page.locator(form.error_in) if form.error_in else region
    expect(message_in.get_by_text(form.error).first).to_be_visible()
    if form.value is not None:
        expect(region.get_by_label(form.field, exact=True)).to_have_value(form.value)
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.url == address


def test_an_invalid_contract_date_comes_back_in_place_with_debug_on(
    live_server, page, personas, settings
):
    settings.DEBUG = True
    site = seed(personas)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "member@acme.test")
    collaboration = next(p for p in PAGES if COLLABORATION_CONTRACT in p.forms)

    submit_invalid(page, live_server.url, site, collaboration, COLLABORATION_CONTRACT)


def test_a_refused_htmx_action_shows_the_403_page_inside_the_current_one(
    live_server, page, personas
):
    """Someone demoted to viewer while the page was open: the form's answer is the refusal,
    with what a viewer may do, and the navigation stays."""
    site = seed(personas)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "member@acme.test")
    collaboration = next(p for p in PAGES if COLLABORATION_CONTRACT in p.forms)
    page.goto(live_server.url + collaboration.url(site))
    membership = personas.membership(personas.member)
    membership.role = "viewer"
    membership.save(update_fields=["role"])

    page.get_by_label("Signed on").fill("2026-11-02")
    page.get_by_role("button", name="Save the file or date").click()

    main = page.locator("#main")
    expect(main.get_by_role("heading", name="You may not do this")).to_be_visible()
    expect(main).to_contain_text("With the viewer role in Acme PR you may read everything")
    expect(main.get_by_role("button", name="Go back")).to_have_attribute(
        "href", collaboration.url(site)
    )
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


@pytest.mark.sweep
@pytest.mark.parametrize("debug", [True, False], ids=["debug-on", "debug-off"])
@pytest.mark.parametrize(("where", "form"), FORMS, ids=[f"{p.name}: {f.name}" for p, f in FORMS])
def test_every_htmx_form_answers_an_invalid_value_in_place(
    live_server, page, personas, settings, debug, where, form
):
    settings.DEBUG = debug
    site = seed(personas)
    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, getattr(personas, where.persona).email)

    submit_invalid(page, live_server.url, site, where, form)
