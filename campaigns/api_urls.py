"""Campaigns API, under /api/v1/w/<slug>/ (namespace "api:campaigns-api"): brands, campaigns
and their report figures, collaborations on the board, offers, deliverables, payments and
the exchange rates offers are compared through. The views live in campaigns/api/, one module
per domain."""

from django.urls import path

from campaigns.api import campaigns, collaborations, deliverables, rates

app_name = "campaigns-api"

urlpatterns = [
    path("brands/", campaigns.BrandListView.as_view(), name="brand-list"),
    path("brands/<uuid:public_id>/", campaigns.BrandDetailView.as_view(), name="brand-detail"),
    path("campaigns/", campaigns.CampaignListView.as_view(), name="campaign-list"),
    path(
        "campaigns/<uuid:public_id>/",
        campaigns.CampaignDetailView.as_view(),
        name="campaign-detail",
    ),
    path(
        "campaigns/<uuid:public_id>/report/",
        campaigns.CampaignReportView.as_view(),
        name="campaign-report",
    ),
    path(
        "campaigns/<uuid:public_id>/collaborations/",
        collaborations.CollaborationListView.as_view(),
        name="collaboration-list",
    ),
    path(
        "collaborations/<uuid:public_id>/",
        collaborations.CollaborationDetailView.as_view(),
        name="collaboration-detail",
    ),
    path(
        "collaborations/<uuid:public_id>/move/",
        collaborations.CollaborationMoveView.as_view(),
        name="collaboration-move",
    ),
    path(
        "collaborations/<uuid:public_id>/invite/",
        collaborations.CollaborationInviteView.as_view(),
        name="collaboration-invite",
    ),
    path(
        "collaborations/<uuid:public_id>/offers/",
        collaborations.OfferListView.as_view(),
        name="offer-list",
    ),
    path(
        "offers/<uuid:public_id>/decide/",
        collaborations.OfferDecideView.as_view(),
        name="offer-decide",
    ),
    path(
        "collaborations/<uuid:public_id>/deliverables/",
        deliverables.DeliverableListView.as_view(),
        name="deliverable-list",
    ),
    path(
        "deliverables/<uuid:public_id>/",
        deliverables.DeliverableDetailView.as_view(),
        name="deliverable-detail",
    ),
    path(
        "deliverables/<uuid:public_id>/submit/",
        deliverables.DeliverableSubmitView.as_view(),
        name="deliverable-submit",
    ),
    path(
        "deliverables/<uuid:public_id>/request-changes/",
        deliverables.DeliverableRequestChangesView.as_view(),
        name="deliverable-request-changes",
    ),
    path(
        "deliverables/<uuid:public_id>/approve/",
        deliverables.DeliverableApproveView.as_view(),
        name="deliverable-approve",
    ),
    path(
        "deliverables/<uuid:public_id>/publish/",
        deliverables.DeliverablePublishView.as_view(),
        name="deliverable-publish",
    ),
    path(
        "deliverables/<uuid:public_id>/results/",
        deliverables.DeliverableResultsView.as_view(),
        name="deliverable-results",
    ),
    path(
        "collaborations/<uuid:public_id>/payments/",
        deliverables.PaymentListView.as_view(),
        name="payment-list",
    ),
    path(
        "payments/<uuid:public_id>/paid/",
        deliverables.PaymentPaidView.as_view(),
        name="payment-paid",
    ),
    path("exchange-rates/", rates.ExchangeRateListView.as_view(), name="exchange-rate-list"),
]
