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
]
