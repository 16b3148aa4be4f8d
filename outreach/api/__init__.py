"""The outreach REST API, under /api/v1/w/<slug>/ (URL namespace "api:outreach-api", wired in
outreach/api_urls.py), one module per domain:

- outreach.api.base: the views every endpoint builds on and how rule errors answer;
- outreach.api.pitches: pitches from draft to answer, and the guard's verdict;
- outreach.api.templates: pitch templates;
- outreach.api.policy: the contact policy and each person's overrides;
- outreach.api.serializers: the JSON shapes of all three.

The inbox and the reminders APIs (outreach.api.inbox, outreach.api.reminders) build on
outreach.api.base too. No other app uses these modules.
"""
