"""Campaigns API, under /api/v1/w/<slug>/ (namespace "api:campaigns-api"): brands, campaigns
and their report figures, collaborations on the board, offers, deliverables, payments and
the exchange rates offers are compared through."""

from django.urls import path

from campaigns import api

app_name = "campaigns-api"

BRAND = "brands/<uuid:public_id>/"
CAMPAIGN = "campaigns/<uuid:public_id>/"
COLLABORATION = "collaborations/<uuid:public_id>/"
OFFER = "offers/<uuid:public_id>/"
DELIVERABLE = "deliverables/<uuid:public_id>/"
PAYMENT = "payments/<uuid:public_id>/"

urlpatterns = [
    path("brands/", api.BrandListView.as_view(), name="brand-list"),
    path(BRAND, api.BrandDetailView.as_view(), name="brand-detail"),
    path("campaigns/", api.CampaignListView.as_view(), name="campaign-list"),
    path(CAMPAIGN, api.CampaignDetailView.as_view(), name="campaign-detail"),
    path(f"{CAMPAIGN}report/", api.CampaignReportView.as_view(), name="campaign-report"),
    path(
        f"{CAMPAIGN}collaborations/",
        api.CollaborationListView.as_view(),
        name="collaboration-list",
    ),
    path(COLLABORATION, api.CollaborationDetailView.as_view(), name="collaboration-detail"),
    path(f"{COLLABORATION}move/", api.CollaborationMoveView.as_view(), name="collaboration-move"),
    path(
        f"{COLLABORATION}invite/",
        api.CollaborationInviteView.as_view(),
        name="collaboration-invite",
    ),
    path(f"{COLLABORATION}offers/", api.OfferListView.as_view(), name="offer-list"),
    path(f"{OFFER}decide/", api.OfferDecideView.as_view(), name="offer-decide"),
    path(
        f"{COLLABORATION}deliverables/", api.DeliverableListView.as_view(), name="deliverable-list"
    ),
    path(DELIVERABLE, api.DeliverableDetailView.as_view(), name="deliverable-detail"),
    path(f"{DELIVERABLE}submit/", api.DeliverableSubmitView.as_view(), name="deliverable-submit"),
    path(
        f"{DELIVERABLE}request-changes/",
        api.DeliverableRequestChangesView.as_view(),
        name="deliverable-request-changes",
    ),
    path(
        f"{DELIVERABLE}approve/", api.DeliverableApproveView.as_view(), name="deliverable-approve"
    ),
    path(
        f"{DELIVERABLE}publish/", api.DeliverablePublishView.as_view(), name="deliverable-publish"
    ),
    path(
        f"{DELIVERABLE}results/", api.DeliverableResultsView.as_view(), name="deliverable-results"
    ),
    path(f"{COLLABORATION}payments/", api.PaymentListView.as_view(), name="payment-list"),
    path(f"{PAYMENT}paid/", api.PaymentPaidView.as_view(), name="payment-paid"),
    path("exchange-rates/", api.ExchangeRateListView.as_view(), name="exchange-rate-list"),
]
