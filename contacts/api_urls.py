"""Contacts API, under /api/v1/w/<slug>/ (namespace "contacts-api"): every route of contacts/api/
listed here, influencers, lists, the timeline, import jobs, health and the dashboard."""

from django.urls import path

from contacts.api.dashboard import DashboardView
from contacts.api.health import HealthOverrideView, HealthView
from contacts.api.imports import ImportJobDetail, ImportJobList, ImportJobRun
from contacts.api.influencers import (
    InfluencerArchiveView,
    InfluencerDetailView,
    InfluencerErasureView,
    InfluencerListView,
)
from contacts.api.named_lists import ListDetailView, ListEntriesView, ListEntryView, ListListView
from contacts.api.privacy import PersonExportView
from contacts.api.profile import (
    ChannelDetailView,
    ChannelListView,
    RateDetailView,
    RateListView,
    SocialAccountDetailView,
    SocialAccountListView,
)
from contacts.api.timeline import CommitmentListView, InteractionListView

INFLUENCER = "influencers/<uuid:public_id>/"
NAMED_LIST = "lists/<uuid:public_id>/"


app_name = "contacts-api"

urlpatterns = [
    # -- contacts API (contacts/api/)
    path("influencers/", InfluencerListView.as_view(), name="influencer-list"),
    path(INFLUENCER, InfluencerDetailView.as_view(), name="influencer-detail"),
    path(f"{INFLUENCER}erase/", InfluencerErasureView.as_view(), name="influencer-erase"),
    path(f"{INFLUENCER}archive/", InfluencerArchiveView.as_view(), name="influencer-archive"),
    path(
        f"{INFLUENCER}social-accounts/",
        SocialAccountListView.as_view(),
        name="social-account-list",
    ),
    path(
        f"{INFLUENCER}social-accounts/<uuid:account_id>/",
        SocialAccountDetailView.as_view(),
        name="social-account-detail",
    ),
    path(f"{INFLUENCER}channels/", ChannelListView.as_view(), name="channel-list"),
    path(
        f"{INFLUENCER}channels/<str:channel>/", ChannelDetailView.as_view(), name="channel-detail"
    ),
    path(f"{INFLUENCER}rates/", RateListView.as_view(), name="rate-list"),
    path(f"{INFLUENCER}rates/<uuid:rate_id>/", RateDetailView.as_view(), name="rate-detail"),
    path(f"{INFLUENCER}export/", PersonExportView.as_view(), name="influencer-person-export"),
    path(f"{INFLUENCER}interactions/", InteractionListView.as_view(), name="interaction-list"),
    path("commitments/", CommitmentListView.as_view(), name="commitment-list"),
    path("lists/", ListListView.as_view(), name="list-list"),
    path(NAMED_LIST, ListDetailView.as_view(), name="list-detail"),
    path(f"{NAMED_LIST}influencers/", ListEntriesView.as_view(), name="list-entries"),
    path(
        f"{NAMED_LIST}influencers/<uuid:influencer_id>/",
        ListEntryView.as_view(),
        name="list-entry",
    ),
    # -- end contacts API
    # -- import jobs API
    path("imports/", ImportJobList.as_view(), name="import-list"),
    path("imports/<uuid:public_id>/", ImportJobDetail.as_view(), name="import-detail"),
    path("imports/<uuid:public_id>/run/", ImportJobRun.as_view(), name="import-run"),
    # -- end import jobs API
    # -- influencer health API
    path(f"{INFLUENCER}health/", HealthView.as_view(), name="influencer-health"),
    path(
        f"{INFLUENCER}health/override/",
        HealthOverrideView.as_view(),
        name="influencer-health-override",
    ),
    # -- end influencer health API
    # -- dashboard API
    path("dashboard/", DashboardView.as_view(), name="dashboard"),
    # -- end dashboard API
]
