"""The shared campaign report, under /r/ (namespace "report-share"). It is not inside a
workspace's URLs: the client reading it has no login, so the secret in the address is the
credential."""

from django.urls import path

from campaigns.views import report

app_name = "report-share"

urlpatterns = [path("<str:secret>/", report.shared_report, name="report")]
