"""The root URLconf: each app's pages and API, the calendar feeds, shared reports and the site
admin; the error pages are drawn inside the product's layout."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("irm.app_urls")),
    path("w/<slug:slug>/", include("contacts.urls")),
    path("w/<slug:slug>/", include("outreach.urls")),
    path("w/<slug:slug>/", include("campaigns.urls")),
    path("api/", include("irm.api_urls")),
    path("calendar/", include("outreach.calendar_urls")),
    path("r/", include("campaigns.share_urls")),
    path("admin/", admin.site.urls),
]

# Refused and missing pages inside the product's layout; JSON under /api/ (irm/views/errors.py).
handler400 = "irm.views.errors.bad_request"
handler403 = "irm.views.errors.permission_denied"
handler404 = "irm.views.errors.page_not_found"
handler500 = "irm.views.errors.server_error"
