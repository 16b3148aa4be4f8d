"""The timeline (cursor-paginated, newest first) and what we owe them."""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response

from contacts.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    ContactsView,
    InfluencerChildView,
    schema_only,
)
from contacts.api.serializers import (
    CommitmentSerializer,
    InteractionCreateSerializer,
    InteractionSerializer,
)
from contacts.models import Channel, Commitment, Direction, Interaction, InteractionKind
from contacts.selectors.influencers import influencer_get
from contacts.services import timeline as timeline_services
from irm.api import error_responses, is_canonical_uuid, query_parameters_check
from irm.api_policies import page_size_check

# --- the timeline ------------------------------------------------------------------------------


class TimelinePagination(CursorPagination):
    """Newest first; the cursor stays valid while entries are logged (`?cursor=`)."""

    ordering = ("-occurred_at", "-id")
    page_size = 30
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request) -> int:
        return page_size_check(request, self) or self.page_size


TIMELINE_FILTERS = [
    OpenApiParameter(
        "kind", enum=InteractionKind.values, many=True, description="Only these kinds."
    ),
    OpenApiParameter("direction", enum=Direction.values),
    OpenApiParameter("channel", enum=Channel.values),
]


@extend_schema_view(
    get=extend_schema(
        summary="Read an influencer's timeline",
        description="Newest first (when it happened), 30 a page: follow `next`.",
        parameters=TIMELINE_FILTERS,
        responses={200: InteractionSerializer(many=True), **error_responses(*READ_ERRORS)},
    ),
    post=extend_schema(
        summary="Log something that happened",
        description="Dated when it really happened. An inbound message opens a reply "
        "commitment; our next conversation fulfils it.",
        request=InteractionCreateSerializer,
        responses={201: InteractionSerializer, **error_responses(*WRITE_ERRORS)},
    ),
)
class InteractionListView(InfluencerChildView, generics.ListCreateAPIView):
    serializer_class = InteractionSerializer
    pagination_class = TimelinePagination
    # Logging on anyone's timeline is every writer's (irm/access.py).
    changes_profile = False

    def get_queryset(self) -> QuerySet[Interaction]:
        if schema_only(self):
            return Interaction.objects.none()
        params = self.request.query_params
        query_parameters_check(params, TIMELINE_FILTERS)
        rows = Interaction.objects.filter(
            influencer=self.influencer, deleted_at__isnull=True
        ).select_related("author")
        kinds = params.getlist("kind")
        if kinds:
            rows = rows.filter(kind__in=kinds)
        for name in ("direction", "channel"):
            if params.get(name):
                rows = rows.filter(**{name: params[name]})
        return rows

    def create(self, request: Request, *args, **kwargs) -> Response:
        data = self.input(InteractionCreateSerializer)
        interaction = timeline_services.interaction_record(
            influencer=self.influencer, author=request.user, **data
        )
        return self.output(InteractionSerializer, interaction, code=status.HTTP_201_CREATED)


# --- commitments -------------------------------------------------------------------------------


@extend_schema_view(
    get=extend_schema(
        summary="What we owe them",
        description="Replies, payments and feedback we owe, soonest due first.",
        parameters=[
            OpenApiParameter(
                "status",
                enum=["open", "all"],
                description="`open` (the default): not fulfilled yet; `all`: fulfilled too.",
            ),
            OpenApiParameter(
                "influencer", type=OpenApiTypes.UUID, description="Only this influencer's."
            ),
        ],
        responses={200: CommitmentSerializer(many=True), **error_responses(400, *READ_ERRORS)},
    )
)
class CommitmentListView(ContactsView, generics.ListAPIView):
    serializer_class = CommitmentSerializer

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "now": timezone.now()}

    def get_queryset(self) -> QuerySet[Commitment]:
        if schema_only(self):
            return Commitment.objects.none()
        params = self.request.query_params
        rows = Commitment.objects.filter(
            workspace=self.workspace, influencer__erased_at__isnull=True
        ).select_related("influencer")
        which = params.get("status", "open")
        if which not in {"open", "all"}:
            raise ValidationError({"status": ["Choose “open” or “all”."]})
        if which == "open":
            rows = rows.filter(fulfilled_at__isnull=True)
        if "influencer" in params:
            if not is_canonical_uuid(params["influencer"]):
                raise ValidationError({"influencer": ["Send an influencer's id."]})
            # Another workspace's influencer: 404, as everywhere.
            rows = rows.filter(
                influencer=influencer_get(workspace=self.workspace, public_id=params["influencer"])
            )
        return rows.order_by("due_at", "id")
