"""The API under /api/ (namespace "api"): the signed-in member, the OpenAPI schema and its docs,
and each app's API under /api/v1/w/<slug>/ (the apps' own api_urls.py), with inbound email's
webhook under /api/v1/inbound/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from irm import api

app_name = "api"

urlpatterns = [
    # -- API v1
    path("v1/w/<slug:slug>/me/", api.MeView.as_view(), name="me"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script from its own address: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    # -- end API v1
    path("v1/w/<slug:slug>/", include("contacts.api_urls")),
    path("v1/w/<slug:slug>/", include("outreach.api_urls")),
    path("v1/w/<slug:slug>/", include("campaigns.api_urls")),
    path("v1/inbound/", include("outreach.inbound_urls")),
]
