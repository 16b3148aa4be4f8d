"""Named lists: create, rename, delete, add and take off influencers."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.api.base import READ_ERRORS, WRITE_ERRORS, ContactsView, schema_only
from contacts.api.serializers import (
    InfluencerIdsSerializer,
    InfluencerListInputSerializer,
    InfluencerListSerializer,
    ListChangeSerializer,
)
from contacts.models import InfluencerList
from contacts.selectors.lists import (
    influencer_list_get,
    influencer_list_may_change,
    influencer_lists,
)
from contacts.services.lists import (
    influencer_list_add,
    influencer_list_create,
    influencer_list_delete,
    influencer_list_remove,
    influencer_list_update,
)
from irm.access import require_role
from irm.api import error_responses
from irm.models import Role


@extend_schema_view(
    get=extend_schema(
        summary="List the named lists",
        description="Their people: `GET influencers/?list=<id>`.",
        responses={200: InfluencerListSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
    post=extend_schema(
        summary="Create a named list",
        request=InfluencerListInputSerializer,
        responses={201: InfluencerListSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class ListListView(ContactsView, generics.ListCreateAPIView):
    serializer_class = InfluencerListSerializer

    def get_queryset(self):
        if schema_only(self):
            return InfluencerList.objects.none()
        return influencer_lists(workspace=self.workspace)

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = self.input(InfluencerListInputSerializer)
        created = influencer_list_create(
            workspace=self.workspace,
            name=data["name"],
            description=data["description"],
            actor=request.user,
        )
        created.entry_count = 0
        return self.output(InfluencerListSerializer, created, code=status.HTTP_201_CREATED)


class ListDetailView(ContactsView):
    """Its creator (a member) or a manager renames and deletes a list."""

    http_method_names = ["get", "patch", "delete", "head", "options"]
    serializer_class = InfluencerListSerializer

    def influencer_list(self, public_id, *, to_change: bool = False):
        found = get_object_or_404(influencer_lists(workspace=self.workspace), public_id=public_id)
        if to_change and not influencer_list_may_change(
            influencer_list=found, membership=self.membership
        ):
            # Below the list's creator: a manager's call (403, audited), before any input.
            require_role(membership=self.membership, role=Role.MANAGER, path=self.request.path)
        return found

    @extend_schema(
        summary="Read a named list",
        responses={200: InfluencerListSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(InfluencerListSerializer, self.influencer_list(public_id))

    @extend_schema(
        summary="Rename a named list",
        request=InfluencerListInputSerializer,
        responses={200: InfluencerListSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def patch(self, request: Request, slug: str, public_id) -> Response:
        found = self.influencer_list(public_id, to_change=True)
        data = self.input(InfluencerListInputSerializer, partial=True)
        influencer_list_update(
            influencer_list=found,
            name=data.get("name", found.name),
            description=data.get("description", found.description),
        )
        return self.output(InfluencerListSerializer, self.influencer_list(public_id))

    @extend_schema(
        summary="Delete a named list",
        description="The list goes; the people on it stay.",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id) -> Response:
        influencer_list_delete(influencer_list=self.influencer_list(public_id, to_change=True))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ListEntriesView(ContactsView):
    http_method_names = ["post", "options"]
    serializer_class = InfluencerIdsSerializer

    @extend_schema(
        summary="Add influencers to a named list",
        description="People already on it, and ids of no influencer of this workspace, are "
        "skipped.",
        request=InfluencerIdsSerializer,
        responses={200: ListChangeSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        found = influencer_list_get(workspace=self.workspace, public_id=public_id)
        data = self.input(InfluencerIdsSerializer)
        added = influencer_list_add(
            influencer_list=found, influencer_ids=data["influencers"], actor=request.user
        )
        return Response(ListChangeSerializer({"changed": added}).data)


class ListEntryView(ContactsView):
    http_method_names = ["delete", "options"]
    serializer_class = ListChangeSerializer

    @extend_schema(
        summary="Take an influencer off a named list",
        description="They stay in the workspace.",
        responses={204: None, **error_responses(401, 403, 404, 429)},
    )
    def delete(self, request: Request, slug: str, public_id, influencer_id) -> Response:
        found = influencer_list_get(workspace=self.workspace, public_id=public_id)
        removed = influencer_list_remove(influencer_list=found, influencer_ids=[influencer_id])
        if not removed:
            return Response({"detail": "This influencer is not on the list."}, status=404)
        return Response(status=status.HTTP_204_NO_CONTENT)
