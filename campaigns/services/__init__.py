"""Writes for campaigns, each module one part of a partnership, each service one transaction:
campaigns.py (brands and campaigns), pipeline.py (the board's moves and invitations), offers.py
(offers, exchange rates), delivery.py (contract, payments, product seeding), deliverables.py
(deliverables, their review and results, moments), results_import.py (results from a spreadsheet),
report_links.py (the report's share links), merge.py and erasure.py (what contacts' merge and
erasure ask of campaigns). No other app writes through campaigns, so nothing is re-exported here."""
