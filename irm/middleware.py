"""The one place a signed-in person's time zone becomes the active one for their request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

# The API speaks UTC to every client (ISO 8601 with Z); a browser session calling it is no
# different from a token.
API_PREFIX = "/api/"


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
