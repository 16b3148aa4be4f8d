"""People lists (members, teams, owner choices) sort names as people expect, the same way as
influencers: Léa before Lina, Zoë with Zoe, whatever the server's locale (the test database
here is C.UTF-8, which put every capital before every small letter and "é" after "z")."""

import pytest
from django.urls import reverse

from contacts.normalize import sort_key
from irm.models import Role
from irm.selectors import workspace_members
from irm.services import team_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PEOPLE = ["Lina Marsh", "zoe quinn", "Léa Dubois", "Émile Roux", "Zoë Adler", "adam west"]


@pytest.fixture
def people(personas):
    team = team_create(workspace=personas.workspace, name="PR")
    for index, name in enumerate(PEOPLE):
        user = UserFactory(email=f"person{index}@acme.test", name=name)
        team.members.add(personas.workspace.memberships.create(user=user, role=Role.MEMBER))
    return team


def test_members_sort_like_influencers_do(personas, people):
    names = [m.user.name for m in workspace_members(workspace=personas.workspace)]
    ours = [name for name in names if name in PEOPLE]

    assert ours == ["adam west", "Émile Roux", "Léa Dubois", "Lina Marsh", "Zoë Adler", "zoe quinn"]
    assert names == sorted(names, key=sort_key)


def test_the_members_and_teams_pages_show_that_order(client, personas, people):
    client.force_login(personas.admin)

    for page in ("irm:members", "irm:teams"):
        html = client.get(reverse(page, kwargs={"slug": "acme"})).content.decode()
        positions = [html.index(name) for name in ("Émile Roux", "Léa Dubois", "Lina Marsh")]
        assert positions == sorted(positions), page
