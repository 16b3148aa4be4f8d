"""Outreach pages, under /w/<slug>/ (namespace "outreach")."""

from django.urls import path

from outreach.views import (
    board,
    calendar,
    compose,
    inbox,
    library,
    notifications,
    privacy,
    reminders,
)

app_name = "outreach"

urlpatterns = [
    path("outreach/", board.index, name="index"),
    path("reminders/calendar/", calendar.calendar_feed, name="calendar-feed"),
    path("outreach/new/", compose.pitch_new, name="pitch-new"),
    path(
        "outreach/privacy-notice/<uuid:public_id>/",
        privacy.privacy_notice,
        name="privacy-notice",
    ),
    path("outreach/check/", compose.pitch_check, name="pitch-check"),
    path("outreach/remind/", compose.pitch_remind, name="pitch-remind"),
    path("outreach/templates/", library.templates_index, name="templates"),
    path("outreach/templates/new/", library.template_new, name="template-new"),
    path("outreach/templates/preview/", library.template_preview, name="template-preview"),
    path("outreach/templates/<uuid:public_id>/", library.template_edit, name="template-edit"),
    path(
        "outreach/templates/<uuid:public_id>/archive/",
        library.template_archive,
        name="template-archive",
    ),
    path("outreach/identity/", library.identity, name="identity"),
    path("outreach/attachments/<uuid:public_id>/", board.attachment_download, name="attachment"),
    path(
        "outreach/attachments/<uuid:public_id>/remove/",
        compose.attachment_remove,
        name="attachment-remove",
    ),
    path("outreach/<uuid:public_id>/", board.pitch_detail, name="pitch-detail"),
    path("outreach/<uuid:public_id>/edit/", compose.pitch_edit, name="pitch-edit"),
    path("outreach/<uuid:public_id>/cancel/", board.pitch_cancel, name="pitch-cancel"),
    path("outreach/<uuid:public_id>/answer/", board.pitch_answer, name="pitch-answer"),
    path("outreach/<uuid:public_id>/follow-up/", board.pitch_follow_up, name="pitch-follow-up"),
    # Inbound email that found no pitch and no influencer, and what people decide about it.
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/count/", inbox.inbox_count, name="inbox-count"),
    path("inbox/attachments/<uuid:public_id>/", inbox.attachment_download, name="inbox-attachment"),
    path("inbox/<uuid:public_id>/", inbox.message_detail, name="inbox-message"),
    path("inbox/<uuid:public_id>/attach/", inbox.message_attach, name="inbox-attach"),
    path("inbox/<uuid:public_id>/discard/", inbox.message_discard, name="inbox-discard"),
    path("inbox/<uuid:public_id>/restore/", inbox.message_restore, name="inbox-restore"),
    path("inbox/<uuid:public_id>/away/", inbox.away_decide, name="inbound-away"),
    # What needs doing and when (reminders), and the bell (notifications): each person's own.
    path("reminders/", reminders.reminders, name="reminders"),
    path("reminders/new/", reminders.reminder_new, name="reminder-new"),
    path("reminders/<uuid:public_id>/done/", reminders.reminder_done_view, name="reminder-done"),
    path(
        "reminders/<uuid:public_id>/snooze/", reminders.reminder_snooze_view, name="reminder-snooze"
    ),
    path(
        "reminders/<uuid:public_id>/dismiss/",
        reminders.reminder_dismiss_view,
        name="reminder-dismiss",
    ),
    path("notifications/", notifications.notifications, name="notifications"),
    path("notifications/read/", notifications.notifications_read, name="notifications-read"),
    path("notifications/count/", notifications.notifications_count, name="notifications-count"),
]
