"""Per-request set-up every page relies on: the viewer's time zone, no caching of what a
signed-in person sees, and the product's 404 for htmx requests whatever DEBUG says."""

from collections.abc import Callable

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from irm.views.errors import page_not_found

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
