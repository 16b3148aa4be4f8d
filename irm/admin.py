"""The site admin of irm's tables (users, workspaces, memberships, teams, invitations, API
tokens, the audit log, the outbox) and what other apps' admins share: https-only URL fields
and the read-only admin for rows the services write."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.db import models

from irm.models import (
    ApiToken,
    AuditEvent,
    Invitation,
    Membership,
    OutboxEmail,
    Team,
    User,
    Workspace,
)
from irm.outbox import outbox_body_visible


class HttpsUrlFields:
    """Admin forms read a URL typed without a scheme as https (what people paste nowadays);
    for ModelAdmin and inline classes of every app."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.URLField):
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "name")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ("email", "name", "time_zone", "is_active", "is_staff", "date_joined")
    list_filter = ("is_active", "is_staff", "is_superuser", "daily_digest")
    search_fields = ("email", "name")
    ordering = ("email",)
    readonly_fields = ("public_id", "date_joined", "last_login")
    fieldsets = (
        (None, {"fields": ("public_id", "email", "password")}),
        ("Profile", {"fields": ("name", "time_zone")}),
        ("Notifications", {"fields": ("email_notifications", "daily_digest")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("user", "role", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("user",)


@admin.register(Workspace)
class WorkspaceAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "time_zone", "reply_to_address", "created_at")
    search_fields = ("name", "slug", "reply_to_address")
    list_filter = ("time_zone",)
    readonly_fields = ("public_id", "created_at")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "workspace", "role", "created_at")
    list_filter = ("role", "workspace")
    search_fields = ("user__email", "user__name", "workspace__name", "workspace__slug")
    list_select_related = ("user", "workspace")
    raw_id_fields = ("user", "workspace")
    readonly_fields = ("public_id", "created_at")


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "workspace", "created_at")
    list_filter = ("workspace",)
    search_fields = ("name", "workspace__name")
    list_select_related = ("workspace",)
    filter_horizontal = ("members",)
    readonly_fields = ("public_id", "created_at")


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ("email", "workspace", "role", "invited_by", "expires_at", "accepted_at")
    list_filter = ("role", "workspace", ("accepted_at", admin.EmptyFieldListFilter))
    search_fields = ("email", "workspace__name")
    list_select_related = ("workspace", "invited_by")
    raw_id_fields = ("invited_by", "accepted_by", "workspace")
    readonly_fields = ("public_id", "token_hash", "created_at", "accepted_at", "accepted_by")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "prefix",
        "user",
        "workspace",
        "created_at",
        "last_used_at",
        "revoked_at",
    )
    list_filter = ("workspace", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("name", "prefix", "user__email", "workspace__name")
    list_select_related = ("user", "workspace")
    readonly_fields = ("public_id", "prefix", "key_hash", "created_at", "last_used_at")
    raw_id_fields = ("user", "workspace")

    def has_add_permission(self, request) -> bool:
        return False  # tokens are issued by the app or `manage.py issue_api_token`, shown once


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows the services write (audit events, imports, notifications, digests, inbound mail):
    every field shown, none added here."""

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Append-only: readable, never added, changed or deleted here."""

    list_display = ("created_at", "action", "actor", "workspace", "target_type", "target_id")
    list_filter = ("action", "workspace")
    search_fields = ("target_id", "actor__email")
    list_select_related = ("actor", "workspace")
    date_hierarchy = "created_at"

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Read-only: email is queued by the app (irm/outbox.py) and an `unknown` row is resolved
    on the outbox page (/outbox/), so every change goes through the outbox services."""

    list_display = ("subject", "to_address", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("subject", "to_address", "message_id")
    list_select_related = ("workspace",)
    date_hierarchy = "created_at"
    fields = (
        "public_id",
        "workspace",
        "kind",
        "status",
        "message_id",
        "from_address",
        "to_address",
        "reply_to",
        "subject",
        "headers",
        "body_text",
        "not_before",
        "attempts",
        "claimed_at",
        "sent_at",
        "last_error",
        "created_at",
    )
    readonly_fields = fields

    def get_fields(self, request, obj=None):
        # A password reset's body signs its recipient in: superusers only (they could set
        # that person's password anyway).
        if obj is not None and not outbox_body_visible(email=obj, user=request.user):
            return tuple(field for field in self.fields if field != "body_text")
        return self.fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
