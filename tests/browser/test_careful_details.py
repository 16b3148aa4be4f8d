"""Details a careful product gets right, as the browser sees them: each of several "Revoke"
buttons is found by what it revokes, and the timeline's icons are drawn without an emoji font."""

from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from contacts.models import InteractionKind
from contacts.services import interaction_record
from irm.models import Invitation, Role
from irm.services import invitation_create
from tests.browser.journeys import sign_in
from tests.factories import InfluencerFactory

pytestmark = pytest.mark.browser


def test_buttons_say_what_they_remove_and_icons_are_drawn(live_server, page, personas):
    for email in ("lea@new.test", "lina@new.test"):
        invitation_create(
            workspace=personas.workspace, email=email, role=Role.MEMBER, invited_by=personas.admin
        )
    maya = InfluencerFactory(workspace=personas.workspace, name="Maya Brook")
    interaction_record(
        influencer=maya,
        kind=InteractionKind.CALL,
        direction="inbound",
        summary="Called about the spring shoot",
        author=personas.admin,
        occurred_at=datetime(2026, 11, 20, 10, 0, tzinfo=UTC),
    )
    sign_in(page, live_server.url, "admin@acme.test")

    # The accessibility tree names each button by what it revokes: one click, the right one.
    page.goto(live_server.url + "/w/acme/settings/members/")
    page.get_by_role("button", name="Revoke the invitation for lina@new.test").click()
    expect(page.get_by_role("status")).to_contain_text("The invitation for lina@new.test was")
    expect(
        page.get_by_role("button", name="Revoke the invitation for lina@new.test")
    ).to_have_count(0)
    expect(
        page.get_by_role("button", name="Revoke the invitation for lea@new.test")
    ).to_be_visible()
    assert Invitation.objects.filter(revoked_at__isnull=False).get().email == "lina@new.test"

    # The call's icon is an SVG drawn at the size of the text beside it.
    page.goto(live_server.url + f"/w/acme/influencers/{maya.public_id}/timeline/")
    icon = page.locator(".entry-kind svg.icon-phone")
    expect(icon).to_be_visible()
    box = icon.bounding_box()
    assert box is not None and box["width"] >= 10 and box["height"] >= 10
