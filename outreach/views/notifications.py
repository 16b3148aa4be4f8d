"""The bell, under /w/<slug>/notifications/: a person's own notifications (fired reminders,
follow-up drafts ready, pitches blocked at send), newest first, unread ones marked. Opening one
marks it read and goes where it points; "Mark all read" clears the bell.

Everyone in the workspace has a bell, viewers too: marking one's own notifications read changes
nobody else's data. Nobody ever sees another person's notifications: every read and write here
is scoped to the signed-in user."""

import uuid

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from irm.access import workspace_view
from irm.models import Role
from outreach.models import Notification
from outreach.selectors import reminders as reminder_selectors
from outreach.services.notifications import notifications_mark_read

PAGE = "outreach/notifications.html"
RECENT = 50
# The event the navigation's bell listens for, so its count follows what people do here.
CHANGED_EVENT = "notifications-changed"


def _context(request: HttpRequest) -> dict:
    workspace, user = request.workspace, request.user
    return {
        "notifications": list(
            reminder_selectors.notifications_recent(workspace=workspace, user=user, limit=RECENT)
        ),
        "unread": reminder_selectors.notifications_unread_count(workspace=workspace, user=user),
        "limit": RECENT,
    }


@require_GET
@workspace_view(read=Role.VIEWER)
def notifications(request: HttpRequest) -> HttpResponse:
    template = f"{PAGE}#notification-list" if request.htmx else PAGE
    return render(request, template, _context(request))


@require_GET
@workspace_view(read=Role.VIEWER)
def notifications_count(request: HttpRequest) -> HttpResponse:
    """The unread count on the bell. Loaded by htmx after the page (and again now and then), so
    no page pays a query for it; without JavaScript the bell is a plain link here."""
    unread = reminder_selectors.notifications_unread_count(
        workspace=request.workspace, user=request.user
    )
    return render(request, f"{PAGE}#bell-count", {"unread": unread})


def _mine(request: HttpRequest, public_id: uuid.UUID) -> QuerySet[Notification]:
    return Notification.objects.filter(
        workspace=request.workspace, user=request.user, public_id=public_id
    )


def _uuid(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def _safe(request: HttpRequest, url: str) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


@require_POST
@workspace_view(write=Role.VIEWER)
def notifications_read(request: HttpRequest) -> HttpResponse:
    """`notification` (one public id) opens that one: it is marked read and the person goes
    where it points. Without it, every unread notification of theirs is marked read."""
    now = timezone.now()
    page = reverse("outreach:notifications", args=[request.workspace.slug])
    public_id = _uuid(request.POST.get("notification"))
    if public_id is not None:
        url = _mine(request, public_id).values_list("url", flat=True).first()
        if url is None:  # another person's (or gone): as if it did not exist
            raise Http404("No such notification.")
        notifications_mark_read(
            user=request.user, workspace=request.workspace, public_ids=[public_id], now=now
        )
        return redirect(url if _safe(request, url) else page)
    notifications_mark_read(user=request.user, workspace=request.workspace, now=now)
    if request.htmx:
        response = render(request, f"{PAGE}#notification-list", _context(request))
        response["HX-Trigger"] = CHANGED_EVENT
        return response
    return redirect(page)
