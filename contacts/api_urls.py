"""Contacts API, under /api/v1/w/<slug>/ (namespace "contacts-api")."""

from django.urls import path

app_name = "contacts-api"

urlpatterns = [
    # -- contacts API
    # Declared next to their views (contacts/api/__init__.py); the tuple is what
    # include("contacts.api") returns, so this block needs no import of its own.
    path("", ("contacts.api", None, None)),
    # -- end contacts API
    # -- import jobs API
    # import-list, import-detail, import-run: declared next to their views in
    # contacts/api/imports.py.
    path("", ("contacts.api.imports", None, None)),
    # -- end import jobs API
    # -- influencer health API
    # influencer-health, influencer-health-override: declared next to their views in
    # contacts/api/health.py.
    path("", ("contacts.api.health", None, None)),
    # -- end influencer health API
    # -- dashboard API
    # dashboard: declared next to its view in contacts/api/dashboard.py.
    path("", ("contacts.api.dashboard", None, None)),
    # -- end dashboard API
]
