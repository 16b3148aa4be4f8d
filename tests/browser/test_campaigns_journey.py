"""The campaign journey: a member adds a brand and a campaign for it from the Campaigns pages,
shortlists two people from the search and invites both in one go. Ana may be written to, so her
draft is ready and she moves to Invited; Ben asked not to be contacted, so his draft is kept, he
stays Shortlisted and the board says why. The member sends Ana's invitation from the composer,
moves her to Negotiating and Agreed with the card's buttons. Cleo called to say she is in: her
card is dragged from Shortlisted straight to Negotiating, and the board asks why before it
moves. On Ana's collaboration page the member adds a reel, reviews its draft, records it
published with its numbers (the board follows: In review, then Published), and finds her bar
on the report's engagement chart with the same numbers in the table behind it."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from campaigns.models import (
    Brand,
    Campaign,
    Collaboration,
    Deliverable,
    DeliverableResult,
    DeliverableStatus,
    Stage,
)
from campaigns.services.pipeline import collaboration_shortlist
from contacts.models import Interaction, InteractionKind
from contacts.services import do_not_contact_set
from outreach.models import PitchStatus
from tests.browser.journeys import seed_ana, seed_reachable, sign_in

pytestmark = pytest.mark.browser

BRAND = "Northwall"
CAMPAIGN = "Spring trails"
BEN_REASON = "He asked us by phone to stop writing to him"
REEL = "Lavaredo shoe test"
DRAFT_LINK = "https://drafts.example/ana-lavaredo-reel"
PUBLISHED_LINK = "https://instagram.example/p/ana-lavaredo"
# Engagement is likes + comments + shares + saves: 120 + 14 + 6 + 10.
METRICS = {"Likes": "120", "Comments": "14", "Shares": "6", "Saves": "10"}
ENGAGEMENT = "150"


def column(page, label: str):
    """A column of the board, named by its heading ("Agreed 1")."""
    return page.locator("#board").get_by_role("region", name=re.compile(rf"^{label}\b"))


def test_a_member_runs_a_campaign_from_brief_to_report(live_server, page, personas):
    ana = seed_ana(personas)
    ben = seed_reachable(personas, "Ben Okafor")
    do_not_contact_set(influencer=ben, reason=BEN_REASON, actor=personas.member)

    page.set_default_timeout(10_000)
    sign_in(page, live_server.url, "member@acme.test")
    main_nav = page.get_by_role("navigation", name="Main")

    # 1. A brand, then a campaign for it, both through the pages.
    main_nav.get_by_role("link", name="Campaigns").click()
    expect(page.get_by_role("heading", name="Campaigns", exact=True)).to_be_visible()
    expect(page.get_by_text("No campaigns yet.")).to_be_visible()
    page.get_by_role("link", name="Brands").click()
    page.get_by_role("button", name="New brand").click()
    expect(page.get_by_role("heading", name="New brand")).to_be_visible()
    page.get_by_label("Name").fill(BRAND)
    page.get_by_label("What the brand stands for").fill("Repairable shoes, trails kept clean")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", name="Brands", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=BRAND)).to_be_visible()

    main_nav.get_by_role("link", name="Campaigns").click()
    page.get_by_role("button", name="New campaign").click()
    expect(page.get_by_role("heading", name="New campaign")).to_be_visible()
    page.get_by_label("Name").fill(CAMPAIGN)
    page.get_by_label("Brand").select_option(label=BRAND)
    page.get_by_label("Goal").fill("Runners try the new trail shoe on real mountain routes")
    page.get_by_label("Budget").fill("5000")
    page.get_by_role("button", name="Create campaign").click()
    expect(page.get_by_role("heading", name=CAMPAIGN, level=1)).to_be_visible()
    expect(page.get_by_role("status").first).to_contain_text(f"{CAMPAIGN} created.")
    campaign = Campaign.objects.get(name=CAMPAIGN)
    assert campaign.brand == Brand.objects.get(name=BRAND) and campaign.owner == personas.member

    # 2. Ana and Ben shortlisted from the search.
    search = page.get_by_label("Find an influencer")
    for name in ("Ana Rocha", "Ben Okafor"):
        search.fill(name)
        page.locator("#suggestions").get_by_role("button", name=f"Shortlist {name}").click()
        shortlisted = column(page, "Shortlisted")
        expect(shortlisted.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(column(page, "Shortlisted").get_by_role("heading")).to_have_text("Shortlisted 2")

    # 3. Both invited at once: Ana's draft is ready and she moves to Invited; Ben's is blocked
    # and he stays Shortlisted, with the guard's reason on his card.
    page.get_by_label("Invite Ana Rocha").check()
    page.get_by_label("Invite Ben Okafor").check()
    page.get_by_label("Subject").fill("Spring trails with Northwall, {first_name}?")
    page.get_by_label("Invitation").fill(
        "Hi {first_name}, your Lavaredo report is why we thought of you: would you run our "
        "spring trails in the new Northwall shoe and tell your readers how it went?"
    )
    page.get_by_role("button", name="Draft the invitations").click()

    board_says = page.locator("#board").get_by_role("status")
    expect(board_says).to_contain_text("Ana Rocha: draft ready — open it in the composer to send.")
    expect(board_says).to_contain_text(
        f"Ben Okafor: draft kept, blocked: Ben Okafor asked not to be contacted: {BEN_REASON}."
    )
    invited = column(page, "Invited")
    expect(invited.get_by_role("link", name="Ana Rocha", exact=True)).to_be_visible()
    expect(invited).to_contain_text("Invitation ready")
    ben_card = column(page, "Shortlisted").get_by_role("listitem").filter(has_text="Ben Okafor")
    expect(ben_card.locator(".invite-blocked")).to_have_text(
        f"Invitation blocked: Ben Okafor asked not to be contacted: {BEN_REASON}."
    )
    ana_collaboration = Collaboration.objects.get(campaign=campaign, influencer=ana)
    ben_collaboration = Collaboration.objects.get(campaign=campaign, influencer=ben)
    assert ana_collaboration.stage == Stage.INVITED
    assert ben_collaboration.stage == Stage.SHORTLISTED
    assert ben_collaboration.invitation.status == PitchStatus.DRAFT

    # 4. Ana's invitation is sent from the composer, where the guard checks it again.
    invited.get_by_role("link", name="open the draft to send it to Ana Rocha").click()
    expect(page.get_by_role("heading", name="Pitch Ana Rocha")).to_be_visible()
    expect(page.get_by_label("Subject")).to_have_value("Spring trails with Northwall, Ana?")
    page.get_by_role("button", name="Send now").click()
    expect(page.get_by_role("status").first).to_contain_text("Sent to Ana Rocha")
    ana_collaboration.refresh_from_db()
    assert ana_collaboration.invitation.status == PitchStatus.SENT

    # 5. Back on the board: Negotiating, then Agreed, with the card's buttons.
    main_nav.get_by_role("link", name="Campaigns").click()
    page.get_by_role("link", name=CAMPAIGN).click()
    expect(column(page, "Invited")).to_contain_text("Invitation sent")
    column(page, "Invited").get_by_role("button", name="Move Ana Rocha to Negotiating").click()
    expect(page.locator("#board").get_by_role("status")).to_have_text(
        "Ana Rocha moved to Negotiating."
    )
    negotiating = column(page, "Negotiating")
    expect(negotiating.get_by_role("link", name="Ana Rocha", exact=True)).to_be_visible()
    # The redrawn board loads Ben's invitation state after it; a drag started while that lands
    # is lost, as a person's would be, so the drag waits for the board to be complete.
    expect(column(page, "Shortlisted").locator(".invite-blocked")).to_be_visible()
    # Dragged back to Invited, the card is refused by the pipeline and stays where it was.
    ana_card = negotiating.get_by_role("listitem").filter(has_text="Ana Rocha")
    ana_card.drag_to(column(page, "Invited"))
    expect(page.locator("#board").get_by_role("status")).to_have_text(
        "Ana Rocha: A collaboration moves from Negotiating to Agreed, Declined or Cancelled "
        "(or further ahead, with a reason), not to Invited."
    )
    negotiating = column(page, "Negotiating")
    expect(negotiating.get_by_role("link", name="Ana Rocha", exact=True)).to_be_visible()
    expect(column(page, "Invited")).to_contain_text("Nobody here.")
    ana_collaboration.refresh_from_db()
    assert ana_collaboration.stage == Stage.NEGOTIATING
    # Focus and Enter: the keyboard's way to move a card.
    negotiating.get_by_role("button", name="Move Ana Rocha to Agreed").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#board").get_by_role("status")).to_have_text("Ana Rocha moved to Agreed.")
    agreed = column(page, "Agreed")
    expect(agreed.get_by_role("heading")).to_have_text("Agreed 1")
    ana_collaboration.refresh_from_db()
    assert ana_collaboration.stage == Stage.AGREED

    # Ben will not be written to: his collaboration is cancelled.
    column(page, "Shortlisted").get_by_role("button", name="Move Ben Okafor to Cancelled").click()
    expect(page.locator("#board").get_by_role("status")).to_have_text(
        "Ben Okafor moved to Cancelled."
    )
    cancelled = column(page, "Cancelled")
    expect(cancelled.get_by_role("link", name="Ben Okafor", exact=True)).to_be_attached()
    expect(column(page, "Shortlisted")).to_contain_text("Nobody here.")
    ben_collaboration.refresh_from_db()
    assert ben_collaboration.stage == Stage.CANCELLED

    # Cleo called: she is in, the fee is to agree. Dropped on Negotiating, past Invited, her card
    # asks why first.
    cleo = seed_reachable(personas, "Cleo Ito")
    cleo_collaboration = collaboration_shortlist(
        campaign=campaign, influencer=cleo, actor=personas.member
    )
    page.reload()
    cleo_card = column(page, "Shortlisted").get_by_role("listitem").filter(has_text="Cleo Ito")
    cleo_card.drag_to(column(page, "Negotiating"))
    reason = page.get_by_label("Why it skips stages for Cleo Ito")
    expect(reason).to_be_focused()
    expect(page.get_by_label("Move Cleo Ito to", exact=True)).to_have_value("negotiating")
    expect(page.locator("#board").get_by_role("status")).to_contain_text(
        "Cleo Ito: Moving from Shortlisted to Negotiating skips Invited: say why"
    )
    reason.fill("She called us: in for spring, fee to agree")
    page.get_by_role("button", name="Move Cleo Ito with this reason").click()
    expect(page.locator("#board").get_by_role("status")).to_have_text(
        "Cleo Ito moved to Negotiating."
    )
    expect(column(page, "Negotiating").get_by_role("heading")).to_have_text("Negotiating 1")
    cleo_collaboration.refresh_from_db()
    assert cleo_collaboration.stage == Stage.NEGOTIATING
    entry = Interaction.objects.get(
        kind=InteractionKind.STAGE_CHANGE, source_id=str(cleo_collaboration.pk)
    )
    assert entry.body == "She called us: in for spring, fee to agree"

    # 6. Her collaboration page: a reel is added, its draft reviewed, then published.
    agreed = column(page, "Agreed")
    agreed.get_by_role("link", name="Ana Rocha", exact=True).click()
    expect(page.get_by_role("heading", name=f"Ana Rocha in {CAMPAIGN}")).to_be_visible()
    deliverables = page.locator("#deliverables")
    expect(deliverables.get_by_text("No deliverables yet.")).to_be_visible()
    deliverables.get_by_text("Add a deliverable").click()
    deliverables.get_by_label("Kind").select_option(label="Instagram reel")
    deliverables.get_by_label("Title").fill(REEL)
    deliverables.get_by_role("button", name="Add the deliverable").click()

    reel = page.locator("#deliverables").get_by_role("listitem").filter(has_text=REEL)
    expect(reel).to_contain_text("Instagram reel")
    expect(reel.locator(".badge")).to_have_text("Planned")
    reel.get_by_label("Link to the draft").fill(DRAFT_LINK)
    reel.get_by_role("button", name="Draft submitted").click()

    reel = page.locator("#deliverables").get_by_role("listitem").filter(has_text=REEL)
    expect(reel.locator(".badge")).to_have_text("Draft submitted")
    expect(page.locator("#collab-stage")).to_have_text("In review")
    ana_collaboration.refresh_from_db()
    assert ana_collaboration.stage == Stage.IN_REVIEW
    expect(reel.get_by_role("link", name=DRAFT_LINK)).to_be_visible()
    reel.get_by_label("Comment (optional)").fill("Lovely light on the ridge")
    reel.get_by_role("button", name="Approve").click()

    reel = page.locator("#deliverables").get_by_role("listitem").filter(has_text=REEL)
    expect(reel.locator(".badge")).to_have_text("Approved")
    published_at = timezone.localtime(timezone.now() - timedelta(hours=1), personas.member.zone)
    reel.get_by_label("Published at (URL)").fill(PUBLISHED_LINK)
    reel.get_by_label("Published on").fill(published_at.strftime("%Y-%m-%dT%H:%M"))
    reel.get_by_role("button", name="Published").click()

    reel = page.locator("#deliverables").get_by_role("listitem").filter(has_text=REEL)
    expect(reel.locator(".badge")).to_have_text("Published")
    expect(reel.get_by_role("link", name=PUBLISHED_LINK)).to_be_visible()
    deliverable = Deliverable.objects.get(collaboration=ana_collaboration)
    assert deliverable.status == DeliverableStatus.PUBLISHED
    assert deliverable.published_url == PUBLISHED_LINK
    expect(page.locator("#collab-stage")).to_have_text("Published")
    ana_collaboration.refresh_from_db()
    assert ana_collaboration.stage == Stage.PUBLISHED

    # 7. Its numbers.
    reel.get_by_text("Enter the results").click()
    for label, value in METRICS.items():
        reel.get_by_label(label, exact=True).fill(value)
    reel.get_by_role("button", name="Save the results").click()
    reel = page.locator("#deliverables").get_by_role("listitem").filter(has_text=REEL)
    expect(reel.locator(".collab-results")).to_contain_text(
        "120 likes · 14 comments · 6 shares · 10 saves"
    )
    result = DeliverableResult.objects.get(deliverable=deliverable)
    assert (result.likes, result.comments, result.shares, result.saves) == (120, 14, 6, 10)

    # 8. The report: Ana's bar on the engagement chart, and the numbers behind it.
    page.get_by_role("link", name="Campaign report").click()
    expect(page.get_by_role("heading", name=f"{CAMPAIGN}: report")).to_be_visible()
    chart = page.locator("#chart-engagement")
    expect(chart.get_by_role("heading", name="Engagement by influencer")).to_be_visible()
    expect(chart).to_contain_text(f"Ana Rocha drew the most: {ENGAGEMENT}.")
    drawing = chart.get_by_role("img", name=re.compile(r"^Engagement by influencer"))
    expect(drawing).to_be_visible()
    expect(drawing.locator("rect.bar")).to_have_count(1)
    expect(drawing.locator("rect.bar title")).to_contain_text("Ana Rocha")
    expect(drawing.locator("text.axis")).to_have_text(["Ana Rocha"])
    expect(drawing.locator("text.value")).to_have_text([ENGAGEMENT])

    chart.get_by_text("The numbers behind the chart").click()
    table = chart.get_by_role("table", name="Engagement by influencer")
    expect(table.get_by_role("columnheader")).to_have_text(
        ["Influencer", "Engagement", "Likes", "Comments", "Shares", "Saves"]
    )
    ana_row = table.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Ana Rocha"))
    expect(ana_row.get_by_role("cell")).to_have_text([ENGAGEMENT, "120", "14", "6", "10"])
