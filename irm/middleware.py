"""Per-request set-up every page relies on: the viewer's time zone, no caching of what a
signed-in person sees, the product's 404 for htmx requests whatever DEBUG says, JSON for every
error under /api/, and no null character from an address reaching the database."""

import logging
from collections.abc import Callable

from django.core import signals
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from irm.views.errors import (
    SERVER_ERROR_DETAIL,
    api_bad_request,
    back_url,
    page_not_found,
    too_big_detail,
)

request_logger = logging.getLogger("django.request")

NUL = "\x00"
NUL_MESSAGE = "Null characters are not allowed."

# The API speaks UTC to every client (ISO 8601 with Z); a browser session calling it is no
# different from a token.
API_PREFIX = "/api/"


class NoStoreForSignedInMiddleware:
    """What a signed-in person sees (their workspace's people, a new API token, their calendar
    feed's secret link) stays out of shared and browser caches: any answer to them, or to a
    request with credentials (an API token), that does not say how to cache itself is marked
    no-store. Static files never reach here (WhiteNoise answers them first), and a view that
    sets its own Cache-Control keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Cache-Control") and _with_credentials(request):
            add_never_cache_headers(response)
        return response


def _with_credentials(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META


class UserTimeZoneMiddleware:
    """Pages show and read dates and times in the viewer's own zone: the `date` filter, a form's
    datetime input and `timezone.localdate()` all follow the active zone, so activating it once
    here keeps every page's clock, form and "today" in step. What concerns an influencer (quiet
    hours, "their time") names their zone explicitly where it is shown."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith(API_PREFIX):
            return self.get_response(request)
        with timezone.override(user.zone):
            return self.get_response(request)


class NotFoundPageMiddleware:
    """With DEBUG on (as under `make run`), Django answers a view's Http404 with its technical
    page: outside the product's layout, and with no main for htmx to swap in, so the current
    page would lose its content. A page's missing object gets the product's 404 page whatever
    DEBUG says, so what a person sees does not depend on it. (An address that matches no route
    still shows Django's list of routes under DEBUG, which helps whoever is developing.)"""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, Http404) and not request.path.startswith(API_PREFIX):
            return page_not_found(request, exception)
        return None


class NulByteMiddleware:
    """PostgreSQL cannot store or compare text with a null character, so a `%00` in the path or
    in a query parameter (a filter, a search) would fail deep in a query. Such a request is
    refused here, once for every page and endpoint: a 400 naming the parameters under /api/, the
    error page otherwise. Bodies are checked where they are read: forms and serializers refuse
    null characters per field, and the API's JSON parser (irm.api_policies.JsonParser) for
    every value."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        fields = [
            name or "query"
            for name, values in request.GET.lists()
            if NUL in name or any(NUL in value for value in values)
        ]
        if NUL in request.path:
            fields.insert(0, "path")
        if not fields:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            errors = {field.replace(NUL, ""): [NUL_MESSAGE] for field in fields}
            return JsonResponse({"detail": NUL_MESSAGE, "errors": errors}, status=400)
        detail = "The address holds a null character, which is not allowed."
        context = {"status": 400, "detail": detail, "back_url": back_url(request)}
        return render(request, "irm/error.html", context, status=400)


class ApiErrorMiddleware:
    """Under /api/ every answer is JSON, even when a view fails: a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE is a 413, another request Django refuses a 400, and an
    unexpected error a 500 `{"detail": ...}`, logged with its traceback as Django logs one (and
    signalled, so the test client still raises it in tests), whatever DEBUG says. Errors raised
    outside views reach handler400 / handler500 (irm/views/errors.py), which answer JSON too."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        handled = isinstance(exception, Http404 | PermissionDenied)  # handler403 / handler404
        if handled or not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return JsonResponse({"detail": too_big_detail()}, status=413)
        if isinstance(exception, SuspiciousOperation):
            return api_bad_request("Rapport could not read this request.")
        request_logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exception,
            extra={"status_code": 500, "request": request},
        )
        signals.got_request_exception.send(sender=None, request=request)
        return JsonResponse({"detail": SERVER_ERROR_DETAIL}, status=500)
