"""The calendar feed: the public ICS file at its secret URL (calendar apps cannot sign in, so the
URL is the credential), and the page where a person creates, replaces or revokes theirs."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from irm.access import workspace_view
from irm.models import Role
from outreach.selectors import calendar_feeds as feeds
from outreach.services import calendar_feeds

ACTIONS = ("create", "revoke")


@require_safe
@never_cache
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """No session, no login: an unknown or revoked secret is a 404, like any missing page."""
    found = feeds.calendar_feed_find(secret=secret)
    if found is None:
        raise Http404("No such calendar.")
    calendar_feeds.calendar_feed_used(feed=found)
    response = HttpResponse(
        feeds.calendar_feed_ics(feed=found), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="rapport-reminders.ics"'
    # The URL is a secret: keep it out of search engines and other sites' logs.
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def _page(request: HttpRequest, *, new_url: str = "", status: int = 200) -> HttpResponse:
    context = {
        "feed": feeds.calendar_feed_get(user=request.user, workspace=request.workspace),
        "new_url": new_url,
    }
    page = "outreach/calendar_feed.html"
    return render(request, f"{page}#feed-panel" if request.htmx else page, context, status=status)


# The new secret link is shown once on this page: never kept by a cache, whoever asks.
@never_cache
@require_http_methods(["GET", "POST"])
@workspace_view(write=Role.VIEWER)
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Everyone manages their own feed (it shows only their own reminders)."""
    if request.method == "GET":
        return _page(request)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, "Choose whether to create a new calendar link or turn it off.")
        return _page(request, status=400)
    if action == "revoke":
        calendar_feeds.calendar_feed_revoke(user=request.user, workspace=request.workspace)
        messages.success(request, "Your calendar link is off. Calendars using it stop updating.")
        if request.htmx:
            return _page(request)
        return redirect("outreach:calendar-feed", slug=request.workspace.slug)
    secret = calendar_feeds.calendar_feed_create(user=request.user, workspace=request.workspace)
    # Shown in this response only: the secret is stored hashed and cannot be shown again.
    return _page(request, new_url=feeds.calendar_feed_url(secret))
