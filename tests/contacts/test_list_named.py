"""Named lists: the lists page, creating, renaming and deleting, unique names per workspace."""

import pytest
from django.urls import reverse

from contacts.models import InfluencerList, ListEntry
from contacts.selectors.lists import influencer_lists
from contacts.services.lists import influencer_list_add, influencer_list_create
from contacts.services.profiles import influencer_create
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
LISTS = reverse("contacts:lists", kwargs={"slug": "acme"})


def edit_url(named_list):
    return reverse("contacts:list-edit", kwargs={"slug": "acme", "public_id": named_list.public_id})


def delete_url(named_list):
    return reverse(
        "contacts:list-delete", kwargs={"slug": "acme", "public_id": named_list.public_id}
    )


@pytest.fixture
def shortlist(personas):
    named = influencer_list_create(
        workspace=personas.workspace,
        name="Spring launch shortlist",
        description="For the April launch",
        actor=personas.member,
    )
    people = [
        influencer_create(workspace=personas.workspace, actor=personas.admin, name=name)
        for name in ("Ana", "Ben")
    ]
    influencer_list_add(
        influencer_list=named,
        influencer_ids=[row.public_id for row in people],
        actor=personas.member,
    )
    return named


# --- the lists page --------------------------------------------------------------------------


def test_a_viewer_sees_the_lists_with_counts_but_cannot_create_or_change(
    client, personas, shortlist
):
    client.force_login(personas.viewer)
    response = client.get(LISTS)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Spring launch shortlist" in body
    assert "For the April launch" in body
    assert "<td>2</td>" in body
    assert f'?list={shortlist.public_id}"' in body
    assert "Create list" not in body
    assert "Rename" not in body
    assert client.post(LISTS, {"name": "Mine"}).status_code == 403
    assert client.post(delete_url(shortlist)).status_code == 403
    assert client.get(edit_url(shortlist)).status_code == 403


def test_an_outsider_gets_404_everywhere(client, personas, shortlist):
    client.force_login(personas.outsider)
    assert client.get(LISTS).status_code == 404
    assert client.get(edit_url(shortlist)).status_code == 404
    assert client.post(delete_url(shortlist)).status_code == 404


def test_another_workspaces_list_answers_404_to_a_member(client, personas):
    theirs = influencer_list_create(
        workspace=personas.other_workspace, name="Theirs", actor=personas.outsider
    )
    client.force_login(personas.admin)
    url = reverse("contacts:list-edit", kwargs={"slug": "acme", "public_id": theirs.public_id})
    assert client.get(url).status_code == 404
    url = reverse("contacts:list-delete", kwargs={"slug": "acme", "public_id": theirs.public_id})
    assert client.post(url).status_code == 404
    assert InfluencerList.objects.filter(pk=theirs.pk).exists()


def test_the_count_leaves_out_erased_people(client, personas, shortlist):
    from django.utils import timezone

    shortlist.influencers.filter(name="Ana").update(erased_at=timezone.now())
    (row,) = influencer_lists(workspace=personas.workspace)
    assert row.entry_count == 1


# --- create ----------------------------------------------------------------------------------


def test_a_member_creates_a_list(client, personas):
    client.force_login(personas.member)
    response = client.post(LISTS, {"name": "  Summer   gifting ", "description": "Boxes"})
    assert response.status_code == 302
    created = InfluencerList.objects.get()
    assert (created.name, created.description, created.created_by) == (
        "Summer gifting",
        "Boxes",
        personas.member,
    )


def test_with_htmx_creating_answers_the_lists_region(client, personas):
    client.force_login(personas.member)
    response = client.post(LISTS, {"name": "Summer gifting"}, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="lists-panel">')
    assert "Summer gifting" in body
    assert "The list Summer gifting was created." in body


def test_list_names_are_unique_per_workspace_whatever_the_case(client, personas, shortlist):
    client.force_login(personas.member)
    response = client.post(LISTS, {"name": "SPRING launch Shortlist"})
    assert response.status_code == 400
    assert "A list with this name exists already." in response.content.decode()
    partial = client.post(LISTS, {"name": "spring launch shortlist"}, **HX)
    assert partial.status_code == 400
    assert "A list with this name exists already." in partial.content.decode()
    # Another workspace may use the same name.
    influencer_list_create(
        workspace=personas.other_workspace, name="Spring launch shortlist", actor=personas.outsider
    )
    assert InfluencerList.objects.count() == 2


def test_the_service_refuses_a_clash_and_an_empty_name(personas, shortlist):
    with pytest.raises(RuleError, match="exists already"):
        influencer_list_create(
            workspace=personas.workspace, name="spring LAUNCH shortlist", actor=personas.admin
        )
    with pytest.raises(RuleError) as error:
        influencer_list_create(workspace=personas.workspace, name="  ", actor=personas.admin)
    assert error.value.field == "name"


def test_an_empty_form_is_a_400(client, personas):
    client.force_login(personas.member)
    assert client.post(LISTS, {}).status_code == 400
    assert client.post(LISTS, {}, **HX).status_code == 400


# --- rename and delete -----------------------------------------------------------------------


def test_the_creator_renames_their_list(client, personas, shortlist):
    client.force_login(personas.member)
    page = client.get(edit_url(shortlist))
    assert page.status_code == 200
    assert 'value="Spring launch shortlist"' in page.content.decode()
    response = client.post(edit_url(shortlist), {"name": "Spring shortlist", "description": ""})
    assert response.status_code == 302
    shortlist.refresh_from_db()
    assert (shortlist.name, shortlist.description) == ("Spring shortlist", "")


def test_renaming_to_another_lists_name_is_a_400(client, personas, shortlist):
    influencer_list_create(workspace=personas.workspace, name="Autumn", actor=personas.member)
    client.force_login(personas.member)
    response = client.post(edit_url(shortlist), {"name": "autumn"})
    assert response.status_code == 400
    assert "A list with this name exists already." in response.content.decode()
    # Its own name in another case is fine.
    response = client.post(edit_url(shortlist), {"name": "SPRING LAUNCH SHORTLIST"})
    assert response.status_code == 302


def test_another_member_may_not_rename_or_delete_it(client, personas, shortlist):
    other_list = influencer_list_create(
        workspace=personas.workspace, name="Admin's", actor=personas.admin
    )
    client.force_login(personas.member)
    assert client.get(edit_url(other_list)).status_code == 403
    assert client.post(edit_url(other_list), {"name": "Mine now"}).status_code == 403
    assert client.post(delete_url(other_list)).status_code == 403
    assert InfluencerList.objects.filter(pk=other_list.pk, name="Admin's").exists()
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count() == 3
    # The lists page offers the change only where it is allowed.
    body = client.get(LISTS).content.decode()
    assert "Rename Spring launch shortlist" in body
    assert "Rename Admin&#x27;s" not in body


def test_a_manager_renames_and_deletes_anyones_list(client, personas, shortlist):
    client.force_login(personas.manager)
    assert client.post(edit_url(shortlist), {"name": "Renamed"}).status_code == 302
    response = client.post(delete_url(shortlist))
    assert response.status_code == 302
    assert response["Location"] == LISTS
    assert not InfluencerList.objects.exists()
    assert not ListEntry.objects.exists()
    assert set(personas.workspace.influencers.values_list("name", flat=True)) == {"Ana", "Ben"}


def test_with_htmx_deleting_answers_the_lists_region(client, personas, shortlist):
    client.force_login(personas.member)
    response = client.post(delete_url(shortlist), **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="lists-panel">')
    assert "No named lists yet." in body


def test_a_list_page_offers_its_creator_the_rename_link(client, personas, shortlist):
    client.force_login(personas.member)
    url = reverse("contacts:influencer-list", kwargs={"slug": "acme"})
    body = client.get(url, {"list": str(shortlist.public_id)}).content.decode()
    assert "Rename or delete this list" in body
    assert 'value="remove_from_list"' in body
    assert [
        row.name for row in client.get(url, {"list": str(shortlist.public_id)}).context["rows"]
    ] == ["Ana", "Ben"]
