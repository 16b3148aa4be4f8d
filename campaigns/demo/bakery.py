"""The demo's bakery stories (campaigns/demo/bakery.py): Crumb & Co.'s "Bake it forward",
completed in the spring with one partner paid in euros, and its cancelled summer pop-up tour."""

from decimal import Decimal

from campaigns.demo.base import EXCHANGE_RATES, Demo
from campaigns.demo.people import pick_free
from campaigns.demo.steps import (
    Piece,
    accepted_fee,
    agree,
    answer_with,
    campaign_start,
    campaign_status_set,
    invited_first,
    move_to,
    offer_make,
    payment_paid,
    payment_plan,
    piece_add,
    piece_measure,
    piece_progress,
    shortlist_in,
)
from campaigns.models import CampaignStatus, Stage
from outreach.models import PitchStatus


def bake_it_forward(demo: Demo, brand) -> None:
    """Completed in the spring; one partner invoiced in euros, so the report converts it."""
    campaign = campaign_start(
        demo,
        brand,
        created=160,
        owner=demo.manager,
        name="Bake it forward",
        goal="Bring people to the food-bank evenings, and show what plant-based baking is.",
        story="Creators bake one of our loaves at home, then spend an evening with the team "
        "handing out the day's leftovers.",
        key_messages="Every evening, nothing wasted.\nFlour from farms we know.",
        hashtags=["#BakeItForward"],
        disclosure="#ad and the paid-partnership label.",
        starts_on=demo.day(140),
        ends_on=demo.day(100),
        budget=Decimal(2500),
        currency="GBP",
    )
    stories = []
    for index, invited in enumerate((150, 148)):
        found = invited_first(demo, campaign, invited)
        if found is None:
            continue
        collab, pitch = found
        answer_with(pitch, PitchStatus.ACCEPTED, demo.at(invited - 2), "Yes please!", demo.manager)
        offer = offer_make(collab, demo.at(invited - 3), share="1.0")
        collab = agree(demo, collab, offer, demo.at(invited - 4), signed_days=2)
        stories.append((index, collab))
    campaign = campaign_status_set(campaign, CampaignStatus.ACTIVE, demo.at(140, 9))
    for index, collab in stories:
        fee = accepted_fee(collab)
        # The second invoiced in euros, the currency of their rate card.
        amount = (fee * EXCHANGE_RATES[("GBP", "EUR")]).quantize(Decimal(1)) if index else fee
        payment = payment_plan(
            demo, collab, amount, currency="EUR" if index else "GBP", scheduled=139, due=110
        )
        shift = index * 3
        piece = Piece(
            "A loaf for the evening shift" if index else "Leftovers night, behind the counter",
            due=120 - shift,
            draft=125 - shift,
            approved=123 - shift,
            published=116 if index else 121,  # the second came out a day late
            reach=1.2 - index * 0.3,
            moment=""
            if index
            else "A follower signed up to volunteer at the Leeds shop after the video.",
        )
        deliverable = piece_add(demo, collab, piece, 138)
        collab = piece_progress(demo, collab, deliverable, piece)
        payment_paid(demo, payment, 108)
        piece_measure(demo, deliverable, piece, 104)
    campaign_status_set(campaign, CampaignStatus.COMPLETED, demo.at(100, 17))


def pop_up_tour(demo: Demo, brand) -> None:
    """Cancelled before it started: the van's summer route was called off."""
    campaign = campaign_start(
        demo,
        brand,
        created=90,
        owner=demo.manager,
        name="Summer pop-up tour",
        goal="Meet people at six summer festivals with the van.",
        starts_on=demo.day(50),
        ends_on=demo.day(20),
        budget=Decimal(2000),
        currency="GBP",
    )
    person, _ = pick_free(demo, campaign, None)
    if person is not None:
        collab = shortlist_in(demo, campaign, person, demo.at(86))
        move_to(collab, Stage.CANCELLED, demo.at(60))
    campaign_status_set(campaign, CampaignStatus.CANCELLED, demo.at(60, 12))
