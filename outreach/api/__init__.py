"""The outreach REST API, under /api/v1/w/<slug>/ (URL namespace "api:outreach-api", wired in
outreach/api_urls.py), one module per domain:

- outreach.api.base: the views every endpoint builds on and how rule errors answer;
- outreach.api.pitches: pitches from draft to answer, and the guard's verdict;
- outreach.api.templates: pitch templates;
- outreach.api.policy: the contact policy and each person's overrides;
- outreach.api.inbox, inbox_serializers: the Unmatched inbox and auto-replies' return dates;
- outreach.api.reminders, reminder_serializers: reminders and the bell's notifications;
- outreach.api.lookups: the influencer an input names, shared by the inbox and reminders;
- outreach.api.inbound_webhook: mail providers posting inbound email (outreach/inbound_urls.py);
- outreach.api.serializers: the JSON shapes of pitches, templates and the policy.

Campaigns' API shows an invitation's verdict with outreach.api.serializers.VerdictSerializer.
"""
