import pytest
from django.urls import reverse

from irm.models import Membership, Role, Team
from tests.factories import UserFactory

HTMX = {"HX-Request": "true"}
URL = reverse("irm:teams", kwargs={"slug": "acme"})


def test_an_admin_creates_a_team_with_members(client, personas):
    client.force_login(personas.admin)
    member = personas.membership(personas.member)

    response = client.post(URL, {"name": "Digital marketing", "members": [member.pk]}, headers=HTMX)

    assert response.status_code == 200
    assert "Team “Digital marketing” created" in response.content.decode()
    team = Team.objects.get(workspace=personas.workspace)
    assert list(team.members.all()) == [member]


def test_team_names_are_unique_whatever_their_case(client, personas):
    Team.objects.create(workspace=personas.workspace, name="PR")
    client.force_login(personas.admin)

    response = client.post(URL, {"name": "pr"}, headers=HTMX)

    assert response.status_code == 400
    assert "already a team called" in response.content.decode()


def test_members_of_another_workspace_cannot_join_a_team(client, personas):
    client.force_login(personas.admin)
    foreign = Membership.objects.get(workspace=personas.other_workspace)

    response = client.post(URL, {"name": "Ops", "members": [foreign.pk]})

    assert response.status_code == 400
    assert not Team.objects.exists()


def test_an_admin_renames_and_deletes_a_team(client, personas):
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    client.force_login(personas.admin)
    edit = reverse("irm:team-edit", kwargs={"slug": "acme", "public_id": team.public_id})
    delete = reverse("irm:team-delete", kwargs={"slug": "acme", "public_id": team.public_id})

    assert client.post(edit, {"name": "Press"}).status_code == 302
    team.refresh_from_db()
    assert team.name == "Press"
    assert client.post(delete).status_code == 302
    assert not Team.objects.exists()


def test_another_workspaces_team_answers_404(client, personas):
    team = Team.objects.create(workspace=personas.other_workspace, name="Secret")
    client.force_login(personas.admin)
    url = reverse("irm:team-edit", kwargs={"slug": "acme", "public_id": team.public_id})

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("size", [1, 10])
def test_its_query_count_does_not_grow_with_teams(
    client, personas, django_assert_num_queries, size
):
    for index in range(size):
        team = Team.objects.create(workspace=personas.workspace, name=f"Team {index}")
        person = UserFactory()
        team.members.add(
            Membership.objects.create(workspace=personas.workspace, user=person, role=Role.MEMBER)
        )
    client.force_login(personas.viewer)

    # session, user, membership, teams, their members (a viewer gets no form to fill)
    with django_assert_num_queries(5):
        assert client.get(URL).status_code == 200
