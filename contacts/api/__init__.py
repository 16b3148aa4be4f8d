"""The contacts REST API, under /api/v1/w/<slug>/ (URL namespace "api:contacts-api").

Influencers with their social accounts, open channels and rates; the timeline; what we owe
them; named lists. Every view builds on irm.api.WorkspaceScopedMixin (401, then 404 for
outsiders, then 403 for a role too low, then input), reads through contacts' selectors and
writes through the same services as the pages. Viewers read; members log on anyone's
timeline and change the profiles they, their team or nobody own (irm/access.py); changing an
influencer's owner or team, and archiving one, need a manager; erasing one needs an admin.

Routes: included by contacts/api_urls.py (namespace "api:contacts-api").
"""

from django.urls import path

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

urlpatterns = [
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
]
