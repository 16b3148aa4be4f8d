"""Reads for campaigns, scoped to a workspace, one module per domain: campaigns.py (brands,
campaigns, budgets), collaborations.py (the board, invitations' state), offers.py (offers,
their fairness, exchange rates), deliverables.py (deliverables, payments, shipments,
moments), report.py (the report's figures, text and CSV). Pages and the API fetch through
these. No other app reads campaigns, so nothing is re-exported here."""
