"""The contacts REST API, under /api/v1/w/<slug>/ (URL namespace "api:contacts-api").

Influencers with their social accounts, open channels and rates; the timeline; what we owe
them; named lists. Every view builds on irm.api.WorkspaceScopedMixin (401, then 404 for
outsiders, then 403 for a role too low, then input), reads through contacts' selectors and
writes through the same services as the pages. Viewers read; members log on anyone's
timeline and change the profiles they, their team or nobody own (irm/access.py); changing an
influencer's owner or team, and archiving one, need a manager; erasing one needs an admin.

Routes: all listed in contacts/api_urls.py (namespace "api:contacts-api"). The views live in
contacts/api/influencers.py, profile.py (accounts, channels, rates), timeline.py, named_lists.py,
privacy.py, imports.py (import jobs), health.py (a person's health and its override) and
dashboard.py; base.py holds what they share, pagination.py the list cursor; their shapes in
contacts/api/serializers.py (imports, health and the dashboard keep theirs beside their views).
"""
