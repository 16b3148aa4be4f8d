"""Campaign pages, under /w/<slug>/ (namespace "campaigns")."""

from django.urls import path

from campaigns.views import report

app_name = "campaigns"

urlpatterns = [
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
    # next to their views; each tuple is what include() of that module returns.
    path("", ("campaigns.views.collaboration", None, None)),
    path("", ("campaigns.views.rates", None, None)),
    path("", ("campaigns.views.results", None, None)),
    # -- end collaboration
]
