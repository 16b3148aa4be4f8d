"""Django admin for site admins: brands, campaigns and everything of a collaboration, to look
things up and fix text. Contract files are listed by name; they are served only by the
permission-checked page, never from a public URL. Share links keep only a hash."""

from django.contrib import admin

from campaigns.models import (
    Brand,
    Campaign,
    Collaboration,
    Deliverable,
    DeliverableResult,
    ExchangeRate,
    Moment,
    Offer,
    OfferItem,
    Payment,
    ReportShareLink,
    Shipment,
)
from irm.admin import HttpsUrlFields


@admin.register(Brand)
class BrandAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("name", "workspace", "created_at")
    list_filter = ("workspace",)
    list_select_related = ("workspace",)
    search_fields = ("name", "values")
    readonly_fields = ("public_id", "created_at")


@admin.register(Campaign)
class CampaignAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("name", "brand", "status", "starts_on", "ends_on", "budget", "currency")
    list_filter = ("status", "workspace")
    list_select_related = ("brand",)
    search_fields = ("name", "brand__name")
    date_hierarchy = "starts_on"
    raw_id_fields = ("brand", "owner", "team")
    readonly_fields = ("public_id", "created_at", "updated_at")


class OfferItemInline(HttpsUrlFields, admin.TabularInline):
    model = OfferItem
    extra = 0


@admin.register(Offer)
class OfferAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("collaboration", "fee", "currency", "product_value", "status", "created_at")
    list_filter = ("status",)
    list_select_related = ("collaboration__influencer", "collaboration__campaign")
    raw_id_fields = ("collaboration", "created_by")
    readonly_fields = ("public_id", "created_at")
    inlines = [OfferItemInline]


class PaymentInline(HttpsUrlFields, admin.TabularInline):
    model = Payment
    extra = 0
    fields = ("amount", "currency", "due_on", "paid_at", "note")
    readonly_fields = ("paid_at",)


class DeliverableInline(HttpsUrlFields, admin.TabularInline):
    model = Deliverable
    extra = 0
    fields = ("kind", "title", "due_on", "status", "published_url")
    readonly_fields = ("status",)


@admin.register(Collaboration)
class CollaborationAdmin(HttpsUrlFields, admin.ModelAdmin):
    """The stage moves through the pipeline's services (they write the timeline): read-only."""

    list_display = ("influencer", "campaign", "stage", "contract_status", "stage_changed_at")
    list_filter = ("stage", "contract_status", "workspace")
    list_select_related = ("influencer", "campaign")
    search_fields = ("influencer__name", "campaign__name")
    raw_id_fields = ("campaign", "influencer", "owner", "invitation")
    readonly_fields = (
        "public_id",
        "workspace",
        "stage",
        "stage_changed_at",
        "contract_status",
        "contract_signed_on",
        "contract_file",
        "created_at",
        "updated_at",
    )
    inlines = [PaymentInline, DeliverableInline]


@admin.register(ExchangeRate)
class ExchangeRateAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("from_currency", "to_currency", "rate", "as_of", "workspace", "set_by")
    list_filter = ("workspace", "from_currency", "to_currency")
    raw_id_fields = ("set_by",)


@admin.register(Payment)
class PaymentAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("collaboration", "amount", "currency", "due_on", "paid_at")
    list_filter = (("paid_at", admin.EmptyFieldListFilter),)
    list_select_related = ("collaboration__influencer", "collaboration__campaign")
    raw_id_fields = ("collaboration",)
    readonly_fields = ("public_id", "paid_at", "created_at")


@admin.register(Shipment)
class ShipmentAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("collaboration", "carrier", "tracking", "shipped_at", "delivered_at")
    list_select_related = ("collaboration__influencer",)
    search_fields = ("tracking", "collaboration__influencer__name")
    raw_id_fields = ("collaboration",)
    readonly_fields = ("public_id",)


class DeliverableResultInline(HttpsUrlFields, admin.StackedInline):
    model = DeliverableResult
    extra = 0


@admin.register(Deliverable)
class DeliverableAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("__str__", "kind", "status", "due_on", "collaboration")
    list_filter = ("status", "kind")
    list_select_related = ("collaboration__influencer",)
    search_fields = ("title", "published_url", "collaboration__influencer__name")
    raw_id_fields = ("collaboration",)
    readonly_fields = ("public_id", "status", "created_at", "updated_at")
    inlines = [DeliverableResultInline]


@admin.register(Moment)
class MomentAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("__str__", "collaboration", "author", "created_at")
    list_select_related = ("collaboration__influencer", "author")
    search_fields = ("text",)
    raw_id_fields = ("collaboration", "deliverable", "author")
    readonly_fields = ("public_id", "created_at")


@admin.register(ReportShareLink)
class ReportShareLinkAdmin(HttpsUrlFields, admin.ModelAdmin):
    list_display = ("campaign", "expires_at", "revoked_at", "created_by", "last_used_at")
    list_select_related = ("campaign", "created_by")
    readonly_fields = (
        "public_id",
        "campaign",
        "secret_hash",
        "created_by",
        "created_at",
        "last_used_at",
    )

    def has_add_permission(self, request) -> bool:
        return False  # made on the report page, where the secret is shown once
