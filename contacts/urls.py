"""Contacts pages, under /w/<slug>/ (namespace "contacts"): every address of the app, listed
here by area; the views live in contacts/views/<area>.py.

The workspace home, "contacts:home", is the relationship health dashboard
(contacts/views/dashboard.py).
"""

from django.urls import path

from contacts.views import (
    dashboard,
    duplicates,
    erasure,
    health,
    health_how,
    imports,
    policy,
    privacy,
    profile,
    profile_create,
    timeline,
)
from contacts.views import (
    list as lists,
)

app_name = "contacts"

urlpatterns = [
    path("", dashboard.dashboard, name="home"),
    # -- influencer list, bulk actions, export, named lists (contacts/views/list.py)
    path("influencers/", lists.influencer_list, name="influencer-list"),
    path("influencers/bulk/", lists.influencer_bulk, name="influencer-bulk"),
    path("influencers/export.csv", lists.influencer_export, name="influencer-export"),
    path("lists/", lists.influencer_lists, name="lists"),
    path("lists/<uuid:public_id>/edit/", lists.influencer_list_edit, name="list-edit"),
    path("lists/<uuid:public_id>/delete/", lists.influencer_list_delete, name="list-delete"),
    # -- profile, create (contacts/views/profile_create.py) and edit, accounts, rates, open
    # channels, do-not-contact (contacts/views/profile.py)
    path("influencers/new/", profile_create.influencer_create, name="influencer-create"),
    path("influencers/check/", profile_create.influencer_check, name="influencer-check"),
    path("influencers/<uuid:public_id>/", profile.influencer_detail, name="influencer-detail"),
    path(
        "influencers/<uuid:public_id>/sections/<slug:section>/",
        profile.influencer_section,
        name="influencer-section",
    ),
    path(
        "influencers/<uuid:public_id>/edit/<slug:section>/",
        profile.influencer_edit,
        name="influencer-edit",
    ),
    path(
        "influencers/<uuid:public_id>/accounts/<uuid:account_id>/delete/",
        profile.influencer_account_delete,
        name="influencer-account-delete",
    ),
    path(
        "influencers/<uuid:public_id>/rates/<uuid:rate_id>/delete/",
        profile.influencer_rate_delete,
        name="influencer-rate-delete",
    ),
    path(
        "influencers/<uuid:public_id>/channels/",
        profile.influencer_channel,
        name="influencer-channel",
    ),
    path(
        "influencers/<uuid:public_id>/do-not-contact/",
        profile.influencer_do_not_contact,
        name="influencer-do-not-contact",
    ),
    path(
        "influencers/<uuid:public_id>/do-not-contact/clear/",
        profile.influencer_do_not_contact_clear,
        name="influencer-do-not-contact-clear",
    ),
    # -- erasure and archive (contacts/views/erasure.py)
    path("influencers/<uuid:public_id>/erase/", erasure.influencer_erase, name="influencer-erase"),
    path(
        "influencers/<uuid:public_id>/archive/",
        erasure.influencer_archive,
        name="influencer-archive",
    ),
    path(
        "influencers/<uuid:public_id>/restore/",
        erasure.influencer_restore,
        name="influencer-restore",
    ),
    # -- timeline and activity (contacts/views/timeline.py)
    path("influencers/<uuid:public_id>/timeline/", timeline.timeline, name="timeline"),
    path(
        "influencers/<uuid:public_id>/timeline/log/", timeline.interaction_log, name="timeline-log"
    ),
    path("interactions/<uuid:public_id>/edit/", timeline.interaction_edit, name="interaction-edit"),
    path(
        "interactions/<uuid:public_id>/delete/",
        timeline.interaction_delete,
        name="interaction-delete",
    ),
    path("activity/", timeline.activity, name="activity"),
    # -- import (contacts/views/imports.py)
    path("import/", imports.import_start, name="import-start"),
    path("import/<uuid:public_id>/", imports.import_job, name="import-job"),
    path("import/<uuid:public_id>/map/", imports.import_map, name="import-map"),
    path("import/<uuid:public_id>/sheet/", imports.import_sheet, name="import-sheet"),
    path("import/<uuid:public_id>/preview/", imports.import_preview, name="import-preview"),
    path("import/<uuid:public_id>/run/", imports.import_run, name="import-run"),
    path("import/<uuid:public_id>/rejected.csv", imports.import_rejected, name="import-rejected"),
    # -- duplicates and merge (contacts/views/duplicates.py)
    path("duplicates/", duplicates.duplicates, name="duplicates"),
    path("duplicates/merge/", duplicates.merge_profiles, name="merge"),
    # -- contact policy (contacts/views/policy.py)
    path("settings/contact-policy/", policy.policy, name="policy"),
    path(
        "settings/contact-policy/<uuid:public_id>/",
        policy.policy_override,
        name="policy-override",
    ),
    # -- health override (contacts/views/health.py)
    path(
        "influencers/<uuid:public_id>/health/override/",
        health.influencer_health_override,
        name="influencer-health-override",
    ),
    path(
        "influencers/<uuid:public_id>/health/override/clear/",
        health.influencer_health_override_clear,
        name="influencer-health-override-clear",
    ),
    # -- how health is computed (contacts/views/health_how.py)
    path("health/how/", health_how.health_how, name="health-how"),
    # -- privacy: everything about one person (contacts/views/privacy.py)
    path(
        "influencers/<uuid:public_id>/export/",
        privacy.influencer_person_export,
        name="influencer-person-export",
    ),
]
