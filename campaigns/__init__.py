"""Campaigns: brands, campaigns, collaborations (influencer x campaign), offers, deliverables,
payments and campaign reports. Rooms: models.py, services/ (writes), selectors/ (reads), views/
(pages), api/ (REST), forms.py, admin.py, urls.py (+ api_urls.py, share_urls.py), demo/; pure
rules at the root: fairness.py, charts.py, report_figures.py."""
