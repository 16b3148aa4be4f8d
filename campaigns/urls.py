"""Campaign pages, under /w/<slug>/ (namespace "campaigns")."""

from django.urls import include, path

from campaigns.views import brands, campaigns, report

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
    # -- one collaboration's page, exchange rates and the results import
    # collaboration (and its collaboration-* actions), exchange-rates, results-import: declared
    # next to their views, in this namespace.
    path("", include("campaigns.views.collaboration")),
    path("", include("campaigns.views.rates")),
    path("", include("campaigns.views.results")),
    # -- end collaboration
]
