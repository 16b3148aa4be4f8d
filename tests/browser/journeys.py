"""What the outreach, inbound and reminders journeys start from: a person signed in through the
real sign-in page, and Ana Rocha, an influencer who can be pitched by email at any hour."""

from datetime import time

from contacts.models import ContactPolicy, Influencer
from tests.factories import TEST_PASSWORD, ProfileFactory


def sign_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def seed_ana(personas) -> Influencer:
    """Ana opened email; her policy has no quiet hours or weekends, so sending does not depend
    on the clock."""
    ana = ProfileFactory(personas=personas, ana=True)
    ContactPolicy.objects.create(
        workspace=personas.workspace,
        influencer=ana,
        quiet_hours_start=time(0, 0),
        quiet_hours_end=time(0, 0),
        no_weekends=False,
    )
    return ana


def seed_reachable(personas, name: str) -> Influencer:
    """Someone besides Ana who opened email to us, with the same clock-free policy: whether they
    may be written to then depends only on what else is recorded about them."""
    influencer = ProfileFactory(personas=personas, trail_runner=True, name=name)
    ContactPolicy.objects.create(
        workspace=personas.workspace,
        influencer=influencer,
        quiet_hours_start=time(0, 0),
        quiet_hours_end=time(0, 0),
        no_weekends=False,
    )
    return influencer
