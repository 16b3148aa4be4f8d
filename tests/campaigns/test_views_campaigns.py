"""The campaign list, brands, and the brief's create and edit forms."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from campaigns.models import Brand, Campaign, CampaignStatus
from campaigns.services.campaigns import campaign_create
from campaigns.services.pipeline import collaboration_shortlist
from irm.models import Team
from tests.campaigns.conftest import NOW
from tests.factories import CampaignFactory, CollaborationFactory, ProfileFactory


def url(name, personas, *args):
    return reverse(f"campaigns:{name}", args=[personas.workspace.slug, *args])


def brief(brand, **changes):
    data = {
        "name": "Autumn ridge",
        "brand": str(brand.public_id),
        "status": CampaignStatus.PLANNING,
        "goal": "Show repair as adventure",
        "story": "Gear that lasts, told by people who fix it.",
        "key_messages": "Repair, don't replace.",
        "dos": "Show the repair kit.",
        "donts": "No new-gear hauls.",
        "hashtags": "#autumnridge, #ad #autumnridge",
        "disclosure": "#ad and the paid-partnership label",
        "starts_on": "2026-09-01",
        "ends_on": "2026-10-31",
        "budget": "5000",
        "currency": "usd",
        "owner": "",
        "team": "",
    }
    data.update(changes)
    return data


# --- brands --------------------------------------------------------------------------------------


def test_it_lists_brands_with_what_they_stand_for(client, personas, brand):
    client.force_login(personas.viewer)
    response = client.get(url("brand-list", personas))
    assert response.status_code == 200
    assert b"Outdoor gear made to be repaired." in response.content
    assert b"New brand" not in response.content


def test_outsiders_get_404_on_brands(client, personas, brand):
    client.force_login(personas.outsider)
    assert client.get(url("brand-list", personas)).status_code == 404
    assert client.get(url("brand-edit", personas, brand.public_id)).status_code == 404


def test_a_viewer_cannot_add_or_edit_a_brand(client, personas, brand):
    client.force_login(personas.viewer)
    assert client.post(url("brand-create", personas), {"name": "X"}).status_code == 403
    assert (
        client.post(url("brand-edit", personas, brand.public_id), {"name": "X"}).status_code == 403
    )
    assert not Brand.objects.filter(name="X").exists()


def test_a_member_adds_and_edits_a_brand(client, personas, brand):
    client.force_login(personas.member)
    response = client.post(
        url("brand-create", personas),
        {"name": "Ridgeline", "values": "Fair wages", "description": "", "website": ""},
    )
    assert response.status_code == 302
    ridgeline = Brand.objects.get(name="Ridgeline")
    assert ridgeline.values == "Fair wages"
    response = client.post(
        url("brand-edit", personas, ridgeline.public_id),
        {"name": "Ridgeline Co", "values": "Fair wages, repair", "description": "", "website": ""},
    )
    assert response.status_code == 302
    ridgeline.refresh_from_db()
    assert (ridgeline.name, ridgeline.values) == ("Ridgeline Co", "Fair wages, repair")


def test_a_taken_brand_name_shows_on_the_form(client, personas, brand):
    client.force_login(personas.member)
    response = client.post(url("brand-create", personas), {"name": "trailhead", "values": "Kept"})
    assert response.status_code == 400
    assert "A brand named “trailhead” exists already." in response.content.decode()
    assert b"Kept" in response.content


# --- create and edit -----------------------------------------------------------------------------


def test_a_member_creates_a_campaign_with_the_whole_brief(client, personas, brand):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    client.force_login(personas.member)
    response = client.post(
        url("campaign-create", personas),
        brief(brand, owner=str(personas.manager.public_id), team=str(team.public_id)),
    )
    campaign = Campaign.objects.get(name="Autumn ridge")
    assert response.status_code == 302
    assert response.url == url("campaign-detail", personas, campaign.public_id)
    assert campaign.hashtags == ["#autumnridge", "#ad"]
    assert campaign.currency == "USD"
    assert (campaign.owner, campaign.team) == (personas.manager, team)
    assert (campaign.starts_on, campaign.ends_on) == (date(2026, 9, 1), date(2026, 10, 31))
    assert campaign.dos == "Show the repair kit." and campaign.donts == "No new-gear hauls."


def test_the_services_refusal_shows_on_the_form_with_the_input_kept(client, personas, brand):
    client.force_login(personas.member)
    response = client.post(
        url("campaign-create", personas), brief(brand, currency="E1", story="Kept story")
    )
    assert response.status_code == 400
    content = response.content.decode()
    assert "A currency is a three-letter code such as EUR or USD." in content
    assert "Kept story" in content
    assert not Campaign.objects.exists()


def test_a_campaign_cannot_end_before_it_starts(client, personas, brand):
    client.force_login(personas.member)
    response = client.post(
        url("campaign-create", personas), brief(brand, starts_on="2026-10-01", ends_on="2026-09-01")
    )
    assert response.status_code == 400
    assert "The campaign cannot end before it starts." in response.content.decode()


def test_another_workspaces_brand_is_not_a_choice(client, personas, brand):
    other = Brand.objects.create(workspace=personas.other_workspace, name="Globex gear")
    client.force_login(personas.member)
    response = client.post(url("campaign-create", personas), brief(other))
    assert response.status_code == 400
    assert not Campaign.objects.exists()


def test_a_member_edits_the_brief(client, personas, campaign):
    client.force_login(personas.member)
    page = client.get(url("campaign-edit", personas, campaign.public_id))
    assert page.status_code == 200 and b"Spring trails" in page.content
    response = client.post(
        url("campaign-edit", personas, campaign.public_id),
        brief(campaign.brand, name="Spring trails", status=CampaignStatus.ACTIVE, currency="EUR"),
    )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE
    assert campaign.story == "Gear that lasts, told by people who fix it."


def test_a_member_keeps_the_owner_and_team_a_manager_gave(client, personas, campaign):
    client.force_login(personas.member)
    form = client.get(url("campaign-edit", personas, campaign.public_id)).content.decode()
    assert "A manager may reassign it." in form

    response = client.post(
        url("campaign-edit", personas, campaign.public_id),
        brief(campaign.brand, name="Spring trails", owner=str(personas.member.public_id)),
    )

    assert response.status_code == 302
    campaign.refresh_from_db()
    assert (campaign.owner, campaign.team.name) == (personas.manager, "PR")


@pytest.mark.parametrize("htmx", [False, True])
def test_a_member_of_another_team_reads_but_may_not_change_the_campaign(
    client, personas, campaign, ana, htmx
):
    digital = Team.objects.create(workspace=personas.workspace, name="Digital marketing")
    Campaign.objects.filter(pk=campaign.pk).update(team=digital)
    collaboration = collaboration_shortlist(
        campaign=campaign, influencer=ana, actor=personas.manager, now=NOW
    )
    client.force_login(personas.member)
    headers = {"HX-Request": "true"} if htmx else {}

    detail = client.get(url("campaign-detail", personas, campaign.public_id), headers=headers)
    edit = url("campaign-edit", personas, campaign.public_id)
    answers = [
        client.get(edit, headers=headers),
        client.post(edit, brief(campaign.brand, name="Taken over"), headers=headers),
        client.post(
            url("collaboration-move", personas, campaign.public_id, collaboration.public_id),
            {"stage": "cancelled"},
            headers=headers,
        ),
        client.post(
            url("collaboration-offer-propose", personas, collaboration.public_id),
            {"fee": "500"},
            headers=headers,
        ),
    ]

    assert detail.status_code == 200
    assert edit not in detail.content.decode()
    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    campaign.refresh_from_db()
    collaboration.refresh_from_db()
    assert campaign.name == "Spring trails" and collaboration.stage == "shortlisted"
    assert not collaboration.offers.exists()


def test_a_viewer_reads_but_cannot_create_or_edit(client, personas, campaign):
    client.force_login(personas.viewer)
    assert client.get(url("campaign-list", personas)).status_code == 200
    assert client.get(url("campaign-detail", personas, campaign.public_id)).status_code == 200
    assert client.get(url("campaign-create", personas)).status_code == 403
    assert client.post(url("campaign-create", personas), brief(campaign.brand)).status_code == 403
    edit = url("campaign-edit", personas, campaign.public_id)
    assert client.post(edit, brief(campaign.brand)).status_code == 403
    assert Campaign.objects.count() == 1


def test_outsiders_get_404_on_campaigns(client, personas, campaign):
    client.force_login(personas.outsider)
    assert client.get(url("campaign-list", personas)).status_code == 404
    assert client.get(url("campaign-detail", personas, campaign.public_id)).status_code == 404
    assert client.get(url("campaign-edit", personas, campaign.public_id)).status_code == 404


# --- the list ------------------------------------------------------------------------------------


@pytest.fixture
def two_brands(personas, brand, campaign):
    other = Brand.objects.create(workspace=personas.workspace, name="Ridgeline")
    team = Team.objects.create(workspace=personas.workspace, name="Digital")
    autumn = campaign_create(
        workspace=personas.workspace,
        actor=personas.member,
        brand=other,
        name="Autumn ridge",
        status=CampaignStatus.ACTIVE,
        owner=personas.member,
        team=team,
        now=NOW,
    )
    return other, team, autumn


def test_the_list_shows_each_campaign_with_its_figures(client, personas, campaign, ana, ben):
    for person in (ana, ben):
        collaboration_shortlist(campaign=campaign, influencer=person, actor=personas.member)
    client.force_login(personas.viewer)
    response = client.get(url("campaign-list", personas))
    content = response.content.decode()
    assert "Spring trails" in content and "Trailhead" in content
    assert "10000.00 EUR" in content
    assert "<td>2</td>" in content
    assert "1 Dec 2026" in content and "31 Mar 2027" in content


def test_the_list_leads_managers_to_the_exchange_rates(client, personas, campaign):
    rates = url("exchange-rates", personas)
    client.force_login(personas.manager)

    page = client.get(url("campaign-list", personas)).content.decode()

    assert f'<a href="{rates}">Exchange rates</a>' in page
    assert client.get(rates).status_code == 200


@pytest.mark.parametrize("role", ["viewer", "member"])
def test_the_list_shows_no_rates_link_to_whom_may_not_read_them(client, personas, campaign, role):
    client.force_login(getattr(personas, role))

    page = client.get(url("campaign-list", personas)).content.decode()

    assert url("exchange-rates", personas) not in page
    assert client.get(url("exchange-rates", personas)).status_code == 403


@pytest.mark.parametrize("param", ["status", "brand", "owner", "team"])
def test_the_list_filters_stay_in_the_url(client, personas, two_brands, param):
    other, team, _autumn = two_brands
    values = {
        "status": CampaignStatus.ACTIVE,
        "brand": other.public_id,
        "owner": personas.member.public_id,
        "team": team.public_id,
    }
    client.force_login(personas.viewer)
    response = client.get(url("campaign-list", personas), {param: values[param]})
    content = response.content.decode()
    assert "Autumn ridge" in content
    assert "Spring trails" not in content.split('id="campaign-rows"')[1]


def test_the_list_answers_htmx_with_its_rows_only(client, personas, two_brands):
    client.force_login(personas.viewer)
    response = client.get(
        url("campaign-list", personas), {"status": "active"}, headers={"HX-Request": "true"}
    )
    content = response.content.decode()
    assert content.lstrip().startswith('<section id="campaign-rows"')
    assert "Autumn ridge" in content and "Spring trails" not in content


def test_a_nonsense_filter_is_ignored(client, personas, two_brands):
    client.force_login(personas.viewer)
    response = client.get(url("campaign-list", personas), {"status": "paid", "brand": "nope"})
    assert response.status_code == 200
    assert b"Autumn ridge" in response.content and b"Spring trails" in response.content


def _campaigns(personas, brand, count):
    for number in range(count):
        campaign = CampaignFactory(
            workspace=personas.workspace,
            brand=brand,
            name=f"Campaign {number}",
            owner=personas.member,
        )
        person = ProfileFactory(personas=personas, name=f"Person {number}")
        CollaborationFactory(campaign=campaign, influencer=person)


def _list_queries(client, personas):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("campaign-list", personas))
    assert response.status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_at_5_and_50_campaigns(client, personas, brand):
    client.force_login(personas.viewer)
    _campaigns(personas, brand, 5)
    at_five = _list_queries(client, personas)
    _campaigns(personas, brand, 45)
    assert Campaign.objects.count() == 50
    assert _list_queries(client, personas) == at_five
