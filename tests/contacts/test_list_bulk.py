"""Bulk actions on the influencer list: reassign, add a topic, add to / remove from a named
list, export the selection. Roles first, then input; another workspace's rows are never touched."""

import csv
import io
import uuid

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contacts.models import Influencer, ListEntry
from contacts.services.lists import (
    influencer_list_add,
    influencer_list_create,
    influencers_add_topic,
    influencers_assign,
)
from contacts.services.profiles import influencer_create
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent, Team

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
BULK = reverse("contacts:influencer-bulk", kwargs={"slug": "acme"})


def make(workspace, actor, name, **kwargs):
    return influencer_create(workspace=workspace, actor=actor, name=name, **kwargs)


@pytest.fixture
def rows(personas):
    ours = [make(personas.workspace, personas.admin, name) for name in ("Ana", "Ben", "Cleo")]
    theirs = make(personas.other_workspace, personas.outsider, "Zed Globex")
    return ours, theirs


def ids(*influencers):
    return [str(row.public_id) for row in influencers]


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# --- roles -----------------------------------------------------------------------------------


def test_a_viewer_may_not_run_any_bulk_action(client, personas, rows):
    ours, _ = rows
    client.force_login(personas.viewer)
    for action in ("add_topic", "add_to_list", "export", "assign"):
        response = client.post(BULK, {"action": action, "ids": ids(*ours), "topic": "x"})
        assert response.status_code == 403
    assert not Influencer.objects.filter(topics__isnull=False).exists()


@pytest.mark.parametrize("htmx", [False, True])
def test_a_member_adds_a_topic_only_to_profiles_they_may_change(client, personas, rows, htmx):
    ours, _ = rows
    digital = Team.objects.create(workspace=personas.workspace, name="Digital marketing")
    Influencer.objects.filter(pk=ours[1].pk).update(owner=personas.manager, team=digital)
    client.force_login(personas.member)
    headers = HX if htmx else {}

    refused = client.post(BULK, {"action": "add_topic", "ids": ids(*ours), "topic": "x"}, **headers)
    nobodys = client.post(
        BULK, {"action": "add_topic", "ids": ids(ours[0], ours[2]), "topic": "x"}, **headers
    )

    assert refused.status_code == 403
    assert nobodys.status_code == 302
    assert sorted(Influencer.objects.filter(topics__name="x").values_list("name", flat=True)) == [
        "Ana",
        "Cleo",
    ]
    assert AuditEvent.objects.filter(
        action=AuditAction.PERMISSION_DENIED, actor=personas.member
    ).exists()


def test_an_outsider_gets_404(client, personas, rows):
    ours, _ = rows
    client.force_login(personas.outsider)
    response = client.post(BULK, {"action": "add_topic", "ids": ids(*ours), "topic": "x"})
    assert response.status_code == 404


def test_a_member_may_not_reassign_even_with_bad_input(client, personas, rows):
    ours, _ = rows
    client.force_login(personas.member)
    response = client.post(BULK, {"action": "assign", "ids": ids(*ours), "owner": "junk"})
    assert response.status_code == 403
    response = client.post(
        BULK, {"action": "assign", "ids": ids(*ours), "owner": str(personas.member.public_id)}
    )
    assert response.status_code == 403
    assert not Influencer.objects.filter(owner__isnull=False).exists()
    assert AuditEvent.objects.filter(action=AuditAction.PERMISSION_DENIED).count() == 2


def test_a_manager_reassigns_owner_and_team_and_goes_back_to_the_same_list(client, personas, rows):
    ours, theirs = rows
    team = Team.objects.create(workspace=personas.workspace, name="PR")
    client.force_login(personas.manager)
    response = client.post(
        BULK,
        {
            "action": "assign",
            "ids": ids(ours[0], ours[1], theirs),
            "owner": str(personas.member.public_id),
            "team": str(team.public_id),
            "next": "q=a&sort=-followers&bogus=1",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/w/acme/influencers/?q=a&sort=-followers"
    assert messages_of(response) == ["Reassigned 2 influencers."]
    changed = Influencer.objects.filter(owner=personas.member, team=team)
    assert set(changed.values_list("name", flat=True)) == {"Ana", "Ben"}
    theirs.refresh_from_db()
    assert theirs.owner is None and theirs.team is None


def test_reassigning_to_someone_outside_the_workspace_is_refused(client, personas, rows):
    ours, _ = rows
    other_team = Team.objects.create(workspace=personas.other_workspace, name="Theirs")
    client.force_login(personas.manager)
    for data in (
        {"owner": str(personas.outsider.public_id)},
        {"team": str(other_team.public_id)},
        {"owner": "not-a-uuid"},
        {},
    ):
        response = client.post(BULK, {"action": "assign", "ids": ids(*ours), **data})
        assert response.status_code == 400
    assert not Influencer.objects.filter(owner__isnull=False).exists()
    assert not Influencer.objects.filter(team__isnull=False).exists()


# --- input -----------------------------------------------------------------------------------


def test_no_action_or_no_selection_is_a_400_with_the_list_shown_again(client, personas, rows):
    ours, _ = rows
    client.force_login(personas.member)
    response = client.post(BULK, {"ids": ids(*ours), "next": "q=ana"})
    assert response.status_code == 400
    assert "Choose what to do with the selected influencers." in response.content.decode()
    assert 'name="q" value="ana"' in response.content.decode()
    response = client.post(BULK, {"action": "add_topic", "topic": "x", "ids": ["junk"]})
    assert response.status_code == 400
    assert "Select at least one influencer first." in response.content.decode()


# --- add a topic -----------------------------------------------------------------------------


def test_a_member_adds_a_topic_and_search_finds_it(client, personas, rows):
    ours, theirs = rows
    client.force_login(personas.member)
    response = client.post(
        BULK, {"action": "add_topic", "topic": "  Trail   running ", "ids": ids(*ours, theirs)}
    )
    assert response.status_code == 302
    assert messages_of(response) == ["Added the topic to 3 influencers."]
    for row in ours:
        assert [topic.name for topic in row.topics.all()] == ["Trail running"]
    assert not theirs.topics.exists()
    listed = client.get(reverse("contacts:influencer-list", kwargs={"slug": "acme"}), {"q": "trai"})
    assert [row.name for row in listed.context["rows"]] == ["Ana", "Ben", "Cleo"]


def test_adding_a_topic_twice_or_in_another_case_links_it_once(personas, rows):
    ours, _ = rows
    first = influencers_add_topic(
        workspace=personas.workspace,
        influencer_ids=ids(*ours),
        topic_name="Baking",
        actor=personas.member,
    )
    again = influencers_add_topic(
        workspace=personas.workspace,
        influencer_ids=ids(*ours),
        topic_name="baking",
        actor=personas.member,
    )
    assert (first, again) == (3, 0)
    assert Influencer.topics.through.objects.count() == 3


def test_an_empty_or_long_topic_is_refused(personas, rows):
    ours, _ = rows
    for name in ("   ", "x" * 61):
        with pytest.raises(RuleError):
            influencers_add_topic(
                workspace=personas.workspace,
                influencer_ids=ids(*ours),
                topic_name=name,
                actor=personas.member,
            )


def test_adding_a_topic_is_set_based(personas, django_assert_max_num_queries):
    many = [make(personas.workspace, personas.admin, f"P{i}") for i in range(20)]
    # Reads, one insert, then the search refresh of each changed row (contacts.services).
    with django_assert_max_num_queries(10 + 4 * len(many)):
        influencers_add_topic(
            workspace=personas.workspace,
            influencer_ids=ids(*many),
            topic_name="Running",
            actor=personas.member,
        )


def test_assigning_is_one_update(personas, rows, django_assert_num_queries):
    ours, _ = rows
    # The owner's membership check and one UPDATE, inside the service's savepoint (+2).
    with django_assert_num_queries(4):
        changed = influencers_assign(
            workspace=personas.workspace,
            influencer_ids=ids(*ours),
            owner=personas.member,
            actor=personas.manager,
        )
    assert changed == 3


# --- named lists from the bulk bar -----------------------------------------------------------


def test_a_member_adds_the_selection_to_a_named_list_once(client, personas, rows):
    ours, theirs = rows
    shortlist = influencer_list_create(
        workspace=personas.workspace, name="Spring launch shortlist", actor=personas.admin
    )
    client.force_login(personas.member)
    data = {"action": "add_to_list", "target_list": str(shortlist.public_id)}
    response = client.post(BULK, {**data, "ids": ids(ours[0], ours[1], theirs)})
    assert messages_of(response) == ["Added 2 influencers to Spring launch shortlist."]
    response = client.post(BULK, {**data, "ids": ids(*ours)})
    assert messages_of(response)[-1] == "Added 1 influencer to Spring launch shortlist."
    assert ListEntry.objects.filter(influencer_list=shortlist).count() == 3
    assert ListEntry.objects.filter(influencer_list=shortlist).first().added_by == personas.member


def test_another_workspaces_list_answers_404(client, personas, rows):
    ours, _ = rows
    theirs = influencer_list_create(
        workspace=personas.other_workspace, name="Theirs", actor=personas.outsider
    )
    client.force_login(personas.member)
    response = client.post(
        BULK,
        {"action": "add_to_list", "target_list": str(theirs.public_id), "ids": ids(*ours)},
    )
    assert response.status_code == 404
    assert not ListEntry.objects.exists()


def test_adding_to_no_list_is_a_400(client, personas, rows):
    ours, _ = rows
    client.force_login(personas.member)
    response = client.post(BULK, {"action": "add_to_list", "ids": ids(*ours)})
    assert response.status_code == 400
    assert "Choose a list." in response.content.decode()


def test_a_member_removes_people_from_the_open_list(client, personas, rows):
    ours, _ = rows
    shortlist = influencer_list_create(
        workspace=personas.workspace, name="Shortlist", actor=personas.admin
    )
    influencer_list_add(influencer_list=shortlist, influencer_ids=ids(*ours), actor=personas.admin)
    client.force_login(personas.member)
    response = client.post(
        BULK,
        {
            "action": "remove_from_list",
            "list": str(shortlist.public_id),
            "ids": ids(ours[0]),
            "next": f"list={shortlist.public_id}",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/w/acme/influencers/?list={shortlist.public_id}"
    assert messages_of(response) == ["Removed 1 influencer from Shortlist."]
    assert set(shortlist.influencers.values_list("name", flat=True)) == {"Ben", "Cleo"}
    assert Influencer.objects.filter(name="Ana").exists()


# --- export the selection --------------------------------------------------------------------


def test_a_manager_exports_the_selected_rows_only(client, personas, rows):
    ours, theirs = rows
    client.force_login(personas.manager)
    response = client.post(BULK, {"action": "export", "ids": ids(ours[2], ours[0], theirs)})
    assert response.status_code == 200
    assert response.streaming
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    names = [row["name"] for row in csv.DictReader(io.StringIO(text))]
    assert names == ["Ana", "Cleo"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.data == {"rows": 2}
    assert event.actor == personas.manager


def test_unknown_ids_are_ignored(personas, rows):
    ours, _ = rows
    changed = influencers_assign(
        workspace=personas.workspace,
        influencer_ids=[str(uuid.uuid4()), "junk", *ids(ours[0])],
        owner=personas.member,
        actor=personas.manager,
    )
    assert changed == 1
