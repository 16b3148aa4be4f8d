"""The reminders and notifications API, under /api/v1/w/<slug>/ (URL namespace
"api:outreach-api").

A person lists their open reminders (or their teams'), creates custom ones, and marks one done,
snoozes or dismisses it; the bell's notifications are listed and marked read. The endpoints build
on outreach.api.OutreachView (401, then 404 for outsiders and other workspaces' reminders, then
403 for a role that may not write, then input) and call the same services as the reminders
page (outreach/services/reminders.py and reminder_plans.py); their refusals answer 400 with
the message under its field.

Who may act on a reminder: its assignee, and managers and admins on anyone's
(reminder_may_act); anyone else gets 403 before the input is read. Viewers read reminders but
change none. Notifications are each person's own, viewers' too: marking them read changes
nothing anyone else sees, so viewers may.
"""

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from irm.api import error_responses
from irm.api_policies import ApiPagination
from irm.models import Role
from outreach.api.base import (
    READ_ERRORS,
    WRITE_ERRORS,
    OneObjectView,
    OutreachView,
    rule_errors,
    schema_only,
)
from outreach.api.lookups import InfluencerInput
from outreach.api.reminder_serializers import (
    STATUS_ALL,
    NotificationQuerySerializer,
    NotificationSerializer,
    NotificationsMarkedSerializer,
    NotificationsMarkReadSerializer,
    ReminderCreateSerializer,
    ReminderQuerySerializer,
    ReminderSerializer,
    ReminderSnoozeSerializer,
)
from outreach.models import Notification, Reminder
from outreach.selectors import reminders as selectors
from outreach.selectors.reminders import notifications_of_user, reminders_of_user_every_status
from outreach.services.notifications import notifications_mark_read
from outreach.services.reminder_plans import custom_reminder_create
from outreach.services.reminders import (
    reminder_dismiss,
    reminder_done,
    reminder_may_act,
    reminder_snooze,
)

REMINDER_TAGS = ["reminders"]
NOTIFICATION_TAGS = ["notifications"]


# --- reminders ---------------------------------------------------------------------------------


class ReminderView(OneObjectView):
    """An endpoint of one reminder: found in this workspace (404 otherwise), then whoever may
    not act on it gets 403, then the input is read."""

    target_name = "reminder"

    def target(self, public_id, *, acting: bool = True) -> Reminder:
        reminder = selectors.reminder_get(workspace=self.workspace, public_id=public_id)
        if acting and not reminder_may_act(
            reminder=reminder, actor=self.request.user, role=self.membership.role
        ):
            raise PermissionDenied(
                "A reminder is its assignee's to act on; managers act on anyone's."
            )
        return reminder

    def target_output(self, reminder: Reminder, *, code: int = status.HTTP_200_OK) -> Response:
        fresh = selectors.reminder_get(workspace=self.workspace, public_id=reminder.public_id)
        return self.output(ReminderSerializer, fresh, code=code)


class ReminderListView(InfluencerInput, ReminderView, generics.ListAPIView):
    serializer_class = ReminderSerializer

    def get_queryset(self) -> QuerySet[Reminder]:
        if schema_only(self):
            return Reminder.objects.none()
        query = ReminderQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        wanted = data.get("status")
        if wanted == STATUS_ALL:
            rows = reminders_of_user_every_status(workspace=self.workspace, user=self.request.user)
            if data.get("kind"):
                rows = rows.filter(kind=data["kind"])
        else:
            rows = selectors.reminders_open(
                workspace=self.workspace,
                user=self.request.user,
                scope=data["scope"],
                kind=data.get("kind", ""),
            )
            if wanted:
                rows = rows.filter(status=wanted)
        if "due_after" in data:
            rows = rows.filter(due_at__gte=data["due_after"])
        if "due_before" in data:
            rows = rows.filter(due_at__lt=data["due_before"])
        return rows

    @extend_schema(
        summary="List my reminders",
        description="Your open reminders (pending, due, snoozed, held while they are away), "
        "soonest first, 50 a page, each with why now and a suggested next step. "
        "`scope=team` adds those of everyone who shares a team with you; `status=all` adds "
        "your closed ones.",
        tags=REMINDER_TAGS,
        parameters=[ReminderQuerySerializer],
        responses={200: ReminderSerializer(many=True), **error_responses(400, *READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Create a reminder",
        description="A reminder of your own (or for a teammate, with `assignee`), due now or "
        "later, perhaps about an influencer. It comes to the bell when it is due.",
        tags=REMINDER_TAGS,
        request=ReminderCreateSerializer,
        responses={201: ReminderSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.input(ReminderCreateSerializer)
        influencer = self.influencer(data["influencer"]) if data.get("influencer") else None
        reminder = custom_reminder_create(
            workspace=self.workspace,
            actor=request.user,
            title=data["title"],
            due_at=data["due_at"],
            assignee=data.get("assignee") or request.user,
            influencer=influencer,
            note=data["note"],
            now=timezone.now(),
        )
        return self.target_output(reminder, code=status.HTTP_201_CREATED)


class ReminderDetailView(ReminderView):
    serializer_class = ReminderSerializer

    @extend_schema(
        summary="Read a reminder",
        description="Any reminder of the workspace, open or closed.",
        tags=REMINDER_TAGS,
        responses={200: ReminderSerializer, **error_responses(*READ_ERRORS)},
    )
    def get(self, request: Request, slug: str, public_id) -> Response:
        return self.output(ReminderSerializer, self.target(public_id, acting=False))


class ReminderDoneView(ReminderView):
    serializer_class = ReminderSerializer

    @extend_schema(
        summary="Mark a reminder done",
        description="It closes for good. A closed reminder answers 400.",
        tags=REMINDER_TAGS,
        request=None,
        responses={200: ReminderSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.act(public_id, reminder_done)


class ReminderDismissView(ReminderView):
    serializer_class = ReminderSerializer

    @extend_schema(
        summary="Dismiss a reminder",
        description="Not needed after all: it closes without being done. A closed reminder "
        "answers 400.",
        tags=REMINDER_TAGS,
        request=None,
        responses={200: ReminderSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        return self.act(public_id, reminder_dismiss)


class ReminderSnoozeView(ReminderView):
    serializer_class = ReminderSnoozeSerializer

    @extend_schema(
        summary="Snooze a reminder",
        description='Back in a day (`{"for": "1d"}`), a week (`{"for": "1w"}`) or on a '
        'date at 09:00 your time (`{"until": "2026-12-01"}`); it comes to the bell again '
        "then. A closed reminder answers 400.",
        tags=REMINDER_TAGS,
        request=ReminderSnoozeSerializer,
        responses={200: ReminderSerializer, **error_responses(*WRITE_ERRORS)},
    )
    def post(self, request: Request, slug: str, public_id) -> Response:
        reminder = self.target(public_id)
        data = self.input(ReminderSnoozeSerializer)
        with rule_errors(choice="for"):
            reminder = reminder_snooze(
                reminder=reminder,
                actor=request.user,
                choice=data.get("for", ""),
                until=data.get("until"),
                now=timezone.now(),
            )
        return self.target_output(reminder)


# --- notifications -----------------------------------------------------------------------------


class NotificationPagination(ApiPagination):
    """The API's pages, with the bell's number: how many of the person's notifications are
    unread, whatever the page and the `unread` filter."""

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = [*paginated.get("required", []), "unread_count"]
        paginated["properties"]["unread_count"] = {
            "type": "integer",
            "example": 3,
            "description": "How many of your notifications are unread (all of them, not only "
            "this page's).",
        }
        return paginated


class NotificationListView(OutreachView, generics.ListAPIView):
    serializer_class = NotificationSerializer
    pagination_class = NotificationPagination

    def get_queryset(self) -> QuerySet[Notification]:
        if schema_only(self):
            return Notification.objects.none()
        query = NotificationQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return notifications_of_user(
            workspace=self.workspace,
            user=self.request.user,
            unread=query.validated_data["unread"],
        )

    def get_paginated_response(self, data) -> Response:
        response = super().get_paginated_response(data)
        response.data["unread_count"] = selectors.notifications_unread_count(
            workspace=self.workspace, user=self.request.user
        )
        return response

    @extend_schema(
        summary="List my notifications",
        description="What your bell shows in this workspace, newest first, 50 a page: fired "
        "reminders, follow-up drafts ready, pitches blocked at send. The body's "
        "`unread_count` is the bell's number. `unread=true` lists only the unread ones.",
        tags=NOTIFICATION_TAGS,
        parameters=[NotificationQuerySerializer],
        responses={200: NotificationSerializer(many=True), **error_responses(400, *READ_ERRORS)},
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


class NotificationsReadView(OutreachView):
    serializer_class = NotificationsMarkReadSerializer
    # Each person's own bell: viewers have one too.
    write_role = Role.VIEWER

    @extend_schema(
        summary="Mark notifications read",
        description='`{"ids": [...]}` marks those of yours; `{}` marks all of yours in this '
        "workspace. Ids that are not your unread notifications are left alone; `marked` says "
        "how many changed.",
        tags=NOTIFICATION_TAGS,
        request=NotificationsMarkReadSerializer,
        responses={200: NotificationsMarkedSerializer, **error_responses(400, 401, 404, 429)},
    )
    def post(self, request: Request, slug: str) -> Response:
        data = self.input(NotificationsMarkReadSerializer)
        marked = notifications_mark_read(
            user=request.user,
            workspace=self.workspace,
            public_ids=data.get("ids"),
            now=timezone.now(),
        )
        return Response({"marked": marked})
