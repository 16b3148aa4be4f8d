"""Django admin for site admins: sending identities, pitch templates, pitches and their files.

People pitch through the app's pages and API, where the contact guard decides; the admin is for
looking things up and fixing text. So pitches are never added here, and a pitch's life (status,
moments, verdict, override, outbox row) is read-only: only a draft's words and topics change.
The stored verdict shows as the guard's sentences. Attachments are listed by name and path;
their files are served only by the permission-checked page, never from a public URL. Inbound
messages are what came in, as it came: read-only (people attach or discard them in the inbox).
"""

from django.contrib import admin
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from irm.admin import ReadOnlyAdmin
from outreach.models import (
    CalendarFeed,
    DigestDelivery,
    InboundAttachment,
    InboundMessage,
    Notification,
    Pitch,
    PitchAttachment,
    PitchStatus,
    PitchTemplate,
    Reminder,
    SendingIdentity,
)


@admin.register(SendingIdentity)
class SendingIdentityAdmin(admin.ModelAdmin):
    list_display = ("from_name", "user", "workspace")
    list_filter = ("workspace",)
    list_select_related = ("user", "workspace")
    search_fields = ("from_name", "user__email", "user__name", "workspace__name")
    autocomplete_fields = ("workspace", "user")


@admin.register(PitchTemplate)
class PitchTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "workspace", "created_by", "updated_at", "archived_at")
    list_filter = (("archived_at", admin.EmptyFieldListFilter), "workspace")
    list_select_related = ("workspace", "created_by")
    search_fields = ("name", "subject", "workspace__name")
    autocomplete_fields = ("workspace", "topics")
    raw_id_fields = ("created_by",)
    readonly_fields = ("public_id", "created_at", "updated_at")

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


class ReadOnlyInline(admin.TabularInline):
    """Files listed with their row, never added or removed here (the composer and the webhook
    check them: type, size, content)."""

    extra = 0
    can_delete = False

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class PitchAttachmentInline(ReadOnlyInline):
    model = PitchAttachment
    fields = ("name", "content_type", "size", "stored_as", "uploaded_at")

    @admin.display(description="Stored as")
    def stored_as(self, attachment: PitchAttachment) -> str:
        return attachment.file.name


# What a pitch's life is made of: the services write these, never a form.
LIFECYCLE_FIELDS = (
    "public_id",
    "workspace",
    "influencer",
    "author",
    "channel",
    "status",
    "follow_up_of",
    "template",
    "context_type",
    "context_id",
    "send_at",
    "admitted_at",
    "sent_at",
    "replied_at",
    "answered_at",
    "declined_topics",
    "outbox_email",
    "delivery",
    "message_id",
    "delivery_failed_at",
    "delivery_failure",
    "verdict_summary",
    "override_reason",
    "overridden_by",
    "created_at",
    "updated_at",
)
WORDS_FIELDS = ("subject", "body", "topics")


@admin.register(Pitch)
class PitchAdmin(admin.ModelAdmin):
    list_display = ("summary", "status", "channel", "influencer", "author", "sent_at", "workspace")
    list_filter = ("status", "channel", ("sent_at", admin.DateFieldListFilter), "workspace")
    list_select_related = ("influencer", "author", "workspace")
    search_fields = ("subject", "influencer__name", "author__email", "author__name", "message_id")
    date_hierarchy = "created_at"
    show_full_result_count = False  # a big table: no second COUNT(*) per page
    autocomplete_fields = ("topics",)
    inlines = [PitchAttachmentInline]
    fieldsets = (
        (None, {"fields": ("public_id", "workspace", "influencer", "author", "channel")}),
        ("Words", {"fields": WORDS_FIELDS}),
        (
            "Life",
            {
                "fields": (
                    "status",
                    "template",
                    "follow_up_of",
                    ("context_type", "context_id"),
                    "send_at",
                    "admitted_at",
                    "sent_at",
                    "replied_at",
                    "answered_at",
                    "declined_topics",
                )
            },
        ),
        ("Contact guard", {"fields": ("verdict_summary", "override_reason", "overridden_by")}),
        (
            "Delivery",
            {
                "fields": (
                    "outbox_email",
                    "delivery",
                    "message_id",
                    "delivery_failed_at",
                    "delivery_failure",
                )
            },
        ),
        ("Dates", {"fields": ("created_at", "updated_at")}),
    )

    def has_add_permission(self, request) -> bool:
        return False  # a pitch starts in the composer or the API, as a draft

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == PitchStatus.DRAFT:
            return LIFECYCLE_FIELDS
        return LIFECYCLE_FIELDS + WORDS_FIELDS

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)

    @admin.display(description="Pitch", ordering="subject")
    def summary(self, pitch: Pitch) -> str:
        return pitch.subject or pitch.body[:60] or "(empty)"

    @admin.display(description="Delivery status")
    def delivery(self, pitch: Pitch) -> str:
        if pitch.outbox_email_id is None:
            return "—"
        return pitch.outbox_email.get_status_display()

    @admin.display(description="Verdict")
    def verdict_summary(self, pitch: Pitch) -> str:
        """The guard's verdict as it was stored, one finding a line (escaped)."""
        findings = (pitch.verdict or {}).get("findings") or []
        if not pitch.verdict:
            return "Not checked at send yet."
        if not findings:
            return "Allowed, nothing to note."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li><strong>{}</strong> ({}{}): {}</li>",
                (
                    (
                        finding.get("severity", ""),
                        finding.get("rule", ""),
                        ", a manager may override" if finding.get("overridable") else "",
                        finding.get("message", ""),
                    )
                    for finding in findings
                ),
            ),
        )


@admin.register(PitchAttachment)
class PitchAttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "pitch", "content_type", "size", "uploaded_at")
    list_select_related = ("pitch",)
    search_fields = ("name", "pitch__subject", "pitch__influencer__name")
    fields = ("public_id", "pitch", "name", "content_type", "size", "stored_as", "uploaded_at")
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        return False  # files are checked (type, size, content) by the composer

    @admin.display(description="Stored as")
    def stored_as(self, attachment: PitchAttachment) -> str:
        return attachment.file.name


class InboundAttachmentInline(ReadOnlyInline):
    model = InboundAttachment
    fields = ("name", "content_type", "size", "stored_as", "not_kept_reason")

    @admin.display(description="Stored as")
    def stored_as(self, attachment: InboundAttachment) -> str:
        return attachment.file.name or "—"


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    # Added by nobody here: mail comes in through the webhook or `manage.py ingest_email`.
    list_display = (
        "subject",
        "from_address",
        "kind",
        "status",
        "matched_by",
        "influencer",
        "received_at",
        "workspace",
    )
    list_filter = ("status", "kind", "matched_by", "workspace")
    list_select_related = ("influencer", "workspace")
    search_fields = ("subject", "from_address", "message_id", "influencer__name")
    date_hierarchy = "received_at"
    show_full_result_count = False
    inlines = [InboundAttachmentInline]
    fieldsets = (
        (None, {"fields": ("public_id", "workspace", "kind", "status", "matched_by", "note")}),
        (
            "Message",
            {
                "fields": (
                    "message_id",
                    "in_reply_to",
                    "references",
                    ("from_name", "from_address"),
                    "to_addresses",
                    "cc_addresses",
                    "subject",
                    ("sent_at", "received_at"),
                    "body_text",
                    "quoted_text",
                    "from_html",
                    "headers",
                    "raw",
                )
            },
        ),
        ("Where it belongs", {"fields": ("influencer", "pitch", "interaction")}),
        ("Auto-reply", {"fields": ("auto_reply_marker", "away_until", "away_decision")}),
        (
            "Delivery report",
            {"fields": ("delivery_failed", "failed_recipient", "delivery_diagnostic")},
        ),
        ("Handled", {"fields": ("handled_by", "handled_at")}),
    )


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    """Reminders are planned and fired by the services; here a site admin looks one up, or
    puts a failing one back (status and next attempt stay editable)."""

    list_display = ("title", "kind", "status", "due_at", "assignee", "influencer", "workspace")
    list_filter = ("status", "kind", "workspace")
    list_select_related = ("assignee", "influencer", "workspace")
    search_fields = ("title", "dedupe_key", "assignee__email", "influencer__name")
    date_hierarchy = "due_at"
    show_full_result_count = False
    raw_id_fields = ("assignee", "influencer", "pitch", "created_by")
    readonly_fields = (
        "public_id",
        "workspace",
        "kind",
        "dedupe_key",
        "planned_from",
        "source_type",
        "source_id",
        "attempts",
        "last_error",
        "fired_at",
        "closed_at",
        "closed_reason",
        "created_at",
        "updated_at",
    )

    def has_add_permission(self, request) -> bool:
        return False  # planners and people on the reminders page make them


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "user", "created_at", "read_at", "emailed_at", "workspace")
    list_filter = ("kind", ("read_at", admin.EmptyFieldListFilter), "workspace")
    list_select_related = ("user", "workspace")
    search_fields = ("title", "user__email", "dedupe_key")
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(DigestDelivery)
class DigestDeliveryAdmin(ReadOnlyAdmin):
    list_display = ("user", "workspace", "local_date", "outbox_email", "created_at")
    list_filter = ("workspace",)
    list_select_related = ("user", "workspace", "outbox_email")
    search_fields = ("user__email",)
    date_hierarchy = "local_date"


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Only the hash of a feed's secret is kept; deleting the row revokes the feed."""

    list_display = ("user", "workspace", "created_at", "last_used_at")
    list_select_related = ("user", "workspace")
    search_fields = ("user__email",)
    readonly_fields = ("user", "workspace", "secret_hash", "created_at", "last_used_at")

    def has_add_permission(self, request) -> bool:
        return False
