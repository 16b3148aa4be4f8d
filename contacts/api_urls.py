"""Contacts API, under /api/v1/w/<slug>/ (namespace "contacts-api")."""

from django.urls import path  # noqa: F401

app_name = "contacts-api"

urlpatterns = [
    # -- contacts API
    # -- end contacts API
    # -- import jobs API
    # -- end import jobs API
]
