"""The main navigation marks the section a page belongs to, read from the page's address."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from irm.navigation import SECTION_BY_SEGMENT, section_of

NAV_LABELS = {
    "home": "Home",
    "influencers": "Influencers",
    "outreach": "Outreach",
    "campaigns": "Campaigns",
    "reminders": "Reminders",
    "inbox": "Inbox",
    "activity": "Activity",
    "settings": "Settings",
}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def test_every_workspace_page_belongs_to_a_section():
    workspace_routes = [
        route for route in _routes(get_resolver().url_patterns) if route.startswith("w/")
    ]

    assert workspace_routes
    assert {route: section_of(route) for route in workspace_routes if not section_of(route)} == {}
    assert set(map(section_of, workspace_routes)) <= set(SECTION_BY_SEGMENT.values())


@pytest.mark.parametrize(
    ("route", "section"),
    [
        ("w/<slug:slug>/", "home"),
        ("w/<slug:slug>/influencers/<uuid:public_id>/timeline/", "influencers"),
        ("w/<slug:slug>/import/<uuid:public_id>/map/", "influencers"),
        ("w/<slug:slug>/reminders/calendar/", "reminders"),
        ("w/<slug:slug>/settings/contact-policy/", "settings"),
        ("workspaces/", "workspaces"),
    ],
)
def test_a_route_names_its_section(route, section):
    assert section_of(route) == section


def _current(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]*"(?: class="[^"]*")? aria-current="page">([^<]+)', html)


@pytest.mark.parametrize(
    ("address", "label"),
    [
        ("/w/acme/", "Home"),
        ("/w/acme/influencers/", "Influencers"),
        ("/w/acme/duplicates/", "Influencers"),
        ("/w/acme/outreach/", "Outreach"),
        ("/w/acme/outreach/templates/", "Outreach"),
        ("/w/acme/campaigns/", "Campaigns"),
        ("/w/acme/reminders/", "Reminders"),
        ("/w/acme/inbox/", "Inbox"),
        ("/w/acme/activity/", "Activity"),
        ("/w/acme/settings/members/", "Settings"),
        ("/w/acme/settings/contact-policy/", "Settings"),
        ("/workspaces/", "Workspaces"),
    ],
)
def test_the_page_marks_one_entry_of_the_main_navigation(client, personas, address, label):
    client.force_login(personas.admin)

    response = client.get(address)

    assert response.status_code == 200
    navigation = response.content.decode().split('aria-label="Main"', 1)[1].split("</nav>", 1)[0]
    assert [text.strip() for text in _current(navigation)] == [label]
