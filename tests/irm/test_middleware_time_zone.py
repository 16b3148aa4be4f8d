"""irm.middleware.UserTimeZoneMiddleware: a signed-in person's pages tell and read their own
clock, computed from the real current instant; the API speaks UTC to everyone."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Direction, InteractionKind
from contacts.services import influencer_create, interaction_record
from tests.contacts.api_client import api_url, client_for

# 12:44 UTC is 07:44 in New York (EST) and 18:14 in Kolkata.
NOW = datetime(2026, 12, 7, 12, 44, tzinfo=UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def home(slug="acme") -> str:
    return reverse("contacts:home", kwargs={"slug": slug})


def living_in(user, zone: str):
    user.time_zone = zone
    user.save(update_fields=["time_zone"])
    return user


@pytest.mark.parametrize(
    ("zone", "clock"),
    [
        ("America/New_York", '"2026-12-07T07:44:00-05:00">Monday 7 December, 07:44'),
        ("Asia/Kolkata", '"2026-12-07T18:14:00+05:30">Monday 7 December, 18:14'),
    ],
)
def test_the_greeting_tells_the_viewers_own_clock(client, personas, frozen, zone, clock):
    client.force_login(living_in(personas.viewer, zone))

    page = client.get(home()).content.decode()

    assert f"It is <time datetime={clock}</time> in {zone}." in page


def test_an_outsider_still_gets_no_page_of_the_workspace(client, personas, frozen):
    client.force_login(living_in(personas.outsider, "America/New_York"))

    assert client.get(home()).status_code == 404


def test_the_api_answers_in_utc_even_in_a_browser_session(personas, frozen):
    zoe = influencer_create(workspace=personas.workspace, actor=personas.admin, name="Zoë")
    interaction_record(
        influencer=zoe,
        kind=InteractionKind.NOTE,
        direction=Direction.INTERNAL,
        summary="Met at the fair",
        occurred_at=NOW - timedelta(hours=1),
        now=NOW,
    )
    client = client_for(living_in(personas.viewer, "America/New_York"))

    body = client.get(api_url("interaction-list", public_id=zoe.public_id)).json()

    assert body["results"][0]["occurred_at"] == "2026-12-07T11:44:00Z"
