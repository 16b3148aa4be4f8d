"""The inbound webhook: a mail provider (or a pipe from the mail server) POSTs each raw message
to /api/v1/inbound/email/ with the shared secret (settings.INBOUND_EMAIL_SECRET),
taken in by outreach/services/inbound.py; mounted by outreach/inbound_urls.py."""

import base64
import hmac

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import BaseParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from irm.api import ErrorSerializer, ValidationErrorSerializer
from irm.errors import RuleError
from irm.security import (
    client_address,
    inbound_secret_blocked,
    inbound_secret_failed,
    inbound_secret_rate,
    throttle_seconds_left,
)
from outreach.services.inbound import inbound_ingest

SECRET_HEADER = "X-Inbound-Secret"


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def readable_size(size: int) -> str:
    """25 MB, 512 KB, 900 bytes: a limit a person can read, whatever it is set to."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            return f"{size / scale:.3g} {unit}"
    return f"{size} bytes"


class RawMessageParser(BaseParser):
    """The body is the message itself, as the mail server received it."""

    media_type = "*/*"

    def parse(self, stream, media_type=None, parser_context=None) -> bytes:
        limit = settings.INBOUND_EMAIL_MAX_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise TooLarge(f"Messages over {readable_size(limit)} are refused.")
        return raw


class NotConfigured(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "Inbound email is not configured: set INBOUND_EMAIL_SECRET."
    default_code = "not_configured"


class HasInboundSecret(BasePermission):
    """The shared secret, in the X-Inbound-Secret header or as the password of HTTP Basic
    authentication (for providers that only let you put credentials in the URL)."""

    message = "The inbound secret is missing or wrong."

    def has_permission(self, request, view) -> bool:
        expected = settings.INBOUND_EMAIL_SECRET
        if not expected:
            raise NotConfigured()
        # An address that sent too many wrong secrets is refused before its guess is read.
        address = client_address(request)
        if inbound_secret_blocked(address=address):
            raise exceptions.Throttled(
                wait=throttle_seconds_left(rate=inbound_secret_rate()),
                detail="Too many wrong inbound secrets from this address. Try again later.",
            )
        given = request.headers.get(SECRET_HEADER, "") or _basic_password(request)
        if hmac.compare_digest(given.encode(), expected.encode()):
            return True
        inbound_secret_failed(address=address)
        return False


def _basic_password(request) -> str:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return ""
    try:
        return base64.b64decode(value).decode().partition(":")[2]
    except ValueError:
        return ""


IngestAnswer = inline_serializer(
    name="InboundIngestAnswer",
    fields={
        "outcome": serializers.ChoiceField(choices=["matched", "unmatched", "duplicate"]),
        "message": serializers.UUIDField(),
        "kind": serializers.CharField(),
        "workspace": serializers.CharField(),
    },
)


class InboundEmailView(APIView):
    authentication_classes: list = []
    permission_classes = [HasInboundSecret]
    parser_classes = [RawMessageParser]
    # Mail arrives in bursts from one provider address: the secret is the protection, and
    # only wrong secrets are counted (HasInboundSecret).
    throttle_classes: list = []

    def initial(self, request: Request, *args, **kwargs) -> None:
        # A method the webhook does not take is a 405 whoever asks, before the secret is
        # checked: the secret guards deliveries, and there is nothing to read here.
        if request.method not in self.allowed_methods:
            raise exceptions.MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)

    @extend_schema(
        operation_id="inbound_email",
        summary="Deliver one raw inbound email",
        description=(
            "POST the raw RFC 822 message as the body (Content-Type message/rfc822 or "
            "application/octet-stream) with the shared secret in the X-Inbound-Secret header "
            "(or as the password of HTTP Basic authentication). The message finds its "
            "workspace by the reply-to address it was sent to; add the envelope recipient as "
            "`?recipient=` when the headers may not show it (BCC). It is threaded to its pitch "
            "(In-Reply-To / References), else to the influencer by sender address, else kept "
            "in the workspace's Unmatched inbox. Sending the same Message-ID again changes "
            "nothing and answers 200 with outcome `duplicate`."
        ),
        tags=["inbound email"],
        auth=[],
        request={
            "message/rfc822": OpenApiTypes.BINARY,
            "application/octet-stream": OpenApiTypes.BINARY,
        },
        parameters=[
            OpenApiParameter(
                "recipient",
                OpenApiTypes.EMAIL,
                OpenApiParameter.QUERY,
                description="The envelope recipient (repeatable).",
                many=True,
            ),
            OpenApiParameter(
                SECRET_HEADER, OpenApiTypes.STR, OpenApiParameter.HEADER, required=False
            ),
        ],
        responses={
            201: IngestAnswer,
            200: IngestAnswer,
            400: OpenApiResponse(
                response=ValidationErrorSerializer,
                description="An empty body, or no workspace's reply-to address received it.",
            ),
            403: OpenApiResponse(
                response=ErrorSerializer, description="The secret is missing or wrong."
            ),
            429: OpenApiResponse(
                response=ErrorSerializer,
                description=(
                    "Too many wrong secrets from this address lately "
                    "(INBOUND_EMAIL_SECRET_FAILURE_RATE, 10 a minute by default); "
                    "Retry-After says when to try again."
                ),
            ),
            413: OpenApiResponse(
                response=ErrorSerializer,
                description="Larger than INBOUND_EMAIL_MAX_BYTES (25 MB by default).",
            ),
            503: OpenApiResponse(
                response=ErrorSerializer, description="INBOUND_EMAIL_SECRET is not set."
            ),
        },
    )
    def post(self, request: Request) -> Response:
        raw = request.data if isinstance(request.data, bytes) else b""
        if not raw.strip():
            raise exceptions.ValidationError({"message": ["Send the raw message as the body."]})
        try:
            result = inbound_ingest(
                raw=raw, envelope_recipients=tuple(request.query_params.getlist("recipient"))
            )
        except RuleError as error:
            raise exceptions.ValidationError({"message": [error.message]}) from None
        message = result.message
        return Response(
            {
                "outcome": result.outcome,
                "message": str(message.public_id),
                "kind": message.kind,
                "workspace": message.workspace.slug,
            },
            status=status.HTTP_200_OK if result.duplicate else status.HTTP_201_CREATED,
        )
