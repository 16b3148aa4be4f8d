"""The REST API's policies named in settings.REST_FRAMEWORK: authentication, the JSON parser,
pagination, throttles, OPTIONS and the exception handler. The views and the schema extension
are in irm/api.py.

DRF imports these classes while it defines APIView (its class attributes read the settings), so
this module must never import rest_framework.views or .generics at module level: that import
would be circular.
"""

import logging

import redis
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.metadata import SimpleMetadata
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from irm.errors import RuleError
from irm.models import ApiToken, User
from irm.services import api_token_authenticate

logger = logging.getLogger(__name__)

# --- authentication ----------------------------------------------------------------------


class ApiTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>` with a personal ApiToken.

    On success `request.user` is the token's user and `request.auth` the ApiToken (with its
    workspace). A token is valid in its own workspace only: WorkspaceScopedMixin (irm/api.py)
    answers 404 for any other workspace. Requests without a Bearer header are left to the next
    authentication class (the session).
    """

    keyword = b"bearer"
    www_authenticate_realm = "api"

    def authenticate(self, request) -> tuple[User, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "Send the token as “Authorization: Bearer <token>”, with nothing after it."
            )
        try:
            plain = parts[1].decode()
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed("This API token is unknown or revoked.") from None
        token = api_token_authenticate(plain=plain)
        if token is None:
            raise exceptions.AuthenticationFailed("This API token is unknown or revoked.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        # Listed first in DEFAULT_AUTHENTICATION_CLASSES, so requests without credentials get
        # 401 with `WWW-Authenticate: Bearer` rather than the session's 403.
        return "Bearer"


# --- parsing ---------------------------------------------------------------------------------

# Deeper than any body the API takes (an import's rows are three levels down); Python's own
# parser would give up at about a thousand levels with an error of its own.
JSON_MAX_DEPTH = 64
NUL = "\x00"


class JsonParser(JSONParser):
    """DRF's JSON parser, refusing with a 400 what would fail later: nesting deeper than
    JSON_MAX_DEPTH levels, and a null character in any key or string (PostgreSQL stores no
    text or JSON with one), named by its field's dotted path like every input error. This is the
    one place that checks a JSON body for both, whatever field or serializer reads it."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_too_deep()) from None
        fields = _null_character_fields(data)
        if fields:
            message = "Null characters are not allowed."
            raise exceptions.ValidationError({field: [message] for field in fields})
        return data


def _too_deep() -> str:
    return f"JSON nested deeper than {JSON_MAX_DEPTH} levels is not accepted."


def _null_character_fields(data) -> list[str]:
    """Dotted paths of the keys and strings holding a null character; a walk without
    recursion, which also refuses nesting over JSON_MAX_DEPTH."""
    fields: list[str] = []
    pending = [(data, "", 0)]
    while pending:
        value, path, depth = pending.pop()
        if depth >= JSON_MAX_DEPTH:  # the body itself is level 1
            raise exceptions.ParseError(_too_deep())
        if isinstance(value, dict):
            for key, item in value.items():
                key_path = f"{path}.{key}" if path else str(key)
                if NUL in key:
                    fields.append(key_path.replace(NUL, ""))
                else:
                    pending.append((item, key_path, depth + 1))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                pending.append((item, f"{path}.{index}" if path else str(index), depth + 1))
        elif isinstance(value, str) and NUL in value:
            fields.append(path or api_settings.NON_FIELD_ERRORS_KEY)
    return sorted(fields)


# --- OPTIONS -----------------------------------------------------------------------------------


class ApiMetadata(SimpleMetadata):
    """OPTIONS answers the endpoint's name, description and media types. The fields each method
    takes are in the OpenAPI schema (/api/schema/): DRF's own description of them loads the
    object and builds the serializer outside the request's checks, which views that build
    theirs per action or per object cannot answer."""

    def determine_metadata(self, request, view) -> dict:
        return {
            "name": view.get_view_name(),
            "description": view.get_view_description(),
            "renders": [renderer.media_type for renderer in view.renderer_classes],
            "parses": [parser.media_type for parser in view.parser_classes],
        }


# --- pagination ----------------------------------------------------------------------------


class ApiPagination(PageNumberPagination):
    """`?page=N`, 50 rows a page; clients may ask for up to 200 with `?page_size=`."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        return page_size_check(request, self) or self.page_size


def page_size_check(request, pagination) -> int | None:
    """`?page_size=` as the schema has it, a whole number from 1, given once: anything else is
    a 400 rather than DRF's silent default (more than the maximum still gives the maximum)."""
    values = request.query_params.getlist(pagination.page_size_query_param)
    if not values:
        return None
    if len(values) > 1 or not values[0].strip().isdigit() or int(values[0]) < 1:
        message = f"Send a whole number of rows from 1 to {pagination.max_page_size}, once."
        raise exceptions.ValidationError({pagination.page_size_query_param: [message]})
    return min(int(values[0]), pagination.max_page_size)


# --- throttles -----------------------------------------------------------------------------


class _RatesReadPerRequest:
    # DRF's rate throttles copy DEFAULT_THROTTLE_RATES once, at import; reading them per
    # request lets settings overrides (tests, a changed environment after reload) apply.
    @property
    def THROTTLE_RATES(self) -> dict[str, str | None]:
        return api_settings.DEFAULT_THROTTLE_RATES

    def allow_request(self, request, view) -> bool:
        # The counts live in Redis. While it is unreachable the API answers unthrottled rather
        # than not at all: the database, not the counter, is what a request needs.
        try:
            return super().allow_request(request, view)
        except redis.RedisError as error:
            logger.warning("API throttle skipped: Redis is unreachable (%s)", error)
            return True


class AnonThrottle(_RatesReadPerRequest, AnonRateThrottle):
    """Requests without credentials, per client address (rate "anon")."""


class UserThrottle(_RatesReadPerRequest, UserRateThrottle):
    """Authenticated requests, per user whatever the token or session (rate "user")."""


# --- errors ----------------------------------------------------------------------------------


def api_exception_handler(exc: Exception, context: dict):
    """Every API error is JSON with a `detail` a person can read.

    Invalid input (a serializer's ValidationError, or a rule error raised by a service: see
    irm.errors.RuleError) answers 400 with one message list per field:
    `{"detail": "...", "errors": {"field": ["..."]}}`. Nested fields use dotted paths
    (`address.city`, `items.0.name`); errors that belong to no field are under
    `non_field_errors`. Anything else is `{"detail": "..."}`.
    """
    # Imported here: rest_framework.views imports this module's classes (see the docstring).
    from rest_framework.views import exception_handler

    if is_rule_error(exc):
        field = getattr(exc, "field", None) or api_settings.NON_FIELD_ERRORS_KEY
        exc = exceptions.ValidationError({field: [exc.message]})
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: irm.middleware.ApiErrorMiddleware answers JSON
    if isinstance(response.data, dict) and set(response.data) == {"detail"}:
        if response.status_code == 400:
            # Unreadable input (malformed JSON): a 400 has `errors` like every other 400.
            detail = str(response.data["detail"])
            response.data = {
                "detail": detail,
                "errors": {api_settings.NON_FIELD_ERRORS_KEY: [detail]},
            }
        return response
    errors = error_messages_by_field(response.data)
    response.data = {"detail": error_summary(errors), "errors": errors}
    return response


def is_rule_error(exc: Exception) -> bool:
    """A business rule said no: irm.errors.RuleError (or a subclass, such as the guard's
    outreach.guard.GuardRefused), the one rule error of every app, carrying `message` (and
    `field`, or None)."""
    return isinstance(exc, RuleError) and isinstance(getattr(exc, "message", None), str)


def error_messages_by_field(detail) -> dict[str, list[str]]:
    """Flatten DRF's nested error detail into `{"dotted.field": ["message", ...]}`."""
    messages: dict[str, list[str]] = {}

    def walk(value, path: str) -> None:
        if isinstance(value, dict):
            for name, item in value.items():
                walk(item, f"{path}.{name}" if path else str(name))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, dict | list):
                    # The rows of a list of objects, addressed by their index.
                    walk(item, f"{path}.{index}" if path else str(index))
                else:
                    # Messages in a list belong to the list's own field.
                    walk(item, path)
        else:
            field = path or api_settings.NON_FIELD_ERRORS_KEY
            messages.setdefault(field, []).append(str(value))

    walk(detail, "")
    return messages


def error_summary(errors: dict[str, list[str]]) -> str:
    """One line for `detail`: the message itself when there is one, else the fields to fix."""
    messages = [message for field_messages in errors.values() for message in field_messages]
    if not messages:
        return "The request is not valid."
    if len(messages) == 1:
        return messages[0]
    general = errors.get(api_settings.NON_FIELD_ERRORS_KEY)
    if general:
        return general[0]
    return f"Some fields are not valid: {', '.join(errors)}."


# --- text fields ---------------------------------------------------------------------------


def text_fields_take_text_only() -> None:
    """Every serializer text field (CharField and its kin: email, URL, slug, regex) refuses a
    number or a boolean. DRF reads 5 as "5", where the schema (`type: string`) calls a number
    invalid: a client sending one has a bug it should hear about. Applied once, by
    IrmConfig.ready, so fields Django's model serializers make are covered too."""
    from rest_framework.fields import CharField

    read_text = CharField.to_internal_value

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return read_text(self, data)

    CharField.to_internal_value = to_internal_value
