"""The demo's "Read local this winter" story (campaigns/demo/read_local.py): Marginalia
Books' campaign in planning, with its first shortlist."""

from decimal import Decimal

from campaigns.demo.base import Demo
from campaigns.demo.people import pick_free
from campaigns.demo.steps import campaign_start, shortlist_in


def read_local(demo: Demo, brand) -> None:
    """Planning: a winter campaign with its first shortlist."""
    campaign = campaign_start(
        demo,
        brand,
        created=12,
        owner=demo.manager,
        name="Read local this winter",
        goal="Bring readers into the shops for the booksellers' winter picks.",
        story="Creators spend a day behind the counter of their nearest shop and pick three "
        "books for someone they love.",
        hashtags=["#ReadLocal", "#BooksellersPick"],
        disclosure="#ad and the paid-partnership label.",
        starts_on=demo.day(-20),
        ends_on=demo.day(-80),
        budget=Decimal(5000),
        currency="USD",
    )
    for days_ago in (10, 9):
        person, _ = pick_free(demo, campaign, None)
        if person is not None:
            shortlist_in(demo, campaign, person, demo.at(days_ago, 14))
