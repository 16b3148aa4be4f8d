"""The REST API's base for workspace-scoped endpoints, its error schema, and `me`.

Every endpoint lives under `/api/v1/w/<slug>/...` and builds on WorkspaceScopedMixin (or
WorkspaceAPIView), which answers in the same order as the pages (irm/access.py):

1. no or bad credentials: 401 (`WWW-Authenticate: Bearer`);
2. not a member of the workspace `slug`, or an API token of another workspace: 404;
3. a role too low for the method: 403 (and an audit event);
4. only then is input parsed and validated (400 with a message per field).

Authentication, pagination, throttles and the exception handler are in irm/api_policies.py.
"""

import uuid

from django.http import Http404
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from irm.access import SAFE_METHODS, membership_get, require_role
from irm.models import ApiToken, Membership, Role, User, Workspace
from irm.versions import VersionConflict

# --- schema ----------------------------------------------------------------------------------


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Documents irm.api_policies.ApiTokenAuthentication as the HTTP bearer scheme."""

    target_class = "irm.api_policies.ApiTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "A personal API token, created under the workspace's API tokens page and valid "
                "in that workspace only: `Authorization: Bearer rpt_...`."
            ),
        }


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What went wrong, in words a person can read.")


class ValidationErrorSerializer(ErrorSerializer):
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=(
            "Messages per input field (nested fields as dotted paths, e.g. `items.0.name`); "
            "errors of no single field are under `non_field_errors`."
        ),
    )


ERROR_DESCRIPTIONS = {
    400: "Invalid input, or a business rule said no: a message per field.",
    401: "No credentials, or an unknown or revoked token.",
    403: "Your role in this workspace may not do this.",
    404: "No such workspace (or object) for you, or a token of another workspace.",
    429: "Too many requests; retry after the number of seconds in Retry-After.",
}


def error_responses(*status_codes: int) -> dict[int, OpenApiResponse]:
    """The documented error answers of an endpoint, to merge into `extend_schema(responses=)`:
    `responses={200: ThingSerializer, **error_responses(400, 401, 403, 404)}`."""
    return {
        code: OpenApiResponse(
            response=ValidationErrorSerializer if code == 400 else ErrorSerializer,
            description=ERROR_DESCRIPTIONS[code],
        )
        for code in status_codes
    }


# --- versions: optimistic concurrency (irm/versions.py) ------------------------------------------

VERSION_HELP = (
    "The `version` you read. If someone saved the object since, nothing changes and the answer "
    "is 409 with the current object. Without it (or `If-Match`), the change applies to "
    "whatever is current."
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='The `version` you read (e.g. `3` or `"3"`), instead of `version` in the body.',
)


def version_input() -> serializers.IntegerField:
    """The optional `version` of an update's input serializer."""
    return serializers.IntegerField(required=False, min_value=1, help_text=VERSION_HELP)


def expected_version(request: Request, sent: int | None) -> int | None:
    """The version the client read: `version` in the body, or the If-Match header."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return sent
    text = header.removeprefix("W/").strip('"')
    if not text.isdigit() or int(text) < 1:
        raise serializers.ValidationError(
            {"version": ["If-Match takes the version you read, e.g. If-Match: 3."]}
        )
    if sent is not None and sent != int(text):
        raise serializers.ValidationError(
            {"version": ["The version in the body and in If-Match differ; send one."]}
        )
    return int(text)


def conflict_responses(serializer_class: type[serializers.Serializer]) -> dict:
    """The documented 409 of an endpoint that edits a versioned object."""
    name = serializer_class.__name__.removesuffix("Serializer")
    return {
        409: OpenApiResponse(
            response=inline_serializer(
                name=f"{name}Conflict",
                fields={
                    "detail": serializers.CharField(help_text="What went wrong."),
                    "current": serializer_class(help_text="The object as saved now."),
                },
            ),
            description="Someone saved the object since the `version` you sent: nothing "
            "changed; `current` is the object as it is now (send its version to overwrite).",
        )
    }


def conflict_answer(error: VersionConflict, current: dict) -> Response:
    return Response(
        {
            "detail": "Someone else saved this while you were editing; nothing changed. "
            f"`current` is the saved version ({error.current.version}).",
            "current": current,
        },
        status=status.HTTP_409_CONFLICT,
    )


# --- the workspace-scoped base -----------------------------------------------------------------


class WorkspaceMemberField(serializers.SlugRelatedField):
    """A person of the request's workspace, by public id (anyone else reads as unknown)."""

    default_error_messages = {
        "does_not_exist": "No member of this workspace has this id.",
        "invalid": "Send the person's id.",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(slug_field="public_id", queryset=User.objects.all(), **kwargs)

    def get_queryset(self):
        return User.objects.filter(memberships__workspace=self.context.get("workspace"))

    def to_internal_value(self, data) -> User:
        # Not an id at all: say so, rather than the database's words about UUIDs.
        try:
            uuid.UUID(str(data))
        except ValueError:
            self.fail("invalid")
        return super().to_internal_value(data)


class WorkspaceScopedMixin:
    """Resolves the workspace from the URL's `slug` and checks the role, before any input.
    Put it first in the bases of a GenericAPIView, a generic view or a viewset.

    Declare who may act with two attributes (irm.models.Role values):

        class InfluencerList(WorkspaceScopedMixin, generics.ListCreateAPIView):
            read_role = Role.VIEWER    # GET, HEAD, OPTIONS (the default)
            write_role = Role.MEMBER   # POST, PUT, PATCH, DELETE (the default)

    Override `get_required_role()` when it depends on more than the method, e.g. a viewset's
    `reassign` action that needs a manager. After `initial()`, `self.membership` and
    `self.workspace` are set, and serializers get both in their context. Querysets scope by
    `self.workspace` through the app's selectors. During schema generation `initial()` does not
    run and `self.workspace` is None, which still gives a valid (empty) queryset.
    """

    read_role: str = Role.VIEWER
    write_role: str = Role.MEMBER
    membership: Membership | None = None
    workspace: Workspace | None = None

    def initial(self, request: Request, *args, **kwargs) -> None:
        # DRF's steps first: authentication, IsAuthenticated (401), throttles.
        super().initial(request, *args, **kwargs)
        self.membership = self.resolve_membership(request, slug=kwargs["slug"])
        self.workspace = self.membership.workspace
        require_role(membership=self.membership, role=self.get_required_role(), path=request.path)

    def resolve_membership(self, request: Request, *, slug: str) -> Membership:
        """The user's membership in `slug`: 404 for outsiders and for an API token that was
        issued in another workspace (even when its user is a member of this one too)."""
        token = request.auth
        if isinstance(token, ApiToken) and token.workspace.slug != slug:
            raise Http404("No such workspace.")
        return membership_get(user=request.user, slug=slug)

    def get_required_role(self) -> str:
        return self.read_role if self.request.method in SAFE_METHODS else self.write_role

    def get_serializer_context(self) -> dict:
        context = super().get_serializer_context()
        context.update(membership=self.membership, workspace=self.workspace)
        return context


class WorkspaceAPIView(WorkspaceScopedMixin, generics.GenericAPIView):
    """A GenericAPIView under `/api/v1/w/<slug>/`; see WorkspaceScopedMixin. Every app's API
    builds on it: `input` validates the request through a serializer, `output` answers one."""

    filter_backends: list = []

    def input(self, serializer_class, *, partial: bool = False, **kwargs) -> dict:
        """The request's validated input (400 with a message per field otherwise)."""
        serializer = serializer_class(
            data=self.request.data,
            partial=partial,
            context=self.get_serializer_context(),
            **kwargs,
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def output(self, serializer_class, instance, *, code: int = status.HTTP_200_OK) -> Response:
        serializer = serializer_class(instance, context=self.get_serializer_context())
        return Response(serializer.data, status=code)

    def handle_exception(self, exc: Exception) -> Response:
        # A stale version: 409 with the object as it is now, as `conflict_current` shows it.
        if isinstance(exc, VersionConflict):
            return conflict_answer(exc, self.conflict_current(exc.current))
        return super().handle_exception(exc)

    def conflict_current(self, row) -> dict:
        """The saved object of a VersionConflict, as this endpoint answers it."""
        return self.get_serializer(row).data


# --- me ----------------------------------------------------------------------------------------


class MeUserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["public_id", "email", "name", "time_zone"]
        read_only_fields = fields


class MeWorkspaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Workspace
        fields = ["public_id", "slug", "name", "time_zone"]
        read_only_fields = fields


class MeSerializer(serializers.ModelSerializer):
    user = MeUserSerializer(read_only=True)
    workspace = MeWorkspaceSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["user", "workspace", "role"]
        read_only_fields = fields


class MeView(WorkspaceAPIView):
    serializer_class = MeSerializer

    @extend_schema(
        summary="Who am I",
        description="The signed-in person (or the token's owner), the workspace and their role.",
        responses={200: MeSerializer, **error_responses(401, 404, 429)},
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(self.get_serializer(self.membership).data)
