"""A campaign's page: the brief and budget, the board's moves (buttons and the drag-and-drop
post, with and without htmx; past several stages with a reason), shortlisting from a search, and
invitations drafted per person (a blocked or held one links to its saved draft)."""

from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Collaboration, Payment, Stage
from campaigns.services.pipeline import collaboration_move, collaboration_shortlist
from contacts.models import Interaction, InteractionKind
from contacts.services import do_not_contact_set, influencer_create
from contacts.services.lists import influencer_list_add, influencer_list_create
from outreach.models import Pitch, PitchStatus
from tests.campaigns.conftest import NOW

HX = {"HX-Request": "true"}
INVITATION = "Hi {first_name}, {my_name} here: would you tell our spring trail story with us?"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name, personas, *args):
    return reverse(f"campaigns:{name}", args=[personas.workspace.slug, *args])


def move_url(personas, collaboration):
    return url(
        "collaboration-move", personas, collaboration.campaign.public_id, collaboration.public_id
    )


@pytest.fixture
def ana_in(campaign, ana, personas):
    return collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.member, now=NOW
    )


@pytest.fixture
def ben_in(campaign, ben, personas):
    return collaboration_shortlist(
        campaign=campaign, influencer=ben, actor=personas.member, now=NOW
    )


def stage_of(collaboration) -> str:
    return Collaboration.objects.get(pk=collaboration.pk).stage


# --- reading -------------------------------------------------------------------------------------


def test_the_page_shows_the_brief_the_owner_and_the_report_link(client, personas, campaign):
    client.force_login(personas.viewer)
    response = client.get(url("campaign-detail", personas, campaign.public_id))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Outdoor gear made to be repaired." in content
    assert "Manager Person" in content
    assert url("report", personas, campaign.public_id) in content
    for label in ("Shortlisted", "Invited", "Negotiating", "Agreed", "In review", "Published",
                  "Completed", "Declined", "Cancelled"):  # fmt: skip
        assert f">{label} <span" in content


def test_the_budget_counts_paid_and_scheduled_payments(client, personas, campaign, ana_in):
    Payment.objects.create(
        collaboration=ana_in, amount=1500, currency="EUR", due_on=date(2026, 12, 1), paid_at=NOW
    )
    Payment.objects.create(
        collaboration=ana_in, amount=1000, currency="EUR", due_on=date(2027, 1, 1)
    )
    Payment.objects.create(collaboration=ana_in, amount=50, currency="USD", due_on=date(2027, 1, 1))
    client.force_login(personas.viewer)
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    assert "2,500.00 of 10,000.00 EUR used: 1,500.00 paid, 1,000.00 scheduled." in content
    assert "25% of the budget used, 15% paid" in content
    assert "1 payment in another currency is not counted here." in content


def test_a_viewer_sees_the_board_without_actions(client, personas, campaign, ana_in):
    client.force_login(personas.viewer)
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    assert "Ana Rocha" in content
    assert "Move Ana Rocha to" not in content
    assert "Draft the invitations" not in content
    assert 'draggable="true"' not in content


def test_outsiders_get_404_and_viewers_403_on_board_actions(client, personas, campaign, ana_in):
    client.force_login(personas.outsider)
    assert client.get(url("campaign-detail", personas, campaign.public_id)).status_code == 404
    assert client.post(move_url(personas, ana_in), {"stage": "cancelled"}).status_code == 404
    client.force_login(personas.viewer)
    assert client.post(move_url(personas, ana_in), {"stage": "cancelled"}).status_code == 403
    invite = url("invite", personas, campaign.public_id)
    data = {"collaboration": str(ana_in.public_id), "body": INVITATION, "channel": "email"}
    assert client.post(invite, data).status_code == 403
    assert stage_of(ana_in) == Stage.SHORTLISTED
    assert not Pitch.objects.exists()


# --- moves ---------------------------------------------------------------------------------------


def test_a_card_offers_buttons_for_its_legal_next_stages(client, personas, campaign, ana_in):
    client.force_login(personas.member)
    collaboration_move(collaboration=ana_in, stage=Stage.CANCELLED, actor=personas.member)
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    assert 'aria-label="Move Ana Rocha to Shortlisted"' in content
    assert 'aria-label="Move Ana Rocha to Agreed"' not in content


def test_a_legal_move_redirects_and_lands_on_the_timeline(client, personas, campaign, ana_in):
    client.force_login(personas.member)
    response = client.post(move_url(personas, ana_in), {"stage": "cancelled"})
    assert response.status_code == 302
    assert response.url == url("campaign-detail", personas, campaign.public_id)
    assert stage_of(ana_in) == Stage.CANCELLED
    assert Interaction.objects.filter(
        influencer=ana_in.influencer, kind=InteractionKind.STAGE_CHANGE
    ).exists()


def test_a_legal_move_with_htmx_answers_the_board(client, personas, campaign, ana_in):
    client.force_login(personas.member)
    response = client.post(
        move_url(personas, ana_in), {"stage": "cancelled", "position": "0"}, headers=HX
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert content.lstrip().startswith('<section id="board"')
    assert "Ana Rocha moved to Cancelled." in content
    assert stage_of(ana_in) == Stage.CANCELLED


def test_an_illegal_drop_shows_the_pipeline_message_and_the_card_stays(
    client, personas, campaign, ana_in
):
    client.force_login(personas.member)
    response = client.post(move_url(personas, ana_in), {"stage": "declined"}, headers=HX)
    content = response.content.decode()
    assert response.status_code == 400
    assert (
        "Ana Rocha: A collaboration moves from Shortlisted to Invited or Cancelled (or further "
        "ahead, with a reason), not to Declined." in content
    )
    assert stage_of(ana_in) == Stage.SHORTLISTED
    shortlisted = content.split('data-stage="shortlisted"')[1].split('data-stage="invited"')[0]
    assert "Ana Rocha" in shortlisted


def test_an_illegal_move_without_htmx_comes_back_with_the_message(
    client, personas, campaign, ana_in
):
    client.force_login(personas.member)
    response = client.post(move_url(personas, ana_in), {"stage": "declined"}, follow=True)
    assert "not to Declined." in response.content.decode()
    assert stage_of(ana_in) == Stage.SHORTLISTED


def skip_form(content: str, collaboration) -> str:
    """The card's skip-ahead form, as the page shows it."""
    card = content.split(f'id="card-{collaboration.public_id}"')[1].split("</li>")[0]
    return card.split('<details class="card-skip"')[1].split("</details>")[0]


def test_a_card_offers_to_skip_ahead_to_the_stages_past_its_next(
    client, personas, campaign, ana_in
):
    client.force_login(personas.member)
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()

    form = skip_form(content, ana_in)
    assert form.startswith(">")  # closed until asked for
    options = [part.split(">")[1].split("<")[0] for part in form.split("<option")[1:]]
    assert options == ["Negotiating", "Agreed", "In review", "Published", "Completed"]
    assert (
        f'<label for="skip-reason-{ana_in.public_id}">Why it skips stages'
        '<span class="visually-hidden"> for Ana Rocha</span></label>'
    ) in form
    textarea = form.split("<textarea")[1].split(">")[0]
    assert "required" in textarea and 'maxlength="500"' in textarea


def test_a_drop_past_several_stages_asks_why_on_the_card_and_moves_nothing(
    client, personas, campaign, ana_in
):
    client.force_login(personas.member)
    response = client.post(
        move_url(personas, ana_in), {"stage": "agreed", "position": "0"}, headers=HX
    )
    content = response.content.decode()

    assert response.status_code == 400
    assert content.lstrip().startswith('<section id="board"')
    message = (
        "Moving from Shortlisted to Agreed skips Invited and Negotiating: say why (for example, "
        "“agreed by phone”), so the timeline keeps it."
    )
    assert f"Ana Rocha: {message}" in content
    form = skip_form(content, ana_in)
    assert form.startswith(" open>")
    assert '<option value="agreed" selected>Agreed</option>' in form
    assert '<input type="hidden" name="position" value="0">' in form
    textarea = form.split("<textarea")[1].split("</textarea>")[0]
    assert 'aria-invalid="true"' in textarea and "autofocus" in textarea
    assert f'<small class="field-error" id="skip-error-{ana_in.public_id}">{message}</small>' in (
        form
    )
    assert stage_of(ana_in) == Stage.SHORTLISTED


def test_a_deal_agreed_by_phone_moves_past_several_stages_with_its_reason(
    client, personas, campaign, ana_in
):
    client.force_login(personas.member)
    response = client.post(
        move_url(personas, ana_in),
        {"stage": "agreed", "reason": "Agreed by phone with her agent"},
        headers=HX,
    )

    assert response.status_code == 200
    assert "Ana Rocha moved to Agreed." in response.content.decode()
    assert stage_of(ana_in) == Stage.AGREED
    entry = Interaction.objects.get(kind=InteractionKind.STAGE_CHANGE, source_id=str(ana_in.pk))
    assert entry.summary == "Spring trails: Shortlisted → Agreed"
    assert entry.body == "Agreed by phone with her agent"


def test_without_javascript_the_reason_is_asked_for_on_the_page_and_then_moves(
    client, personas, campaign, ana_in
):
    client.force_login(personas.member)
    asked = client.post(move_url(personas, ana_in), {"stage": "published"})

    assert asked.status_code == 400
    content = asked.content.decode()
    assert "<h1>Spring trails</h1>" in content  # the whole page, not a fragment
    form = skip_form(content, ana_in)
    assert form.startswith(" open>") and '<option value="published" selected>' in form
    assert stage_of(ana_in) == Stage.SHORTLISTED

    moved = client.post(
        move_url(personas, ana_in), {"stage": "published", "reason": "She posted it already."}
    )
    assert moved.status_code == 302
    assert stage_of(ana_in) == Stage.PUBLISHED


def test_a_refused_reason_comes_back_as_it_was_typed(client, personas, campaign, ana_in):
    client.force_login(personas.member)
    typed = "Agreed by phone <b>on Monday</b> " + "x" * 500
    response = client.post(
        move_url(personas, ana_in), {"stage": "agreed", "reason": typed}, headers=HX
    )

    assert response.status_code == 400
    form = skip_form(response.content.decode(), ana_in)
    assert "A reason is at most 500 characters long." in form
    assert "Agreed by phone &lt;b&gt;on Monday&lt;/b&gt; xxx" in form
    assert stage_of(ana_in) == Stage.SHORTLISTED


def test_outsiders_and_viewers_cannot_skip_ahead(client, personas, campaign, ana_in):
    data = {"stage": "agreed", "reason": "By phone"}
    client.force_login(personas.outsider)
    assert client.post(move_url(personas, ana_in), data, headers=HX).status_code == 404
    client.force_login(personas.viewer)
    assert client.post(move_url(personas, ana_in), data, headers=HX).status_code == 403
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    assert "Skip ahead" not in content
    assert stage_of(ana_in) == Stage.SHORTLISTED
    assert not Interaction.objects.filter(kind=InteractionKind.STAGE_CHANGE).exists()


def test_moving_to_invited_is_done_by_inviting(client, personas, campaign, ana_in):
    client.force_login(personas.member)
    response = client.post(move_url(personas, ana_in), {"stage": "invited"}, headers=HX)
    assert response.status_code == 400
    assert "Invite them with Invite" in response.content.decode()


def test_a_card_of_another_campaign_is_not_found(client, personas, campaign, ana_in, brand):
    from campaigns.services.campaigns import campaign_create

    other = campaign_create(
        workspace=personas.workspace,
        actor=personas.member,
        brand=brand,
        name="Other",
        owner=personas.member,
        now=NOW,
    )
    client.force_login(personas.member)
    wrong = url("collaboration-move", personas, other.public_id, ana_in.public_id)
    assert client.post(wrong, {"stage": "cancelled"}).status_code == 404


# --- shortlisting --------------------------------------------------------------------------------


def test_the_search_suggests_people_not_in_the_campaign_yet(
    client, personas, campaign, ana_in, ben
):
    client.force_login(personas.member)
    search = url("shortlist-search", personas, campaign.public_id)
    response = client.get(search, {"q": "Ben"}, headers=HX)
    content = response.content.decode()
    assert content.lstrip().startswith('<div id="suggestions"')
    assert "Ben Okafor" in content
    assert "Ana Rocha" not in client.get(search, {"q": "Ana"}, headers=HX).content.decode()


def test_the_search_works_without_javascript(client, personas, campaign, ben):
    client.force_login(personas.member)
    response = client.get(url("campaign-detail", personas, campaign.public_id), {"q": "Ben"})
    assert 'Shortlist<span class="visually-hidden"> Ben Okafor' in response.content.decode()


def test_a_member_shortlists_someone(client, personas, campaign, ben):
    client.force_login(personas.member)
    add = url("shortlist-add", personas, campaign.public_id)
    response = client.post(add, {"influencer": str(ben.public_id)}, headers=HX)
    assert response.status_code == 200
    assert "Ben Okafor shortlisted." in response.content.decode()
    assert Collaboration.objects.get(influencer=ben).stage == Stage.SHORTLISTED
    again = client.post(add, {"influencer": str(ben.public_id)}, headers=HX)
    assert again.status_code == 400
    assert "Ben Okafor is in this campaign already." in again.content.decode()


def test_someone_from_another_workspace_cannot_be_shortlisted(client, personas, campaign):
    stranger = influencer_create(
        workspace=personas.other_workspace, actor=personas.outsider, name="Stranger"
    )
    client.force_login(personas.member)
    add = url("shortlist-add", personas, campaign.public_id)
    response = client.post(add, {"influencer": str(stranger.public_id)})
    assert response.status_code == 302
    assert not Collaboration.objects.exists()


def named_list(personas, name, *people):
    chosen = influencer_list_create(workspace=personas.workspace, name=name, actor=personas.member)
    influencer_list_add(
        influencer_list=chosen,
        influencer_ids=[str(person.public_id) for person in people],
        actor=personas.member,
    )
    return chosen


def test_a_member_shortlists_everyone_on_a_named_list(client, personas, campaign, ana, ben):
    cleo = influencer_create(workspace=personas.workspace, actor=personas.member, name="Cleo Ito")
    gone = influencer_create(workspace=personas.workspace, actor=personas.member, name="Gone")
    chosen = named_list(personas, "Spring riders", ana, ben, cleo, gone)
    gone.erased_at = NOW
    gone.save(update_fields=["erased_at"])
    collaboration_shortlist(campaign=campaign, influencer=ben, actor=personas.member, now=NOW)
    client.force_login(personas.member)

    page = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    response = client.post(
        url("shortlist-list", personas, campaign.public_id),
        {"list": str(chosen.public_id)},
        headers=HX,
    )

    assert "Spring riders (3)" in page  # the erased profile is not counted
    assert response.status_code == 200
    assert (
        "2 people from “Spring riders” shortlisted. 1 person was in the campaign already."
        in response.content.decode()
    )
    shortlisted = Collaboration.objects.filter(campaign=campaign, stage=Stage.SHORTLISTED)
    assert sorted(shortlisted.values_list("influencer__name", flat=True)) == [
        "Ana Rocha",
        "Ben Okafor",
        "Cleo Ito",
    ]
    notes = Interaction.objects.filter(summary="Shortlisted for Spring trails")
    assert notes.count() == 3  # one on each timeline, Ben's from before


def test_a_named_list_of_another_workspace_is_refused(client, personas, campaign):
    theirs = influencer_list_create(
        workspace=personas.other_workspace, name="Theirs", actor=personas.outsider
    )
    client.force_login(personas.member)

    response = client.post(
        url("shortlist-list", personas, campaign.public_id),
        {"list": str(theirs.public_id)},
        headers=HX,
    )

    assert response.status_code == 400
    assert "Choose one of the workspace&#x27;s named lists" in response.content.decode()
    assert not Collaboration.objects.exists()


def test_viewers_do_not_see_the_lists_to_shortlist_from(client, personas, campaign, ana):
    named_list(personas, "Spring riders", ana)
    client.force_login(personas.viewer)

    page = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()

    assert "Spring riders" not in page


# --- inviting ------------------------------------------------------------------------------------


def test_inviting_two_drafts_one_each_ready_and_blocked(client, personas, campaign, ana_in, ben_in):
    do_not_contact_set(
        influencer=ben_in.influencer, reason="No sponsored work", actor=personas.member, now=NOW
    )
    client.force_login(personas.member)
    response = client.post(
        url("invite", personas, campaign.public_id),
        {
            "collaboration": [str(ana_in.public_id), str(ben_in.public_id)],
            "subject": "Spring trails",
            "body": INVITATION,
            "channel": "email",
        },
        headers=HX,
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert Pitch.objects.count() == 2
    assert not Pitch.objects.exclude(status=PitchStatus.DRAFT).exists()
    ana_in.refresh_from_db()
    ben_in.refresh_from_db()
    assert ana_in.stage == Stage.INVITED and ben_in.stage == Stage.SHORTLISTED
    assert ana_in.invitation.body.startswith("Hi Ana, Member Person here")
    assert "Ana Rocha: draft ready — open it in the composer to send." in content
    assert "Ben Okafor: draft kept, blocked: " in content
    edit = reverse(
        "outreach:pitch-edit", args=[personas.workspace.slug, ana_in.invitation.public_id]
    )
    assert edit in content
    state = url("invite-state", personas, campaign.public_id, ben_in.public_id)
    assert f'hx-get="{state}"' in content

    saved = reverse(
        "outreach:pitch-edit", args=[personas.workspace.slug, ben_in.invitation.public_id]
    )
    ben_card = content.split(f'id="card-{ben_in.public_id}"')[1].split("</li>")[0]
    assert f'<a href="{saved}">Open the saved draft' in ben_card  # before the state loads, too
    answer = client.get(state, headers=HX).content.decode()
    assert "Invitation blocked: " in answer
    assert f'<a href="{saved}">Open the saved draft' in answer

    client.force_login(personas.viewer)
    answer = client.get(state, headers=HX).content.decode()
    assert "Invitation blocked: " in answer
    assert saved not in answer  # viewers do not open the composer


def test_an_invitation_held_until_their_morning(client, personas, campaign, ana_in):
    ana = ana_in.influencer
    ana.time_zone = "Pacific/Honolulu"  # midnight there at NOW: outside their working hours
    ana.save(update_fields=["time_zone"])
    client.force_login(personas.member)
    response = client.post(
        url("invite", personas, campaign.public_id),
        {"collaboration": str(ana_in.public_id), "body": INVITATION, "channel": "email"},
    )
    assert response.status_code == 302
    assert stage_of(ana_in) == Stage.SHORTLISTED
    state = client.get(url("invite-state", personas, campaign.public_id, ana_in.public_id))
    assert "Invitation held until " in state.content.decode()
    ana_in.refresh_from_db()
    saved = reverse(
        "outreach:pitch-edit", args=[personas.workspace.slug, ana_in.invitation.public_id]
    )
    assert f'<a href="{saved}">Open the saved draft' in state.content.decode()
    card = client.get(
        url("invite-state", personas, campaign.public_id, ana_in.public_id), headers=HX
    ).content.decode()
    assert "Invitation held until " in card and f'<a href="{saved}">Open the saved draft' in card


def test_inviting_needs_someone_and_a_text(client, personas, campaign, ana_in):
    client.force_login(personas.member)
    invite = url("invite", personas, campaign.public_id)
    nobody = client.post(invite, {"body": INVITATION, "channel": "email"}, headers=HX)
    assert nobody.status_code == 400 and "Choose who to invite." in nobody.content.decode()
    empty = client.post(
        invite, {"collaboration": str(ana_in.public_id), "channel": "email"}, headers=HX
    )
    assert empty.status_code == 400
    assert "The invitation was not drafted" in empty.content.decode()
    assert not Pitch.objects.exists()


# --- query counts --------------------------------------------------------------------------------


def _fill(personas, campaign, count):
    start = Collaboration.objects.filter(campaign=campaign).count()
    for number in range(start, count):
        person = influencer_create(
            workspace=personas.workspace,
            actor=personas.member,
            name=f"Person {number}",
            time_zone="UTC",
            now=NOW,
        )
        collaboration = collaboration_shortlist(
            campaign=campaign, influencer=person, actor=personas.member, now=NOW
        )
        stage = (Stage.SHORTLISTED, Stage.CANCELLED)[number % 2]
        if stage != Stage.SHORTLISTED:
            collaboration_move(collaboration=collaboration, stage=stage, actor=personas.member)


def _board_queries(client, personas, campaign):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("campaign-detail", personas, campaign.public_id))
    assert response.status_code == 200
    return len(queries)


def test_the_board_costs_the_same_queries_at_5_and_50_collaborations(
    client, personas, campaign, ana_in
):
    # Ana's draft (shortlisted, held) is on the board at both sizes.
    ana = ana_in.influencer
    ana.time_zone = "Pacific/Honolulu"
    ana.save(update_fields=["time_zone"])
    client.force_login(personas.member)
    client.post(
        url("invite", personas, campaign.public_id),
        {"collaboration": str(ana_in.public_id), "body": INVITATION, "channel": "email"},
    )
    _fill(personas, campaign, 5)
    at_five = _board_queries(client, personas, campaign)
    _fill(personas, campaign, 50)
    assert Collaboration.objects.filter(campaign=campaign).count() == 50
    assert _board_queries(client, personas, campaign) == at_five


def test_the_page_links_the_campaign_list_in_the_navigation(client, personas, campaign):
    client.force_login(personas.viewer)
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    assert (
        f'<a href="{url("campaign-list", personas)}" aria-current="page">Campaigns</a>' in content
    )


def test_dates_in_the_future_are_shown_on_the_page(client, personas, campaign):
    client.force_login(personas.viewer)
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    assert "1 Dec 2026" in content and "31 Mar 2027" in content


def test_without_javascript_the_invitation_state_is_a_page(client, personas, campaign, ana_in):
    client.force_login(personas.viewer)
    response = client.get(url("invite-state", personas, campaign.public_id, ana_in.public_id))
    content = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Invitation for Ana Rocha</h1>" in content
    assert "Not invited yet." in content and "Back to the board" in content


def test_a_card_opens_the_collaboration_page(client, personas, campaign, ana_in):
    client.force_login(personas.viewer)
    content = client.get(url("campaign-detail", personas, campaign.public_id)).content.decode()
    assert url("collaboration", personas, ana_in.public_id) in content
