"""The base of every workspace-scoped endpoint (irm.api.WorkspaceScopedMixin), through small
endpoints defined here: 404 for outsiders, 403 for a role too low, both before any input is
read; then JSON errors with a message per field."""

import pytest
from django.urls import path
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory

from irm.api import WorkspaceAPIView, WorkspaceScopedMixin
from irm.api_policies import ApiPagination
from irm.errors import RuleError
from irm.models import AuditAction, AuditEvent, Membership, Role
from irm.services import api_token_create

pytestmark = pytest.mark.urls(__name__)


class AddressInput(serializers.Serializer):
    city = serializers.CharField(max_length=20)


class NoteInput(serializers.Serializer):
    title = serializers.CharField(max_length=10)
    tags = serializers.ListField(child=serializers.CharField(max_length=5), required=False)
    address = AddressInput(required=False)


class NotesView(WorkspaceAPIView):
    """Anyone may read; members and up may write (the defaults)."""

    serializer_class = NoteInput

    def get(self, request, slug):
        return Response({"workspace": self.workspace.slug, "role": self.membership.role})

    def post(self, request, slug):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        title = serializer.validated_data["title"]
        # Stand-ins for a service's rule errors.
        if title == "taken":
            raise RuleError("A note with this title already exists.", field="title")
        if title == "closed":
            raise RuleError("This workspace takes no new notes.")
        workspace = serializer.context["workspace"]
        return Response({"title": title, "workspace": workspace.slug}, status=201)


class SettingsView(WorkspaceAPIView):
    read_role = Role.MEMBER
    write_role = Role.MANAGER
    serializer_class = NoteInput

    def get(self, request, slug):
        return Response({"ok": True})

    def put(self, request, slug):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response({"ok": True})


class MembershipRow(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["public_id", "role"]


class MembershipList(WorkspaceScopedMixin, generics.ListAPIView):
    serializer_class = MembershipRow

    def get_queryset(self):
        return Membership.objects.filter(workspace=self.workspace).order_by("pk")


urlpatterns = [
    path("w/<slug:slug>/notes/", NotesView.as_view()),
    path("w/<slug:slug>/settings/", SettingsView.as_view()),
    path("w/<slug:slug>/memberships/", MembershipList.as_view()),
]

NOTES = "/w/acme/notes/"


def post_json(client, url, data, **kwargs):
    return client.post(url, data, content_type="application/json", **kwargs)


@pytest.mark.parametrize("persona", ["viewer", "member", "manager", "admin"])
def test_it_lets_every_role_read(client, personas, persona):
    client.force_login(getattr(personas, persona))

    response = client.get(NOTES)

    assert response.status_code == 200
    assert response.json() == {"workspace": "acme", "role": persona}


def test_it_answers_404_to_an_outsider_before_reading_input(client, personas):
    client.force_login(personas.outsider)

    response = post_json(client, NOTES, {"title": "far too long a title"})

    assert response.status_code == 404
    assert response.json() == {"detail": "No such workspace."}


def test_it_answers_404_to_a_token_of_another_workspace_before_reading_input(client, personas):
    Membership.objects.create(workspace=personas.workspace, user=personas.outsider, role="admin")
    _, plain = api_token_create(
        membership=Membership.objects.get(user=personas.outsider, workspace__slug="globex"),
        name="Globex script",
    )

    response = post_json(client, NOTES, {}, headers={"Authorization": f"Bearer {plain}"})

    assert response.status_code == 404


def test_it_refuses_a_viewer_write_before_reading_input(client, personas):
    client.force_login(personas.viewer)

    response = post_json(client, NOTES, {"title": "far too long a title"})

    assert response.status_code == 403
    assert response.json() == {"detail": "Your role (Viewer) may not do this."}
    event = AuditEvent.objects.get(action=AuditAction.PERMISSION_DENIED)
    assert (event.actor, event.workspace) == (personas.viewer, personas.workspace)
    assert event.data == {"role": "viewer", "needs": "member", "path": NOTES}


def test_it_refuses_a_viewer_write_even_with_a_body_that_does_not_parse(client, personas):
    client.force_login(personas.viewer)

    response = client.post(NOTES, "{not json", content_type="application/json")

    assert response.status_code == 403


def test_it_lets_a_member_write_and_gives_serializers_the_workspace(client, personas):
    client.force_login(personas.member)

    response = post_json(client, NOTES, {"title": "Hello"})

    assert response.status_code == 201
    assert response.json() == {"title": "Hello", "workspace": "acme"}


def test_it_answers_invalid_input_with_a_message_per_field(client, personas):
    client.force_login(personas.member)

    response = post_json(
        client, NOTES, {"title": "far too long a title", "tags": ["ok", "too long"], "address": {}}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Some fields are not valid: title, tags.1, address.city.",
        "errors": {
            "title": ["Ensure this field has no more than 10 characters."],
            "tags.1": ["Ensure this field has no more than 5 characters."],
            "address.city": ["This field is required."],
        },
    }


def test_it_gives_the_message_itself_as_detail_when_there_is_one(client, personas):
    client.force_login(personas.member)

    response = post_json(client, NOTES, {})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This field is required.",
        "errors": {"title": ["This field is required."]},
    }


def test_it_answers_a_body_that_does_not_parse_with_400(client, personas):
    client.force_login(personas.member)

    response = client.post(NOTES, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_it_turns_a_rule_error_of_a_field_into_a_400(client, personas):
    client.force_login(personas.member)

    response = post_json(client, NOTES, {"title": "taken"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "A note with this title already exists.",
        "errors": {"title": ["A note with this title already exists."]},
    }


def test_it_turns_a_rule_error_of_no_field_into_a_400(client, personas):
    client.force_login(personas.member)

    response = post_json(client, NOTES, {"title": "closed"})

    assert response.status_code == 400
    assert response.json() == {
        "detail": "This workspace takes no new notes.",
        "errors": {"non_field_errors": ["This workspace takes no new notes."]},
    }


@pytest.mark.parametrize(
    ("persona", "read", "write"),
    [
        ("viewer", 403, 403),
        ("member", 200, 403),
        ("manager", 200, 400),
        ("admin", 200, 400),
    ],
)
def test_it_applies_the_roles_a_view_declares(client, personas, persona, read, write):
    client.force_login(getattr(personas, persona))

    read_response = client.get("/w/acme/settings/")
    write_response = client.put("/w/acme/settings/", {}, content_type="application/json")

    assert (read_response.status_code, write_response.status_code) == (read, write)


def test_it_scopes_and_paginates_lists(client, personas):
    client.force_login(personas.viewer)

    response = client.get("/w/acme/memberships/", {"page_size": 3})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 4  # acme's four personas; globex's admin is not listed
    assert len(body["results"]) == 3
    assert body["next"].endswith("page=2&page_size=3")


def test_it_caps_the_page_size_clients_ask_for():
    pagination = ApiPagination()
    factory = APIRequestFactory()

    asked_for_too_many = pagination.get_page_size(Request(factory.get("/", {"page_size": 5000})))
    asked_for_nothing = pagination.get_page_size(Request(factory.get("/")))

    assert (asked_for_too_many, asked_for_nothing) == (200, 50)


def test_a_view_may_answer_without_reading_the_workspace_twice(
    client, personas, django_assert_num_queries
):
    client.force_login(personas.member)
    client.get(NOTES)  # the session's first use

    # The session, its user, then the membership with its workspace.
    with django_assert_num_queries(3):
        response = client.get(NOTES)

    assert response.status_code == status.HTTP_200_OK
