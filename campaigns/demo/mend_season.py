"""The demo's "Mend season" story (campaigns/demo/mend_season.py): Fernweh Outdoor's active
campaign with someone at every stage of the pipeline."""

import dataclasses
from decimal import Decimal

from campaigns.demo.base import Demo
from campaigns.demo.people import pick_free
from campaigns.demo.steps import (
    Piece,
    accepted_fee,
    agree,
    answered,
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
    ship,
    shortlist_in,
)
from campaigns.models import Campaign, CampaignStatus, Stage
from campaigns.services import deliverables, offers
from outreach.models import PitchStatus


def mend_season(demo: Demo, brand) -> None:
    """Active: someone at every stage of the pipeline."""
    campaign = campaign_start(
        demo,
        brand,
        created=80,
        owner=demo.member,
        name="Mend season",
        goal="Show that a jacket with a patch is a jacket with a story: more repairs booked, "
        "and people proud of old gear.",
        story="Each creator brings a favourite piece of worn-out gear to a Fernweh repair "
        "bench and tells its story while it is mended.",
        key_messages="Free repairs for life.\nSpare parts at cost.\nThe greenest jacket is "
        "the one you already own.",
        dos="Show the repair as it happens.\nSay what the piece has been through.",
        donts="No unboxing of new gear.\nNo discount codes.",
        hashtags=["#MendSeason", "#FernwehRepairs"],
        disclosure="#ad in the first line and the platform's paid-partnership label.",
        starts_on=demo.day(62),
        ends_on=demo.day(-30),
        budget=Decimal(6000),
        currency="EUR",
    )
    campaign = campaign_status_set(campaign, CampaignStatus.ACTIVE, demo.at(62, 9))
    mend_completed(demo, campaign)
    mend_published(demo, campaign)
    mend_in_review(demo, campaign)
    mend_agreed(demo, campaign)
    mend_negotiating(demo, campaign)
    mend_cancelled(demo, campaign)
    mend_declined(demo, campaign)
    invited_first(demo, campaign, 4)  # invited this week, no answer yet
    person, _ = pick_free(demo, campaign, None)
    if person is not None:  # found the day before yesterday, not asked yet
        shortlist_in(demo, campaign, person, demo.at(2, 15))


def mend_completed(demo: Demo, campaign: Campaign) -> None:
    """Agreed at once, the kit shipped, two pieces published and measured, paid: done."""
    collab = answered(
        demo, campaign, 74, PitchStatus.ACCEPTED, demo.at(71, 16), "Count me in!", demo.member
    )
    if collab is None:
        return
    offer = offer_make(collab, demo.at(70), share="1.0", product="Repair kit", value=60)
    collab = agree(demo, collab, offer, demo.at(69), signed_days=2)
    payment = payment_plan(demo, collab, accepted_fee(collab), currency="EUR", scheduled=66, due=30)
    first = Piece(
        "The 12-year-old rain shell",
        due=45,
        draft=50,
        approved=48,
        published=46,
        reach=1.3,
        moment="“I had no idea you could re-tape seams. Booking mine in.” was the top comment, "
        "with 140 replies.",
    )
    second = Piece("Bench day, start to finish", due=40, draft=43, approved=42, published=40)
    pieces = [
        (first, piece_add(demo, collab, first, 66)),
        (second, piece_add(demo, collab, second, 66)),
    ]
    ship(collab, "Repair kit and a bench voucher", 60, demo.at(65), demo.at(62, 13))
    for piece, deliverable in pieces:
        collab = piece_progress(demo, collab, deliverable, piece)
    deliverables.moment_add(
        collaboration=collab,
        text="Three followers sent photos of their own mended jackets the same week.",
        actor=campaign.owner,
        now=demo.at(36),
    )
    payment_paid(demo, payment, 31)
    for piece, deliverable in pieces:
        piece_measure(demo, deliverable, piece, 30)


def mend_published(demo: Demo, campaign: Campaign) -> None:
    """Haggled, one draft sent back for changes, both pieces out and measured; we are late
    paying them."""
    collab = answered(
        demo,
        campaign,
        72,
        PitchStatus.REPLIED,
        demo.at(70, 15),
        "Maybe! What is the fee?",
        demo.member,
    )
    if collab is None:
        return
    collab = move_to(collab, Stage.NEGOTIATING, demo.at(70, 16))
    low = offer_make(collab, demo.at(69), share="0.7")
    offers.offer_decide(offer=low, accepted=False, actor=demo.member, now=demo.at(68))
    collab = agree(
        demo, collab, offer_make(collab, demo.at(67), share="1.0"), demo.at(66), signed_days=3
    )
    payment_plan(
        demo,
        collab,
        accepted_fee(collab),
        currency="EUR",
        scheduled=63,
        due=6,
        note="Their invoice 117, payable on publication",
    )
    first = Piece(
        "What a broken zip taught me",
        due=35,
        draft=38,
        changes=37,
        approved=35,
        published=34,
        reach=1.1,
        moment="Their audience asked for a map of repair cafés: Fernweh's team made one.",
    )
    second = Piece("Packing list, all second-hand", due=30, draft=32, approved=31, published=30)
    second = dataclasses.replace(second, reach=0.8)
    pieces = [
        (first, piece_add(demo, collab, first, 63)),
        (second, piece_add(demo, collab, second, 63)),
    ]
    for piece, deliverable in pieces:
        collab = piece_progress(demo, collab, deliverable, piece)
    for piece, deliverable in pieces:
        piece_measure(demo, deliverable, piece, 8)


def mend_in_review(demo: Demo, campaign: Campaign) -> None:
    """Their draft came in yesterday: we owe them feedback."""
    collab = answered(
        demo, campaign, 58, PitchStatus.ACCEPTED, demo.at(56), "Yes, I love this idea.", demo.member
    )
    if collab is None:
        return
    collab = agree(
        demo, collab, offer_make(collab, demo.at(55), share="1.0"), demo.at(54), signed_days=4
    )
    payment_plan(demo, collab, accepted_fee(collab), currency="EUR", scheduled=50, due=-20)
    piece = Piece("My grandmother's rucksack, mended", due=-5, draft=1)
    piece_progress(demo, collab, piece_add(demo, collab, piece, 50), piece)


def mend_agreed(demo: Demo, campaign: Campaign) -> None:
    """Contract signed, payment scheduled, the repair kit arrived: filming next week."""
    collab = answered(
        demo, campaign, 43, PitchStatus.ACCEPTED, demo.at(40), "Happy to!", demo.member
    )
    if collab is None:
        return
    offer = offer_make(collab, demo.at(39), share="1.05", product="Repair kit", value=60)
    collab = agree(demo, collab, offer, demo.at(37), signed_days=4)
    payment_plan(demo, collab, accepted_fee(collab), currency="EUR", scheduled=33, due=-25)
    piece_add(demo, collab, Piece("Ten years of trail shoes", due=-10), 33)
    ship(collab, "Repair kit and a bench voucher", 60, demo.at(32), demo.at(28, 12))


def mend_negotiating(demo: Demo, campaign: Campaign) -> None:
    """Our offer is below their rates, and the fairness check says so."""
    collab = answered(
        demo,
        campaign,
        26,
        PitchStatus.REPLIED,
        demo.at(23, 15),
        "Sounds good: what do you have in mind budget-wise?",
        demo.member,
    )
    if collab is None:
        return
    collab = move_to(collab, Stage.NEGOTIATING, demo.at(23, 16))
    offer_make(collab, demo.at(20), share="0.6", product="Repair kit", value=60)


def mend_cancelled(demo: Demo, campaign: Campaign) -> None:
    """They were keen, then their season changed."""
    collab = answered(
        demo,
        campaign,
        47,
        PitchStatus.REPLIED,
        demo.at(45),
        "Interesting, tell me more.",
        demo.member,
    )
    if collab is None:
        return
    collab = move_to(collab, Stage.NEGOTIATING, demo.at(45, 16))
    offer_make(collab, demo.at(44), share="0.95")
    move_to(collab, Stage.CANCELLED, demo.at(40))


def mend_declined(demo: Demo, campaign: Campaign) -> None:
    """Not for them this season, said kindly."""
    collab = answered(
        demo,
        campaign,
        38,
        PitchStatus.DECLINED,
        demo.at(35),
        "Thank you, but my autumn is full. Ask me again in spring?",
        demo.member,
    )
    if collab is None:
        return
    move_to(collab, Stage.DECLINED, demo.at(35, 16))
