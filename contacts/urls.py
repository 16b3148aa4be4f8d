"""Contacts pages, under /w/<slug>/ (namespace "contacts"). Each area keeps its own block."""

from django.urls import path  # noqa: F401

from contacts.views import timeline as timeline_views

app_name = "contacts"

urlpatterns = [
    # -- influencer list, lists, bulk actions, export
    # -- end influencer list
    # -- profile, create and edit, do-not-contact, open channels
    # -- end profile
    # -- timeline and activity
    path(
        "influencers/<uuid:public_id>/timeline/",
        timeline_views.timeline,
        name="timeline",
    ),
    # -- end timeline
    # -- import
    # -- end import
    # -- duplicates and merge
    # -- end duplicates
]
