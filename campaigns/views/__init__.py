"""Campaign pages, under /w/<slug>/campaigns/ (namespace "campaigns"; every path is listed in
campaigns/urls.py), one module per area: campaigns.py (the list, the brief, the board),
brands.py, collaboration.py (one collaboration's page), report.py (the report, its CSV and
share links), rates.py (exchange rates), results.py (the results import). They read through
campaigns.selectors and write through campaigns.services."""
