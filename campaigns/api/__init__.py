"""The campaigns REST API, under /api/v1/w/<slug>/ (URL namespace "api:campaigns-api"), one
module per domain: base.py (the scoped view every endpoint builds on), campaigns.py (brands,
campaigns, the report's figures), collaborations.py (the board, offers), deliverables.py
(deliverables, payments), rates.py (exchange rates), serializers.py. Paths are listed in
campaigns/api_urls.py."""
