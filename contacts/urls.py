"""Contacts pages, under /w/<slug>/ (namespace "contacts"). Each area keeps its own block."""

from django.urls import path

app_name = "contacts"

urlpatterns = [
    # -- influencer list, lists, bulk actions, export
    # influencer-list, influencer-bulk, influencer-export, lists, list-edit, list-delete: the
    # routes sit next to their views; the tuple is what include("contacts.views.list") returns.
    path("", ("contacts.views.list", None, None)),
    # -- end influencer list
    # -- profile, create and edit, do-not-contact, open channels
    # influencer-detail, -create, -check, -section, -edit, -account-delete, -rate-delete,
    # -channel, -do-not-contact, -do-not-contact-clear: declared next to their views.
    path("", ("contacts.views.profile", None, None)),
    # -- end profile
    # -- erasure and archive
    # influencer-erase, -archive, -restore: declared next to their views in
    # contacts/views/erasure.py.
    path("", ("contacts.views.erasure", None, None)),
    # -- end erasure and archive
    # -- timeline and activity
    # timeline, timeline-log, interaction-edit, interaction-delete, activity: declared next to
    # their views; the tuple is what include("contacts.views.timeline") returns.
    path("", ("contacts.views.timeline", None, None)),
    # -- end timeline
    # -- import
    # import-start, import-job, import-map, import-preview, import-run, import-rejected:
    # declared next to their views; the tuple is what include("contacts.views.imports") returns.
    path("", ("contacts.views.imports", None, None)),
    # -- end import
    # -- duplicates and merge
    # contacts:duplicates and contacts:merge, declared next to their views; the tuple is what
    # include("contacts.views.duplicates") returns, so this block needs no import of its own.
    path("", ("contacts.views.duplicates", None, None)),
    # -- end duplicates
    # -- contact policy
    # contacts:policy and contacts:policy-override, declared next to their views; the tuple is
    # what include("contacts.views.policy") returns, so this block needs no import of its own.
    path("", ("contacts.views.policy", None, None)),
    # -- end contact policy
    # -- health override
    # influencer-health-override and -override-clear, declared next to their views in
    # contacts/views/health.py; the tuple is what include("contacts.views.health") returns.
    path("", ("contacts.views.health", None, None)),
    # -- end health override
    # -- how health is computed
    # contacts:health-how, declared next to its view in contacts/views/health_how.py.
    path("", ("contacts.views.health_how", None, None)),
    # -- end how health is computed
    # -- privacy: everything about one person
    # contacts:influencer-person-export, declared next to its view in contacts/views/privacy.py.
    path("", ("contacts.views.privacy", None, None)),
    # -- end privacy
]
