"""Whose records a member may change (irm/access.py), and the roles' words in one place.

The routes are checked one by one in tests/irm/test_access_matrix.py (the team dimension);
here are the rule itself and the issue's measurements, with a member of team PR only."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from campaigns.models import Campaign
from contacts.models import Influencer
from irm.access import (
    ROLE_TABLE,
    may_create_influencer,
    may_edit_campaign,
    may_edit_influencer,
    membership_get,
    role_table_markdown,
)
from irm.models import AuditAction, AuditEvent
from tests.access import team_of
from tests.contacts.api_client import api_url, token_client
from tests.factories import CampaignFactory, InfluencerFactory

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def teams(personas):
    """PR (the member's only team) and Digital marketing (the manager's)."""
    return {
        "pr": team_of(personas, "PR", personas.member),
        "digital": team_of(personas, "Digital marketing", personas.manager),
    }


def _membership(personas, user):
    return membership_get(user=user, slug=personas.workspace.slug)


def _influencer(personas, **ownership) -> Influencer:
    return InfluencerFactory(workspace=personas.workspace, name="Ana Rocha", **ownership)


def _campaign(personas, **ownership) -> Campaign:
    return CampaignFactory(workspace=personas.workspace, **ownership)


# --- the rule ------------------------------------------------------------------------------------


def test_a_member_edits_profiles_they_their_team_or_nobody_own(personas, teams):
    member = _membership(personas, personas.member)
    cases = {
        "theirs": ({"owner": personas.member}, True),
        "their team's": ({"owner": personas.admin, "team": teams["pr"]}, True),
        "nobody's": ({}, True),
        "someone else's": ({"owner": personas.admin}, False),
        "another team's": ({"team": teams["digital"]}, False),
        "theirs in another team": ({"owner": personas.member, "team": teams["digital"]}, True),
    }
    for case, (ownership, allowed) in cases.items():
        influencer = _influencer(personas, **ownership)
        assert may_edit_influencer(membership=member, influencer=influencer) is allowed, case


def test_a_member_edits_campaigns_they_or_their_team_own_but_not_nobodys(personas, teams):
    member = _membership(personas, personas.member)
    cases = {
        "theirs": ({"owner": personas.member}, True),
        "their team's": ({"owner": personas.manager, "team": teams["pr"]}, True),
        "nobody's": ({}, False),
        "someone else's": ({"owner": personas.admin}, False),
        "another team's": ({"team": teams["digital"]}, False),
    }
    for case, (ownership, allowed) in cases.items():
        campaign = _campaign(personas, **ownership)
        assert may_edit_campaign(membership=member, campaign=campaign) is allowed, case


def test_managers_and_admins_edit_every_record_and_viewers_none(personas, teams):
    influencer = _influencer(personas, owner=personas.admin, team=teams["digital"])
    campaign = _campaign(personas, owner=personas.admin)
    for user, allowed in (
        (personas.manager, True),
        (personas.admin, True),
        (personas.viewer, False),
    ):
        membership = _membership(personas, user)
        assert may_edit_influencer(membership=membership, influencer=influencer) is allowed
        assert may_edit_campaign(membership=membership, campaign=campaign) is allowed


def test_a_member_adds_people_owned_by_themselves_or_their_team(personas, teams):
    member = _membership(personas, personas.member)
    assert may_create_influencer(membership=member, owner=personas.member, team=None)
    assert may_create_influencer(membership=member, owner=None, team=teams["pr"])
    assert may_create_influencer(membership=member, owner=personas.member, team=teams["pr"])
    assert may_create_influencer(membership=member, owner=None, team=None)
    assert not may_create_influencer(membership=member, owner=personas.admin, team=None)
    assert not may_create_influencer(
        membership=member, owner=personas.member, team=teams["digital"]
    )
    manager = _membership(personas, personas.manager)
    assert may_create_influencer(membership=manager, owner=personas.admin, team=teams["pr"])
    viewer = _membership(personas, personas.viewer)
    assert not may_create_influencer(membership=viewer, owner=personas.viewer, team=None)


def test_the_members_teams_come_with_the_membership_in_one_query(
    personas, teams, django_assert_num_queries
):
    with django_assert_num_queries(1):
        member = membership_get(user=personas.member, slug="acme")
        assert member.team_ids == [teams["pr"].pk]
    assert membership_get(user=personas.viewer, slug="acme").team_ids == []


# --- the measurements, with a member's API token ----------------------------------------


@pytest.fixture
def digital_people(personas, teams):
    """An influencer and a campaign of the other team, owned by the manager and the admin."""
    influencer = Influencer.objects.create(
        workspace=personas.workspace,
        name="Ben Ortega",
        owner=personas.manager,
        team=teams["digital"],
    )
    return influencer, _campaign(personas, owner=personas.admin, team=teams["digital"])


def test_a_member_token_may_not_change_another_teams_records(personas, teams, digital_people):
    influencer, campaign = digital_people
    api = token_client(personas, personas.member)
    rates = api_url("rate-list", public_id=influencer.public_id)
    accounts = api_url("social-account-list", public_id=influencer.public_id)
    campaign_url = reverse(
        "api:campaigns-api:campaign-detail",
        kwargs={"slug": "acme", "public_id": campaign.public_id},
    )

    answers = [
        api.patch(api_url("influencer-detail", public_id=influencer.public_id), {"bio": "x"}),
        api.post(rates, {"deliverable_type": "instagram_post", "amount": "400"}),
        api.post(accounts, {"platform": "instagram", "handle": "ben"}),
        api.patch(campaign_url, {"name": "Renamed"}, format="json"),
    ]

    assert [answer.status_code for answer in answers] == [403, 403, 403, 403]
    assert "someone else's" in answers[0].json()["detail"]
    influencer.refresh_from_db()
    campaign.refresh_from_db()
    assert influencer.bio == "" and not influencer.rates.exists()
    assert campaign.name == "Spring trails"
    assert AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_DENIED, actor=personas.member
    ).count() == len(answers)


def test_a_member_token_still_logs_on_anyones_timeline(personas, digital_people):
    influencer, _ = digital_people
    api = token_client(personas, personas.member)

    response = api.post(
        api_url("interaction-list", public_id=influencer.public_id),
        {"kind": "call", "direction": "outbound", "summary": "Called Ben about the show."},
        format="json",
    )

    assert response.status_code == 201, response.json()


def test_a_member_token_may_not_add_someone_owned_by_another_team(personas, teams):
    api = token_client(personas, personas.member)
    url = api_url("influencer-list")

    refused = api.post(
        url,
        {
            "name": "Cleo",
            "owner": str(personas.admin.public_id),
            "team": str(teams["digital"].public_id),
        },
        format="json",
    )
    unowned = api.post(url, {"name": "Dan", "owner": None}, format="json")
    other_team = api.post(
        url, {"name": "Fay", "team": str(teams["digital"].public_id)}, format="json"
    )
    theirs = api.post(url, {"name": "Eve", "team": str(teams["pr"].public_id)}, format="json")

    assert refused.status_code == 403
    assert "owned by themselves or by one of their teams" in refused.json()["detail"]
    assert other_team.status_code == 403
    assert unowned.status_code == 201, unowned.json()
    assert theirs.status_code == 201, theirs.json()
    assert theirs.json()["owner"] == str(personas.member.public_id)
    assert sorted(Influencer.objects.values_list("name", flat=True)) == ["Dan", "Eve"]


def test_a_manager_token_adds_someone_for_anyone(personas, teams):
    response = token_client(personas, personas.manager).post(
        api_url("influencer-list"),
        {
            "name": "Cleo",
            "owner": str(personas.admin.public_id),
            "team": str(teams["pr"].public_id),
        },
        format="json",
    )

    assert response.status_code == 201, response.json()


def test_a_member_may_not_export_the_workspaces_list(client, personas):
    url = reverse("contacts:influencer-export", kwargs={"slug": "acme"})
    client.force_login(personas.member)

    assert client.get(url).status_code == 403
    assert (
        client.post(
            reverse("contacts:influencer-bulk", kwargs={"slug": "acme"}),
            {"action": "export", "ids": [str(_influencer(personas).public_id)]},
        ).status_code
        == 403
    )

    client.force_login(personas.manager)
    response = client.get(url)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=personas.manager).exists()


# --- the words ---------------------------------------------------------------------------------


def test_the_readme_writes_the_rule_as_the_code_does():
    assert role_table_markdown() in README.read_text()


def test_the_members_page_shows_the_same_table(client, personas):
    client.force_login(personas.viewer)

    page = client.get(reverse("irm:members", kwargs={"slug": "acme"})).content.decode()

    rows = re.findall(r"<tr><th scope=\"row\">(.*?)</th>", page)
    assert [row.lower() for row in rows] == [
        action.replace("'", "&#x27;").lower() for action, *_ in ROLE_TABLE
    ]
    assert "if they own the campaign or their team does" in page
