"""Named lists through the API: create, rename, delete, add and take off influencers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import InfluencerList, ListEntry
from contacts.services.lists import influencer_list_add, influencer_list_create
from tests.contacts.api_client import (
    api_url,
    client_for,
    globex_influencer,
    make_influencer,
    token_client,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlist(personas):
    """Made by the member: they may change it; another member may not."""
    return influencer_list_create(
        workspace=personas.workspace, name="Spring launch", actor=personas.member
    )


def test_it_lists_the_named_lists_with_their_size(personas, shortlist):
    zoe = make_influencer(personas, "Zoë")
    influencer_list_add(influencer_list=shortlist, influencer_ids=[zoe.public_id], actor=None)
    influencer_list_create(workspace=personas.other_workspace, name="Theirs", actor=None)

    response = token_client(personas, personas.viewer).get(api_url("list-list"))

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["id"], row["name"], row["size"]) == (str(shortlist.public_id), "Spring launch", 1)
    assert row["created_by"] == str(personas.member.public_id)


def test_a_member_creates_a_list(personas):
    response = client_for(personas.member).post(
        api_url("list-list"), {"name": " Autumn  gifting ", "description": "Boxes"}
    )

    assert response.status_code == 201
    assert (response.json()["name"], response.json()["size"]) == ("Autumn gifting", 0)


@pytest.mark.parametrize("description", [5, 2.5, True])
def test_a_description_that_is_not_text_is_refused(personas, description):
    response = client_for(personas.member).post(
        api_url("list-list"), {"name": "Autumn", "description": description}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"]["description"] == ["Not a valid string."]
    assert not InfluencerList.objects.filter(name="Autumn").exists()


def test_a_taken_name_gets_the_services_message(personas, shortlist):
    response = client_for(personas.member).post(api_url("list-list"), {"name": "SPRING LAUNCH"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"name": ["A list with this name exists already."]}


def test_a_viewer_may_not_create_a_list(personas):
    assert client_for(personas.viewer).post(api_url("list-list"), {}).status_code == 403


def test_its_creator_renames_it(personas, shortlist):
    response = client_for(personas.member).patch(
        api_url("list-detail", public_id=shortlist.public_id), {"name": "Spring launch 2026"}
    )

    assert response.status_code == 200
    assert response.json()["name"] == "Spring launch 2026"
    assert response.json()["description"] == ""


def test_another_member_may_not_rename_or_delete_it_but_a_manager_may(personas, shortlist):
    other_member = UserFactory(email="second@acme.test")
    personas.workspace.memberships.create(user=other_member, role="member")
    url = api_url("list-detail", public_id=shortlist.public_id)

    assert client_for(other_member).patch(url, {"name": ""}).status_code == 403
    assert client_for(other_member).delete(url).status_code == 403
    assert client_for(personas.manager).patch(url, {"description": "Q2"}).status_code == 200
    assert client_for(personas.manager).delete(url).status_code == 204
    assert not InfluencerList.objects.exists()


def test_members_add_and_take_off_influencers(personas, shortlist):
    zoe = make_influencer(personas, "Zoë")
    ana = make_influencer(personas, "Ana")
    theirs = globex_influencer(personas)
    client = client_for(personas.member)
    entries = api_url("list-entries", public_id=shortlist.public_id)

    added = client.post(
        entries, {"influencers": [str(zoe.public_id), str(ana.public_id), str(theirs.public_id)]}
    )
    again = client.post(entries, {"influencers": [str(zoe.public_id)]})
    on_list = client.get(api_url("influencer-list"), {"list": str(shortlist.public_id)})
    removed = client.delete(
        api_url("list-entry", public_id=shortlist.public_id, influencer_id=ana.public_id)
    )
    removed_again = client.delete(
        api_url("list-entry", public_id=shortlist.public_id, influencer_id=ana.public_id)
    )

    assert (added.status_code, added.json()) == (200, {"changed": 2})
    assert again.json() == {"changed": 0}
    assert [row["name"] for row in on_list.json()["results"]] == ["Ana", "Zoë"]
    assert removed.status_code == 204
    assert removed_again.status_code == 404
    assert list(ListEntry.objects.values_list("influencer__name", flat=True)) == ["Zoë"]


def test_adding_needs_at_least_one_id(personas, shortlist):
    response = client_for(personas.member).post(
        api_url("list-entries", public_id=shortlist.public_id), {"influencers": []}
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["influencers"]


def test_a_viewer_may_not_change_whos_on_a_list(personas, shortlist):
    zoe = make_influencer(personas, "Zoë")
    influencer_list_add(influencer_list=shortlist, influencer_ids=[zoe.public_id], actor=None)
    client = client_for(personas.viewer)

    entries = api_url("list-entries", public_id=shortlist.public_id)
    entry = api_url("list-entry", public_id=shortlist.public_id, influencer_id=zoe.public_id)
    assert client.post(entries, {"influencers": [str(zoe.public_id)]}).status_code == 403
    assert client.delete(entry).status_code == 403
    assert ListEntry.objects.count() == 1


def test_another_workspaces_list_answers_404(personas):
    theirs = influencer_list_create(workspace=personas.other_workspace, name="Theirs", actor=None)
    client = client_for(personas.admin)

    assert client.get(api_url("list-detail", public_id=theirs.public_id)).status_code == 404
    assert client.delete(api_url("list-detail", public_id=theirs.public_id)).status_code == 404
    entries = api_url("list-entries", public_id=theirs.public_id)
    assert client.post(entries, {"influencers": []}).status_code == 404


def test_the_lists_take_the_same_queries_for_3_and_30_lists(personas):
    client = client_for(personas.viewer)
    url = f"{api_url('list-list')}?page_size=100"
    client.get(url)

    def make(start: int, stop: int) -> None:
        for number in range(start, stop):
            influencer_list_create(
                workspace=personas.workspace, name=f"List {number}", actor=personas.member
            )

    make(0, 3)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    make(3, 30)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert response.json()["count"] == 30
    assert len(few) == len(many) == 5  # session, user, membership, count, rows
