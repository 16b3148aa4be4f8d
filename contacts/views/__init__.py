"""Contacts' pages, one module per area; every route is listed in contacts/urls.py.

- list.py: the influencer list, bulk actions, CSV export, named lists
- profile.py: the profile page, sections edited in place, open channels, do-not-contact
- profile_create.py: adding someone, with likely duplicates while typing
- timeline.py: one person's timeline, the quick-log composer, the Activity page
- erasure.py, privacy.py: erasing and archiving, everything about one person
- duplicates.py: likely duplicates and merging two profiles
- policy.py: the workspace's contact policy and one person's overrides
- dashboard.py, health.py, health_how.py, imports.py: the dashboard, health and the import wizard
"""
