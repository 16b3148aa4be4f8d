"""The REST API's base for workspace-scoped endpoints, its error schema, and `me`.

Every endpoint lives under `/api/v1/w/<slug>/...` and builds on WorkspaceScopedMixin (or
WorkspaceAPIView), which answers in the same order as the pages (irm/access.py):

1. no or bad credentials: 401 (`WWW-Authenticate: Bearer`);
2. not a member of the workspace `slug`, or an API token of another workspace: 404;
3. a role too low for the method: 403 (and an audit event);
4. only then is input parsed and validated (400 with a message per field).

Authentication, pagination, throttles and the exception handler are in irm/api_policies.py.
"""

import re
import uuid
from decimal import Decimal

import django_filters
from django import forms
from django.http import Http404
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
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


WEB_ADDRESS = (
    r"^https?://[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*\.[a-z]{2,6}(/[A-Za-z0-9._~-]*)*$"
)


class BlankableFormatField(OpenApiSerializerFieldExtension):
    """A URL or email address that may be left empty is "" when it is: the schema says so
    (`format: uri` alone would make "" invalid to every client that validates). A URL sent
    in a request is a web address."""

    target_class = "rest_framework.fields.CharField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        if schema.get("format") == "uri" and direction == "request":
            # What Django's URLValidator takes, which `format: uri` alone does not say: a web
            # address with a host name (answers may hold any address kept before).
            schema["pattern"] = WEB_ADDRESS
        if "format" in schema and _may_be_blank(self.target):
            empty = {"type": "string", "maxLength": 0}
            return {"anyOf": [schema, empty], **_outer(schema)}
        return schema


class TimeOfDayField(OpenApiSerializerFieldExtension):
    """A time of day ("08:00", "20:30:00") has no UTC offset, which OpenAPI's `format: time`
    requires: the schema gives its pattern instead."""

    target_class = "rest_framework.fields.TimeField"

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$",
            "example": "08:00:00",
        }


class DecimalAmountField(OpenApiSerializerFieldExtension):
    """A decimal is sent back as a string ("12.50") and taken as a string or a number; the
    schema says which values its limits allow (drf-spectacular's pattern allows a minus sign
    whatever `min_value` says, and no number)."""

    target_class = "rest_framework.fields.DecimalField"

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        text = {"type": "string", "format": "decimal", "pattern": _decimal_pattern(field)}
        if direction == "response":
            return text
        places = field.decimal_places or 0
        largest = 10 ** ((field.max_digits or 18) - places) - Decimal(1).scaleb(-places)
        number = {"type": "number", "maximum": float(min(largest, field.max_value or largest))}
        if field.min_value is not None:
            number["minimum"] = float(field.min_value)
        if places:
            number["multipleOf"] = float(Decimal(1).scaleb(-places))
        return {"anyOf": [text, number]}


def _decimal_pattern(field) -> str:
    places = field.decimal_places or 0
    whole = (field.max_digits or 18) - places
    sign = "" if field.min_value is not None and field.min_value >= 0 else "-?"
    fraction = rf"(?:\.\d{{0,{places}}})?" if places else ""
    digits = rf"(?:\d{{1,{whole}}}{fraction}|\.\d{{1,{places}}})" if places else rf"\d{{1,{whole}}}"
    top = field.max_value
    if top is not None and top > 1 and top == 10 ** (len(str(int(top))) - 1):
        # A power of ten (a percentage's 100): fewer digits, or the limit itself.
        below = rf"\d{{1,{len(str(int(top))) - 1}}}{fraction}"
        exact = str(int(top)) + (rf"(?:\.0{{0,{places}}})?" if places else "")
        return rf"^{sign}(?:{below}|{exact})$"
    return rf"^{sign}{digits}$"


def _may_be_blank(field) -> bool:
    if getattr(field, "allow_blank", False):
        return True
    # DRF drops `allow_blank` from the read-only fields it builds from a model: ask the model.
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    try:
        return model._meta.get_field(field.source).blank
    except Exception:  # no model, or a source that is not one of its fields
        return False


def _outer(schema: dict) -> dict:
    # What describes the field rather than its value stays on the outside.
    return {key: schema[key] for key in ("description", "readOnly", "writeOnly") if key in schema}


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
    415: "The body is not in a media type this endpoint reads (JSON unless it says otherwise).",
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


def schema_error_answers(result, generator, request, public):
    """A drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS): the errors any endpoint
    may answer whatever it declares. With query parameters it may answer 400 (a value outside
    the schema, see query_parameters_check); with a body, 415 (another media type)."""
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            queried = any(item.get("in") == "query" for item in operation.get("parameters", []))
            if queried and "400" not in responses:
                responses["400"] = _error_answer(400, "ValidationError")
            if "requestBody" in operation and "415" not in responses:
                responses["415"] = _error_answer(415, "Error")
    return result


def _error_answer(code: int, component: str) -> dict:
    return {
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{component}"}}},
        "description": ERROR_DESCRIPTIONS[code],
    }


# --- query parameters ----------------------------------------------------------------------------

QUERY_FLAGS = {"true": True, "false": False}

# A UUID as the schema's `format: uuid` writes it. Python's uuid.UUID also reads braces,
# `urn:uuid:` and bare hex digits, which the schema calls invalid: an id in another spelling
# is refused, not read as the same id.
CANONICAL_UUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def is_canonical_uuid(value) -> bool:
    return isinstance(value, str) and CANONICAL_UUID.fullmatch(value) is not None


class CanonicalUUIDField(serializers.UUIDField):
    """A UUID input spelled as the schema says (see CANONICAL_UUID)."""

    def to_internal_value(self, data):
        if not isinstance(data, uuid.UUID) and not is_canonical_uuid(data):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class QuerySerializer(serializers.Serializer):
    """Query parameters read as they were given. DRF reads an empty form value of an optional
    field as absent, so `?kind=` would list everything; here an empty value is checked like any
    other, and refused where the schema refuses it (a choice, an id, a moment)."""

    def __init__(self, *args, data=serializers.empty, **kwargs):
        if hasattr(data, "lists"):  # a QueryDict: the last value of each, as Django's get()
            data = {name: values[-1] for name, values in data.lists()}
        super().__init__(*args, data=data, **kwargs)


class CanonicalUUIDFormField(forms.UUIDField):
    """The same for a django-filter query parameter: given, it must be a UUID; an empty value
    is a malformed id, not "no filter" (leave the parameter out for that)."""

    def clean(self, value):
        if value is not None and not is_canonical_uuid(value):
            raise forms.ValidationError("Enter a valid UUID.", code="invalid")
        return super().clean(value)


class CanonicalUUIDFilter(django_filters.UUIDFilter):
    field_class = CanonicalUUIDFormField


def query_parameters_check(params, parameters) -> None:
    """Refuse (400, a message per parameter) a query parameter outside what the endpoint's
    schema (its OpenApiParameter list) says: a value not in its `enum`, a boolean that is not
    `true` or `false`, one value given twice where one is taken. An unknown parameter is
    ignored, as the API's description says."""
    errors = {}
    for parameter in parameters:
        values = [value.strip() for value in params.getlist(parameter.name)]
        if not values:
            continue
        if parameter.many:
            # Repeated or comma-separated (`band=cooling,at_risk`).
            values = [part.strip() for value in values for part in value.split(",")]
        if len(values) > 1 and not parameter.many:
            errors[parameter.name] = ["Give this parameter once."]
        elif parameter.enum and any(value not in parameter.enum for value in values):
            choices = ", ".join(str(choice) for choice in parameter.enum)
            errors[parameter.name] = [f"Pick one of: {choices}."]
        elif parameter.type in (bool, OpenApiTypes.BOOL) and any(
            value.lower() not in QUERY_FLAGS for value in values
        ):
            errors[parameter.name] = ["Send true or false."]
        elif parameter.type == OpenApiTypes.UUID and not all(
            is_canonical_uuid(value) for value in params.getlist(parameter.name)
        ):
            errors[parameter.name] = [
                "Send an id: a UUID in its usual form (8-4-4-4-12 hexadecimal digits)."
            ]
    if errors:
        raise serializers.ValidationError(errors)


def query_flag(params, name: str) -> bool:
    """A boolean query parameter (false when absent), once query_parameters_check has
    accepted it."""
    return QUERY_FLAGS.get(params.get(name, "").strip().lower(), False)


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
