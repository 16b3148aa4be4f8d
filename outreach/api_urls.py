"""Outreach API, under /api/v1/w/<slug>/ (namespace "api:outreach-api"): pitches, templates,
the contact policy, the inbox of inbound email (outreach.api.inbox), and reminders and
notifications (outreach.api.reminders)."""

from django.urls import path

from outreach.api import inbox as inbox_api
from outreach.api import pitches, policy, templates
from outreach.api import reminders as reminders_api

app_name = "outreach-api"

PITCH = "pitches/<uuid:public_id>/"
INBOX_MESSAGE = "inbox/<uuid:public_id>/"
REMINDER = "reminders/<uuid:public_id>/"

urlpatterns = [
    path("pitches/", pitches.PitchListView.as_view(), name="pitch-list"),
    path(PITCH, pitches.PitchDetailView.as_view(), name="pitch-detail"),
    path(f"{PITCH}check/", pitches.PitchCheckView.as_view(), name="pitch-check"),
    path(f"{PITCH}send/", pitches.PitchSendView.as_view(), name="pitch-send"),
    path(f"{PITCH}mark-sent/", pitches.PitchMarkSentView.as_view(), name="pitch-mark-sent"),
    path(f"{PITCH}answer/", pitches.PitchAnswerView.as_view(), name="pitch-answer"),
    path(f"{PITCH}cancel/", pitches.PitchCancelView.as_view(), name="pitch-cancel"),
    path(f"{PITCH}follow-up/", pitches.PitchFollowUpView.as_view(), name="pitch-follow-up"),
    path("templates/", templates.TemplateListView.as_view(), name="template-list"),
    path(
        "templates/<uuid:public_id>/",
        templates.TemplateDetailView.as_view(),
        name="template-detail",
    ),
    path("contact-policy/", policy.ContactPolicyView.as_view(), name="contact-policy"),
    path(
        "contact-policy/influencers/",
        policy.PolicyOverrideListView.as_view(),
        name="policy-override-list",
    ),
    path(
        "contact-policy/influencers/<uuid:public_id>/",
        policy.PolicyOverrideView.as_view(),
        name="policy-override",
    ),
    path("inbox/", inbox_api.InboxListView.as_view(), name="inbox-list"),
    path(INBOX_MESSAGE, inbox_api.InboxDetailView.as_view(), name="inbox-detail"),
    path(f"{INBOX_MESSAGE}attach/", inbox_api.InboxAttachView.as_view(), name="inbox-attach"),
    path(f"{INBOX_MESSAGE}discard/", inbox_api.InboxDiscardView.as_view(), name="inbox-discard"),
    path(f"{INBOX_MESSAGE}restore/", inbox_api.InboxRestoreView.as_view(), name="inbox-restore"),
    path(
        "inbound/<uuid:public_id>/away/", inbox_api.InboundAwayView.as_view(), name="inbound-away"
    ),
    path("reminders/", reminders_api.ReminderListView.as_view(), name="reminder-list"),
    path(REMINDER, reminders_api.ReminderDetailView.as_view(), name="reminder-detail"),
    path(f"{REMINDER}done/", reminders_api.ReminderDoneView.as_view(), name="reminder-done"),
    path(
        f"{REMINDER}dismiss/", reminders_api.ReminderDismissView.as_view(), name="reminder-dismiss"
    ),
    path(f"{REMINDER}snooze/", reminders_api.ReminderSnoozeView.as_view(), name="reminder-snooze"),
    path("notifications/", reminders_api.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/read/",
        reminders_api.NotificationsReadView.as_view(),
        name="notifications-read",
    ),
]
