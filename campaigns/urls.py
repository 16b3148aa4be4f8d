"""Campaign pages, under /w/<slug>/ (namespace "campaigns"): every path listed here, the views
in campaigns/views/ (one module per area)."""

from django.urls import path

from campaigns.views import brands, campaigns, collaboration, rates, report, results

app_name = "campaigns"

urlpatterns = [
    # -- campaigns, brands and the board
    path("campaigns/", campaigns.campaign_list, name="campaign-list"),
    path("campaigns/new/", campaigns.campaign_create_view, name="campaign-create"),
    path("campaigns/brands/", brands.brand_list, name="brand-list"),
    path("campaigns/brands/new/", brands.brand_create_view, name="brand-create"),
    path("campaigns/brands/<uuid:public_id>/edit/", brands.brand_edit, name="brand-edit"),
    path("campaigns/<uuid:public_id>/", campaigns.campaign_detail, name="campaign-detail"),
    path("campaigns/<uuid:public_id>/edit/", campaigns.campaign_edit, name="campaign-edit"),
    path(
        "campaigns/<uuid:public_id>/shortlist/search/",
        campaigns.shortlist_search,
        name="shortlist-search",
    ),
    path("campaigns/<uuid:public_id>/shortlist/", campaigns.shortlist_add, name="shortlist-add"),
    path(
        "campaigns/<uuid:public_id>/shortlist/list/",
        campaigns.shortlist_list,
        name="shortlist-list",
    ),
    path("campaigns/<uuid:public_id>/invite/", campaigns.invite, name="invite"),
    path(
        "campaigns/<uuid:public_id>/board/<uuid:collaboration_id>/move/",
        campaigns.collaboration_move_view,
        name="collaboration-move",
    ),
    path(
        "campaigns/<uuid:public_id>/board/<uuid:collaboration_id>/invite-state/",
        campaigns.invite_state,
        name="invite-state",
    ),
    # -- end campaigns, brands and the board
    # -- the campaign report: figures, charts, CSV export and read-only share links
    path("campaigns/<uuid:public_id>/report/", report.report, name="report"),
    path("campaigns/<uuid:public_id>/report.csv", report.report_csv, name="report-csv"),
    path(
        "campaigns/<uuid:public_id>/report/share/",
        report.share_link_create,
        name="report-share-create",
    ),
    path(
        "campaigns/<uuid:public_id>/report/share/<uuid:link_id>/revoke/",
        report.share_link_revoke,
        name="report-share-revoke",
    ),
    # -- end the campaign report
    # -- one collaboration's page and its actions
    path(
        "campaigns/collaborations/<uuid:public_id>/",
        collaboration.collaboration_page,
        name="collaboration",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/offers/",
        collaboration.offer_propose,
        name="collaboration-offer-propose",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/offers/<uuid:offer_id>/answer/",
        collaboration.offer_answer,
        name="collaboration-offer-answer",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/contract/",
        collaboration.contract_save,
        name="collaboration-contract",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/contract/file/",
        collaboration.contract_download,
        name="collaboration-contract-file",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/payments/",
        collaboration.payment_add,
        name="collaboration-payment-add",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/payments/<uuid:payment_id>/paid/",
        collaboration.payment_paid,
        name="collaboration-payment-paid",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/shipment/",
        collaboration.shipment_edit,
        name="collaboration-shipment",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/shipment/<str:step>/",
        collaboration.shipment_progress,
        name="collaboration-shipment-progress",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/deliverables/",
        collaboration.deliverable_new,
        name="collaboration-deliverable-add",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/deliverables/<uuid:deliverable_id>/results/",
        collaboration.deliverable_results,
        name="collaboration-deliverable-results",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/deliverables/<uuid:deliverable_id>/<str:action>/",
        collaboration.deliverable_review,
        name="collaboration-deliverable-review",
    ),
    path(
        "campaigns/collaborations/<uuid:public_id>/moments/",
        collaboration.moment_new,
        name="collaboration-moment-add",
    ),
    # -- end collaboration
    # -- exchange rates and the results import
    path("campaigns/exchange-rates/", rates.exchange_rates, name="exchange-rates"),
    path(
        "campaigns/<uuid:public_id>/results/import/",
        results.results_import,
        name="results-import",
    ),
]
