"""Django admin for site admins: every contacts model, usable with many rows.

The app's pages and API are where people work; the admin is for looking things up and fixing
data. So changelists select their related rows in the same query, large relations (influencer,
owner, workspace) are picked by autocomplete or by id instead of a dropdown of every row, and
the biggest tables skip the full count. Rows that belong to an influencer take the
influencer's workspace (it is not asked for), and edits keep what the services keep: an
influencer's search document and total followers, and the last-contact dates of the timeline.
"""

import contextlib
import uuid

from django import forms
from django.contrib import admin
from django.db import models
from django.utils import timezone

from contacts import normalize
from contacts.models import (
    ChannelPermission,
    Commitment,
    ContactPolicy,
    HealthSnapshot,
    ImportJob,
    Influencer,
    InfluencerEmail,
    InfluencerList,
    Interaction,
    ListEntry,
    MetricSnapshot,
    RateCard,
    SocialAccount,
    Topic,
)
from contacts.selectors import search
from contacts.services.erasure import influencer_erase
from contacts.services.profiles import (
    influencer_refresh_search,
    influencer_refresh_total_followers,
    social_account_snapshot,
)
from contacts.services.timeline import influencer_refresh_last_contact
from irm.admin import HttpsUrlFields, ReadOnlyAdmin


class ContactsModelAdmin(HttpsUrlFields, admin.ModelAdmin):
    pass


class ContactsInline(HttpsUrlFields, admin.TabularInline):
    extra = 0


def influencer_keep_derived(influencer: Influencer) -> None:
    """What contacts.services keep after any change to a profile, its emails or accounts: the
    search document, the sort name and the total of followers (the list's sorts and filter)."""
    influencer_refresh_total_followers(influencer=influencer)
    Influencer.objects.filter(pk=influencer.pk).update(
        sort_name=normalize.sort_key(influencer.name)
    )
    influencer_refresh_search(influencer=influencer)


# --- forms: rows of an influencer take its workspace -------------------------------------------


class InfluencerRowForm(forms.ModelForm):
    """A row that belongs to an influencer: its workspace is the influencer's. The unique
    rules keyed on the workspace (emails, handles) are checked here, since the workspace is
    not a field of the form. The admin builds each form's Meta (with https as the scheme
    URLs assume)."""

    def influencer(self) -> Influencer | None:
        influencer = self.cleaned_data.get("influencer")
        if influencer is None and self.instance.influencer_id is not None:
            influencer = self.instance.influencer
        return influencer

    def clean(self):
        cleaned = super().clean()
        influencer = self.influencer()
        if influencer is not None:
            self.instance.workspace_id = influencer.workspace_id
        return cleaned


class InfluencerEmailForm(InfluencerRowForm):
    def clean(self):
        cleaned = super().clean()
        influencer = self.influencer()
        address = normalize.email(cleaned.get("email") or "")
        if influencer is not None and address:
            cleaned["email"] = address
            clash = InfluencerEmail.objects.filter(
                workspace=influencer.workspace_id, email__iexact=address
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("email", "Another influencer already has this email address.")
        return cleaned


class SocialAccountForm(InfluencerRowForm):
    def clean(self):
        cleaned = super().clean()
        influencer = self.influencer()
        handle = normalize.handle(cleaned.get("handle") or "")
        if influencer is not None and handle and cleaned.get("platform"):
            cleaned["handle"] = handle
            clash = SocialAccount.objects.filter(
                workspace=influencer.workspace_id, platform=cleaned["platform"], handle=handle
            ).exclude(pk=self.instance.pk)
            if clash.exists():
                self.add_error("handle", "Another influencer already has this handle.")
        return cleaned


class InfluencerForm(forms.ModelForm):
    """Owner, team and topics must be of the influencer's workspace (as the services say).
    The admin builds the form's Meta (all fields but the read-only ones)."""

    def clean(self):
        cleaned = super().clean()
        workspace = cleaned.get("workspace")
        if workspace is None:
            return cleaned
        owner = cleaned.get("owner")
        if owner is not None and not owner.memberships.filter(workspace=workspace).exists():
            self.add_error("owner", "The owner must be a member of this workspace.")
        team = cleaned.get("team")
        if team is not None and team.workspace_id != workspace.pk:
            self.add_error("team", "The team must belong to this workspace.")
        topics = cleaned.get("topics")
        if topics is not None and any(topic.workspace_id != workspace.pk for topic in topics):
            self.add_error("topics", "Pick topics of this workspace.")
        return cleaned


# --- topics and influencers --------------------------------------------------------------------


@admin.register(Topic)
class TopicAdmin(ContactsModelAdmin):
    list_display = ("name", "workspace")
    list_filter = ("workspace",)
    list_select_related = ("workspace",)
    search_fields = ("name",)
    autocomplete_fields = ("workspace",)
    readonly_fields = ("public_id",)


class InfluencerEmailInline(ContactsInline):
    model = InfluencerEmail
    form = InfluencerEmailForm
    fields = ("email", "is_primary")


class SocialAccountInline(ContactsInline):
    model = SocialAccount
    form = SocialAccountForm
    fields = ("platform", "handle", "url", "followers", "engagement_rate", "verified")


class RateCardInline(ContactsInline):
    model = RateCard
    form = InfluencerRowForm
    fields = ("deliverable_type", "amount", "currency", "notes")


class ChannelPermissionInline(ContactsInline):
    model = ChannelPermission
    form = InfluencerRowForm
    fields = ("channel", "is_open", "since", "evidence", "recorded_by")
    readonly_fields = ("recorded_by",)


@admin.register(Influencer)
class InfluencerAdmin(ContactsModelAdmin):
    """Saving keeps the search document and total followers fresh (save_related), as the
    services do: the influencer list's search and sorts depend on them."""

    form = InfluencerForm
    list_display = (
        "name",
        "workspace",
        "owner",
        "team",
        "stage",
        "total_followers",
        "do_not_contact",
        "last_outbound_at",
        "health_band",
        "health_score",
    )
    list_filter = (
        "stage",
        "health_band",
        "do_not_contact",
        ("erased_at", admin.EmptyFieldListFilter),
        "workspace",
    )
    list_select_related = ("workspace", "owner", "team")
    search_fields = ("name",)
    autocomplete_fields = ("workspace", "owner", "team", "topics")
    raw_id_fields = ("do_not_contact_by",)
    readonly_fields = (
        "public_id",
        "created_by",
        "total_followers",
        "last_inbound_at",
        "last_outbound_at",
        "last_two_way_at",
        # Set when the privacy notice is sent (outreach), never by hand.
        "privacy_notice_sent_at",
        "created_at",
        "updated_at",
        # Health is computed (contacts.services.health) and an override goes through
        # contacts.services.health_overrides, which checks the manager's role, audits it and
        # recomputes at once: an edit here would skip all three and be overwritten by the next
        # recompute.
        "health_score",
        "health_band",
        "health_reasons",
        "health_computed_at",
        "health_override_band",
        "health_override_reason",
        "health_override_until",
        "health_override_by",
        "health_override_at",
    )
    inlines = [InfluencerEmailInline, SocialAccountInline, RateCardInline, ChannelPermissionInline]
    actions = ["erase_selected"]

    def has_delete_permission(self, request, obj=None) -> bool:
        """No hard delete: a profile goes only by erasure (the action below), which also removes
        what outreach and campaigns hold about them and keeps their suppression digests."""
        return False

    @admin.action(description="Erase the selected influencers (cannot be undone)")
    def erase_selected(self, request, queryset):
        erased = 0
        for influencer in queryset.filter(erased_at__isnull=True).select_related("workspace"):
            influencer_erase(
                workspace=influencer.workspace, influencer=influencer, actor=request.user
            )
            erased += 1
        self.message_user(request, f"{erased} influencer(s) erased.")

    def get_search_results(self, request, queryset, search_term):
        """The app's own search (name, handles, email addresses, bio, topics, location; the
        GIN index serves it), or an exact email address or public id."""
        if not search_term.strip():
            return queryset, False
        matches = models.Q(emails__email__iexact=search_term.strip())
        query = search.query_for(search_term)
        if query is not None:
            matches |= models.Q(search_vector=query)
        with contextlib.suppress(ValueError):
            matches |= models.Q(public_id=uuid.UUID(search_term.strip()))
        # The email join may repeat a row: the changelist makes the rows distinct.
        return queryset.filter(matches), True

    def save_formset(self, request, form, formset, change):
        if formset.model is ChannelPermission:
            for row in formset.forms:
                if row.instance.pk is None:
                    row.instance.recorded_by = request.user
        super().save_formset(request, form, formset, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        influencer_keep_derived(form.instance)


# --- rows of an influencer ---------------------------------------------------------------------


class InfluencerRowAdmin(ContactsModelAdmin):
    """Rows of one influencer: picked by id (there may be millions), workspace from it."""

    form = InfluencerRowForm
    raw_id_fields = ("influencer",)
    readonly_fields = ("workspace",)
    list_select_related = ("influencer", "workspace")


class KeepsInfluencerDerived:
    """Emails and accounts are part of the search document (and accounts of the total)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        influencer_keep_derived(obj.influencer)

    def delete_model(self, request, obj):
        influencer = obj.influencer
        super().delete_model(request, obj)
        influencer_keep_derived(influencer)

    def delete_queryset(self, request, queryset):
        influencers = list(Influencer.objects.filter(pk__in=queryset.values("influencer_id")))
        super().delete_queryset(request, queryset)
        for influencer in influencers:
            influencer_keep_derived(influencer)


@admin.register(InfluencerEmail)
class InfluencerEmailAdmin(KeepsInfluencerDerived, InfluencerRowAdmin):
    form = InfluencerEmailForm
    list_display = ("email", "influencer", "is_primary", "workspace", "created_at")
    list_filter = ("is_primary", "workspace")
    search_fields = ("=email", "influencer__name")
    readonly_fields = ("workspace", "created_at")


@admin.register(SocialAccount)
class SocialAccountAdmin(KeepsInfluencerDerived, InfluencerRowAdmin):
    form = SocialAccountForm
    list_display = ("handle", "platform", "influencer", "followers", "verified", "workspace")
    list_filter = ("platform", "verified", "workspace")
    search_fields = ("handle", "influencer__name")
    readonly_fields = ("public_id", "workspace", "last_updated_at")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # The profile's trend ends where its accounts table stands, as after any other edit.
        social_account_snapshot(account=obj, now=timezone.now())


@admin.register(MetricSnapshot)
class MetricSnapshotAdmin(ContactsModelAdmin):
    list_display = ("social_account", "captured_on", "followers", "engagement_rate")
    list_select_related = ("social_account",)
    search_fields = ("social_account__handle",)
    raw_id_fields = ("social_account",)
    date_hierarchy = "captured_on"
    show_full_result_count = False


@admin.register(RateCard)
class RateCardAdmin(InfluencerRowAdmin):
    list_display = ("influencer", "deliverable_type", "amount", "currency", "updated_at")
    list_filter = ("deliverable_type", "currency", "workspace")
    search_fields = ("influencer__name", "notes")
    readonly_fields = ("public_id", "workspace", "updated_at")

    def save_model(self, request, obj, form, change):
        obj.updated_at = timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(ChannelPermission)
class ChannelPermissionAdmin(InfluencerRowAdmin):
    list_display = ("influencer", "channel", "is_open", "since", "evidence", "recorded_by")
    list_filter = ("channel", "is_open", "workspace")
    list_select_related = ("influencer", "workspace", "recorded_by")
    search_fields = ("influencer__name", "evidence")
    readonly_fields = ("public_id", "workspace", "recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        if obj.pk is None:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(ContactPolicy)
class ContactPolicyAdmin(ContactsModelAdmin):
    """A workspace's defaults (no influencer) or one influencer's overrides."""

    list_display = ("__str__", "workspace", "influencer", "cooldown_days", "max_follow_ups")
    list_filter = (("influencer", admin.EmptyFieldListFilter), "workspace")
    list_select_related = ("workspace", "influencer")
    search_fields = ("workspace__name", "influencer__name")
    autocomplete_fields = ("workspace",)
    raw_id_fields = ("influencer",)


# --- the timeline and commitments --------------------------------------------------------------


@admin.register(Interaction)
class InteractionAdmin(InfluencerRowAdmin):
    """Saving recomputes the influencer's last-contact dates from the timeline. Reply
    commitments are opened and fulfilled by contacts.services.interaction_record only: log
    entries in the app to get them."""

    list_display = ("occurred_at", "kind", "direction", "summary", "influencer", "author")
    list_filter = ("kind", "direction", "channel", ("deleted_at", admin.EmptyFieldListFilter))
    list_select_related = ("influencer", "workspace", "author")
    search_fields = ("=public_id", "influencer__name", "summary")
    raw_id_fields = ("influencer", "author")
    date_hierarchy = "occurred_at"
    show_full_result_count = False
    readonly_fields = (
        "public_id",
        "workspace",
        "source_type",
        "source_id",
        "created_at",
        "edited_at",
    )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        influencer_refresh_last_contact(influencer=obj.influencer)


@admin.register(Commitment)
class CommitmentAdmin(InfluencerRowAdmin):
    list_display = ("influencer", "kind", "description", "due_at", "fulfilled_at")
    list_filter = ("kind", ("fulfilled_at", admin.EmptyFieldListFilter), "workspace")
    search_fields = ("influencer__name", "description")
    raw_id_fields = ("influencer", "opened_by", "fulfilled_by")
    readonly_fields = ("public_id", "workspace", "source_type", "source_id", "created_at")
    date_hierarchy = "due_at"


# --- named lists and imports -------------------------------------------------------------------


class ListEntryForm(forms.ModelForm):
    def clean(self):
        cleaned = super().clean()
        influencer_list = cleaned.get("influencer_list") or getattr(
            self.instance, "influencer_list", None
        )
        influencer = cleaned.get("influencer")
        if (
            influencer_list is not None
            and influencer is not None
            and influencer.workspace_id != influencer_list.workspace_id
        ):
            self.add_error("influencer", "Pick an influencer of the list's workspace.")
        return cleaned


class ListEntryInline(ContactsInline):
    model = ListEntry
    form = ListEntryForm
    fields = ("influencer", "added_by", "added_at")
    readonly_fields = ("added_by", "added_at")
    raw_id_fields = ("influencer",)


@admin.register(InfluencerList)
class InfluencerListAdmin(ContactsModelAdmin):
    list_display = ("name", "workspace", "created_by", "created_at")
    list_filter = ("workspace",)
    list_select_related = ("workspace", "created_by")
    search_fields = ("name", "description")
    autocomplete_fields = ("workspace",)
    readonly_fields = ("public_id", "created_by", "created_at")
    inlines = [ListEntryInline]


@admin.register(ListEntry)
class ListEntryAdmin(ContactsModelAdmin):
    form = ListEntryForm
    list_display = ("influencer", "influencer_list", "added_by", "added_at")
    list_select_related = ("influencer", "influencer_list", "added_by")
    search_fields = ("influencer__name", "influencer_list__name")
    raw_id_fields = ("influencer_list", "influencer")
    readonly_fields = ("added_by", "added_at")


@admin.register(ImportJob)
class ImportJobAdmin(HttpsUrlFields, ReadOnlyAdmin):
    """Readable; imports are run from the app (upload, mapping, dry run, then the task)."""

    list_display = (
        "original_name",
        "workspace",
        "status",
        "processed_rows",
        "total_rows",
        "error_count",
        "created_by",
        "created_at",
    )
    list_filter = ("status", "workspace")
    list_select_related = ("workspace", "created_by")
    search_fields = ("original_name", "=public_id")
    date_hierarchy = "created_at"


@admin.register(HealthSnapshot)
class HealthSnapshotAdmin(ContactsModelAdmin):
    """One row per influencer and day, written only by contacts.services.health: read-only here,
    since a hand-edited snapshot would contradict the timeline it was computed from."""

    list_display = ("day", "influencer", "workspace", "band", "computed_band", "score")
    list_filter = ("band", "computed_band", "workspace")
    list_select_related = ("influencer", "workspace")
    search_fields = ("influencer__name",)
    date_hierarchy = "day"
    ordering = ("-day", "influencer__sort_name")
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
