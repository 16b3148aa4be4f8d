"""The site map the browser sweeps read is true: every page in it answers 200 to the person it
names, so a sweep that fails points at the product, not at a stale address."""

import pytest

from tests.browser.site_map import PAGES, seed


@pytest.mark.django_db
def test_every_page_of_the_site_map_opens_for_its_persona(client, personas):
    site = seed(personas)

    statuses = {}
    for page in PAGES:
        client.force_login(getattr(personas, page.persona))
        statuses[page.name] = client.get(page.url(site)).status_code

    assert statuses == dict.fromkeys(statuses, 200)
